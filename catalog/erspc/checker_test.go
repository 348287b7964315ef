package erspc_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/validate"
)

const meta = `"meta": {"lastUpdated": "2026-02-03T10:11:12Z", "profile": ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"]}`

// body is a Patient Care OperationOutcome of one issue; rest follows the
// issue's details (diagnostics, expression).
func body(issueType, system, code, rest string) string {
	coding := `"code": "` + code + `"`
	if system != "" {
		coding = `"system": "` + system + `", ` + coding
	}
	return `{"resourceType": "OperationOutcome", ` + meta + `, "issue": [{"severity": "error", "code": "` + issueType + `", "details": {"coding": [{` + coding + `}]}` + rest + `}]}`
}

// Patient Care responses, as the sources show them, are identified as
// their entries; what a documented source sends that is not valid stays
// an error, named with its defect.
func TestChecker(t *testing.T) {
	const nhsdAPI, httpCodes = "https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode", "https://fhir.nhs.uk/CodeSystem/http-error-codes"
	tests := []struct {
		name, api, body string
		status          int
		want            string // API, dialect, entries and each error with its defect
	}{
		{"a missing category", "", body("required", httpCodes, "REC_BAD_REQUEST", `, "diagnostics": "Missing mandatory value", "expression": ["http.\"category\""]`), 400,
			"erspc erspc-r4 [erspc.REC_BAD_REQUEST] []"},
		{"an invalid access token", "", body("forbidden", nhsdAPI, "ACCESS_DENIED", `, "diagnostics": "Invalid access token"`), 401,
			"erspc erspc-r4 [erspc.ACCESS_DENIED_INVALID_TOKEN] []"},
		{"a rate limit", "", body("throttled", nhsdAPI, "TOO_MANY_REQUESTS", ""), 429,
			"erspc erspc-r4 [erspc.TOO_MANY_REQUESTS] []"},
		{"the proxy's expression as a string", "", body("not-found", nhsdAPI, "VALIDATION_ERROR", `, "diagnostics": "Unknown value", "expression": "http.\"NHSD-Target-Identifier\""`), 404,
			"erspc erspc-r4 [erspc.VALIDATION_ERROR_TARGET_IDENTIFIER] [fhir.type expression-string]"},
		{"a gateway timeout, coded with no system", "", body("timeout", "", "GATEWAY_TIMEOUT", ""), 504,
			"erspc erspc-r4 [erspc.GATEWAY_TIMEOUT] []"},
		{"the rate-limit template's trailing comma", "erspc", strings.Replace(body("throttled", nhsdAPI, "TOO_MANY_REQUESTS", ""), `"TOO_MANY_REQUESTS"`, `"TOO_MANY_REQUESTS",`, 1), 429,
			"erspc  [] [syntax.trailing-comma trailing-comma]"},
		{"a trailing comma elsewhere is no documented defect", "erspc", strings.Replace(body("required", httpCodes, "REC_BAD_REQUEST", ""), `"REC_BAD_REQUEST"`, `"REC_BAD_REQUEST",`, 1), 400,
			"erspc  [] [syntax.trailing-comma ]"},
		// The sandbox proxy's catch-all is not catalogued: no entry is named.
		{"the sandbox catch-all", "", `{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "404", "details": {"coding": [{"code": "404", "display": "Not Found"}]}, "diagnostics": "Not Found"}]}`, 404,
			"  [] [fhir.code ]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validate.Check(validate.Response{Status: tt.status, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: []byte(tt.body), API: tt.api})
			var entries, errs []string
			for _, is := range r.Issues {
				entries = append(entries, is.Entry)
			}
			for _, f := range r.Errors() {
				errs = append(errs, f.Rule+" "+f.Defect)
				if f.Defect != "" && !strings.Contains(f.Message, "a documented defect of erspc.") {
					t.Errorf("the finding does not say whose defect it is: %s", f.Message)
				}
			}
			got := fmt.Sprintf("%s %s %v %v", r.API, r.Dialect, entries, errs)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%v", diff, r.Findings)
			}
		})
	}
}
