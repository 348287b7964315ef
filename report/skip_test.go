package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/validate"
)

const nrl404 = `{"resourceType":"OperationOutcome","id":"3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f-12345678901234567890",` +
	`"meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},` +
	`"issue":[{"severity":"error","code":"not-found","details":{"coding":[{` +
	`"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},` +
	`"diagnostics":"No record found for supplied DocumentReference identifier - abc"}]}`

func response(status int, ct, method, url, body string) capture.Capture {
	c := capture.Capture{Source: "x", Kind: capture.KindHAR, Status: status, Header: http.Header{}, Body: []byte(body)}
	if ct != "" {
		c.Header.Set("Content-Type", ct)
	}
	if method != "" {
		c.Request = &capture.Request{Method: method, URL: url}
	}
	return c
}

// TestNotAnError: a 1xx, 2xx or 3xx response that is not an
// OperationOutcome is skipped with the reason; one that is (or that says
// it is but is broken), or that the catalogue documents, is checked.
func TestNotAnError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		c      capture.Capture
		reason string // "" for checked
	}{
		{"preflight", response(204, "", "OPTIONS", "https://api.example/FHIR/R4/x", ""),
			"a 204 response without a body to OPTIONS https://api.example/FHIR/R4/x that is not an OperationOutcome: not an error response, so there is nothing to check"},
		{"search Bundle with an OperationOutcome entry", response(200, "application/fhir+json", "GET", "/DocumentReference?subject=x",
			`{"resourceType":"Bundle","type":"searchset","entry":[{"resource":`+nrl404+`,"search":{"mode":"outcome"}}]}`),
			"a 200 response (application/fhir+json) to GET /DocumentReference?subject=x that is not an OperationOutcome: not an error response, so there is nothing to check"},
		{"script", response(200, "application/javascript", "GET", "https://app.example/main.js", "(function(){})()"),
			"a 200 response (application/javascript) to GET https://app.example/main.js that is not an OperationOutcome: not an error response, so there is nothing to check"},
		{"XML Bundle", response(200, "application/fhir+xml", "", "", `<Bundle xmlns="http://hl7.org/fhir"/>`),
			"a 200 response (application/fhir+xml) that is not an OperationOutcome: not an error response, so there is nothing to check"},
		{"redirect", response(302, "text/html", "GET", "/", "<html><body>moved</body></html>"),
			"a 302 response (text/html) to GET / that is not an OperationOutcome: not an error response, so there is nothing to check"},
		{"201 with an OperationOutcome is checked", response(201, "application/fhir+json", "POST", "/", nrl404), ""},
		{"200 with a broken OperationOutcome is checked", response(200, "application/fhir+json", "GET", "/", `{"resourceType": "OperationOutcome", "issue": [`), ""},
		{"an error without an OperationOutcome is checked", response(500, "text/html", "GET", "/", "<html/>"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.c, CheckOptions{})
			if r.Skipped != (tc.reason != "") || r.SkipReason() != tc.reason {
				t.Fatalf("skipped %v (%q), want %q; findings %+v", r.Skipped, r.SkipReason(), tc.reason, r.Findings)
			}
			if r.Skipped && (r.Conformant || len(r.Errors()) != 0) {
				t.Errorf("a skipped result is conformant or has errors: %+v", r)
			}
		})
	}
}

// TestChromeHAR: a browser export as Chrome writes it (a preflight, a
// search Bundle, a script, an image, an aborted request, and two error
// responses as the catalogue documents them) is conformant; the rest is
// skipped, and says so in every format.
func TestChromeHAR(t *testing.T) {
	rs, err := CheckPaths([]string{filepath.Join("testdata", "chrome-session.har")}, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(rs)
	if want := (Summary{Captures: 7, Conformant: 2, Skipped: 5}); s != want {
		var lines []string
		for _, r := range rs {
			lines = append(lines, fmt.Sprintf("%s %v %v %+v", r.Source, r.Conformant, r.Skipped, r.Findings))
		}
		t.Fatalf("summary %+v, want %+v:\n%s", s, want, strings.Join(lines, "\n"))
	}
	var text, js, junit bytes.Buffer
	if err := WriteText(&text, rs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- testdata/chrome-session.har#0  204  skipped: a 204 response without a body to OPTIONS", "7 captures: 2 conformant, 0 not conformant, 5 skipped"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report does not say %q:\n%s", want, text.String())
		}
	}
	if err := WriteJSON(&js, rs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []struct{ Skipped bool }
		Summary Summary
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.Summary != s || !doc.Results[0].Skipped {
		t.Errorf("JSON: %v %+v", err, doc)
	}
	if err := WriteJUnit(&junit, rs); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(junit.String(), "<skipped message="); n != 5 || !strings.Contains(junit.String(), `skipped="5"`) {
		t.Errorf("JUnit has %d skipped test cases:\n%s", n, junit.String())
	}
}

// TestJUnitError: a capture that could not be read is a JUnit error, not a
// failure, and the counts say so.
func TestJUnitError(t *testing.T) {
	rs, _ := CheckPaths([]string{"no/such.http", "../testdata/captures/nrl/400-wrong-display.http"}, CheckOptions{})
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, rs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Errors   int `xml:"errors,attr"`
		Failures int `xml:"failures,attr"`
		Suite    struct {
			Cases []struct {
				Name  string `xml:"name,attr"`
				Error *struct {
					Type string `xml:"type,attr"`
				} `xml:"error"`
				Failure *struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Suite.Cases
	if doc.Errors != 1 || doc.Failures != 1 || len(c) != 2 || c[0].Error == nil || c[0].Failure != nil || c[1].Failure == nil || c[1].Error != nil {
		t.Errorf("%+v\n%s", doc, buf.String())
	}
}

// TestTextEscapesNames: a file name cannot forge a report line or reach
// the terminal with escape sequences; JSON keeps it exact.
func TestTextEscapesNames(t *testing.T) {
	name := "x.http\n✓ forged.http  404  nrl/nrl-stu3\x1b[2J\u202e"
	rs := []Result{{Source: name, Status: 400, Findings: []validate.Finding{{Rule: "r", Severity: validate.Error, Location: "line 1", Message: "bad \x1b]0;title\x07 " + name}}}}
	var text bytes.Buffer
	if err := WriteText(&text, rs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := `✗ "x.http\n✓ forged.http  404  nrl/nrl-stu3\x1b[2J\u202e"  400  ?/?` + "\n" +
		`    error   r line 1: bad \x1b]0;title\a x.http` + "\n" + `              ✓ forged.http  404  nrl/nrl-stu3\x1b[2J\u202e` + "\n" +
		"1 capture: 0 conformant, 1 not conformant\n"
	if diff := cmp.Diff(want, text.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, rs); err != nil {
		t.Fatal(err)
	}
	var back struct{ Results []Result }
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Results[0].Source != name {
		t.Errorf("JSON source %q, %v", back.Results[0].Source, err)
	}
}

func TestSelection(t *testing.T) {
	get := func(status int, url, host string) capture.Capture {
		c := response(status, "", "GET", url, "")
		if host != "" {
			c.Request.Header = http.Header{"Host": {host}}
		}
		return c
	}
	for _, tc := range []struct {
		sel  Selection
		c    capture.Capture
		want bool
	}{
		{Selection{ErrorsOnly: true}, get(404, "/", ""), true},
		{Selection{ErrorsOnly: true}, get(200, "/", ""), false},
		{Selection{ErrorsOnly: true}, capture.Capture{}, true}, // no status: unknown, kept
		{Selection{URLs: []string{"api.service.nhs.uk"}}, get(404, "https://api.service.nhs.uk/referrals/FHIR/R4/x", ""), true},
		{Selection{URLs: []string{"api.service.nhs.uk"}}, get(404, "https://api.service.nhs.uk:443/x", ""), true},
		{Selection{URLs: []string{"api.service.nhs.uk"}}, get(404, "https://int.api.service.nhs.uk/x", ""), false},
		{Selection{URLs: []string{"api.service.nhs.uk"}}, get(404, "https://api.service.nhs.uk.evil.example/x", ""), false},
		{Selection{URLs: []string{"*.api.service.nhs.uk"}}, get(404, "https://int.api.service.nhs.uk/x", ""), true},
		{Selection{URLs: []string{"/FHIR/R4/"}}, get(404, "https://a.example/FHIR/R4/ServiceRequest", ""), true},
		{Selection{URLs: []string{"/FHIR/R4"}}, get(404, "https://a.example/FHIR/R4x", ""), false},
		{Selection{URLs: []string{"/DocumentReference"}}, get(404, "/DocumentReference?subject=x", ""), true},
		{Selection{URLs: []string{"localhost/nrl"}}, get(404, "/nrl/DocumentReference", "localhost:8080"), true},
		{Selection{URLs: []string{"/nrl/*/x"}}, get(404, "/nrl/a/x", ""), true},
		{Selection{URLs: []string{"/nrl/*/x"}}, get(404, "/nrl/a/b/x", ""), false},
		{Selection{URLs: []string{"/x"}}, capture.Capture{Status: 404}, false}, // no request
		{Selection{URLs: []string{"a.example", "b.example"}}, get(404, "https://b.example/", ""), true},
	} {
		if got := tc.sel.Match(tc.c); got != tc.want {
			url := ""
			if tc.c.Request != nil {
				url = tc.c.Request.URL
			}
			t.Errorf("%+v on %d %s: %v", tc.sel, tc.c.Status, url, got)
		}
	}
	// A capture that could not be read is kept whatever the selection.
	rs, _ := CheckPaths([]string{"no/such.http", "../testdata/captures/nrl"}, CheckOptions{Select: Selection{URLs: []string{"nowhere.example"}}.Match})
	if len(rs) != 1 || rs[0].Source != "no/such.http" {
		t.Errorf("%d results", len(rs))
	}
}

// TestRules: report.Rules lists each rule once, every id with a "."; every
// reader rule has a severity, and every finding of the corpus is listed.
func TestRules(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules() {
		if ids[r.ID] || !strings.Contains(r.ID, ".") || strings.Contains(r.ID, "/") || r.Description == "" {
			t.Errorf("rule %+v: repeated, or not layer.name, or undescribed", r)
		}
		ids[r.ID] = true
	}
	for _, r := range capture.Rules {
		if _, ok := noteSeverity[r.ID]; !ok {
			t.Errorf("capture rule %s has no severity", r.ID)
		}
	}
	for id := range noteSeverity {
		if !ids[id] {
			t.Errorf("noteSeverity names %s, which capture.Rules does not list", id)
		}
	}
	rs, _ := CheckPaths([]string{"../testdata/captures", filepath.Join("testdata", "chrome-session.har"), "no/such"}, CheckOptions{})
	for _, r := range rs {
		for _, f := range r.Findings {
			if !ids[f.Rule] {
				t.Errorf("%s: rule %s is not listed", r.Source, f.Rule)
			}
		}
	}
}

// BenchmarkCheckLarge reads and checks a 16 MiB body with the cap raised
// to hold it: what a raised cap costs in memory (-benchmem), reading and
// checking together.
func BenchmarkCheckLarge(b *testing.B) {
	diag := strings.Repeat("x", 16<<20)
	raw := "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/fhir+json\r\n\r\n" +
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"` + diag + `"}]}`
	path := filepath.Join(b.TempDir(), "large.http")
	if err := os.WriteFile(path, []byte(raw), 0o644); err != nil {
		b.Fatal(err)
	}
	opts := CheckOptions{MaxBodyBytes: 64 << 20, Workers: 1}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		rs, err := CheckPaths([]string{path}, opts)
		if err != nil || len(rs) != 1 || rs[0].Skipped {
			b.Fatalf("%v %+v", err, rs)
		}
	}
}

// TestREADMEListsEveryRule keeps the README's rule table complete: every
// rule a finding can carry, the capture reader's included.
func TestREADMEListsEveryRule(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skipf("skipping: no README beside the package: %v", err)
	}
	for _, r := range Rules() {
		if !strings.Contains(string(data), "| "+r.Layer+" | `"+r.ID+"` |") {
			t.Errorf("README.md does not list rule %s (%s); spinecat list --rules --format markdown prints its row", r.ID, r.Description)
		}
	}
}
