package validate

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/operationoutcome"
)

// uncatalogued is a response of an API the catalogue does not cover,
// written for this test: the Clinic Appointments API, the team's own API of
// examples/own-catalog (docs/own-catalog.md), as its catalogue documents
// it, checked without that catalogue. Its errors use the shipped Spine R4
// code system and no profile, as many APIs' do. PDS FHIR, the e-RS Patient
// Care API, GP Connect and EPS, once in this list, are catalogued now:
// their responses are in catalogued_test.go and their packages' tests.
type uncatalogued struct {
	name   string
	status int
	ct     string
	body   string
	// want lists the error findings the response must get (structure
	// errors, codes no catalogued system defines); any other error fails.
	want []string
	// info lists rules the report must also hold, at any severity.
	info []string
}

const (
	r4Spine   = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode"
	r4SpineCS = "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode"
	stu3Spine = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"
	gpcProf   = "https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1"
)

// oneIssue builds an OperationOutcome with one issue; meta is "" or the
// members of meta; coding is "" or the members of the one coding.
func oneIssue(top, severity, issueType, coding, diagnostics string) string {
	var b strings.Builder
	b.WriteString(`{"resourceType": "OperationOutcome",`)
	if top != "" {
		b.WriteString(top + ",")
	}
	b.WriteString(`"issue": [{"severity": "` + severity + `", "code": "` + issueType + `"`)
	if coding != "" {
		b.WriteString(`, "details": {"coding": [{` + coding + `}]}`)
	}
	if diagnostics != "" {
		b.WriteString(`, "diagnostics": "` + diagnostics + `"`)
	}
	b.WriteString(`}]}`)
	return b.String()
}

func coding(system, version, code, display string) string {
	parts := []string{`"system": "` + system + `"`}
	if version != "" {
		parts = append(parts, `"version": "`+version+`"`)
	}
	parts = append(parts, `"code": "`+code+`"`)
	if display != "" {
		parts = append(parts, `"display": "`+display+`"`)
	}
	return strings.Join(parts, ", ")
}

func uncataloguedCases() []uncatalogued {
	const fhirJSON = "application/fhir+json"
	return []uncatalogued{
		// The Clinic Appointments API (R4): no id, no meta, Spine R4 codes
		// with its own displays and diagnostics.
		{name: "appointments/404 APPOINTMENT_NOT_FOUND", status: 404, ct: fhirJSON,
			body: oneIssue("", "error", "not-found", coding(r4SpineCS, "", "RESOURCE_NOT_FOUND", "Resource not found"), "Appointment 4f1c2e9a not found"),
			info: []string{RuleCatalogConcept}},
		{name: "appointments/409 SLOT_UNAVAILABLE", status: 409, ct: fhirJSON,
			body: oneIssue("", "error", "conflict", coding(r4SpineCS, "", "INVALID_UPDATE", "Invalid update"), "Slot slot-0930 is no longer free"),
			info: []string{RuleCatalogConcept}},
		{name: "appointments/400 INVALID_REQUEST_ID", status: 400, ct: fhirJSON,
			body: oneIssue("", "error", "value", coding(r4SpineCS, "", "INVALID_VALUE", "Invalid value"), "Invalid X-Request-ID header 'request-1': it must be a UUID"),
			info: []string{RuleCatalogConcept}},
		{name: "appointments/405 METHOD_NOT_ALLOWED", status: 405, ct: fhirJSON,
			body: oneIssue("", "error", "not-supported", coding(r4SpineCS, "", "INVALID_METHOD", "Invalid method"), "Method not allowed on this endpoint"),
			info: []string{RuleCatalogConcept}},
		{name: "appointments/500 SERVER_ERROR", status: 500, ct: fhirJSON,
			body: oneIssue("", "fatal", "exception", coding(r4SpineCS, "", "FAILURE_TO_PROCESS_MESSAGE", "Failure to process message"), "Internal error"),
			info: []string{RuleCatalogConcept}},
		// What is wrong is still found: an issue type FHIR does not have,
		// and a code no catalogued system defines.
		{name: "appointments/409 with a misspelt issue type", status: 409, ct: fhirJSON,
			body: oneIssue("", "error", "conflicted", coding(r4SpineCS, "", "INVALID_UPDATE", "Invalid update"), "Slot slot-0930 is no longer free"),
			want: []string{RuleFHIRCode}},
		{name: "appointments/409 with a code of its own under the Spine URL", status: 409, ct: fhirJSON,
			body: oneIssue("", "error", "conflict", coding(r4SpineCS, "", "SLOT_TAKEN", "Slot taken"), "Slot slot-0930 is no longer free"),
			want: []string{RuleCatalogUnknownCode}},
	}
}

// TestUncataloguedAPIs: a response of an API the catalogue does not cover
// is taken for no catalogued dialect and named as no entry, and gets no
// error that asks to change it into another API's; structure errors, and
// codes that no catalogued code system defines, are still found.
func TestUncataloguedAPIs(t *testing.T) {
	reg := all.Registry()
	for _, tc := range uncataloguedCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(Response{Status: tc.status, Header: http.Header{"Content-Type": {tc.ct}}, Body: []byte(tc.body)})
			if r.Dialect != "" || r.API != "" {
				t.Errorf("detected %s/%s (%s); want no dialect", r.API, r.Dialect, r.Reason)
			}
			for _, is := range r.Issues {
				if is.Entry != "" {
					t.Errorf("issue %s|%s named as %s", is.System, is.Code, is.Entry)
				}
			}
			var errs []string
			for _, f := range r.Errors() {
				errs = append(errs, f.Rule)
				if f.Rule == RuleCatalogUnknownCode {
					// An error only for a code that no catalogued system defines.
					for _, is := range r.Issues {
						if defs := reg.Defining(is.Code); len(defs) > 0 {
							t.Errorf("%s for %q, which %s defines: %s", f.Rule, is.Code, defs[0].URL, f.Message)
						}
					}
				}
				if strings.HasPrefix(f.Rule, "dialect.") || (strings.HasPrefix(f.Rule, "catalog.") && f.Rule != RuleCatalogUnknownCode) {
					t.Errorf("error %s @ %s: %s", f.Rule, f.Location, f.Message)
				}
				for _, e := range reg.Entries() {
					if strings.Contains(f.Message, e.ID()) {
						t.Errorf("error %s names the entry %s: %s", f.Rule, e.ID(), f.Message)
						break
					}
				}
			}
			if !slices.Equal(uniq(errs), tc.want) {
				t.Errorf("error rules %v, want %v:\n%s", uniq(errs), tc.want, dump(r.Findings))
			}
			for _, rule := range tc.info {
				if !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Rule == rule }) {
					t.Errorf("no %s finding:\n%s", rule, dump(r.Findings))
				}
			}
			if !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Rule == RuleDialectUnknown }) {
				t.Errorf("no dialect.unknown finding:\n%s", dump(r.Findings))
			}
			checkInvariants(t, r)
		})
	}
}

// TestPinnedVersion: a code that the version a dialect pins lacks is
// information naming the versions that have it; the response stays
// conformant and identified.
func TestPinnedVersion(t *testing.T) {
	const url, profile = "https://example.org/CodeSystem/shop", "https://example.org/StructureDefinition/Shop-OperationOutcome"
	cs := &catalog.CodeSystem{Name: "shop", URL: url, Kind: "CodeSystem", Title: "Shop codes",
		Versions: []catalog.CodeSystemVersion{{Version: "1.0.0", Date: "2020-01-01"}, {Version: "2.0.0", Date: "2021-01-01"}},
		Concepts: []catalog.Concept{{Code: "OLD", Display: "Old"}, {Code: "NEW", Display: "New", Versions: []string{"2.0.0"}}}}
	d := &catalog.Dialect{Name: "shop-r4", API: "shop", FHIR: operationoutcome.R4, Profile: profile, ProfileRule: catalog.Required,
		ID: catalog.IDNone, LastUpdated: catalog.Optional, Display: catalog.Optional, Expression: catalog.Optional, CodingVersion: catalog.Optional,
		Systems: []string{url}, Pins: []catalog.Pin{{System: url, Version: "1.0.0"}}}
	var entries []*catalog.Entry
	for _, code := range []string{"OLD", "NEW"} {
		entries = append(entries, &catalog.Entry{API: "shop", Name: code, Dialect: d, Status: 400, Body: catalog.BodyOperationOutcome,
			Severity: operationoutcome.SeverityError, IssueType: operationoutcome.IssueInvalid, System: cs, Code: code})
	}
	chk := New(Options{Registry: catalog.NewRegistry([]*catalog.CodeSystem{cs}, entries)})
	for _, tc := range []struct {
		code    string
		version string
		want    []string // information messages of catalog.code-version
	}{
		{"OLD", "", nil},
		{"NEW", "", []string{`code "NEW" is not in version 1.0.0 of ` + url + `, the version the shop-r4 dialect uses; version 2.0.0 defines it`}},
		{"NEW", "2.0.0", []string{`code "NEW" is not in version 1.0.0 of ` + url + `, the version the shop-r4 dialect uses; version 2.0.0 defines it`}},
		{"OLD", "3", []string{`coding.version "3" names no published version of ` + url + ` (its versions are 1.0.0, 2.0.0); versions 1.0.0, 2.0.0 define it`}},
	} {
		body := oneIssue(`"meta": {"profile": ["`+profile+`"]}`, "error", "invalid", coding(url, tc.version, tc.code, ""), "")
		r := chk.Check(Response{Status: 400, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: []byte(body)})
		if r.Dialect != "shop-r4" || len(r.Issues) != 1 || r.Issues[0].Entry != "shop."+tc.code || !r.Conformant {
			t.Errorf("%s %q: dialect %q, issues %+v, conformant %v:\n%s", tc.code, tc.version, r.Dialect, r.Issues, r.Conformant, dump(r.Findings))
		}
		var got []string
		for _, f := range r.Findings {
			if f.Rule == RuleCatalogCodeVersion {
				got = append(got, f.Message)
				if f.Severity != Information {
					t.Errorf("%s is %s, want information", f.Rule, f.Severity)
				}
			}
		}
		if d := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s %q: catalog.code-version messages (-want +got):\n%s", tc.code, tc.version, d)
		}
	}
}

// TestTypedParameter: a value that breaks its parameter's type is a
// catalog.diagnostics error that says which and why.
func TestTypedParameter(t *testing.T) {
	oo := nrlf.InvalidResourceCategoryLength(2).OperationOutcome()
	for _, tc := range []struct {
		count string
		want  string
	}{
		{"3", ""},
		{"two", `it matches the template, but {count}: "two" is not of type int (a whole number in decimal digits, optionally signed)`},
	} {
		oo.Issue[0].Diagnostics = "Invalid category length: " + tc.count + " Category must only contain a single value"
		r := Check(Response{Status: 400, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: oo.AppendJSON(nil)})
		if len(r.Issues) != 1 || r.Issues[0].Entry != "nrlf.INVALID_RESOURCE_CATEGORY_LENGTH" {
			t.Fatalf("count %s: issues %+v (%s)", tc.count, r.Issues, r.Reason)
		}
		var got string
		for _, f := range r.Errors() {
			if f.Rule == RuleCatalogDiagnostics {
				got = f.Message
			}
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("count %s: catalog.diagnostics %q, want it to say %q", tc.count, got, tc.want)
		}
	}
}
