package validate

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
)

// TestTruncatedBody: a body cut off before its end has a rule of its own,
// apart from a body over the cap.
func TestTruncatedBody(t *testing.T) {
	r := Check(Response{Status: 404, Header: http.Header{"Content-Type": {ctJSON}}, Body: []byte(nrlNotFoundJSON[:120]), Truncated: true})
	if diff := cmp.Diff([]fk{fail(RuleBodyTruncated, "body 4:12")}, keysOf(r.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	checkInvariants(t, r)
}

// TestHead: a response to HEAD has no body; its status and headers are
// checked, and no entry is named, because the body that would tell the
// entries of a status apart is absent. Without the method the same
// response is an empty 404, which e-RS documents: the name would be wrong
// for an NRL capture.
func TestHead(t *testing.T) {
	xml := http.Header{"Content-Type": {"application/fhir+xml;charset=UTF-8"}, "Content-Length": {"812"}}
	tests := []struct {
		name     string
		resp     Response
		findings []fk
		entry    string
	}{
		{"NRL HEAD 404", Response{Status: 404, Header: xml, Method: http.MethodHead},
			[]fk{info(RuleHead, "body 1:1")}, ""},
		{"HEAD with an HTML content type", Response{Status: 502, Header: http.Header{"Content-Type": {"text/html"}}, Method: http.MethodHead},
			[]fk{fail(RuleContentType, "Content-Type"), info(RuleHead, "body 1:1")}, ""},
		{"HEAD with the text/plain of a documented 403", Response{Status: 403, Header: http.Header{"Content-Type": {"text/plain"}}, Method: http.MethodHead, API: "ers", URL: "/referrals/FHIR/R4/ServiceRequest"},
			[]fk{info(RuleHead, "body 1:1")}, ""},
		{"HEAD with a text/plain no entry documents for the status", Response{Status: 404, Header: http.Header{"Content-Type": {"text/plain"}}, Method: http.MethodHead, API: "ers", URL: "/referrals/FHIR/R4/ServiceRequest"},
			[]fk{fail(RuleContentType, "Content-Type"), info(RuleHead, "body 1:1")}, "ers.R4_REC_NOT_FOUND"},
		{"HEAD with no status", Response{Header: xml, Method: http.MethodHead},
			[]fk{info(RuleStatusUnknown, "HTTP status"), info(RuleHead, "body 1:1")}, ""},
		{"GET 404 with no body", Response{Status: 404, Header: xml, Method: http.MethodGet},
			[]fk{info(RuleDocumentedBody, "body 1:1")}, "ers.NOT_FOUND_NO_BODY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.resp)
			if diff := cmp.Diff(tc.findings, keysOf(r.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			entry := ""
			if r.BodyEntry != nil {
				entry = r.BodyEntry.ID()
			}
			if entry != tc.entry || len(r.Issues) != 0 {
				t.Errorf("entry %q, issues %v; want %q and none", entry, r.Issues, tc.entry)
			}
			checkInvariants(t, r)
		})
	}
}

// manyIssues is an NRL OperationOutcome with n issues, each with a
// severity FHIR does not define: one fhir.code finding per issue.
func manyIssues(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"resourceType":"OperationOutcome","issue":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"severity":"bad%d","code":"not-found"}`, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// TestFindingsCap: beyond the cap findings are counted by severity in one
// last finding, which is an error when an error was left out, so a capped
// report is never conformant by accident. The findings kept are the first
// ones an uncapped check makes.
func TestFindingsCap(t *testing.T) {
	const n = 40000
	resp := Response{Status: 400, Body: manyIssues(n), API: "nrl"}
	all := New(Options{MaxFindings: -1, MaxBodyBytes: 4 << 20}).Check(resp).Findings
	if len(all) < 2*n {
		t.Fatalf("uncapped: %d findings, want one fhir.code and one dialect.details per issue", len(all))
	}
	for _, max := range []int{0, 10} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			r := New(Options{MaxFindings: max, MaxBodyBytes: 4 << 20}).Check(resp)
			kept := max
			if max == 0 {
				kept = DefaultMaxFindings
			}
			if diff := cmp.Diff(all[:kept], r.Findings[:len(r.Findings)-1]); diff != "" {
				t.Errorf("kept findings differ from the first %d (-want +got):\n%s", kept, diff)
			}
			last := r.Findings[len(r.Findings)-1]
			want := fmt.Sprintf("%d more findings (%d errors, 0 warnings, 0 information) were left out: the report keeps the first %d of each response", len(all)-kept, len(all)-kept, kept)
			if last.Rule != RuleFindingsCapped || last.Severity != Error || !strings.Contains(last.Message, want) || r.Conformant {
				t.Errorf("last finding %+v (conformant %v); want an error saying %q", last, r.Conformant, want)
			}
			checkInvariants(t, r)
		})
	}
	// Left-out warnings only: the cap finding is a warning.
	r := &Report{maxFindings: 1}
	r.add(RuleContentTypeLegacy, Warning, "Content-Type", "a")
	r.add(RuleContentTypeLegacy, Warning, "Content-Type", "b")
	r.capFindings()
	if got := keysOf(r.Findings); !cmp.Equal(got, []fk{warn(RuleContentTypeLegacy, "Content-Type"), warn(RuleFindingsCapped, "body 1:1")}) {
		t.Errorf("findings %v", got)
	}
}

// TestAddDuplicates: add drops a finding made before and a dialect or
// catalogue finding where the structure layer reported an error; the test
// is a map look-up, so that many findings cost linear work.
func TestAddDuplicates(t *testing.T) {
	r := &Report{}
	for i := range 3 {
		for j := range 5000 {
			r.add(RuleFHIRCode, Error, fmt.Sprintf("OperationOutcome.issue[%d].severity", j), "m")
			r.add(RuleCatalogSeverity, Error, fmt.Sprintf("OperationOutcome.issue[%d].severity", j), "m")
			r.add(RuleCatalogDisplay, Warning, fmt.Sprintf("OperationOutcome.issue[%d].display", j), fmt.Sprint(i/2))
		}
	}
	// fhir.code once per issue; catalog.severity never (the structure layer
	// has the location); the display finding once per distinct message.
	if want := 5000 + 2*5000; len(r.Findings) != want {
		t.Errorf("%d findings, want %d", len(r.Findings), want)
	}
}

// BenchmarkAdd shows add's cost per finding does not grow with the report.
func BenchmarkAdd(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			locs := make([]string, n)
			for i := range locs {
				locs[i] = fmt.Sprintf("OperationOutcome.issue[%d].severity", i)
			}
			for b.Loop() {
				r := &Report{}
				for _, l := range locs {
					r.add(RuleFHIRCode, Error, l, "m")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/finding")
		})
	}
}

// TestHeadKnownAPI: with its API known, a HEAD response is named as an entry
// exactly when the API documents one entry for the status on the request's
// surface, and never without the API.
func TestHeadKnownAPI(t *testing.T) {
	reg := all.Registry()
	named := 0
	for _, api := range reg.APIs() {
		for _, path := range []string{"/FHIR/R4/Patient/1", "/STU3/Patient/1"} {
			for status := 400; status < 600; status++ {
				b := catalog.BodyResponse{Status: status, API: api.Name, Method: http.MethodHead, URL: path}
				cands := reg.DocumentedBodies(b)
				want := ""
				if len(cands) == 1 {
					want = cands[0].ID()
				}
				r := Check(Response{Status: status, API: api.Name, Method: http.MethodHead, URL: path})
				got := ""
				if r.BodyEntry != nil {
					got = r.BodyEntry.ID()
					named++
				}
				if got != want {
					t.Errorf("%s HEAD %s %d: entry %q, want %q (of %d candidates)", api.Name, path, status, got, want, len(cands))
				}
				if r := Check(Response{Status: status, Method: http.MethodHead, URL: path}); r.BodyEntry != nil {
					t.Errorf("HEAD %s %d without an API: named %s", path, status, r.BodyEntry.ID())
				}
			}
		}
	}
	if named == 0 {
		t.Error("no HEAD response was named: the test checks nothing")
	}
}
