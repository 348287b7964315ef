package spine_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spine"
	"github.com/spinecat/spinecat/internal/sharedref"
)

// expectedSystems lists every code system the spine package must define,
// with its URL and the number of concepts its published definition has
// (plus, for the DSTU2-era ValueSet URLs, the UNSUPPORTED_MEDIA_TYPE that
// NRL documents as used there). Written from the published definitions, not
// from spine.yaml.
var expectedSystems = []struct {
	Name     string
	URL      string
	Kind     string
	Concepts int
}{
	{"spine-stu3", "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", "CodeSystem", 45},
	{"spine-stu3-valueset", "https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1", "ValueSet", 15},
	{"spine-r4", "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", "CodeSystem", 23},
	{"spine-r4-v1", "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "CodeSystem", 40},
	{"nhsd-api", "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", "CodeSystem", 15},
	{"http-error-codes", "https://fhir.nhs.uk/CodeSystem/http-error-codes", "CodeSystem", 48},
	{"spine-response-code-1-0-net", "http://fhir.nhs.net/ValueSet/spine-response-code-1-0", "ValueSet", 3 + 1},
	{"spine-response-code-1-0", "https://fhir.nhs.uk/ValueSet/spine-response-code-1-0", "ValueSet", 3 + 1},
	{"spine-response-code-2-0", "https://fhir.nhs.uk/ValueSet/spine-response-code-2-0", "ValueSet", 13 + 1},
	{"spine-response-code-1-0-stu3", "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-1-0", "ValueSet", 3 + 1},
	{"spine-response-code-2-0-stu3", "https://fhir.nhs.uk/STU3/ValueSet/spine-response-code-2-0", "ValueSet", 4},
	{"nrl-response-code", "https://fhir.nhs.uk/ValueSet/NRL-ResponseCode", "ValueSet", 4},
	{"nrlf-success-code", "https://fhir.nhs.uk/CodeSystem/NRLF-SuccessCode", "CodeSystem", 4},
	{"nrlf-response-code", "https://fhir.nhs.uk/CodeSystem/NRLF-ResponseCode", "CodeSystem", 1},
}

type systemRow struct {
	Name     string
	URL      string
	Kind     string
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
	var want, got []systemRow
	for _, s := range expectedSystems {
		want = append(want, systemRow(s))
	}
	total := 0
	for _, cs := range spine.CodeSystems() {
		got = append(got, systemRow{cs.Name, cs.URL, cs.Kind, len(cs.Concepts)})
		total += len(cs.Concepts)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("code systems (-want +got):\n%s", d)
	}
	t.Logf("%d code systems, %d concepts", len(got), total)
}

func TestDisplays(t *testing.T) {
	systems := bySystemName(t)
	cases := []struct {
		system, code, display string
		defined               bool
	}{
		// The STU3 code keeps its space; the underscore form is not defined.
		{"spine-stu3", "ACCESS DENIED", "Access has been denied to process this request", true},
		{"spine-stu3", "ACCESS_DENIED", "", false},
		{"spine-stu3-valueset", "ACCESS DENIED", "Access has been denied to process this request", true},
		{"spine-r4-v1", "ACCESS DENIED", "Access has been denied to process this request", true},
		// The R4 2.x set writes it with an underscore and lacks the STU3-only codes.
		{"spine-r4", "ACCESS_DENIED", "Access has been denied to process this request", true},
		{"spine-r4", "ACCESS DENIED", "", false},
		{"spine-r4", "MISSING_OR_INVALID_HEADER", "", false},
		{"spine-r4", "MESSAGE_NOT_WELL_FORMED", "", false},
		{"spine-r4", "INVALID_METHOD", "Invalid method", true},
		{"spine-stu3", "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", true},
		{"spine-stu3", "RESOURCE_UPDATED", "Resource has been successfully updated", true},
		{"spine-stu3", "DUPLICATE_REJECTED", "Create would lead to creation of a duplicate resource", true},
		{"spine-stu3", "INVALID_REQUEST_MESSAGE", "Invalid request message", true},
		{"spine-stu3", "PRECONDITION_FAILED", "Precondition failed", true},
		{"spine-response-code-1-0-net", "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", true},
		{"spine-response-code-1-0-net", "FGM-0001", "No FGM Record Found", true},
		{"spine-response-code-2-0", "PATIENT_OVER_18", "Patient is over 18", true},
		{"spine-response-code-2-0", "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", true},
		{"spine-response-code-1-0-stu3", "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", true},
		{"http-error-codes", "UNPROCESSABLE_ENTITY", "422: Message was not malformed but deemed unprocessable by the server.", true},
		{"nhsd-api", "ACCESS_TOKEN_INVALID", "Authorisation header not formatted correctly", true},
		{"nrl-response-code", "RESOURCE_SUPERSEDED", "Resource created and resource(s) deleted", true},
		{"nrlf-success-code", "RESOURCE_SUPERSEDED", "Resource created and Resource(s) deleted", true},
		{"nrlf-success-code", "RESOURCE_REMOVED", "Resource removed", true},
	}
	for _, c := range cases {
		cs, ok := systems[c.system]
		if !ok {
			t.Errorf("code system %s is missing", c.system)
			continue
		}
		d, ok := cs.Lookup(c.code)
		if ok != c.defined || d != c.display {
			t.Errorf("%s %q: got (%q, %v), want (%q, %v)", c.system, c.code, d, ok, c.display, c.defined)
		}
	}
}

// TestAgainstReference compares the concepts of the published systems with
// spine-codes.tsv from the shared reference folder, when it is present.
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
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	files := map[string]string{
		"spine-stu3":       "stu3/CodeSystem-Spine-ErrorOrWarningCode-1.xml",
		"spine-r4":         "r4/CodeSystem-Spine-ErrorOrWarningCode.v2.1.0.xml",
		"spine-r4-v1":      "r4/CodeSystem-Spine-ErrorOrWarningCode.R4-url.v1.4.0.xml",
		"nhsd-api":         "r4/CodeSystem-NHSD-API-ErrorOrWarningCode.v0.3.0.xml",
		"http-error-codes": "r4/CodeSystem-http-error-codes.v1.0.0.json",
	}
	systems := bySystemName(t)
	for name, file := range files {
		var want []catalog.Concept
		for _, row := range rows[1:] {
			if row[col["file"]] == file {
				want = append(want, catalog.Concept{Code: row[col["code"]], Display: row[col["display"]]})
			}
		}
		if d := cmp.Diff(want, systems[name].Concepts); d != "" {
			t.Errorf("%s against %s (-reference +catalogue):\n%s", name, file, d)
		}
	}
}
