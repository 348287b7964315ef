package spine_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spine"
	"github.com/spinecat/spinecat/internal/sharedref"
)

// expectedSystems lists every code system the spine package must define:
// its URL, its published versions and how many concepts all of them define
// together (plus, for the DSTU2-era ValueSet URLs, the UNSUPPORTED_MEDIA_TYPE
// that NRL documents as used there). Written from the published
// definitions, not from spine.yaml.
var expectedSystems = []systemRow{
	{"spine-stu3", "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", "CodeSystem", "1.0.0 1.2.0 1.3.0 1.4.0 1.5.0 1.6.0 1.7.0", 45 + 1}, // + "RESOURCE_ DELETED" of 1.2.0
	{"spine-stu3-vs", "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1", "ValueSet", "1.0.0", 45 + 1},
	{"spine-stu3-valueset", "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", "ValueSet", "", 15},
	{"spine-r4", "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", "CodeSystem", "2.0.0 2.1.0", 23},
	// INVALID_VALUE is in both versions; PDS FHIR sends 10 codes under this URL that neither defines.
	{"spine-r4-2020", "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "CodeSystem", "1.4.0 2.0.0", 40 + 22 - 1 + 10},
	{"england-spine", "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode", "CodeSystem", "1.0.0", 23},
	{"nhsdigital-error-code", "https://fhir.nhs.uk/CodeSystem/NHSDigital-ErrorOrWarningCode", "CodeSystem", "2.0.0", 22},
	{"ukcore-spine", "https://fhir.hl7.org.uk/CodeSystem/UKCore-SpineErrorOrWarningCode", "CodeSystem", "1.0.0", 22},
	{"spine-issue-code-r4", "https://fhir.nhs.uk/R4/CodeSystem/Spine-IssueCode", "CodeSystem", "1.4.0", 40},
	{"nhsd-api", "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", "CodeSystem", "0.3.0", 15},
	{"england-api", "https://fhir.nhs.uk/CodeSystem/England-APIErrorOrWarningCode", "CodeSystem", "1.0.0", 15},
	{"http-error-codes", "https://fhir.nhs.uk/CodeSystem/http-error-codes", "CodeSystem", "1.0.0", 48},
	{"eps-issue-code", "https://fhir.nhs.uk/CodeSystem/EPS-IssueCode", "CodeSystem", "1.1.2", 14},
	{"eps-issue-code-r4", "https://fhir.nhs.uk/R4/CodeSystem/EPS-IssueCode", "CodeSystem", "1.0.0", 12},
	{"spine-error-or-warning-code-1-net", "http://fhir.nhs.net/spine-error-or-warning-code-1", "CodeSystem", "2017-01-23 2017-02-09", 9 + 28},
	{"spine-error-or-warning-code-1-net-vs", "http://fhir.nhs.net/ValueSet/spine-error-or-warning-code-1", "ValueSet", "2017-01-23 2017-02-09", 9 + 28},
	{"spine-error-or-warning-code-1-uk", "https://fhir.nhs.uk/spine-error-or-warning-code-1", "CodeSystem", "1.1.0", 30},
	{"smsp-error-or-warning-code-1", "http://fhir.nhs.net/ValueSet/smsp-error-or-warning-code-1", "ValueSet", "1.0.0", 6},
	{"spine-response-code-2-0-net", "http://fhir.nhs.net/ValueSet/spine-response-code-2-0", "ValueSet", "2.0.0", 13},
	{"spine-response-code-1-0-net", "http://fhir.nhs.net/ValueSet/spine-response-code-1-0", "ValueSet", "1.0.0", 3 + 1},
	{"spine-response-code-1-0", "https://fhir.nhs.uk/ValueSet/spine-response-code-1-0", "ValueSet", "", 3 + 1},
	{"spine-response-code-2-0", "https://fhir.nhs.uk/ValueSet/spine-response-code-2-0", "ValueSet", "", 13 + 1},
	{"spine-response-code-1-0-stu3", "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-1-0", "ValueSet", "", 3 + 1},
	{"spine-response-code-2-0-stu3", "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-2-0", "ValueSet", "", 4},
	{"nrl-response-code", "https://fhir.nhs.uk/ValueSet/NRL-ResponseCode", "ValueSet", "", 4},
	{"nrlf-success-code", "https://fhir.nhs.uk/CodeSystem/NRLF-SuccessCode", "CodeSystem", "", 4},
	{"nrlf-response-code", "https://fhir.nhs.uk/CodeSystem/NRLF-ResponseCode", "CodeSystem", "", 1},
}

type systemRow struct {
	Name     string
	URL      string
	Kind     string
	Versions string
	Concepts int
}

func bySystemName(t *testing.T) map[string]*catalog.CodeSystem {
	t.Helper()
	m := map[string]*catalog.CodeSystem{}
	for _, cs := range spine.CodeSystems() {
		m[cs.Name] = cs
	}
	return m
}

func TestCodeSystems(t *testing.T) {
	var got []systemRow
	total := 0
	for _, cs := range spine.CodeSystems() {
		got = append(got, systemRow{cs.Name, cs.URL, cs.Kind, strings.Join(cs.VersionNames(), " "), len(cs.Concepts)})
		total += len(cs.Concepts)
	}
	slices.SortFunc(got, func(a, b systemRow) int { return strings.Compare(a.Name, b.Name) })
	want := slices.Clone(expectedSystems)
	slices.SortFunc(want, func(a, b systemRow) int { return strings.Compare(a.Name, b.Name) })
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("code systems (-want +got):\n%s", d)
	}
	t.Logf("%d code systems, %d concepts", len(got), total)
}

func TestDisplays(t *testing.T) {
	systems := bySystemName(t)
	cases := []struct {
		system, code, version, display string
		defined                        bool
	}{
		// The STU3 code keeps its space; the underscore form is not defined.
		{"spine-stu3", "ACCESS DENIED", "1.7.0", "Access has been denied to process this request", true},
		{"spine-stu3", "ACCESS_DENIED", "", "", false},
		{"spine-stu3-valueset", "ACCESS DENIED", "", "Access has been denied to process this request", true},
		{"spine-r4-2020", "ACCESS DENIED", "1.4.0", "Access has been denied to process this request", true},
		// The /R4/ URL: 2.0.0 replaced the codes of 1.4.0; INVALID_VALUE is in
		// both with another display.
		{"spine-r4-2020", "INVALID_VALUE", "1.4.0", "An input field has an invalid value for its type", true},
		{"spine-r4-2020", "INVALID_VALUE", "2.0.0", "Invalid value", true},
		{"spine-r4-2020", "TOO_MANY_MATCHES", "2.0.0", "Too many matches", true},
		// No version under the /R4/ URL defines INVALID_METHOD; PDS sends it there.
		{"spine-r4-2020", "INVALID_METHOD", "", "Invalid method", true},
		// The R4 2.x set writes it with an underscore and lacks the STU3-only codes.
		{"spine-r4", "ACCESS_DENIED", "2.0.0", "Access has been denied to process this request", true},
		{"spine-r4", "ACCESS DENIED", "", "", false},
		{"spine-r4", "MISSING_OR_INVALID_HEADER", "", "", false},
		{"spine-r4", "MESSAGE_NOT_WELL_FORMED", "", "", false},
		{"spine-r4", "INVALID_METHOD", "2.1.0", "Invalid method", true},
		{"spine-stu3", "UNSUPPORTED_MEDIA_TYPE", "1.6.0", "Unsupported media type", true},
		{"spine-stu3", "RESOURCE_UPDATED", "1.4.0", "Resource has been successfully updated", true},
		{"spine-stu3", "RESOURCE_ DELETED", "1.2.0", "Resource removed", true},
		{"spine-stu3", "DUPLICATE_REJECTED", "1.0.0", "Create would lead to creation of a duplicate resource", true},
		{"spine-stu3", "INVALID_REQUEST_MESSAGE", "1.2.0", "Invalid request message", true},
		{"spine-stu3", "PRECONDITION_FAILED", "1.7.0", "Precondition failed", true},
		{"spine-response-code-1-0-net", "UNSUPPORTED_MEDIA_TYPE", "", "Unsupported Media Type", true},
		{"spine-response-code-1-0-net", "FGM-0001", "1.0.0", "No FGM Record Found", true},
		{"spine-response-code-2-0", "PATIENT_OVER_18", "", "Patient is over 18", true},
		{"spine-response-code-2-0", "UNSUPPORTED_MEDIA_TYPE", "", "Unsupported Media Type", true},
		{"spine-response-code-1-0-stu3", "UNSUPPORTED_MEDIA_TYPE", "", "Unsupported Media Type", true},
		{"http-error-codes", "UNPROCESSABLE_ENTITY", "1.0.0", "422: Message was not malformed but deemed unprocessable by the server.", true},
		{"nhsd-api", "ACCESS_TOKEN_INVALID", "0.3.0", "Authorisation header not formatted correctly", true},
		{"england-api", "ACCESS_TOKEN_EXPIRED", "1.0.0", "Access token has expired", true},
		{"nrl-response-code", "RESOURCE_SUPERSEDED", "", "Resource created and resource(s) deleted", true},
		{"nrlf-success-code", "RESOURCE_SUPERSEDED", "", "Resource created and Resource(s) deleted", true},
		{"nrlf-success-code", "RESOURCE_REMOVED", "", "Resource removed", true},
	}
	for _, c := range cases {
		cs, ok := systems[c.system]
		if !ok {
			t.Errorf("code system %s is missing", c.system)
			continue
		}
		concept, ok := cs.Concept(c.code)
		if ok != c.defined {
			t.Errorf("%s %q: defined %v, want %v", c.system, c.code, ok, c.defined)
			continue
		}
		if !ok {
			continue
		}
		if c.version != "" && !concept.In(c.version) {
			t.Errorf("%s %q: not in version %s; in %v", c.system, c.code, c.version, concept.VersionsIn(cs))
		}
		if got := concept.DisplayIn(c.version); got != c.display {
			t.Errorf("%s %q in %q: display %q, want %q", c.system, c.code, c.version, got, c.display)
		}
	}
	// The published 1.0.0 of the /R4/ URL does not have the 2.0.0 codes.
	r4 := systems["spine-r4-2020"]
	if c, _ := r4.Concept("TOO_MANY_MATCHES"); c == nil || c.In("1.4.0") {
		t.Errorf("TOO_MANY_MATCHES should be in 2.0.0 only of %s", r4.URL)
	}
	// A code only a service uses is in no published version.
	if c, _ := systems["spine-response-code-1-0-net"].Concept("UNSUPPORTED_MEDIA_TYPE"); c == nil || c.In("1.0.0") || c.Unpublished == "" {
		t.Errorf("UNSUPPORTED_MEDIA_TYPE of spine-response-code-1-0-net should be unpublished: %+v", c)
	}
	if c, _ := r4.Concept("INVALID_METHOD"); c == nil || c.In("1.4.0") || c.In("2.0.0") || c.Unpublished == "" {
		t.Errorf("INVALID_METHOD of %s should be unpublished: %+v", r4.URL, c)
	}
}

// TestAgainstReference checks every concept of the published Spine and NHS
// API-platform code systems, their ValueSet expansions and the DSTU2
// ValueSets, as the code list of the shared reference folder gives them:
// each must be defined under its system URL, in the version the row names
// where the catalogue records that version, with the display that version
// gives.
func TestAgainstReference(t *testing.T) {
	path := sharedref.Path(t, "reference", "nrl-spine", "spine-codesystems", "spine-codes.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byURL := map[string]*catalog.CodeSystem{}
	for _, cs := range spine.CodeSystems() {
		byURL[cs.URL] = cs
	}
	checked := 0
	for _, row := range rows[1:] {
		where := row[col["where"]]
		if strings.HasPrefix(where, "ConceptMap") || strings.Contains(where, "whole system") {
			continue // a mapping, or a ValueSet that includes a system checked on its own
		}
		system, version, _ := strings.Cut(row[col["system"]], "|")
		if version == "" && where == "CodeSystem" {
			version = row[col["resource_version"]]
		}
		code, display := row[col["code"]], row[col["display"]]
		cs, ok := byURL[system]
		if !ok {
			t.Errorf("%s: no code system %s (row %s %s)", row[col["file"]], system, code, where)
			continue
		}
		concept, ok := cs.Concept(code)
		if !ok {
			t.Errorf("%s: %s does not define %q", row[col["file"]], system, code)
			continue
		}
		checked++
		if !slices.Contains(cs.VersionNames(), version) {
			// A version the catalogue does not record (a ValueSet's own
			// version label): the display must be one the concept has had.
			if !slices.Contains(concept.Displays(), display) {
				t.Errorf("%s: %s %q has display %q, want one of %q", row[col["file"]], system, code, display, concept.Displays())
			}
			continue
		}
		if !concept.In(version) {
			t.Errorf("%s: %s %q is not in version %s (in %v)", row[col["file"]], system, code, version, concept.VersionsIn(cs))
		}
		if got := concept.DisplayIn(version); got != display {
			t.Errorf("%s: %s %q in %s: display %q, want %q", row[col["file"]], system, code, version, got, display)
		}
	}
	t.Logf("%d reference concepts checked", checked)
}

// TestHistory checks the STU3 code system against the per-code history of
// its commits in the shared reference folder: each code is in the versions
// from the one that added it to the last that had it.
func TestHistory(t *testing.T) {
	path := sharedref.Path(t, "reference", "nrl-spine", "spine-codesystems", "stu3-Spine-ErrorOrWarningCode-1-history.tsv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cs := bySystemName(t)["spine-stu3"]
	versions := cs.VersionNames()
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		code, first, last := f[0], f[1], f[3]
		var want []string
		for _, v := range versions {
			if v >= first && v <= last {
				want = append(want, v)
			}
		}
		c, ok := cs.Concept(code)
		if !ok {
			t.Errorf("%q is not defined", code)
			continue
		}
		if d := cmp.Diff(want, c.VersionsIn(cs)); d != "" {
			t.Errorf("%q versions (-history +catalogue):\n%s", code, d)
		}
	}
}
