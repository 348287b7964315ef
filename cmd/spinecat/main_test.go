package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/report"
	"github.com/spinecat/spinecat/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runCmd runs the command in-process.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCheckGolden checks the corpus in each format against the golden
// files, from the repository root, so that the golden text is exactly what
// "go run ./cmd/spinecat check testdata/captures" prints on a fresh clone.
func TestCheckGolden(t *testing.T) {
	golden, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join("..", ".."))
	for _, tc := range []struct{ format, file string }{
		{"text", "check.txt"},
		{"json", "check.json"},
		{"junit", "check.xml"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			code, out, errOut := runCmd(t, "check", "--format", tc.format, "testdata/captures")
			if code != exitFailed {
				t.Errorf("exit %d, want %d (the corpus holds non-conformant captures); stderr:\n%s", code, exitFailed, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr: %s", errOut)
			}
			path := filepath.Join(golden, tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/spinecat -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("check --format %s testdata/captures differs from %s (-want +got); if the change is right, run go test ./cmd/spinecat -update:\n%s", tc.format, tc.file, diff)
			}
		})
	}
}

// TestCheckGoldenShape checks what the golden files promise beyond their
// bytes: valid JSON with the contract's fields, valid JUnit XML, and no
// absolute paths.
func TestCheckGoldenShape(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "check.json"))
	if err != nil {
		t.Skip(err)
	}
	var rep struct {
		Results []map[string]json.RawMessage `json:"results"`
		Summary struct{ Captures, Conformant, Nonconformant, Skipped int }
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Captures < 40 || rep.Summary.Captures != len(rep.Results) || rep.Summary.Conformant+rep.Summary.Nonconformant+rep.Summary.Skipped != rep.Summary.Captures {
		t.Errorf("summary %+v for %d results", rep.Summary, len(rep.Results))
	}
	for _, r := range rep.Results {
		for _, k := range []string{"source", "status", "conformant", "skipped", "api", "dialect", "issues", "findings"} {
			if _, ok := r[k]; !ok {
				t.Errorf("result %s has no %q", r["source"], k)
			}
		}
		if len(r) != 8 {
			t.Errorf("result %s has %d fields, the contract has 8", r["source"], len(r))
		}
	}
	wd, _ := os.Getwd()
	root := filepath.Dir(filepath.Dir(wd))
	for _, f := range []string{"check.txt", "check.json", "check.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(root)) {
			t.Errorf("%s holds the absolute path %s", f, root)
		}
	}
	x, _ := os.ReadFile(filepath.Join("testdata", "check.xml"))
	var suites struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(x, &suites); err != nil {
		t.Fatal(err)
	}
	if len(suites.Suites) != 1 || len(suites.Suites[0].Cases) != suites.Tests || suites.Tests != rep.Summary.Captures {
		t.Errorf("JUnit: %d suites, tests=%d", len(suites.Suites), suites.Tests)
	}
}

func TestCheckExitCodes(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	dir := t.TempDir()
	dangling := filepath.Join(dir, "gone.http")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring
		stderr   string // substring
		noStdout bool
	}{
		{"conformant", []string{"check", "testdata/captures/nrl/404-no-record-found.http"}, 0, "1 capture: 1 conformant, 0 not conformant", "", false},
		{"conformant dir", []string{"check", "testdata/captures/ers-r4/403-no-relationship.http", "testdata/captures/nrlf/403-access-denied.http"}, 0, "2 captures: 2 conformant", "", false},
		{"not conformant", []string{"check", "testdata/captures/nrl/400-wrong-display.http"}, 1, "catalog.display", "", false},
		{"missing path", []string{"check", "testdata/captures/nrl/no-such-file.http"}, 2, "✗ testdata/captures/nrl/no-such-file.http  ---  ?/?\n    error   capture.unreadable", "no-such-file.http: no such file", false},
		{"missing and present", []string{"check", "testdata/captures/nrl/404-no-record-found.http", "nope"}, 2, "2 captures: 1 conformant, 1 not conformant", "nope", false},
		{"unreadable", []string{"check", dangling}, 1, "capture.unreadable", "", false},
		{"unknown api", []string{"check", "--api", "shop", "testdata/captures/nrl"}, 2, "", "the APIs are: nrl, nrlf, ers", true},
		{"unknown format", []string{"check", "--format", "yaml", "testdata/captures/nrl"}, 2, "", "unknown format", true},
		{"unknown flag", []string{"check", "--colour", "testdata/captures/nrl"}, 2, "", "flag provided but not defined", true},
		{"flags after paths", []string{"check", "testdata/captures/nrl/404-no-record-found.http", "--format", "json"}, 0, `"conformant": 1`, "", false},
		{"equals form", []string{"check", "-api=nrl", "-format=junit", "testdata/captures/nrl/404-no-record-found.http"}, 0, "<testsuites", "", false},
		{"double dash", []string{"check", "--format=json", "--", "testdata/captures/nrl/404-no-record-found.http"}, 0, `"captures": 1`, "", false},
		{"negative max body", []string{"check", "--max-body", "-1", "testdata/captures/nrl"}, 2, "", "must not be negative", true},
		{"max body raised", []string{"check", "--max-body", "4000000", "testdata/captures/bad-input/big-body.json"}, 0, "1 conformant", "", false},
		{"max body MaxInt64", []string{"check", "--max-body", "9223372036854775807", "testdata/captures/bad-input/big-body.json", "testdata/captures/nrlf/browser-session.har"}, 0,
			"5 captures: 4 conformant, 0 not conformant, 1 skipped", "", false},
		{"empty dir", []string{"check", dir + "/"}, 2, "", "no captures", true},
		{"help", []string{"check", "-h"}, 0, "", "Usage: spinecat check", true},
		{"no command", nil, 2, "", "Usage:", true},
		{"unknown command", []string{"lint"}, 2, "", `unknown command "lint"`, true},
		{"help command", []string{"help"}, 0, "spinecat check", "", false},
		{"help check", []string{"help", "check"}, 0, "", "\n  --max-body BYTES ", true},
		{"help explain has no empty Flags:", []string{"explain", "-h"}, 0, "", "Usage: spinecat explain", true},
		{"version", []string{"version"}, 0, "spinecat ", "", false},
		{"--version", []string{"--version"}, 0, runtime.Version(), "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "empty dir" {
				_ = os.Remove(dangling)
			}
			code, out, errOut := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, out)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, errOut)
			}
			if tc.noStdout && out != "" && tc.code == 2 {
				t.Errorf("a usage error wrote to stdout:\n%s", out)
			}
		})
	}
}

func TestCheckSamples(t *testing.T) {
	code, out, errOut := runCmd(t, "check")
	if code != exitFailed {
		t.Errorf("exit %d, want 1 (the samples include non-conformant captures); stderr: %s", code, errOut)
	}
	first, _, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(first, "No PATH given: checking the 6 sample captures built into spinecat") {
		t.Errorf("first line: %q", first)
	}
	for _, want := range []string{"✓ samples/nrl-404-no-record-found.http", "✗ samples/nrl-400-wrong-display.http", "ers/ers-stu3", "nrlf/nrlf-r4-v3", "6 captures: 4 conformant, 2 not conformant"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The JSON report of the samples is the plain contract, no banner.
	code, out, _ = runCmd(t, "check", "--format", "json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitFailed {
		t.Errorf("exit %d, %v:\n%s", code, err, out)
	}
}

func TestCheckVerbose(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	_, quiet, _ := runCmd(t, "check", "testdata/captures/nrl/404-no-record-found-en-dash.txt")
	_, loud, _ := runCmd(t, "check", "--verbose", "testdata/captures/nrl/404-no-record-found-en-dash.txt")
	if strings.Contains(quiet, "catalog.variant") || !strings.Contains(loud, "catalog.variant") || !strings.Contains(loud, "info") {
		t.Errorf("information findings: quiet\n%s\nverbose\n%s", quiet, loud)
	}
	_, loud, _ = runCmd(t, "check", "testdata/captures/nrl/201-resource-created.http", "-v")
	if !strings.Contains(loud, "POST /nrls-ri/DocumentReference") {
		t.Errorf("verbose output lacks the request:\n%s", loud)
	}
}

// TestCheckHugeFile checks that a 100 MB body costs a bounded read and
// becomes a finding, not a crash or a long wait.
func TestCheckHugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.http")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/fhir+json\r\n\r\n{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\",\"diagnostics\":\"")
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range 100 {
		f.Write(chunk)
	}
	f.WriteString("\"}]}")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd(t, "check", path)
	if code != exitFailed || !strings.Contains(out, "transport.body-too-large") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestList(t *testing.T) {
	code, out, _ := runCmd(t, "list")
	if code != 0 || !strings.Contains(out, "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE") || !strings.Contains(out, "ers.R4_NO_RELATIONSHIP") {
		t.Errorf("exit %d:\n%.2000s", code, out)
	}
	if !strings.HasPrefix(out, "ENTRY") {
		t.Errorf("no header line: %.200s", out)
	}
	code, out, _ = runCmd(t, "list", "--api", "nrlf", "--format", "json")
	var entries []struct {
		ID, API, Code, System, Diagnostics string
		Status                             int
	}
	if err := json.Unmarshal([]byte(out), &entries); err != nil || code != 0 || len(entries) == 0 {
		t.Fatalf("exit %d, %v:\n%.500s", code, err, out)
	}
	for _, e := range entries {
		if e.API != "nrlf" || !strings.HasPrefix(e.ID, "nrlf.") {
			t.Errorf("--api nrlf listed %+v", e)
		}
	}
	code, out, _ = runCmd(t, "list", "--format=markdown")
	if code != 0 || !strings.Contains(out, "## nrl\n") || !strings.Contains(out, "## ers\n") || !strings.Contains(out, "| `nrl.ACCESS_DENIED` |") {
		t.Errorf("markdown, exit %d:\n%.1000s", code, out)
	}
	for _, args := range [][]string{{"list", "--api", "x"}, {"list", "--format", "csv"}, {"list", "extra"}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		args  []string
		code  int
		want  []string
		avoid []string
	}{
		{[]string{"explain", "NO_RECORD_FOUND"}, 0, []string{
			"4 entries for \"NO_RECORD_FOUND\"; 11 code systems define it",
			"nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", "nrl.NO_RECORD_FOUND_NHS_NUMBER", "nrlf.NO_RECORD_FOUND", "gpconnect.NO_RECORD_FOUND",
			"status        404, dialect nrl-stu3", "hint ", "variants      trailing-full-stop, en-dash,",
			`NO_RECORD_FOUND "No record found"`,
			"system        https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1 (spine-stu3): versions 1.0.0, 1.2.0, 1.3.0, 1.4.0, 1.5.0, 1.6.0, 1.7.0; used by nrl, nrlf, gpconnect; documented by nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE",
		}, []string{"source: ", "example body", `"diagnostics":`}},
		{[]string{"explain", "--verbose", "NO_RECORD_FOUND"}, 0, []string{
			"en-dash: diagnostics", "source: ",
			`"diagnostics": "No record found for supplied DocumentReference identifier - 5a4171ac-486e-11e8-9ffc-6c3be5a609f5"`,
			`<OperationOutcome xmlns="http://hl7.org/fhir">`, `<code value="NO_RECORD_FOUND"/>`,
			"source      1.7.0 (2022-08-09): nhsconnect/STU3-FHIR-Assets@593d1383d6c0353c1db494a77613ff3ba0c07886:CodeSystems/CodeSystem-Spine-ErrorOrWarningCode-1.xml",
		}, nil},
		{[]string{"explain", "ACCESS DENIED"}, 0, []string{"nrl.ACCESS_DENIED\n", "nrlf.ACCESS_DENIED_NO_POINTER_TYPES", `ACCESS DENIED "Access has been denied to process this request"`}, []string{"ers.R4_ACCESS_DENIED"}},
		{[]string{"explain", "ACCESS", "DENIED"}, 0, []string{"nrl.ACCESS_DENIED\n"}, nil},
		{[]string{"explain", "access denied"}, 0, []string{"nrl.ACCESS_DENIED\n"}, nil},
		{[]string{"explain", "access-denied"}, 0, []string{"nrl.ACCESS_DENIED\n", "ers.R4_ACCESS_DENIED_INVALID_TOKEN"}, nil},
		{[]string{"explain", "no_record_found"}, 0, []string{"4 entries"}, nil},
		{[]string{"explain", "nrl.INVALID_NHS_NUMBER"}, 0, []string{"1 entry", "nrl.INVALID_NHS_NUMBER"}, []string{"nrlf."}},
		{[]string{"explain", "NoRecordFoundNHSNumber"}, 0, []string{"1 entry", "nrl.NO_RECORD_FOUND_NHS_NUMBER"}, nil},
		{[]string{"explain", "--verbose", "INTERNAL_ERROR"}, 0, []string{"html, not an OperationOutcome", "<html>"}, nil},
		{[]string{"explain", "--verbose", "ers.INVALID_TOKEN_NO_BODY"}, 0, []string{"empty body"}, nil},
		{[]string{"explain", "--verbose", "ers.R4_NO_RELATIONSHIP"}, 0, []string{`"lastUpdated": "2025-01-02T03:04:05.000Z"`}, []string{"example body (XML)"}},
		// Codes that a code system defines and no entry documents.
		{[]string{"explain", "PATIENT_SENSITIVE"}, 0, []string{
			`no catalogued entry documents "PATIENT_SENSITIVE"; 7 code systems define it`, `PATIENT_SENSITIVE "Patient sensitive"`,
			"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode (spine-r4-2020): version 1.4.0 (of 1.4.0, 2.0.0); used by pds, eps\n",
			"https://fhir.nhs.uk/R4/CodeSystem/Spine-IssueCode (spine-issue-code-r4): version 1.4.0; used by no catalogued API",
		}, nil},
		{[]string{"explain", "TOO_MANY_MATCHES"}, 0, []string{
			`1 entry for "TOO_MANY_MATCHES"; 5 code systems define it`, "pds.TOO_MANY_MATCHES",
			`TOO_MANY_MATCHES "Too many matches"`, "definition    Too many matches were found",
			"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode (spine-r4-2020): version 2.0.0 (of 1.4.0, 2.0.0); used by pds, eps; documented by pds.TOO_MANY_MATCHES",
			"https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode (spine-r4): versions 2.0.0, 2.1.0; used by nrlf, eps",
		}, nil},
		{[]string{"explain", "ACCESS_TOKEN_EXPIRED"}, 0, []string{"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode (nhsd-api): version 0.3.0; used by ers"}, nil},
		{[]string{"explain", "INVALID_RESOURCE_ID"}, 0, []string{`INVALID_RESOURCE_ID "Invalid resource ID"`}, []string{"Did you mean"}},
		{[]string{"explain", "INVALID_VALUE"}, 0, []string{`display "An input field has an invalid value for its type" in 1.4.0`}, nil},
		{[]string{"explain", "--api", "ers", "ACCESS_DENIED"}, 0, []string{"ers.R4_ACCESS_DENIED_INVALID_TOKEN", "(ers only)", "(nhsd-api)"}, []string{"nrlf.", "nrl.", "(spine-r4)"}},
		{[]string{"explain", "--api", "nrl", "TOO_MANY_MATCHES"}, 1, nil, nil},
		{[]string{"explain", "--api", "shop", "TOO_MANY_MATCHES"}, 2, nil, nil},
		// A documented defect: what a source sends that stays an error.
		{[]string{"explain", "--verbose", "pds.INVALID_VALUE_MAX_RESULTS"}, 0, []string{
			`defect token-issue-type: fhir.code at issue.code ("token"); the PDS proxy's`, `"display": "Cannot retrieve more than one result with application-restricted access token"`,
		}, nil},
		{[]string{"explain", "--format", "yaml", "TOO_MANY_MATCHES"}, 2, nil, nil},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			code, out, errOut := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tc.code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(out, a) {
					t.Errorf("output has %q", a)
				}
			}
		})
	}
	code, out, errOut := runCmd(t, "explain", "NO_RECORD_FUOND")
	if code != exitFailed || out != "" || !strings.Contains(errOut, `Did you mean: "NO_RECORD_FOUND"`) {
		t.Errorf("unknown code: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Suggestions are close spellings only.
	if _, _, errOut := runCmd(t, "explain", "NO_RECORD"); strings.Contains(errOut, "Did you mean") {
		t.Errorf("NO_RECORD is no close spelling of any code: %s", errOut)
	}
	if code, _, _ := runCmd(t, "explain"); code != exitUsage {
		t.Errorf("explain with no argument: exit %d", code)
	}
	// Concise by default: the verbose form has what the default leaves out.
	_, concise, _ := runCmd(t, "explain", "ACCESS_DENIED")
	_, verbose, _ := runCmd(t, "explain", "--verbose", "ACCESS_DENIED")
	if strings.Count(verbose, "\n") < 3*strings.Count(concise, "\n") {
		t.Errorf("explain ACCESS_DENIED: %d lines, --verbose %d: the default should be the short form", strings.Count(concise, "\n"), strings.Count(verbose, "\n"))
	}
}

// TestExplainJSON checks the shape of explain --format json.
func TestExplainJSON(t *testing.T) {
	code, out, _ := runCmd(t, "explain", "--format", "json", "INVALID_VALUE")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got explainJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if got.Query != "INVALID_VALUE" || len(got.Entries) == 0 || got.Entries[0].ID == "" || got.Suggestions == nil {
		t.Errorf("query %q, %d entries, suggestions %v", got.Query, len(got.Entries), got.Suggestions)
	}
	var r4 *conceptJSON
	for i := range got.Concepts {
		if got.Concepts[i].Name == "spine-r4-2020" {
			r4 = &got.Concepts[i]
		}
	}
	want := conceptJSON{
		System: "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", Name: "spine-r4-2020",
		Title: "Spine-ErrorOrWarningCode (the /R4/ URL, 1.4.0 and 2.0.0)", Kind: "CodeSystem", Code: "INVALID_VALUE",
		Display: "Invalid value", Versions: []string{"1.4.0", "2.0.0"}, AllVersions: []string{"1.4.0", "2.0.0"},
		Earlier:      []earlierJSON{{Versions: []string{"1.4.0"}, Display: "An input field has an invalid value for its type"}},
		UsedBy:       []string{"pds", "eps"},
		DocumentedBy: []string{"pds.INVALID_VALUE_FIELD", "pds.INVALID_VALUE_MAX_RESULTS", "pds.INVALID_VALUE_REQUEST_ID", "pds.INVALID_VALUE_SESSION_URID", "eps.INVALID_REQUEST_ID", "eps.INVALID_SESSION_URID", "eps.INVALID_VALUE_FATAL"},
	}
	if r4 == nil {
		t.Fatalf("no spine-r4-2020 concept in %s", out)
	}
	if d := cmp.Diff(want, *r4, cmpopts.IgnoreFields(conceptJSON{}, "Definition", "Sources")); d != "" {
		t.Errorf("spine-r4-2020 INVALID_VALUE (-want +got):\n%s", d)
	}
	if len(r4.Sources) != 2 || r4.Sources[0].Version != "1.4.0" || !strings.Contains(r4.Sources[0].Source, "@28d8138e36a946fda77f2528fba1fc19707c5cb3:") {
		t.Errorf("sources %+v", r4.Sources)
	}
	code, out, _ = runCmd(t, "explain", "--format", "json", "NO_RECORD_FUOND")
	if code != exitFailed || !strings.Contains(out, `"suggestions": [`) || !strings.Contains(out, `"NO_RECORD_FOUND"`) {
		t.Errorf("no match in JSON: exit %d\n%s", code, out)
	}
}

// TestExplainJSONDefects: an entry's documented defects, and its
// variants', are in the JSON as in the text.
func TestExplainJSONDefects(t *testing.T) {
	explain := func(id string) entryJSON {
		t.Helper()
		code, out, _ := runCmd(t, "explain", "--format", "json", id)
		var got explainJSON
		if err := json.Unmarshal([]byte(out), &got); code != exitOK || err != nil || len(got.Entries) != 1 {
			t.Fatalf("explain %s: exit %d, %v:\n%s", id, code, err, out)
		}
		return got.Entries[0]
	}
	erspc := explain("erspc.VALIDATION_ERROR_TARGET_IDENTIFIER")
	wantEntry := []defectJSON{{Name: "expression-string", Rule: "fhir.type", Element: "issue.expression",
		Note:    "the Patient Care proxy's CatchAllTarget template writes issue.expression as a JSON string, where FHIR has an array",
		Sources: []string{"NHSDigital/e-referrals-service-patient-care-api@6d0515893462:proxies/live/apiproxy/policies/AssignMessage.Errors.CatchAllTarget.xml:26, tests/integration/test_headers.py:172"}}}
	if d := cmp.Diff(wantEntry, erspc.Defects); d != "" {
		t.Errorf("entry defects (-want +got):\n%s", d)
	}
	pds := explain("pds.INVALID_VALUE_MAX_RESULTS")
	if len(pds.Defects) != 0 {
		t.Errorf("entry defects %+v, want none (the variant has it)", pds.Defects)
	}
	var got []string
	for _, v := range pds.Variants {
		for _, d := range v.Defects {
			got = append(got, fmt.Sprintf("%s: %s %s %s %q, %d source", v.Name, d.Name, d.Rule, d.Element, d.Value, len(d.Sources)))
		}
		if v.Defects == nil {
			t.Errorf("variant %s: defects null, want []", v.Name)
		}
	}
	if d := cmp.Diff([]string{`proxy-token: token-issue-type fhir.code issue.code "token", 1 source`}, got); d != "" {
		t.Errorf("variant defects (-want +got):\n%s", d)
	}
}

// TestExplainKnowsEveryCode: every concept of every code system is
// explained, under its own system.
func TestExplainKnowsEveryCode(t *testing.T) {
	reg := all.Registry()
	n := 0
	for _, cs := range reg.CodeSystems() {
		for i := range cs.Concepts {
			c := &cs.Concepts[i]
			x := explainQuery(reg, c.Code, "")
			if !slices.ContainsFunc(x.Concepts, func(h conceptHit) bool { return h.System == cs && h.Concept.Code == c.Code }) {
				t.Errorf("explain %q does not give %s", c.Code, cs.URL)
			}
			n++
		}
	}
	t.Logf("%d concepts explained", n)
}

// TestExplainExamplesAreConformant checks that the example body explain
// prints for each entry is what the checker accepts: the constructor and
// the checker agree.
func TestExplainExamplesAreConformant(t *testing.T) {
	code, out, _ := runCmd(t, "explain", "--verbose", "NO_RECORD_FOUND")
	if code != 0 {
		t.Fatal(code)
	}
	start := strings.Index(out, "    {\n")
	end := strings.Index(out[start:], "\n    }\n")
	body := out[start : start+end+6]
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "example.http")
	os.WriteFile(path, []byte("HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\n\r\n"+body), 0o644)
	if code, out, _ := runCmd(t, "check", path); code != 0 {
		t.Errorf("the explain example is not conformant:\n%s\n%s", body, out)
	}
}

func TestParseInterleaved(t *testing.T) {
	for _, tc := range []struct {
		args []string
		pos  []string
		api  string
	}{
		{[]string{"a", "--api", "nrl", "b"}, []string{"a", "b"}, "nrl"},
		{[]string{"-api=ers", "a"}, []string{"a"}, "ers"},
		{[]string{"a", "--", "--api", "b"}, []string{"a", "--api", "b"}, ""},
		{nil, nil, ""},
	} {
		fs := newFlagSet("t", "", &bytes.Buffer{})
		api := fs.String("api", "", "")
		pos, err := parseInterleaved(fs, tc.args)
		if err != nil || !cmp.Equal(pos, tc.pos) || *api != tc.api {
			t.Errorf("%q: %q %q %v", tc.args, pos, *api, err)
		}
	}
}

func TestUseColor(t *testing.T) {
	if useColor(&bytes.Buffer{}) {
		t.Error("colour on a buffer")
	}
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device to test with")
	}
	t.Setenv("NO_COLOR", "")
	if !useColor(f) {
		t.Error("no colour on a character device")
	}
	t.Setenv("NO_COLOR", "1")
	if useColor(f) {
		t.Error("colour despite NO_COLOR")
	}
}

func TestExplainOddInput(t *testing.T) {
	for _, q := range []string{"", " ", "\x00", strings.Repeat("A", 10000), "{", "ACCESS  DENIED", "é"} {
		code, _, _ := runCmd(t, "explain", q)
		if code != exitOK && code != exitFailed {
			t.Errorf("explain %.20q: exit %d", q, code)
		}
	}
}

// TestListRules checks that list --rules gives report.Rules, whole, in
// JSON (the capture reader's rules and the checker's), names every rule in
// the text table, and lists every rule the corpus report uses.
func TestListRules(t *testing.T) {
	code, stdout, stderr := runCmd(t, "list", "--rules", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []validate.RuleInfo
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(report.Rules(), got); diff != "" {
		t.Errorf("list --rules --format json (-report.Rules +got):\n%s", diff)
	}
	listed := map[string]bool{}
	_, text, _ := runCmd(t, "list", "--rules")
	for _, r := range got {
		listed[r.ID] = true
		if !strings.Contains(text, r.ID) {
			t.Errorf("list --rules does not name %s", r.ID)
		}
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "check.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Results []report.Result }
	if err := json.Unmarshal(golden, &rep); err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		for _, f := range r.Findings {
			if !listed[f.Rule] {
				t.Errorf("%s: rule %s is not in list --rules", r.Source, f.Rule)
			}
		}
	}
	if code, _, _ := runCmd(t, "list", "--rules", "--format", "yaml"); code != exitUsage {
		t.Errorf("an unknown format exits %d, want %d", code, exitUsage)
	}
}
