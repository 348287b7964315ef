package catalog

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/operationoutcome"
)

var (
	testSystem  = &CodeSystem{Name: "spine-stu3", URL: "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", Kind: "CodeSystem", Concepts: []Concept{{Code: "NO_RECORD_FOUND", Display: "No record found"}}}
	testDialect = &Dialect{Name: "nrl-stu3", API: "nrl", FHIR: operationoutcome.STU3, Profile: "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1", ProfileRule: Required, ID: IDUUIDDigits20, LastUpdated: Prohibited, Display: Required}
	testEntry   = &Entry{
		API: "nrl", Name: "NO_RECORD_FOUND_DOCUMENT_REFERENCE", GoName: "NoRecordFoundDocumentReference", Dialect: testDialect,
		Status: 404, Body: BodyOperationOutcome, Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueNotFound,
		System: testSystem, Code: "NO_RECORD_FOUND", Display: "No record found",
		Diagnostics: MustParseTemplate("No record found for supplied DocumentReference identifier - {id}"),
		Params:      []Param{{Name: "id", Type: "string"}},
		Hint:        "Check the id. Then retry.",
		Variants: []Variant{
			{Name: "en-dash", Diagnostics: MustParseTemplate("No record found for supplied DocumentReference identifier – {id}")},
			{Name: "ri-display", Display: Ptr("No Record Found")},
			{Name: "warning", Severity: operationoutcome.SeverityWarning},
			{Name: "other-coding", Code: "RESOURCE_NOT_FOUND", Display: Ptr("Resource not found")},
		},
	}
	testSearchEntry = &Entry{
		API: "nrl", Name: "NO_RECORD_FOUND_NHS_NUMBER", Dialect: testDialect, Status: 404, Body: BodyOperationOutcome,
		Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueNotFound, System: testSystem,
		Code: "NO_RECORD_FOUND", Display: "No record found",
		Diagnostics: MustParseTemplate("The given NHS number could not be found {nhsNumber}"),
		Params:      []Param{{Name: "nhsNumber", Type: "nhs-number"}},
	}
)

func TestErrorIs(t *testing.T) {
	sentinel := Sentinel(testEntry)
	err := fmt.Errorf("fetching pointer: %w", New(testEntry, "abc"))
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(wrapped error, sentinel) = false")
	}
	if errors.Is(err, Sentinel(testSearchEntry)) {
		t.Errorf("errors.Is matched another entry with the same code")
	}
	if errors.Is(&Error{}, &Error{}) {
		t.Errorf("an unidentified error must not be Is another")
	}
	e, ok := FromError(err)
	if !ok || e.Param("id") != "abc" {
		t.Fatalf("FromError = %v, %v; want the error with id abc", e, ok)
	}
	if diff := cmp.Diff(map[string]string{"id": "abc"}, e.Params()); diff != "" {
		t.Errorf("Params (-want +got):\n%s", diff)
	}
}

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 200},
		{io.EOF, 500},
		{New(testEntry, "x"), 404},
		{fmt.Errorf("wrapped: %w", New(testEntry, "x")), 404},
		{New(&Entry{API: "nrl", Name: "ACCESS_DENIED"}), 500}, // status not stated
	}
	for _, tt := range tests {
		if got := HTTPStatus(tt.err); got != tt.want {
			t.Errorf("HTTPStatus(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	got := New(testEntry, "abc").Error()
	want := "nrl: 404 NO_RECORD_FOUND: No record found for supplied DocumentReference identifier - abc (hint: Check the id.)"
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestOperationOutcome(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }
	ids := func(IDPolicy) string { return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000001" }
	got := New(testEntry, "abc").OperationOutcome(WithClock(clock), WithIDSource(ids))
	want := &operationoutcome.OperationOutcome{
		ID:   "5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000001",
		Meta: &operationoutcome.Meta{Profile: []string{"https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"}},
		Issue: []operationoutcome.Issue{{
			Severity: "error", Code: "not-found",
			Details:     &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: testSystem.URL, Code: "NO_RECORD_FOUND", Display: "No record found"}}},
			Diagnostics: "No record found for supplied DocumentReference identifier - abc",
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OperationOutcome (-want +got):\n%s", diff)
	}
	if got := New(&Entry{Body: BodyNone, Status: 401}).OperationOutcome(); got != nil {
		t.Errorf("an empty-body entry built an OperationOutcome: %+v", got)
	}
}

func TestNewID(t *testing.T) {
	id := NewID(IDUUIDDigits20)
	if len(id) != 36+1+20 {
		t.Fatalf("NewID(uuid-digits20) = %q, want 57 characters", id)
	}
	for _, c := range id[37:] {
		if c < '0' || c > '9' {
			t.Fatalf("NewID(uuid-digits20) = %q: suffix is not 20 digits", id)
		}
	}
	if id[14] != '4' {
		t.Errorf("NewID = %q, not a version 4 UUID", id)
	}
	if a, b := NewID(IDUUID), NewID(IDUUID); a == b {
		t.Errorf("NewID returned the same id twice")
	}
}

func issue(sev, code, system, coding, display, diag string) *operationoutcome.Issue {
	return &operationoutcome.Issue{
		Severity: operationoutcome.Severity(sev), Code: operationoutcome.IssueType(code),
		Details:     &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: system, Code: coding, Display: display}}},
		Diagnostics: diag,
	}
}

func TestIdentify(t *testing.T) {
	reg := NewRegistry([]*CodeSystem{testSystem}, []*Entry{testSearchEntry, testEntry})
	sys := testSystem.URL
	tests := []struct {
		name         string
		iss          *operationoutcome.Issue
		status       int
		wantEntry    *Entry
		wantVariants []string
		wantParams   map[string]string
		wantDiffs    []Difference
	}{
		{"docref", issue("error", "not-found", sys, "NO_RECORD_FOUND", "No record found", "No record found for supplied DocumentReference identifier - 42"), 404,
			testEntry, nil, map[string]string{"id": "42"}, nil},
		{"nhs number", issue("error", "not-found", sys, "NO_RECORD_FOUND", "No record found", "The given NHS number could not be found 9434765919"), 404,
			testSearchEntry, nil, map[string]string{"nhsNumber": "9434765919"}, nil},
		{"variants", issue("warning", "not-found", sys, "NO_RECORD_FOUND", "No Record Found", "No record found for supplied DocumentReference identifier – 42"), 404,
			testEntry, []string{"warning", "ri-display", "en-dash"}, map[string]string{"id": "42"}, nil},
		{"a variant's display goes with its own code only", issue("error", "not-found", sys, "NO_RECORD_FOUND", "Resource not found", "No record found for supplied DocumentReference identifier - 42"), 404,
			testEntry, nil, map[string]string{"id": "42"}, []Difference{
				{Field: "display", Want: []string{"No record found", "No Record Found"}, Got: "Resource not found"},
			}},
		{"the variant's code with its display", issue("error", "not-found", sys, "RESOURCE_NOT_FOUND", "Resource not found", "No record found for supplied DocumentReference identifier - 42"), 404,
			testEntry, []string{"other-coding"}, map[string]string{"id": "42"}, nil},
		{"wrong status and display", issue("error", "not-found", sys, "NO_RECORD_FOUND", "Not here", "No record found for supplied DocumentReference identifier - 42"), 400,
			testEntry, nil, map[string]string{"id": "42"}, []Difference{
				{Field: "status", Want: []string{"404"}, Got: "400"},
				{Field: "display", Want: []string{"No record found", "No Record Found"}, Got: "Not here"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := reg.Identify(tt.iss, Evidence{Status: tt.status})
			if !ok {
				t.Fatal("not identified")
			}
			if m.Entry != tt.wantEntry {
				t.Errorf("entry = %s, want %s", m.Entry.Name, tt.wantEntry.Name)
			}
			var names []string
			for _, v := range m.Variants {
				names = append(names, v.Name)
			}
			if diff := cmp.Diff(tt.wantVariants, names); diff != "" {
				t.Errorf("variants (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantParams, m.Params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDiffs, m.Differences); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := reg.Identify(issue("error", "invalid", sys, "NOT_A_CODE", "", ""), Evidence{}); ok {
		t.Errorf("an unknown code was identified")
	}
}

func TestFromOutcome(t *testing.T) {
	reg := NewRegistry(nil, []*Entry{testEntry, testSearchEntry})
	oo := &operationoutcome.OperationOutcome{Issue: []operationoutcome.Issue{
		*issue("information", "informational", "urn:x", "NOTE", "", "a note"),
		*issue("error", "not-found", testSystem.URL, "NO_RECORD_FOUND", "No record found", "The given NHS number could not be found 9434765919"),
	}}
	err := reg.FromOutcome(http.StatusNotFound, oo, Evidence{})
	if !errors.Is(err, Sentinel(testSearchEntry)) {
		t.Fatalf("FromOutcome = %v, want the NHS number entry", err)
	}
	if err.Param("nhsNumber") != "9434765919" || err.Received() != oo || err.HTTPStatus() != 404 {
		t.Errorf("FromOutcome lost the parameter, the outcome or the status: %v", err)
	}
	unknown := reg.FromOutcome(418, &operationoutcome.OperationOutcome{Issue: []operationoutcome.Issue{*issue("error", "invalid", "urn:x", "TEAPOT", "", "short and stout")}}, Evidence{})
	if unknown.Entry() != nil || unknown.HTTPStatus() != 418 || unknown.Received() == nil {
		t.Errorf("an unknown code must give an error with no entry that keeps status and outcome: %+v", unknown)
	}
	if got, want := unknown.Error(), "418 TEAPOT: short and stout"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
