package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/validate"
)

// sameIssue compares issues by what they say, not by the entry they point to.
var sameIssue = cmpopts.IgnoreUnexported(validate.Identification{})

func TestUnreadableResult(t *testing.T) {
	c := capture.Read("broken.har", []byte(`{"log": {"entries": [ }`), capture.Options{})[0]
	if c.Err == nil {
		t.Fatal("a malformed HAR read without error")
	}
	r := Check(c, CheckOptions{})
	if r.Conformant {
		t.Error("an unreadable capture is conformant")
	}
	errs := r.Errors()
	if len(errs) != 1 || errs[0].Rule != RuleUnreadable || !strings.HasPrefix(errs[0].Location, "line 1:") || strings.Contains(errs[0].Message, "broken.har:") {
		t.Errorf("findings %+v", r.Findings)
	}
	// A missing file: no position.
	r = Check(capture.ReadFile(filepath.Join(t.TempDir(), "nope.http"), capture.Options{})[0], CheckOptions{})
	if r.Conformant || len(r.Errors()) != 1 || r.Errors()[0].Location != "file" {
		t.Errorf("missing file: %+v", r.Findings)
	}
}

func TestNoteFindings(t *testing.T) {
	body := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"x"}]}`
	var u16 bytes.Buffer
	u16.Write([]byte{0xff, 0xfe})
	for _, r := range body {
		u16.WriteByte(byte(r))
		u16.WriteByte(0)
	}
	tests := []struct {
		name string
		data []byte
		rule string
		sev  validate.Severity
		msg  string
	}{
		{"utf16", u16.Bytes(), capture.RuleUTF16, validate.Warning, "FHIR bodies are UTF-8"},
		{"bom", append([]byte("\ufeff"), body...), capture.RuleBOM, validate.Warning, "byte order mark"},
		{"lf", []byte("HTTP/1.1 500 Internal Server Error\nContent-Type: application/fhir+json\n\n" + body), capture.RuleLineEndings, validate.Information, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(capture.Read(tc.name+".json", tc.data, capture.Options{})[0], CheckOptions{})
			var got *validate.Finding
			for i, f := range r.Findings {
				if f.Rule == tc.rule {
					got = &r.Findings[i]
				}
			}
			if got == nil {
				t.Fatalf("no %s finding in %+v", tc.rule, r.Findings)
			}
			if got.Severity != tc.sev || !strings.Contains(got.Message, tc.msg) {
				t.Errorf("%+v", *got)
			}
		})
	}
	// An unknown rule is information; a note in a sidecar names the file.
	f := noteFinding(capture.Note{Rule: "capture.new-rule", Message: "m", File: "x.meta", Line: 2})
	if f.Severity != validate.Information || f.Location != "x.meta line 2" {
		t.Errorf("%+v", f)
	}
}

func TestWriteJSONNeverNull(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, []Result{{Source: "a", Issues: []validate.Identification{{Code: "X"}}}}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"null"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("JSON has %s:\n%s", bad, buf.String())
		}
	}
	buf.Reset()
	WriteJSON(&buf, nil)
	if !strings.Contains(buf.String(), `"results": []`) || !strings.Contains(buf.String(), `"captures": 0`) {
		t.Errorf("empty report:\n%s", buf.String())
	}
}

func TestWriteTextColor(t *testing.T) {
	rs := []Result{{Source: "a", Conformant: false, Findings: []validate.Finding{
		{Rule: "r", Severity: validate.Error, Message: "line1\nline2"},
		{Rule: "i", Severity: validate.Information, Message: "info"},
	}}}
	var plain, color, verbose bytes.Buffer
	WriteText(&plain, rs, TextOptions{})
	WriteText(&color, rs, TextOptions{Color: true})
	WriteText(&verbose, rs, TextOptions{Verbose: true})
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(color.String(), "\x1b[31m✗\x1b[0m") {
		t.Errorf("plain %q\ncolor %q", plain.String(), color.String())
	}
	if strings.Contains(plain.String(), "info") || !strings.Contains(verbose.String(), "info    i info") {
		t.Errorf("plain %q\nverbose %q", plain.String(), verbose.String())
	}
	if !strings.Contains(plain.String(), "line1\n              line2\n") {
		t.Errorf("multi-line message not indented: %q", plain.String())
	}
	if !strings.HasSuffix(plain.String(), "1 capture: 0 conformant, 1 not conformant\n") {
		t.Errorf("summary: %q", plain.String())
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n--; w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWritersReportWriteErrors(t *testing.T) {
	rs := []Result{{Source: "a", Conformant: true}}
	if err := WriteText(&failWriter{}, rs, TextOptions{}); err == nil {
		t.Error("WriteText: no error")
	}
	if err := WriteJSON(&failWriter{}, rs); err == nil {
		t.Error("WriteJSON: no error")
	}
	if err := WriteJUnit(&failWriter{}, rs); err == nil {
		t.Error("WriteJUnit: no error")
	}
}

func TestWriteJUnitIsXML(t *testing.T) {
	rs := []Result{{Source: "dir/x.http#2", Findings: []validate.Finding{{Rule: "r", Severity: validate.Error, Message: "bad ]]> \x00 \x1b <b>&"}}}}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, rs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suite struct {
			Case struct {
				Classname string `xml:"classname,attr"`
				Failure   struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, buf.String())
	}
	if doc.Suite.Case.Classname != "dir" || !strings.Contains(doc.Suite.Case.Failure.Text, "bad ]]> \uFFFD \uFFFD <b>&") {
		t.Errorf("%+v", doc)
	}
}

// TestCheckPathsOrder checks that results come back in walk order whatever
// the number of workers.
func TestCheckPathsOrder(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	for i := range n {
		status := 404
		if i%7 == 0 {
			status = 400 // not conformant
		}
		body := fmt.Sprintf(`{"resourceType":"OperationOutcome","id":"3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f-12345678901234567890","meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},"issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"No record found for supplied DocumentReference identifier - id%d"}]}`, i)
		raw := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/fhir+json\r\n\r\n%s", status, body)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%04d.http", i)), []byte(raw), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	one, err := CheckPaths([]string{dir}, CheckOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	many, err := CheckPaths([]string{dir}, CheckOptions{Workers: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != n {
		t.Fatalf("%d results", len(one))
	}
	if diff := cmp.Diff(one, many, sameIssue); diff != "" {
		t.Errorf("1 worker and 16 differ:\n%s", diff)
	}
	for i, r := range many {
		if want := filepath.Join(dir, fmt.Sprintf("c%04d.http", i)); r.Source != want || r.Issues[0].Params["id"] != fmt.Sprintf("id%d", i) {
			t.Fatalf("result %d is %s %v", i, r.Source, r.Issues)
		}
		if r.Conformant == (i%7 == 0) {
			t.Errorf("%s: conformant %v", r.Source, r.Conformant)
		}
	}
	caps, _ := capture.Walk([]string{dir}, capture.Options{})
	if diff := cmp.Diff(one, CheckCaptures(caps, CheckOptions{}), sameIssue); diff != "" {
		t.Errorf("CheckCaptures differs from CheckPaths:\n%s", diff)
	}
	if got := CheckCaptures(nil, CheckOptions{}); len(got) != 0 {
		t.Errorf("CheckCaptures(nil) = %v", got)
	}
}

// TestCheckPathsMissing: a path that does not exist is a failed result in
// its place, the run goes on, and the error says which path is missing.
func TestCheckPathsMissing(t *testing.T) {
	rs, err := CheckPaths([]string{"no/such/dir", "../testdata/captures/nrl/404-no-record-found.http"}, CheckOptions{})
	if !errors.Is(err, fs.ErrNotExist) || len(rs) != 2 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
	if r := rs[0]; r.Source != "no/such/dir" || r.Conformant || len(r.Findings) != 1 || r.Findings[0].Rule != RuleUnreadable {
		t.Errorf("missing path: %+v", r)
	}
	if !rs[1].Conformant {
		t.Errorf("the capture after the missing path: %+v", rs[1])
	}
}

// TestCorpusJSONRoundTrip checks the JSON of the corpus reads back into
// the same results (apart from the fields JSON leaves out).
func TestCorpusJSONRoundTrip(t *testing.T) {
	rs, err := CheckPaths([]string{"../testdata/captures"}, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, rs); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Results []Result
		Summary Summary
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	// What the JSON report leaves out.
	for i := range rs {
		rs[i].Request, rs[i].BodyEntry = nil, ""
		for j := range rs[i].Issues {
			rs[i].Issues[j].Variants = nil
		}
	}
	if diff := cmp.Diff(rs, back.Results, sameIssue); diff != "" {
		t.Errorf("round trip:\n%s", diff)
	}
	if back.Summary != Summarize(rs) || back.Summary.Captures < 40 {
		t.Errorf("summary %+v", back.Summary)
	}
}
