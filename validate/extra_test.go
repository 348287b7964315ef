package validate

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

// TestPeerSamples: each faulty body the peer tools were measured on is
// caught, by the rule that names its fault (issue 4, "Done when").
func TestPeerSamples(t *testing.T) {
	dir := sharedref.Path(t, "reference", "peers", "samples")
	want := map[string]fk{
		"bad-diagnostics-number.json": fail(RuleFHIRType, "OperationOutcome.issue[0].diagnostics"),
		"bad-empty-issue-array.json":  fail(RuleFHIRCardinality, "OperationOutcome.issue"),
		"bad-empty-string.json":       fail(RuleFHIRFormat, ""),
		"bad-missing-issue-code.json": fail(RuleFHIRRequired, "OperationOutcome.issue[0].code"),
		"bad-missing-issue.json":      fail(RuleFHIRRequired, "OperationOutcome.issue"),
		"bad-severity-enum.json":      fail(RuleFHIRCode, "OperationOutcome.issue[0].severity"),
		"bad-unknown-property.json":   fail(RuleFHIRUnknownElement, ""),
	}
	for name, w := range want {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		r := Check(Response{Status: 400, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: body})
		caught := false
		for _, f := range r.Findings {
			if f.Rule == w.Rule && f.Severity == Error && (w.Location == "" || f.Location == w.Location) {
				caught = true
				t.Logf("%s: %s @ %s: %s", name, f.Rule, f.Location, f.Message)
			}
		}
		if !caught || r.Conformant {
			t.Errorf("%s: want %v; got\n%s", name, w, dump(r.Findings))
		}
	}
	if body, err := os.ReadFile(filepath.Join(dir, "valid-nrl-400.json")); err == nil {
		r := Check(Response{Status: 400, Body: body})
		for _, f := range r.Errors() {
			if strings.HasPrefix(f.Rule, "fhir.") || strings.HasPrefix(f.Rule, "syntax.") {
				t.Errorf("valid-nrl-400.json: %s @ %s: %s", f.Rule, f.Location, f.Message)
			}
		}
	}
}

// TestReportOperationOutcome: the findings rendered as an OperationOutcome
// survive a JSON round trip and are valid R4.
func TestReportOperationOutcome(t *testing.T) {
	for _, tc := range tableCases() {
		r := runCase(tc)
		oo := r.OperationOutcome()
		b, err := oo.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		back, err := operationoutcome.DecodeJSON(b, operationoutcome.DecodeOptions{Strict: true, Version: operationoutcome.R4})
		if err != nil {
			t.Fatalf("%s: strict decode of the report: %v\n%s", tc.name, err, b)
		}
		if diff := cmp.Diff(oo, back); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", tc.name, diff)
		}
		var doc any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if vs := fhirschema.Validate(operationoutcome.R4, doc); len(vs) > 0 {
			t.Errorf("%s: the report is not a valid R4 OperationOutcome: %v\n%s", tc.name, vs, b)
		}
		if len(r.Findings) > 0 {
			if len(oo.Issue) != len(r.Findings) {
				t.Errorf("%s: %d issues for %d findings", tc.name, len(oo.Issue), len(r.Findings))
			}
			for i, f := range r.Findings {
				iss := oo.Issue[i]
				if string(iss.Severity) != string(f.Severity) || iss.Details.Coding[0].Code != f.Rule || iss.Details.Coding[0].System != RuleSystem || iss.Expression[0] != f.Location {
					t.Errorf("%s: issue %d = %+v for finding %+v", tc.name, i, iss, f)
				}
			}
		}
	}
}

// TestHugeBody: a 100 MB body gives a finding, quickly and without copying
// it.
func TestHugeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 100 MB")
	}
	body := bytes.Repeat([]byte("{\"issue\": [0123456789abcdef\n"), 100<<20/28)
	c := New(Options{})
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := c.Check(Response{Status: 404, Body: body, Header: http.Header{"Content-Type": {"application/fhir+json"}}})
	runtime.ReadMemStats(&after)
	if diff := cmp.Diff([]fk{fail(RuleBodyTooLarge, "body 37450:5")}, keysOf(r.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if r.Conformant {
		t.Error("an oversized body is conformant")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("checking a %d-byte body allocated %d bytes; the body must not be copied", len(body), alloc)
	}
}

// FuzzCheck: no input makes Check panic, and every report keeps its
// invariants (conformant exactly when no finding is an error; listed rules;
// well-formed locations).
func FuzzCheck(f *testing.F) {
	for _, tc := range tableCases() {
		f.Add([]byte(tc.body), tc.status, tc.ct, tc.api)
	}
	f.Add([]byte(nil), 401, "", "ers")
	f.Add([]byte("\xff\xfe{\x00}\x00"), 400, "application/fhir+json; charset=utf-16", "")
	f.Add([]byte(`<OperationOutcome xmlns="http://hl7.org/fhir"><issue/></OperationOutcome>`), 500, "application/fhir+xml", "nrl")
	checker := New(Options{MaxBodyBytes: 64 << 10})
	f.Fuzz(func(t *testing.T, body []byte, status int, ct, api string) {
		var h http.Header
		if ct != "-" {
			h = http.Header{"Content-Type": {ct}}
		}
		r := checker.Check(Response{Status: status, Header: h, Body: body, API: api})
		for _, f := range r.Findings {
			if f.Rule == RuleInternalPanic {
				t.Fatalf("the checker panicked: %s", f.Message)
			}
		}
		checkInvariants(t, r)
		_ = r.OperationOutcome()
	})
}

// TestDetectionReason: without an API, the report names the dialect chosen
// and the evidence.
func TestDetectionReason(t *testing.T) {
	for _, tc := range []struct {
		body, dialect string
		reason        []string
	}{
		{nrlNotFoundJSON, "nrl-stu3", []string{"detected: meta.profile is " + nrlProfile + ", the nrl-stu3 dialect's profile", "(NO_RECORD_FOUND under " + nrlSystem + ") is exactly nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE"}},
		{nrlfNotFound, "nrlf-r4-v3", []string{"the coding system https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1, which only nrlf uses, with NO_RECORD_FOUND, which nrlf.NO_RECORD_FOUND documents"}},
		{ersGateway429, "ers-r4-gateway", []string{"meta.profile is https://www.hl7.org/fhir/R4/operationoutcome.html", "ers.R4_TOO_MANY_REQUESTS"}},
		{ersBackend404, "ers-r4-backend", []string{"https://fhir.nhs.uk/CodeSystem/http-error-codes", "ers.R4_REC_NOT_FOUND"}},
		{ersSTU3Forbidden, "ers-stu3", []string{"eRS-OperationOutcome-1", "ers.FORBIDDEN"}},
	} {
		r := Check(Response{Body: []byte(tc.body)})
		if r.Dialect != tc.dialect {
			t.Errorf("dialect %q, want %q (%s)", r.Dialect, tc.dialect, r.Reason)
		}
		for _, s := range tc.reason {
			if !strings.Contains(r.Reason, s) {
				t.Errorf("%s: Reason %q does not say %q", tc.dialect, r.Reason, s)
			}
		}
	}
	r := Check(Response{Status: 401, API: "ers"})
	if r.BodyEntry == nil || !strings.Contains(r.Reason, "an empty body with status 401 is what ers.INVALID_TOKEN_NO_BODY documents") {
		t.Errorf("empty 401: Reason %q", r.Reason)
	}
}
