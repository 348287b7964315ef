package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
)

// TestIdentifyTypedParams: a value that breaks its parameter's type is a
// diagnostics difference, and the error read back reports it.
func TestIdentifyTypedParams(t *testing.T) {
	reg := NewRegistry([]*CodeSystem{testSystem}, []*Entry{testSearchEntry})
	sys := testSystem.URL
	tests := []struct {
		name      string
		diag      string
		wantDiffs []Difference
	}{
		{"valid NHS number", "The given NHS number could not be found 9434765919", nil},
		{"wrong check digit", "The given NHS number could not be found 9434765918", []Difference{{
			Field: "diagnostics", Want: []string{"The given NHS number could not be found {nhsNumber}"},
			Got:  "The given NHS number could not be found 9434765918",
			Note: `{nhsNumber}: "9434765918" is not of type nhs-number (10 digits whose last is the modulus 11 check digit of the first nine)`,
		}}},
		{"not a number", "The given NHS number could not be found two", []Difference{{
			Field: "diagnostics", Want: []string{"The given NHS number could not be found {nhsNumber}"},
			Got:  "The given NHS number could not be found two",
			Note: `{nhsNumber}: "two" is not of type nhs-number (10 digits whose last is the modulus 11 check digit of the first nine)`,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := reg.Identify(issue("error", "not-found", sys, "NO_RECORD_FOUND", "No record found", tt.diag), Evidence{Status: 404})
			if !ok || m.Entry != testSearchEntry {
				t.Fatalf("Identify = %v, %v; want %s", m.Entry, ok, testSearchEntry.Name)
			}
			if d := cmp.Diff(tt.wantDiffs, m.Differences); d != "" {
				t.Errorf("differences (-want +got):\n%s", d)
			}
			err := m.Error(404, nil, 0)
			if got := err.ValidateParams() == nil; got != (tt.wantDiffs == nil) {
				t.Errorf("ValidateParams() = %v", err.ValidateParams())
			}
		})
	}
	// A constructor accepts what it accepts; the value is still checked.
	if err := New(testSearchEntry, "not a number").ValidateParams(); err == nil {
		t.Error("ValidateParams accepted a constructed error with a bad NHS number")
	}
	if err := New(testSearchEntry, "9434765919").ValidateParams(); err != nil {
		t.Errorf("ValidateParams = %v for a valid NHS number", err)
	}
}

// Two coding-less validation errors told apart by diagnostics and
// expression, as EPS sends them; and an outcome of several issues whose
// status is its dialect's status rule's, not the entry's.
var (
	testRuleDialect = &Dialect{Name: "test-r4", FHIR: operationoutcome.R4,
		StatusRule: &StatusRule{Every: []StatusCase{{IssueType: operationoutcome.IssueForbidden, Status: 403}}, Otherwise: 400}}
	testMissingValue = &Entry{API: "test", Name: "MISSING_VALUE", Dialect: testRuleDialect, Status: 400,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueValue,
		Diagnostics: MustParseTemplate("Expected MedicationRequest to have a value for {field}."),
		Expression:  []*Template{MustParseTemplate("Bundle.entry.resource.ofType(MedicationRequest).{field}")},
		Params:      []Param{{Name: "field", Type: "string"}}}
	testMissingField = &Entry{API: "test", Name: "MISSING_FIELD", Dialect: testRuleDialect, Status: 400,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueValue,
		Diagnostics: MustParseTemplate("Required field {path} is missing."),
		Params:      []Param{{Name: "path", Type: "string"}}}
)

func TestIdentifyByExpression(t *testing.T) {
	reg := NewRegistry(nil, []*Entry{testMissingValue, testMissingField})
	const diag = "Expected MedicationRequest to have a value for statusReason."
	tests := []struct {
		name      string
		expr      []string
		wantDiffs []Difference
	}{
		{"matching expression", []string{"Bundle.entry.resource.ofType(MedicationRequest).statusReason"}, nil},
		{"no expression", nil, nil},
		{"another field", []string{"Bundle.entry.resource.ofType(MedicationRequest).intent"}, []Difference{{
			Field: "expression", Want: []string{"Bundle.entry.resource.ofType(MedicationRequest).{field}"},
			Got:  "Bundle.entry.resource.ofType(MedicationRequest).intent",
			Note: `{field} is "statusReason" in the diagnostics and "intent" in the expression`,
		}}},
		{"another resource", []string{"Task.statusReason"}, []Difference{{
			Field: "expression", Want: []string{"Bundle.entry.resource.ofType(MedicationRequest).{field}"}, Got: "Task.statusReason",
		}}},
		{"two expressions", []string{"a", "b"}, []Difference{{
			Field: "expression", Want: []string{"Bundle.entry.resource.ofType(MedicationRequest).{field}"}, Got: "a, b",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iss := &operationoutcome.Issue{Severity: "error", Code: "value", Diagnostics: diag, Expression: tt.expr}
			m, ok := reg.Identify(iss, Evidence{Status: 400})
			if !ok || m.Entry != testMissingValue {
				t.Fatalf("Identify = %v, %v; want %s", m.Entry, ok, testMissingValue.Name)
			}
			if d := cmp.Diff(tt.wantDiffs, m.Differences); d != "" {
				t.Errorf("differences (-want +got):\n%s", d)
			}
			if d := cmp.Diff(map[string]string{"field": "statusReason"}, m.Params); d != "" && tt.wantDiffs == nil {
				t.Errorf("params (-want +got):\n%s", d)
			}
		})
	}
	got := New(testMissingValue, "statusReason").OperationOutcome().Issue[0].Expression
	if d := cmp.Diff([]string{"Bundle.entry.resource.ofType(MedicationRequest).statusReason"}, got); d != "" {
		t.Errorf("constructed expression (-want +got):\n%s", d)
	}
}

func TestIdentifyUnderStatusRule(t *testing.T) {
	reg := NewRegistry(nil, []*Entry{testMissingValue})
	iss := &operationoutcome.Issue{Severity: "error", Code: "value", Diagnostics: "Expected MedicationRequest to have a value for x."}
	// One issue: the entry's own status is compared.
	if m, _ := reg.Identify(iss, Evidence{Status: 403, Issues: 1}); len(m.Differences) != 1 || m.Differences[0].Field != "status" {
		t.Errorf("one issue under 403: differences %+v, want a status difference", m.Differences)
	}
	// Several issues: the dialect's rule decides the status, not the entry.
	if m, _ := reg.Identify(iss, Evidence{Status: 403, Issues: 2}); len(m.Differences) != 0 {
		t.Errorf("two issues under 403: differences %+v, want none", m.Differences)
	}
}

// Two APIs may document the same coding alike, each under its own profile:
// of the candidates that fit equally, the one whose dialect's profile the
// response carries comes first.
func TestIdentifyPrefersTheProfile(t *testing.T) {
	d1 := &Dialect{Name: "one", Profile: "https://example.org/StructureDefinition/One"}
	d2 := &Dialect{Name: "two", Profile: "https://example.org/StructureDefinition/Two"}
	entry := func(api string, d *Dialect) *Entry {
		return &Entry{API: api, Name: "NOT_FOUND", Dialect: d, Status: 404, Severity: "error", IssueType: "not-found",
			System: testSystem, Code: "NO_RECORD_FOUND", Display: "No record found"}
	}
	one, two := entry("one", d1), entry("two", d2)
	reg := NewRegistry([]*CodeSystem{testSystem}, []*Entry{one, two})
	iss := issue("error", "not-found", testSystem.URL, "NO_RECORD_FOUND", "No record found", "")
	for _, tt := range []struct {
		profiles []string
		want     *Entry
	}{{nil, one}, {[]string{d1.Profile}, one}, {[]string{d2.Profile}, two}} {
		m, ok := reg.Identify(iss, Evidence{Status: 404, Profiles: tt.profiles})
		if !ok || m.Entry != tt.want {
			t.Errorf("profiles %v: identified %v, want %s", tt.profiles, m.Entry, tt.want.API)
		}
	}
	// With nothing known of where it came from, an issue two APIs document
	// just as well is neither's; the profile still decides.
	for _, tt := range []struct {
		ev   Evidence
		want *Entry
	}{{Evidence{Status: 404, Exact: true}, nil}, {Evidence{Status: 404, Exact: true, NoProfile: true}, nil}, {Evidence{Status: 404, Exact: true, Profiles: []string{d2.Profile}}, two}} {
		m, ok := reg.Identify(iss, tt.ev)
		if ok != (tt.want != nil) || ok && m.Entry != tt.want {
			t.Errorf("%+v: identified %v (%v), want %v", tt.ev, m.Entry, ok, tt.want)
		}
	}
}

// Diagnostics the sources leave undocumented are never a difference, but
// their values are read when they fit the template.
func TestIdentifyUndocumentedDiagnostics(t *testing.T) {
	e := &Entry{API: "test", Name: "BAD_REQUEST", Status: 400, Severity: "error", IssueType: "invalid",
		System: testSystem, Code: "NO_RECORD_FOUND", Display: "No record found",
		Diagnostics: MustParseTemplate("Bad request: {detail}"), Params: []Param{{Name: "detail", Type: "text"}},
		Undocumented: []string{"diagnostics"}}
	reg := NewRegistry([]*CodeSystem{testSystem}, []*Entry{e})
	for _, tt := range []struct {
		diag string
		want map[string]string
	}{{"Bad request: no JWT", map[string]string{"detail": "no JWT"}}, {"something else", nil}, {"", nil}} {
		m, ok := reg.Identify(issue("error", "invalid", testSystem.URL, "NO_RECORD_FOUND", "No record found", tt.diag), Evidence{Status: 400})
		if !ok || len(m.Differences) != 0 {
			t.Fatalf("%q: identified %v with differences %+v", tt.diag, ok, m.Differences)
		}
		if d := cmp.Diff(tt.want, m.Params); d != "" {
			t.Errorf("%q: params (-want +got):\n%s", tt.diag, d)
		}
	}
}
