package fhirschema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
)

// The official FHIR JSON schemas live in the shared reference folder, never
// in the repository. These tests compile #/definitions/OperationOutcome of
// each (0.2–0.6 s) once per test binary.

var officialFiles = map[operationoutcome.Version]struct{ file, base string }{
	operationoutcome.R4:   {"fhir.schema.r4-4.0.1.json", "http://hl7.org/fhir/json-schema/4.0"},
	operationoutcome.STU3: {"fhir.schema.stu3-3.0.x.json", "http://hl7.org/fhir/json-schema/3.0"},
}

type official struct {
	schema *jsonschema.Schema
	defs   map[string]any
}

var (
	officialMu    sync.Mutex
	officialCache = map[operationoutcome.Version]*official{}
)

func officialSchema(t *testing.T, v operationoutcome.Version) *official {
	t.Helper()
	ref := officialFiles[v]
	path := sharedref.Path(t, "reference", "fhir-json-schema", ref.file)
	officialMu.Lock()
	defer officialMu.Unlock()
	if o := officialCache[v]; o != nil {
		return o
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(ref.base, strings.NewReader(string(data))); err != nil {
		t.Fatalf("%s: %v", ref.file, err)
	}
	sch, err := c.Compile(ref.base + "#/definitions/OperationOutcome")
	if err != nil {
		t.Fatalf("%s: %v", ref.file, err)
	}
	var whole struct {
		Definitions map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(data, &whole); err != nil {
		t.Fatal(err)
	}
	o := &official{schema: sch, defs: whole.Definitions}
	officialCache[v] = o
	return o
}

// reasons explains every way in which the project's schemas are meant to be
// stricter than the official ones. A corpus case that only ours rejects must
// name one of these.
var reasons = map[string]string{
	"issue-min":        "FHIR OperationOutcome.issue is 1..*; the official schemas set no minItems",
	"issue-required":   "FHIR issue.severity and issue.code are 1..1; the official schemas do not list them as required",
	"unknown-stu3":     "the official STU3 schema has no additionalProperties:false, so it accepts unknown (and R4-only) properties",
	"anchors-stu3":     "the official STU3 schema has unanchored patterns (id, code) or none (instant, uri), so it accepts malformed values",
	"empty-string":     "FHIR forbids empty strings; the official STU3 string and both official uri patterns accept \"\"",
	"empty-array":      "FHIR forbids empty arrays; the official schemas set no minItems",
	"extension-url":    "FHIR Extension.url is 1..1; the official schemas do not require it",
	"narrative-status": "FHIR Narrative.status is 1..1; the official schemas require only div",
	"integer":          "FHIR integer is a whole number; the official schemas type it as any JSON number",
	"not-object":       "the official object definitions (OperationOutcome, its issue, CodeableConcept, ...) have no type: object, so a string or array in place of the object passes them",
}

// officialBugs explains the cases where only the official schema rejects a
// valid body, because of a defect in the official file.
var officialBugs = map[string]string{
	"stu3-resourcelist": "the official STU3 ResourceList lists DomainResource beside the resources, so its oneOf fails for every contained resource (a known upstream defect)",
}

type crossCase struct {
	name     string
	versions []operationoutcome.Version
	body     string
	// only maps a version to the reason (a key of reasons) why only our
	// schema rejects the body in that version. Absent: the two must agree.
	only map[operationoutcome.Version]string
	// bug maps a version to the defect (a key of officialBugs) that makes
	// only the official schema reject the body in that version.
	bug map[operationoutcome.Version]string
}

var both = []operationoutcome.Version{operationoutcome.STU3, operationoutcome.R4}

func onlyBoth(reason string) map[operationoutcome.Version]string {
	return map[operationoutcome.Version]string{operationoutcome.STU3: reason, operationoutcome.R4: reason}
}

func onlySTU3(reason string) map[operationoutcome.Version]string {
	return map[operationoutcome.Version]string{operationoutcome.STU3: reason}
}

const nrlIssue = `{"severity": "error", "code": "invalid", "details": {"coding": [{"system": "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", "code": "INVALID_RESOURCE", "display": "Invalid validation of resource"}]}, "diagnostics": "Invalid request"}`

func crossCorpus() []crossCase {
	iss := func(fields string) string {
		return `{"severity": "error", "code": "invalid"` + fields + `}`
	}
	return []crossCase{
		// Valid in both versions.
		{"minimal", both, oo("", iss("")), nil, nil},
		{"nrl style", both, oo(`"id": "9f2b2c1e-2b7f-4a4e-8a2b-7d8e6a1b2c3d-12345678901234567890", "meta": {"profile": ["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]}`, nrlIssue), nil, nil},
		{"ers style with text", both, oo("", iss(`, "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", "code": "NO_RELATIONSHIP", "display": "No legitimate relationship"}], "text": "No relationship"}`)), nil, nil},
		{"several issues", both, oo("", iss(""), `{"severity": "warning", "code": "informational"}`, `{"severity": "information", "code": "informational", "diagnostics": "done"}`, `{"severity": "fatal", "code": "exception"}`), nil, nil},
		{"meta versionId lastUpdated", both, oo(`"meta": {"versionId": "3", "lastUpdated": "2024-05-01T10:15:00Z"}`, iss("")), nil, nil},
		{"lastUpdated fraction offset", both, oo(`"meta": {"lastUpdated": "2024-05-01T10:15:00.123+01:00"}`, iss("")), nil, nil},
		{"narrative", both, oo(`"text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Error</p></div>"}`, iss("")), nil, nil},
		{"extension string", both, oo(`"extension": [{"url": "https://example.org/ext", "valueString": "x"}]`, iss("")), nil, nil},
		{"nested extension", both, oo(`"extension": [{"url": "https://example.org/a", "extension": [{"url": "b", "valueCode": "c"}, {"url": "d", "valueBoolean": false}]}]`, iss("")), nil, nil},
		{"element sibling", both, oo("", `{"severity": "error", "_severity": {"extension": [{"url": "https://example.org/x", "valueUri": "urn:x"}]}, "code": "invalid"}`), nil, nil},
		{"location and expression", both, oo("", iss(`, "location": ["/f:Patient/f:name"], "expression": ["Patient.name", "Patient.gender"]`)), nil, nil},
		{"coding version userSelected", both, oo("", iss(`, "details": {"coding": [{"system": "https://example.org/cs", "version": "1.0", "code": "X", "display": "Ex", "userSelected": true}]}`)), nil, nil},
		{"meta security and tag", both, oo(`"meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "HTEST"}], "tag": [{"code": "t"}]}`, iss("")), nil, nil},
		{"language implicitRules", both, oo(`"language": "en-GB", "implicitRules": "https://example.org/rules"`, iss("")), nil, nil},
		{"issue id and modifierExtension", both, oo("", iss(`, "id": "i1", "modifierExtension": [{"url": "https://example.org/m", "valueCode": "x"}]`)), nil, nil},
		{"extension value types", both, oo(`"extension": [{"url": "a", "valueDateTime": "2024"}, {"url": "b", "valueDecimal": 1.50}, {"url": "c", "valueInteger": -3}, {"url": "d", "valueCoding": {"code": "x"}}, {"url": "e", "valueCodeableConcept": {"text": "t"}}, {"url": "f", "valueInstant": "2024-01-01T00:00:00Z"}, {"url": "g", "valueId": "a.b"}]`, iss("")), nil, nil},
		{"contained organization", both, oo(`"contained": [{"resourceType": "Organization", "id": "o1", "name": "Org"}]`, iss("")), nil, onlySTU3("stu3-resourcelist")},

		// R4-only content.
		{"multiple-matches", both, oo("", `{"severity": "error", "code": "multiple-matches"}`), nil, nil},
		{"deleted", both, oo("", `{"severity": "error", "code": "deleted"}`), nil, nil},
		{"meta.source", both, oo(`"meta": {"source": "https://example.org/spine"}`, iss("")), onlySTU3("unknown-stu3"), nil},
		{"valueReference", both, oo(`"extension": [{"url": "a", "valueReference": {"reference": "#org", "display": "A pharmacy", "identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "VNFKT"}}}]`, iss("")), nil, nil},
		{"valueUrl", both, oo(`"extension": [{"url": "a", "valueUrl": "https://example.org"}]`, iss("")), onlySTU3("unknown-stu3"), nil},

		// Invalid, and both schemas say so.
		{"missing issue", both, `{"resourceType": "OperationOutcome", "id": "x"}`, nil, nil},
		{"wrong resourceType", both, `{"resourceType": "Patient", "issue": [` + iss("") + `]}`, nil, nil},
		{"missing resourceType", both, `{"issue": [` + iss("") + `]}`, nil, nil},
		{"severity critical", both, oo("", `{"severity": "critical", "code": "invalid"}`), nil, nil},
		{"severity capitalised", both, oo("", `{"severity": "Error", "code": "invalid"}`), nil, nil},
		{"issue type not_found", both, oo("", `{"severity": "error", "code": "not_found"}`), nil, nil},
		{"diagnostics number", both, oo("", iss(`, "diagnostics": 42`)), nil, nil},
		{"issue an object", both, `{"resourceType": "OperationOutcome", "issue": ` + iss("") + `}`, nil, nil},
		{"issue item a string", both, `{"resourceType": "OperationOutcome", "issue": ["error"]}`, onlyBoth("not-object"), nil},
		{"expression a string", both, oo("", iss(`, "expression": "Patient.name"`)), nil, nil},
		{"details a string", both, oo("", iss(`, "details": "INVALID"`)), onlyBoth("not-object"), nil},
		{"coding an object", both, oo("", iss(`, "details": {"coding": {"code": "X"}}`)), nil, nil},
		{"userSelected quoted", both, oo("", iss(`, "details": {"coding": [{"code": "X", "userSelected": "true"}]}`)), nil, nil},
		{"narrative without div", both, oo(`"text": {"status": "generated"}`, iss("")), nil, nil},
		{"narrative bad status", both, oo(`"text": {"status": "bogus", "div": "<div>x</div>"}`, iss("")), nil, nil},
		{"profile a string", both, oo(`"meta": {"profile": "https://example.org/p"}`, iss("")), nil, nil},
		{"location numbers", both, oo("", iss(`, "location": [1, 2]`)), nil, nil},

		// Invalid; the official STU3 schema lets it through.
		{"unknown top-level property", both, oo(`"issues": []`, iss("")), onlySTU3("unknown-stu3"), nil},
		{"unknown property in coding", both, oo("", iss(`, "details": {"coding": [{"code": "X", "dispaly": "x"}]}`)), onlySTU3("unknown-stu3"), nil},
		{"diagnostic misspelt", both, oo("", iss(`, "diagnostic": "x"`)), onlySTU3("unknown-stu3"), nil},
		{"empty diagnostics", both, oo("", iss(`, "diagnostics": ""`)), onlySTU3("empty-string"), nil},
		{"empty display", both, oo("", iss(`, "details": {"coding": [{"code": "X", "display": ""}]}`)), onlySTU3("empty-string"), nil},
		{"bad id", both, oo(`"id": "a_b"`, iss("")), onlySTU3("anchors-stu3"), nil},
		{"id too long", both, oo(`"id": "`+strings.Repeat("1", 65)+`"`, iss("")), onlySTU3("anchors-stu3"), nil},
		{"bad lastUpdated month", both, oo(`"meta": {"lastUpdated": "2024-13-01T00:00:00Z"}`, iss("")), onlySTU3("anchors-stu3"), nil},
		{"lastUpdated without zone", both, oo(`"meta": {"lastUpdated": "2024-05-01T10:15:00"}`, iss("")), onlySTU3("anchors-stu3"), nil},
		{"system with space", both, oo("", iss(`, "details": {"coding": [{"system": "https://example.org/a b", "code": "X"}]}`)), onlySTU3("anchors-stu3"), nil},
		{"code with leading space", both, oo("", iss(`, "details": {"coding": [{"code": " X"}]}`)), onlySTU3("anchors-stu3"), nil},

		// Invalid in FHIR; only our schema says so.
		{"empty issue array", both, oo(""), onlyBoth("issue-min"), nil},
		{"issue without code", both, oo("", `{"severity": "error", "diagnostics": "x"}`), onlyBoth("issue-required"), nil},
		{"issue without severity", both, oo("", `{"code": "invalid"}`), onlyBoth("issue-required"), nil},
		{"empty issue object", both, oo("", `{}`), onlyBoth("issue-required"), nil},
		{"extension without url", both, oo(`"extension": [{"valueString": "x"}]`, iss("")), onlyBoth("extension-url"), nil},
		{"empty profile array", both, oo(`"meta": {"profile": []}`, iss("")), onlyBoth("empty-array"), nil},
		{"empty coding array", both, oo("", iss(`, "details": {"coding": []}`)), onlyBoth("empty-array"), nil},
		{"narrative without status", both, oo(`"text": {"div": "<div>x</div>"}`, iss("")), onlyBoth("narrative-status"), nil},
		{"valueInteger fraction", both, oo(`"extension": [{"url": "a", "valueInteger": 1.5}]`, iss("")), onlyBoth("integer"), nil},
		{"empty system", both, oo("", iss(`, "details": {"coding": [{"system": "", "code": "X"}]}`)), onlyBoth("empty-string"), nil},
		{"body an array", both, `[{"resourceType": "OperationOutcome"}]`, onlyBoth("not-object"), nil},
		{"body a string", both, `"OperationOutcome"`, onlyBoth("not-object"), nil},
	}
}

// sampleExpectations are the bodies of the reference folder's peers/samples: the
// reason per version when only ours rejects. A file not listed must agree.
var sampleExpectations = map[string]map[operationoutcome.Version]string{
	"bad-empty-issue-array.json":  onlyBoth("issue-min"),
	"bad-empty-string.json":       onlySTU3("empty-string"),
	"bad-missing-issue-code.json": onlyBoth("issue-required"),
	"bad-unknown-property.json":   onlySTU3("unknown-stu3"),
}

func TestCrossCheckOfficial(t *testing.T) {
	official := map[operationoutcome.Version]*official{}
	for _, v := range both {
		official[v] = officialSchema(t, v)
	}

	cases := crossCorpus()
	if len(cases) < 40 {
		t.Errorf("corpus has %d bodies, want at least 40", len(cases))
	}
	dir := sharedref.Path(t, "reference", "peers", "samples")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	samples := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, crossCase{"sample " + e.Name(), both, string(data), sampleExpectations[e.Name()], nil})
		samples++
	}
	if samples < 8 {
		t.Errorf("found %d sample bodies in the shared folder, want 8", samples)
	}

	var agreeValid, agreeInvalid, checks, bugs int
	explained := map[string]int{}
	for _, tc := range cases {
		for _, v := range tc.versions {
			checks++
			doc := decode(t, tc.body)
			ours := Validate(v, doc)
			offErr := official[v].schema.Validate(doc)
			reason := tc.only[v]
			if reason != "" && reasons[reason] == "" {
				t.Errorf("%s %s: unknown reason %q", v, tc.name, reason)
			}
			if bug := tc.bug[v]; bug != "" {
				if officialBugs[bug] == "" {
					t.Errorf("%s %s: unknown official defect %q", v, tc.name, bug)
				}
				if offErr == nil || len(ours) > 0 {
					t.Errorf("%s %s: listed as an official defect (%s), want official to reject and ours to accept; official: %v, ours: %v", v, tc.name, bug, offErr, ours)
				}
				bugs++
				continue
			}
			switch {
			case offErr != nil && len(ours) == 0:
				t.Errorf("%s %s: the official schema rejects but ours accepts: %v", v, tc.name, offErr)
			case offErr == nil && len(ours) > 0 && reason == "":
				t.Errorf("%s %s: only ours rejects, with no explained reason: %v", v, tc.name, ours)
			case offErr == nil && len(ours) > 0:
				explained[reason]++
			case reason != "":
				t.Errorf("%s %s: listed as an explained difference (%s) but the schemas agree (official error: %v, ours: %v)", v, tc.name, reason, offErr, ours)
			case offErr == nil:
				agreeValid++
			default:
				agreeInvalid++
				// Where both reject, ours must point at (or inside) every
				// place the official schema points at.
				var ve *jsonschema.ValidationError
				if e, ok := offErr.(*jsonschema.ValidationError); ok {
					ve = e
				}
				var leaves []*jsonschema.ValidationError
				collectLeaves(ve, &leaves)
				for _, l := range leaves {
					p := pointer(instanceTokens(l.InstanceLocation))
					if !slices.ContainsFunc(ours, func(x Violation) bool { return x.Pointer == p || strings.HasPrefix(x.Pointer, p+"/") }) {
						t.Errorf("%s %s: the official schema rejects %q (%s) but ours reports nothing there: %v", v, tc.name, p, l.Message, ours)
					}
				}
			}
		}
	}
	var keys []string
	for k := range explained {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("cross-check: %d bodies (%d written here, %d shared samples), %d body×version checks", len(cases), len(cases)-samples, samples, checks)
	t.Logf("agree: %d valid, %d invalid; only ours rejects (explained): %d; only the official rejects (its known defects): %d", agreeValid, agreeInvalid, checks-agreeValid-agreeInvalid-bugs, bugs)
	for _, k := range keys {
		t.Logf("  %-16s %2d  %s", k, explained[k], reasons[k])
	}
	if bugs > 0 {
		for k, why := range officialBugs {
			t.Logf("  official defect %s: %s", k, why)
		}
	}
}

// TestPropertiesSubsetOfOfficial checks that every object type in our
// schemas allows only properties that the official schema of the same
// version defines for that type (following STU3's allOf inheritance), and
// allows every non-value[x] property it defines.
func TestPropertiesSubsetOfOfficial(t *testing.T) {
	for _, v := range both {
		off := officialSchema(t, v)
		var ours struct {
			Definitions map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"definitions"`
		}
		if err := json.Unmarshal(Source(v), &ours); err != nil {
			t.Fatal(err)
		}
		for name, def := range ours.Definitions {
			if def.Properties == nil || off.defs[name] == nil {
				continue
			}
			offProps := officialProps(off.defs, name, 0)
			for p := range def.Properties {
				if !offProps[p] {
					t.Errorf("%s %s.%s: not defined by the official schema", v, name, p)
				}
			}
			for p := range offProps {
				if _, ok := def.Properties[p]; !ok && !strings.HasPrefix(p, "value") && !strings.HasPrefix(p, "_value") {
					t.Errorf("%s %s.%s: defined by the official schema but missing from ours", v, name, p)
				}
			}
		}
	}
}

func officialProps(defs map[string]any, name string, depth int) map[string]bool {
	out := map[string]bool{}
	d, _ := defs[name].(map[string]any)
	if d == nil || depth > 10 {
		return out
	}
	add := func(m map[string]any) {
		props, _ := m["properties"].(map[string]any)
		for k := range props {
			out[k] = true
		}
		if ref, _ := m["$ref"].(string); ref != "" {
			for k := range officialProps(defs, strings.TrimPrefix(ref, "#/definitions/"), depth+1) {
				out[k] = true
			}
		}
	}
	add(d)
	all, _ := d["allOf"].([]any)
	for _, a := range all {
		if m, ok := a.(map[string]any); ok {
			add(m)
		}
	}
	return out
}
