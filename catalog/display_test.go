package catalog

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
)

// A dialect that sends coding.version "1", and an entry whose display the
// service builds per request, as the PDS proxy does.
var (
	versionedDialect = &Dialect{Name: "versioned", FHIR: operationoutcome.R4, ID: IDNone, LastUpdated: Prohibited,
		Display: Required, Expression: Prohibited, CodingVersion: Required, CodingVersionSent: "1", Formats: []string{"json"}}
	displaySystem = &CodeSystem{Name: "r4", URL: "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", Concepts: []Concept{{Code: "ACCESS_DENIED"}}}
	displayEntry  = &Entry{
		API: "door", Name: "RESOURCE_RESTRICTED", Dialect: versionedDialect, Status: 403,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueForbidden, System: displaySystem, Code: "ACCESS_DENIED",
		Display:         "Cannot {verb} resource with {accessMode} access token",
		DisplayTemplate: MustParseTemplate("Cannot {verb} resource with {accessMode} access token"),
		Diagnostics:     MustParseTemplate("Your app ({accessMode}) has insufficient permissions."),
		Params:          []Param{{Name: "verb", Type: "string"}, {Name: "accessMode", Type: "string"}},
	}
)

func TestDisplayTemplateEmit(t *testing.T) {
	e := New(displayEntry, "GET", "user-restricted")
	oo := e.OperationOutcome()
	want := &operationoutcome.OperationOutcome{Issue: []operationoutcome.Issue{{
		Severity: operationoutcome.SeverityError, Code: operationoutcome.IssueForbidden,
		Details: &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{
			System: displaySystem.URL, Version: "1", Code: "ACCESS_DENIED", Display: "Cannot GET resource with user-restricted access token",
		}}},
		Diagnostics: "Your app (user-restricted) has insufficient permissions.",
	}}}
	if diff := cmp.Diff(want, oo); diff != "" {
		t.Errorf("OperationOutcome (-want +got):\n%s", diff)
	}
	if got, want := e.AppendJSON(nil), oo.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Errorf("AppendJSON = %s\nwant %s", got, want)
	}
	if got := e.Display(); got != "Cannot GET resource with user-restricted access token" {
		t.Errorf("Display() = %q", got)
	}
	// Without diagnostics the message shows the display, filled in.
	bare := *displayEntry
	bare.Diagnostics = nil
	if got, want := New(&bare, "PATCH", "app").Error(), "door: 403 ACCESS_DENIED: Cannot PATCH resource with app access token"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestDisplayTemplateIdentify(t *testing.T) {
	reg := NewRegistry(nil, []*Entry{displayEntry})
	tests := []struct {
		name       string
		display    string
		diag       string
		wantParams map[string]string
		wantDiffs  []Difference
	}{
		{"filled", "Cannot POST resource with application-restricted access token", "Your app (application-restricted) has insufficient permissions.",
			map[string]string{"verb": "POST", "accessMode": "application-restricted"}, nil},
		{"another display", "Access Denied", "Your app (x) has insufficient permissions.",
			map[string]string{"accessMode": "x"}, []Difference{{Field: "display", Want: []string{displayEntry.Display}, Got: "Access Denied"}}},
		{"one parameter, two values", "Cannot GET resource with user-restricted access token", "Your app (patient-access) has insufficient permissions.",
			map[string]string{"verb": "GET", "accessMode": "user-restricted"}, []Difference{{
				Field: "diagnostics", Want: []string{displayEntry.Diagnostics.String()}, Got: "Your app (patient-access) has insufficient permissions.",
				Note: `{accessMode} is "user-restricted" in the display and "patient-access" in the diagnostics`,
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := reg.Identify(issue("error", "forbidden", displaySystem.URL, "ACCESS_DENIED", tt.display, tt.diag), Evidence{Status: 403})
			if !ok || m.Entry != displayEntry {
				t.Fatalf("Identify = %v, %v", m.Entry, ok)
			}
			if diff := cmp.Diff(tt.wantParams, m.Params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDiffs, m.Differences); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
		})
	}
}
