package pds_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/validate"
)

// outcome is a PDS OperationOutcome of one issue, coded under the /R4/
// Spine URL with coding.version "1", as PDS sends it; extra is added at the
// top level.
func outcome(extra, severity, issueType, code, display, diagnostics string) string {
	var b strings.Builder
	b.WriteString(`{"resourceType": "OperationOutcome", `)
	if extra != "" {
		b.WriteString(extra + ", ")
	}
	b.WriteString(`"issue": [{"severity": "` + severity + `", "code": "` + issueType + `", "details": {"coding": [{"system": "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "version": "1", "code": "` + code + `", "display": "` + display + `"}]}`)
	if diagnostics != "" {
		b.WriteString(`, "diagnostics": "` + diagnostics + `"`)
	}
	b.WriteString(`}]}`)
	return b.String()
}

// PDS responses, as the sources show them, are detected as PDS without the
// API given (those that EPS sends too, by the request URL) and identified
// as their entries; what a documented source
// sends that is not valid FHIR stays an error, named with its defect.
func TestChecker(t *testing.T) {
	const fhirJSON, plainJSON = "application/fhir+json", "application/json"
	// The proxy's token faults are EPS's too, whose proxy copies PDS's
	// templates: the body alone is either API's, and only the request URL,
	// under PDS's base path, says whose it is.
	const pdsURL = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009"
	tests := []struct {
		name, ct, body string
		status         int
		want           string // dialect, entry, variants and each error with its defect
		url            string // the request URL, where the body alone is not PDS's
	}{
		{"a bad birth date", fhirJSON, outcome("", "error", "value", "INVALID_VALUE", "Provided value is invalid", "Invalid value - '20101022' in field 'birthdate'"), 400,
			"pds-r4 pds.INVALID_VALUE_FIELD [] map[field:birthdate value:20101022] []", ""},
		{"too many matches, with HTTP 200", fhirJSON, outcome("", "information", "multiple-matches", "TOO_MANY_MATCHES", "Too Many Matches", ""), 200,
			"pds-r4 pds.TOO_MANY_MATCHES [] map[] []", ""},
		{"the legacy sandbox's too many matches", fhirJSON, outcome("", "information", "not-found", "TOO_MANY_MATCHES", "Too Many Matches", ""), 400,
			"pds-r4 pds.TOO_MANY_MATCHES [legacy-sandbox] map[] []", ""},
		{"not found, with severity information", fhirJSON, outcome("", "information", "not-found", "RESOURCE_NOT_FOUND", "Resource not found", ""), 404,
			"pds-r4 pds.RESOURCE_NOT_FOUND [] map[] []", ""},
		{"an invalid access token, from the proxy", plainJSON, outcome("", "error", "forbidden", "ACCESS_DENIED", "Access Denied - Unauthorised", "Invalid Access Token"), 401,
			"pds-proxy pds.ACCESS_DENIED_INVALID_TOKEN [] map[] []", pdsURL},
		{"an update with an application's token", plainJSON, outcome("", "error", "forbidden", "INVALID_METHOD", "Cannot update resource with application-restricted access token", "Your app has insufficient permissions to use this method. Please contact support."), 403,
			"pds-proxy pds.INVALID_METHOD [] map[accessMode:application-restricted operation:update] []", ""},
		{"the proxy's issue type token", plainJSON, outcome("", "error", "token", "INVALID_VALUE", "Cannot retrieve more than one result with application-restricted access token", "Your app has insufficient permissions to perform this search. Please contact support."), 403,
			"pds-proxy pds.INVALID_VALUE_MAX_RESULTS [proxy-token] map[accessMode:application-restricted] [fhir.code token-issue-type]", ""},
		{"the sandbox's timestamp member", fhirJSON, outcome(`"timestamp": "2026-01-02T03:04:05Z"`, "information", "not-found", "RESOURCE_NOT_FOUND", "Resource not found", ""), 404,
			"pds-r4 pds.RESOURCE_NOT_FOUND [] map[] [fhir.unknown-element timestamp-member]", ""},
		{"a timestamp on a proxy body is no documented defect", plainJSON, outcome(`"timestamp": "2026-01-02T03:04:05Z"`, "error", "forbidden", "ACCESS_DENIED", "Access Denied - Unauthorised", "Invalid Access Token"), 401,
			"pds-proxy pds.ACCESS_DENIED_INVALID_TOKEN [] map[] [fhir.unknown-element ]", pdsURL},
		{"no coding.version", fhirJSON, strings.Replace(outcome("", "error", "value", "INVALID_RESOURCE_ID", "Resource Id is invalid", ""), `"version": "1", `, "", 1), 400,
			"pds-r4 pds.INVALID_RESOURCE_ID [] map[] [dialect.coding-version ]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validate.Check(validate.Response{Status: tt.status, Header: http.Header{"Content-Type": {tt.ct}}, Body: []byte(tt.body), URL: tt.url})
			var errs []string
			for _, f := range r.Errors() {
				errs = append(errs, f.Rule+" "+f.Defect)
				if f.Defect != "" && !strings.Contains(f.Message, "a documented defect of pds.") && !strings.Contains(f.Message, "a documented defect of the pds-r4 dialect") {
					t.Errorf("the finding does not say whose defect it is: %s", f.Message)
				}
			}
			is := r.Issues[0]
			got := fmt.Sprintf("%s %s %v %v %v", r.Dialect, is.Entry, is.Variants, is.Params, errs)
			if r.API != "pds" {
				t.Errorf("API %q (%s)", r.API, r.Reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%v", diff, r.Findings)
			}
		})
	}
}
