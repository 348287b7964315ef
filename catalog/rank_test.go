package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Two APIs document the same coding alike; the received meta.profile says
// whose response it is, when FromOutcome has the whole OperationOutcome.
func TestFromOutcomeRanksByProfile(t *testing.T) {
	sys := &CodeSystem{Name: "http-error-codes", URL: "https://fhir.nhs.uk/CodeSystem/http-error-codes", Concepts: []Concept{{Code: "REC_NOT_FOUND"}}}
	const profile = "https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"
	plain := &Dialect{Name: "plain", ProfileRule: Prohibited,
		Variants: []DialectVariant{{Name: "old-example", Profile: Ptr("https://example.org/other-profile")}}}
	profiled := &Dialect{Name: "profiled", Profile: profile, ProfileRule: Required}
	entry := func(api string, d *Dialect) *Entry {
		return &Entry{API: api, Name: "REC_NOT_FOUND", Dialect: d, Status: 404, Severity: operationoutcome.SeverityError,
			IssueType: operationoutcome.IssueNotFound, System: sys, Code: "REC_NOT_FOUND"}
	}
	first, second := entry("first", plain), entry("second", profiled)
	reg := NewRegistry(nil, []*Entry{first, second})
	tests := []struct {
		name string
		meta *operationoutcome.Meta
		want string
	}{
		{"no meta: the dialect without a profile", nil, "first.REC_NOT_FOUND"},
		{"the second's own profile", &operationoutcome.Meta{Profile: []string{profile}}, "second.REC_NOT_FOUND"},
		{"a profile the first's variant allows", &operationoutcome.Meta{Profile: []string{"https://example.org/other-profile"}}, "first.REC_NOT_FOUND"},
	}
	for _, tt := range tests {
		oo := New(first).OperationOutcome()
		oo.Meta = tt.meta
		got := reg.FromOutcome(404, oo, Evidence{}).Entry().ID()
		if got != tt.want {
			t.Errorf("%s: identified as %s, want %s", tt.name, got, tt.want)
		}
	}
	// Identify knows no profile: registry order decides a tie.
	if m, _ := reg.Identify(&New(second).OperationOutcome().Issue[0], Evidence{Status: 404}); m.Entry != first {
		t.Errorf("Identify without a profile = %s, want the first entry added", m.Entry.ID())
	}
}

// A code the sources name without its system is that entry's under any
// system, and is sent without one.
func TestUndocumentedSystem(t *testing.T) {
	e := &Entry{API: "pc", Name: "GATEWAY_TIMEOUT", Status: 504, Severity: operationoutcome.SeverityError,
		IssueType: operationoutcome.IssueTimeout, Code: "GATEWAY_TIMEOUT", Undocumented: []string{"system", "issueType"}}
	reg := NewRegistry(nil, []*Entry{e})
	got := []bool{e.Codes("", "GATEWAY_TIMEOUT"), e.Codes("https://example.org/any", "GATEWAY_TIMEOUT"), e.Codes("", "OTHER")}
	if diff := cmp.Diff([]bool{true, true, false}, got); diff != "" {
		t.Errorf("Codes (-want +got):\n%s", diff)
	}
	m, ok := reg.Identify(issue("error", "exception", "https://example.org/any", "GATEWAY_TIMEOUT", "", ""), Evidence{Status: 504})
	if !ok || m.Entry != e || len(m.Differences) > 0 {
		t.Errorf("Identify = %v, %v, %v", m.Entry, ok, m.Differences)
	}
	want := []operationoutcome.Coding{{Code: "GATEWAY_TIMEOUT"}}
	if diff := cmp.Diff(want, New(e).OperationOutcome().Issue[0].Details.Coding); diff != "" {
		t.Errorf("coding sent (-want +got):\n%s", diff)
	}
}
