package fhirschema

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
)

const (
	stu3 = operationoutcome.STU3
	r4   = operationoutcome.R4
)

// decode decodes s the way callers must: with UseNumber.
func decode(t testing.TB, s string) any {
	t.Helper()
	var doc any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("test body does not decode: %v\n%s", err, s)
	}
	return doc
}

// oo builds an OperationOutcome body with the given issue JSON objects and
// extra top-level members (each `"name": value`).
func oo(top string, issues ...string) string {
	var b strings.Builder
	b.WriteString(`{"resourceType": "OperationOutcome"`)
	if top != "" {
		b.WriteString(", " + top)
	}
	b.WriteString(`, "issue": [` + strings.Join(issues, ", ") + `]}`)
	return b.String()
}

const (
	goodIssue  = `{"severity": "error", "code": "invalid", "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", "code": "INVALID_PARAMETER", "display": "Invalid parameter"}]}, "diagnostics": "Invalid query parameter", "expression": ["subject:identifier"]}`
	issueCodes = "invalid, structure, required, value, invariant, security, login, unknown, expired, forbidden, suppressed, processing, not-supported, duplicate, "
	stu3Codes  = issueCodes + "not-found, too-long, code-invalid, extension, too-costly, business-rule, conflict, transient, lock-error, no-store, exception, timeout, incomplete, throttled, informational"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		versions []operationoutcome.Version
		body     string
		want     []Violation
	}{
		{
			name:     "valid Spine-style body",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo(`"id": "4f2c1c0a-6e3b-4a87-9a55-2d3d7b8e9f10", "meta": {"profile": ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"], "lastUpdated": "2024-05-01T10:15:00.123+01:00"}`, goodIssue),
		},
		{
			name:     "missing issue",
			versions: []operationoutcome.Version{stu3, r4},
			body:     `{"resourceType": "OperationOutcome", "id": "abc"}`,
			want: []Violation{{
				Pointer: "/issue", Location: "OperationOutcome.issue", Keyword: "required",
				Message: "issue is required but missing; an OperationOutcome must carry at least one issue",
			}},
		},
		{
			name:     "empty issue array",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo(""),
			want: []Violation{{
				Pointer: "/issue", Location: "OperationOutcome.issue", Keyword: "minItems",
				Message: "issue is an empty array; an OperationOutcome must carry at least one issue",
			}},
		},
		{
			name:     "missing code",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo("", goodIssue, `{"severity": "error", "diagnostics": "no code"}`),
			want: []Violation{{
				Pointer: "/issue/1/code", Location: "OperationOutcome.issue[1].code", Keyword: "required",
				Message: "issue[1].code is required but missing; every issue needs an issue type code, such as invalid, not-found or processing",
			}},
		},
		{
			name:     "missing severity and code",
			versions: []operationoutcome.Version{r4},
			body:     oo("", `{}`),
			want: []Violation{{
				Pointer: "/issue/0/code", Location: "OperationOutcome.issue[0].code", Keyword: "required",
				Message: "issue[0].code is required but missing; every issue needs an issue type code, such as invalid, not-found or processing",
			}, {
				Pointer: "/issue/0/severity", Location: "OperationOutcome.issue[0].severity", Keyword: "required",
				Message: "issue[0].severity is required but missing; every issue needs a severity: fatal, error, warning or information",
			}},
		},
		{
			name:     "bad severity enum",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo("", `{"severity": "critical", "code": "invalid"}`),
			want: []Violation{{
				Pointer: "/issue/0/severity", Location: "OperationOutcome.issue[0].severity", Keyword: "enum",
				Message: `issue[0].severity "critical" is not a FHIR issue severity; use one of fatal, error, warning, information`,
			}},
		},
		{
			name:     "diagnostics as number",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo("", `{"severity": "error", "code": "invalid", "diagnostics": 42}`),
			want: []Violation{{
				Pointer: "/issue/0/diagnostics", Location: "OperationOutcome.issue[0].diagnostics", Keyword: "type",
				Message: "issue[0].diagnostics must be a JSON string, found number 42",
			}},
		},
		{
			name:     "empty string",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo("", `{"severity": "error", "code": "invalid", "diagnostics": ""}`),
			want: []Violation{{
				Pointer: "/issue/0/diagnostics", Location: "OperationOutcome.issue[0].diagnostics", Keyword: "pattern",
				Message: "issue[0].diagnostics is an empty string; FHIR does not allow empty values — leave the element out instead",
			}},
		},
		{
			name:     "unknown property at top level",
			versions: []operationoutcome.Version{r4},
			body:     oo(`"issues": [], "narrative": "x"`, goodIssue),
			want: []Violation{{
				Pointer: "/issues", Location: "OperationOutcome.issues", Keyword: "additionalProperties",
				Message: "issues is not an element of OperationOutcome in FHIR R4; did you mean issue?",
			}, {
				Pointer: "/narrative", Location: "OperationOutcome.narrative", Keyword: "additionalProperties",
				Message: "narrative is not an element of OperationOutcome in FHIR R4; remove it",
			}},
		},
		{
			name:     "unknown property at top level STU3",
			versions: []operationoutcome.Version{stu3},
			body:     oo(`"Meta": {}`, goodIssue),
			want: []Violation{{
				Pointer: "/Meta", Location: "OperationOutcome.Meta", Keyword: "additionalProperties",
				Message: "Meta is not an element of OperationOutcome in FHIR STU3; did you mean meta?",
			}},
		},
		{
			name:     "unknown property inside coding",
			versions: []operationoutcome.Version{r4},
			body:     oo("", `{"severity": "error", "code": "invalid", "details": {"coding": [{"system": "https://example.org/cs", "code": "X"}, {"system": "https://example.org/cs", "code": "Y", "dispaly": "Why"}]}}`),
			want: []Violation{{
				Pointer: "/issue/0/details/coding/1/dispaly", Location: "OperationOutcome.issue[0].details.coding[1].dispaly", Keyword: "additionalProperties",
				Message: "issue[0].details.coding[1].dispaly is not an element of Coding in FHIR R4; did you mean display?",
			}},
		},
		{
			name:     "unknown property inside coding STU3",
			versions: []operationoutcome.Version{stu3},
			body:     oo("", `{"severity": "error", "code": "invalid", "details": {"coding": [{"system": "https://example.org/cs", "code": "X", "dispaly": "Why"}]}}`),
			want: []Violation{{
				Pointer: "/issue/0/details/coding/0/dispaly", Location: "OperationOutcome.issue[0].details.coding[0].dispaly", Keyword: "additionalProperties",
				Message: "issue[0].details.coding[0].dispaly is not an element of Coding in FHIR STU3; did you mean display?",
			}},
		},
		{
			name:     "multiple-matches rejected in STU3",
			versions: []operationoutcome.Version{stu3},
			body:     oo("", `{"severity": "error", "code": "multiple-matches"}`),
			want: []Violation{{
				Pointer: "/issue/0/code", Location: "OperationOutcome.issue[0].code", Keyword: "enum",
				Message: `issue[0].code "multiple-matches" is not a FHIR STU3 issue type (it was added in R4); use one of ` + stu3Codes,
			}},
		},
		{
			name:     "multiple-matches and deleted accepted in R4",
			versions: []operationoutcome.Version{r4},
			body:     oo("", `{"severity": "error", "code": "multiple-matches"}`, `{"severity": "error", "code": "deleted"}`),
		},
		{
			name:     "unknown issue type",
			versions: []operationoutcome.Version{stu3},
			body:     oo("", `{"severity": "error", "code": "not_found"}`),
			want: []Violation{{
				Pointer: "/issue/0/code", Location: "OperationOutcome.issue[0].code", Keyword: "enum",
				Message: `issue[0].code "not_found" is not a FHIR STU3 issue type; use one of ` + stu3Codes,
			}},
		},
		{
			name:     "bad lastUpdated instant",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo(`"meta": {"lastUpdated": "2024-05-01 10:15:00"}`, goodIssue),
			want: []Violation{{
				Pointer: "/meta/lastUpdated", Location: "OperationOutcome.meta.lastUpdated", Keyword: "pattern",
				Message: `meta.lastUpdated "2024-05-01 10:15:00" is not a valid FHIR instant (date and time to the second with a time zone, e.g. 2024-05-01T10:15:00Z or 2024-05-01T10:15:00.000+01:00)`,
			}},
		},
		{
			name:     "lastUpdated without time zone",
			versions: []operationoutcome.Version{r4},
			body:     oo(`"meta": {"lastUpdated": "2024-05-01T10:15:00"}`, goodIssue),
			want: []Violation{{
				Pointer: "/meta/lastUpdated", Location: "OperationOutcome.meta.lastUpdated", Keyword: "pattern",
				Message: `meta.lastUpdated "2024-05-01T10:15:00" is not a valid FHIR instant (date and time to the second with a time zone, e.g. 2024-05-01T10:15:00Z or 2024-05-01T10:15:00.000+01:00)`,
			}},
		},
		{
			name:     "bad id",
			versions: []operationoutcome.Version{stu3, r4},
			body:     oo(`"id": "4f2c1c0a_6e3b"`, goodIssue),
			want: []Violation{{
				Pointer: "/id", Location: "OperationOutcome.id", Keyword: "pattern",
				Message: `id "4f2c1c0a_6e3b" is not a valid FHIR id (1 to 64 letters, digits, '-' or '.')`,
			}},
		},
		{
			name:     "id longer than 64",
			versions: []operationoutcome.Version{stu3},
			body:     oo(`"id": "`+strings.Repeat("a", 65)+`"`, goodIssue),
			want: []Violation{{
				Pointer: "/id", Location: "OperationOutcome.id", Keyword: "pattern",
				Message: `id "` + strings.Repeat("a", 65) + `" is not a valid FHIR id (1 to 64 letters, digits, '-' or '.')`,
			}},
		},
		{
			name:     "meta.source is R4 only",
			versions: []operationoutcome.Version{stu3},
			body:     oo(`"meta": {"source": "https://example.org/spine"}`, goodIssue),
			want: []Violation{{
				Pointer: "/meta/source", Location: "OperationOutcome.meta.source", Keyword: "additionalProperties",
				Message: "meta.source is not an element of Meta in FHIR STU3; it was added in FHIR R4 — remove it from an STU3 response",
			}},
		},
		{
			name:     "meta.source accepted in R4",
			versions: []operationoutcome.Version{r4},
			body:     oo(`"meta": {"source": "https://example.org/spine"}`, goodIssue),
		},
		{
			name:     "wrong resourceType",
			versions: []operationoutcome.Version{stu3, r4},
			body:     `{"resourceType": "Bundle", "issue": [` + goodIssue + `]}`,
			want: []Violation{{
				Pointer: "/resourceType", Location: "OperationOutcome.resourceType", Keyword: "const",
				Message: `resourceType must be "OperationOutcome", found "Bundle"`,
			}},
		},
		{
			name:     "not an object",
			versions: []operationoutcome.Version{r4},
			body:     `["OperationOutcome"]`,
			want: []Violation{{
				Pointer: "", Location: "OperationOutcome", Keyword: "type",
				Message: "the document must be a JSON object, found an array",
			}},
		},
		{
			name:     "expression as a string, quoted boolean, url missing",
			versions: []operationoutcome.Version{r4},
			body:     oo(`"extension": [{"valueBoolean": "true"}]`, `{"severity": "error", "code": "invalid", "expression": "Patient.name"}`),
			want: []Violation{{
				Pointer: "/extension/0/url", Location: "OperationOutcome.extension[0].url", Keyword: "required",
				Message: "extension[0].url is required but missing; every extension needs the url that identifies its definition",
			}, {
				Pointer: "/extension/0/valueBoolean", Location: "OperationOutcome.extension[0].valueBoolean", Keyword: "type",
				Message: `extension[0].valueBoolean must be JSON true or false, found string "true"; write true without quotes`,
			}, {
				Pointer: "/issue/0/expression", Location: "OperationOutcome.issue[0].expression", Keyword: "type",
				Message: `issue[0].expression must be a JSON array, found string "Patient.name"; FHIR repeats elements as arrays: wrap the value in [ ]`,
			}},
		},
		{
			name:     "sorted by pointer with numeric indexes",
			versions: []operationoutcome.Version{r4},
			body:     oo("", goodIssue, goodIssue, `{"severity": "bad", "code": "invalid"}`, goodIssue, goodIssue, goodIssue, goodIssue, goodIssue, goodIssue, goodIssue, `{"severity": "error", "code": "invalid", "diagnostics": ""}`),
			want: []Violation{{
				Pointer: "/issue/2/severity", Location: "OperationOutcome.issue[2].severity", Keyword: "enum",
				Message: `issue[2].severity "bad" is not a FHIR issue severity; use one of fatal, error, warning, information`,
			}, {
				Pointer: "/issue/10/diagnostics", Location: "OperationOutcome.issue[10].diagnostics", Keyword: "pattern",
				Message: "issue[10].diagnostics is an empty string; FHIR does not allow empty values — leave the element out instead",
			}},
		},
		{
			name:     "element siblings and extensions",
			versions: []operationoutcome.Version{stu3, r4},
			body: oo(`"text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Error</div>"}, "extension": [{"url": "https://example.org/ext", "valueCodeableConcept": {"coding": [{"system": "https://example.org/cs", "code": "A"}]}}, {"url": "https://example.org/n", "valueInteger": 3}, {"url": "https://example.org/d", "valueDecimal": 1.50}, {"url": "https://example.org/t", "valueDateTime": "2024-05"}]`,
				`{"severity": "error", "_severity": {"extension": [{"url": "https://example.org/x", "valueString": "y"}]}, "code": "invalid", "location": ["/f:Patient"], "_location": [{"id": "l1"}]}`),
		},
		{
			name:     "pointer escaping",
			versions: []operationoutcome.Version{r4},
			body:     oo(`"a/b~c": 1, "sp ace": 2`, goodIssue),
			want: []Violation{{
				Pointer: "/a~1b~0c", Location: "OperationOutcome.`a/b~c`", Keyword: "additionalProperties",
				Message: "`a/b~c` is not an element of OperationOutcome in FHIR R4; remove it",
			}, {
				Pointer: "/sp ace", Location: "OperationOutcome.`sp ace`", Keyword: "additionalProperties",
				Message: "`sp ace` is not an element of OperationOutcome in FHIR R4; remove it",
			}},
		},
	}
	for _, tt := range tests {
		for _, v := range tt.versions {
			t.Run(string(v)+"/"+tt.name, func(t *testing.T) {
				got := Validate(v, decode(t, tt.body))
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Validate(%s) mismatch (-want +got):\n%s", v, diff)
				}
			})
		}
	}
}

func TestValidateBadInput(t *testing.T) {
	got := Validate("DSTU2", map[string]any{})
	want := []Violation{{Location: "OperationOutcome", Keyword: "version", Message: `cannot check against FHIR version "DSTU2"; use STU3 or R4`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unknown version (-want +got):\n%s", diff)
	}
	// A Go value that encoding/json never produces.
	got = Validate(r4, map[string]any{"resourceType": "OperationOutcome", "issue": []any{struct{}{}}})
	if len(got) != 1 || got[0].Keyword != "input" {
		t.Errorf("non-JSON value: got %v, want one input violation", got)
	}
	// float64 numbers (decoded without UseNumber) still work.
	var doc any
	if err := json.Unmarshal([]byte(oo("", `{"severity": "error", "code": "invalid", "diagnostics": 1.5}`)), &doc); err != nil {
		t.Fatal(err)
	}
	got = Validate(r4, doc)
	if len(got) != 1 || got[0].Message != "issue[0].diagnostics must be a JSON string, found number 1.5" {
		t.Errorf("float64 doc: got %v", got)
	}
}

// TestTitles checks that every definition and every enumerated property of
// the embedded schemas has a title, since messages quote it.
func TestTitles(t *testing.T) {
	for _, v := range []operationoutcome.Version{stu3, r4} {
		var doc map[string]any
		if err := json.Unmarshal(Source(v), &doc); err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		defs, _ := doc["definitions"].(map[string]any)
		for name, d := range defs {
			dm := d.(map[string]any)
			if _, ok := dm["title"]; !ok {
				t.Errorf("%s: definition %s has no title", v, name)
			}
			props, _ := dm["properties"].(map[string]any)
			for pn, p := range props {
				pm := p.(map[string]any)
				if _, ok := pm["enum"]; ok && pm["title"] == nil {
					t.Errorf("%s: %s.%s has an enum but no title", v, name, pn)
				}
			}
		}
	}
	if Source("DSTU2") != nil {
		t.Error("Source of an unknown version is not nil")
	}
	if !bytes.Contains(Source(r4), []byte(`"multiple-matches"`)) || bytes.Contains(Source(stu3), []byte(`"multiple-matches"`)) {
		t.Error("multiple-matches must be an R4 issue type only")
	}
}

func TestIssueTypesMatchModel(t *testing.T) {
	for _, v := range []operationoutcome.Version{stu3, r4} {
		var doc struct {
			Definitions struct {
				Issue struct {
					Properties struct {
						Code struct {
							Enum []string `json:"enum"`
						} `json:"code"`
					} `json:"properties"`
				} `json:"OperationOutcome_Issue"`
			} `json:"definitions"`
		}
		if err := json.Unmarshal(Source(v), &doc); err != nil {
			t.Fatal(err)
		}
		var model []string
		for _, it := range operationoutcome.IssueTypes(v) {
			model = append(model, string(it))
		}
		got := doc.Definitions.Issue.Properties.Code.Enum
		if diff := cmp.Diff(slices.Sorted(slices.Values(model)), slices.Sorted(slices.Values(got))); diff != "" {
			t.Errorf("%s issue types: schema and operationoutcome.IssueTypes differ (-model +schema):\n%s", v, diff)
		}
	}
}

func TestCompile(t *testing.T) {
	for _, v := range []operationoutcome.Version{stu3, r4} {
		if err := Compile(v); err != nil {
			t.Errorf("Compile(%s): %v", v, err)
		}
	}
	if err := Compile(""); err == nil {
		t.Error("Compile of the zero version succeeded")
	}
}

func FuzzValidate(f *testing.F) {
	f.Add(oo("", goodIssue))
	f.Add(oo(`"meta": {"lastUpdated": "x", "source": ""}`, `{}`))
	f.Add(`{"resourceType": "OperationOutcome", "issue": [{"severity": 1, "code": [], "details": {"coding": {}}}]}`)
	f.Add(`[null, true, 1e999, "x"]`)
	f.Add(`{"a/b": {"~": [{"": null}]}}`)
	f.Add(`{"extension": [{"extension": [{"extension": [{"url": " "}]}]}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		var doc any
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return
		}
		for _, v := range []operationoutcome.Version{stu3, r4} {
			for _, x := range Validate(v, doc) {
				if x.Keyword == "" || x.Message == "" || !strings.HasPrefix(x.Location, "OperationOutcome") {
					t.Fatalf("%s: incomplete violation %+v", v, x)
				}
				if x.Pointer != "" && x.Pointer[0] != '/' {
					t.Fatalf("%s: bad pointer %+v", v, x)
				}
			}
		}
	})
}
