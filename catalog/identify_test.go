package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
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
			m, ok := reg.Identify(issue("error", "not-found", sys, "NO_RECORD_FOUND", "No record found", tt.diag), Context{Status: 404})
			if !ok || m.Entry != testSearchEntry {
				t.Fatalf("Identify = %v, %v; want %s", m.Entry, ok, testSearchEntry.Name)
			}
			if d := cmp.Diff(tt.wantDiffs, m.Differences); d != "" {
				t.Errorf("differences (-want +got):\n%s", d)
			}
			err := m.Error(404, nil, 0)
			if got := err.CheckParams() == nil; got != (tt.wantDiffs == nil) {
				t.Errorf("CheckParams() = %v", err.CheckParams())
			}
		})
	}
	// A constructor accepts what it accepts; the value is still checked.
	if err := New(testSearchEntry, "not a number").CheckParams(); err == nil {
		t.Error("CheckParams accepted a constructed error with a bad NHS number")
	}
	if err := New(testSearchEntry, "9434765919").CheckParams(); err != nil {
		t.Errorf("CheckParams = %v for a valid NHS number", err)
	}
}
