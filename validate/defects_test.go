package validate

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
)

// A catalogue of one API whose sources send invalid FHIR and JSON, each
// recorded as a documented defect on the dialect, a dialect variant, an
// entry or a variant.
func defectRegistry() *catalog.Registry {
	sys := &catalog.CodeSystem{Name: "door-codes", URL: "https://example.org/door-codes", Kind: "CodeSystem",
		Versions: []catalog.CodeSystemVersion{{Version: "1.0.0"}}, Concepts: []catalog.Concept{{Code: "DENIED"}, {Code: "BUSY"}}}
	dialect := &catalog.Dialect{Name: "door-r4", API: "door", FHIR: operationoutcome.R4, ProfileRule: catalog.Prohibited, ID: catalog.IDNone,
		LastUpdated: catalog.Prohibited, Display: catalog.Optional, Expression: catalog.Optional, CodingVersion: catalog.Optional,
		Formats: []string{"json"},
		Variants: []catalog.DialectVariant{{Name: "sandbox", Note: "The sandbox adds a member.", Defects: []catalog.Defect{
			{Name: "timestamp-member", Rule: "fhir.unknown-element", Element: "timestamp", Note: "The sandbox adds a timestamp", Sources: []string{"sandbox source"}},
		}}}}
	denied := &catalog.Entry{API: "door", Name: "DENIED", Dialect: dialect, Status: 403, Body: catalog.BodyOperationOutcome,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueForbidden, System: sys, Code: "DENIED",
		Expression: []*catalog.Template{catalog.MustParseTemplate(`http."Authorization"`)},
		Defects:    []catalog.Defect{{Name: "expression-string", Rule: "fhir.type", Element: "issue.expression", Note: "The proxy sends expression as a string", Sources: []string{"proxy source"}}},
		Variants: []catalog.Variant{{Name: "proxy-token", Note: "The proxy sends issue.code token.", IssueType: "token", Sources: []string{"policy source"},
			Defects: []catalog.Defect{{Name: "token-issue-type", Rule: "fhir.code", Element: "issue.code", Value: "token", Note: "token is no FHIR issue type.", Sources: []string{"policy source"}}}}}}
	busy := &catalog.Entry{API: "door", Name: "BUSY", Dialect: dialect, Status: 429, Body: catalog.BodyOperationOutcome,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueThrottled, System: sys, Code: "BUSY",
		Defects: []catalog.Defect{{Name: "trailing-comma", Rule: "syntax.trailing-comma", Note: "The template has a trailing comma", Sources: []string{"template source"}}}}
	catalog.NewAPI(&catalog.API{Name: "door"}, []*catalog.Entry{denied, busy})
	return catalog.NewRegistry([]*catalog.CodeSystem{sys}, []*catalog.Entry{denied, busy})
}

func TestDocumentedDefectsNamed(t *testing.T) {
	c := New(Options{Registry: defectRegistry()})
	const coding = `"details":{"coding":[{"system":"https://example.org/door-codes","code":"DENIED"}]}`
	tests := []struct {
		name   string
		status int
		body   string
		want   []string // rule, defect and the message's tail, of each error finding
	}{
		{"issue type of a variant's defect", 403,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"token",` + coding + `}]}`,
			[]string{`fhir.code token-issue-type door.DENIED (variant "proxy-token"): token is no FHIR issue type (policy source)`}},
		{"another invalid issue type is not the defect", 403,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"tokn",` + coding + `}]}`,
			[]string{"fhir.code  -"}},
		{"expression of the entry's defect", 403,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden",` + coding + `,"expression":"http.\"Authorization\""}]}`,
			[]string{`fhir.type expression-string door.DENIED: The proxy sends expression as a string (proxy source)`}},
		{"member of a dialect variant's defect", 403,
			`{"resourceType":"OperationOutcome","timestamp":"2024-01-01","issue":[{"severity":"error","code":"forbidden",` + coding + `}]}`,
			[]string{`fhir.unknown-element timestamp-member the door-r4 dialect (variant "sandbox"): The sandbox adds a timestamp (sandbox source)`}},
		{"syntax of the status's entry", 429,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"throttled","details":{"coding":[{"system":"https://example.org/door-codes","code":"BUSY",}]}}]}`,
			[]string{`syntax.trailing-comma trailing-comma door.BUSY: The template has a trailing comma (template source)`}},
		{"syntax of another status names nothing", 500,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"throttled","details":{"coding":[{"system":"https://example.org/door-codes","code":"BUSY",}]}}]}`,
			[]string{"syntax.trailing-comma  -"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := c.Check(Response{Status: tt.status, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: []byte(tt.body), API: "door"})
			var got []string
			for _, f := range rep.Errors() {
				named := "-"
				if _, tail, ok := strings.Cut(f.Message, "; a documented defect of "); ok {
					named = tail
				}
				got = append(got, strings.TrimSpace(f.Rule+" "+f.Defect+" "+named))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error findings (-want +got):\n%s\n%v", diff, rep.Findings)
			}
		})
	}
}

// Every defect the shipped catalogue documents names a rule the checker
// has, or no finding could ever name it.
func TestDefectRulesExist(t *testing.T) {
	rules := map[string]bool{}
	for _, r := range Rules {
		rules[r.ID] = true
	}
	check := func(owner string, ds []catalog.Defect) {
		for _, d := range ds {
			if !rules[d.Rule] {
				t.Errorf("%s: defect %s names rule %q, which the checker does not have (spinecat list --rules)", owner, d.Name, d.Rule)
			}
		}
	}
	for _, d := range all.Registry().Dialects() {
		check("dialect "+d.Name, d.Defects)
		for _, v := range d.Variants {
			check("dialect "+d.Name+" variant "+v.Name, v.Defects)
		}
	}
	for _, e := range all.Registry().Entries() {
		check(e.ID(), e.Defects)
		for _, v := range e.Variants {
			check(e.ID()+" variant "+v.Name, v.Defects)
		}
	}
}
