package validate

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGPConnectAndEPSIdentified: responses of GP Connect and EPS, written
// for the uncatalogued test before these APIs were catalogued (none is a
// copy of a published example), are now detected as their API and named as
// the entry, and the documented variant, that explains them.
func TestGPConnectAndEPSIdentified(t *testing.T) {
	const fhirJSON = "application/fhir+json"
	gpc := `"meta": {"profile": ["` + gpcProf + `"]}`
	eps := `"meta": {"lastUpdated": "2026-02-03T10:11:12.000Z"}`
	tests := []struct {
		name     string
		status   int
		body     string
		dialect  string
		entry    string
		variants []string
		warnings []string // warning rules, besides variants (information)
	}{
		{"gpconnect/400 INVALID_NHS_NUMBER", 400,
			oneIssue(gpc, "error", "value", coding(stu3Spine, "", "INVALID_NHS_NUMBER", "Invalid NHS number"), "NHS number 9999999990 is not valid"),
			"gpconnect-stu3", "gpconnect.INVALID_NHS_NUMBER", nil, nil},
		{"gpconnect/403 ACCESS DENIED with a space", 403,
			oneIssue(gpc, "error", "forbidden", coding(stu3Spine, "", "ACCESS DENIED", "Access denied"), "Sender ASID is not authorised for this interaction"),
			"gpconnect-stu3", "gpconnect.ACCESS_DENIED", nil, nil},
		{"gpconnect/403 ACCESS_DENIED with an underscore", 403,
			oneIssue(gpc, "error", "forbidden", coding(stu3Spine, "", "ACCESS_DENIED", "Access denied"), "Access is denied"),
			"gpconnect-stu3", "gpconnect.ACCESS_DENIED", []string{"underscore"}, nil},
		{"gpconnect/404 PATIENT_NOT_FOUND", 404,
			oneIssue(gpc, "error", "not-found", coding(stu3Spine, "", "PATIENT_NOT_FOUND", "Patient not found"), "No patient details found for patient ID: 2"),
			"gpconnect-stu3", "gpconnect.PATIENT_NOT_FOUND", nil, nil},
		{"gpconnect/409 DUPLICATE_REJECTED under the ValueSet URL", 409,
			oneIssue(gpc, "error", "duplicate", coding("https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1", "", "DUPLICATE_REJECTED", "Create would lead to creation of a duplicate resource"), "Patient is already registered"),
			"gpconnect-stu3", "gpconnect.DUPLICATE_REJECTED", []string{"valueset-system"}, nil},
		{"gpconnect/422 INVALID_RESOURCE", 422,
			oneIssue(gpc, "error", "invalid", coding(stu3Spine, "", "INVALID_RESOURCE", "Invalid validation of resource"), "Appointment end date is before its start date"),
			"gpconnect-stu3", "gpconnect.INVALID_RESOURCE", nil, nil},
		{"gpconnect/404 the reference provider's display and status", 404,
			oneIssue(gpc, "error", "invalid", coding(stu3Spine, "", "REFERENCE_NOT_FOUND", "REFERENCE_NOT_FOUND"), "No appointment details found for ID: 7"),
			"gpconnect-stu3", "gpconnect.REFERENCE_NOT_FOUND", []string{"reference-provider-404", "reference-provider-display"}, nil},
		{"gpconnect/SSP 403 with its own system", 403,
			oneIssue(`"id": "f1c2b3a4-5d6e-4f70-8a9b-0c1d2e3f4a5b"`, "error", "forbidden", coding("http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0", "", "403", "ASID_CHECK_FAILED_MESSAGESENDER_200000000359"), "ASID_CHECK_FAILED_MESSAGESENDER_200000000359"),
			"gpconnect-ssp", "gpconnect.SSP_SENDER_ASID_NOT_AUTHORISED", nil, nil},

		{"eps/400 INVALID_VALUE under the /CodeSystem/ URL, with meta", 400,
			oneIssue(eps, "error", "invalid", coding(r4SpineCS, "", "INVALID_VALUE", ""), "Invalid value for prescription type"),
			"eps-r4-plain", "eps.INCONSISTENT_VALUES", nil, []string{RuleDialectLastUpdated}},
		{"eps/400 FAILURE_TO_PROCESS_MESSAGE with Spine's display", 400,
			oneIssue(eps, "error", "processing", coding(r4SpineCS, "", "FAILURE_TO_PROCESS_MESSAGE", "Duplicate HL7 ID Error"), ""),
			"eps-r4", "eps.FAILURE_TO_PROCESS_MESSAGE", nil, nil},
		{"eps/400 RESOURCE_NOT_FOUND", 400,
			oneIssue(eps, "error", "not-found", coding(r4SpineCS, "", "RESOURCE_NOT_FOUND", "Resource not found"), ""),
			"eps-r4", "eps.RESOURCE_NOT_FOUND", nil, nil},
		{"eps/400 business code", 400,
			oneIssue(eps, "error", "business-rule", coding("https://fhir.nhs.uk/CodeSystem/EPS-IssueCode", "", "PRESCRIPTION_EXPIRED", "Prescription has expired"), ""),
			"eps-r4", "eps.PRESCRIPTION_EXPIRED", nil, nil},
		{"eps/400 business code of a later version", 400,
			oneIssue(eps, "error", "not-found", coding("https://fhir.nhs.uk/CodeSystem/EPS-IssueCode", "", "PRESCRIPTION_NOT_FOUND", "Prescription can not be found. Contact prescriber"), ""),
			"eps-r4", "eps.PRESCRIPTION_NOT_FOUND", nil, nil},
		{"eps/500 SERVER_ERROR", 500,
			oneIssue("", "fatal", "exception", coding("https://fhir.nhs.uk/CodeSystem/http-error-codes", "", "SERVER_ERROR", "500: The Server has encountered an error processing the request."), ""),
			"eps-r4-plain", "eps.SERVER_ERROR", nil, nil},
		{"eps/400 validation error without details", 400,
			`{"resourceType": "OperationOutcome", ` + eps + `, "issue": [{"severity": "error", "code": "value", "diagnostics": "MedicationRequest.groupIdentifier.value must be a valid UUID.", "expression": ["Bundle.entry.resource.ofType(MedicationRequest).groupIdentifier.value"]}]}`,
			"eps-r4", "eps.MEDICATION_REQUEST_INCORRECT_VALUE", nil, nil},
		// EPS's proxy's 401 is PDS's too: TestDetectByRequestURL.
		{"eps/400 INTERACTION_NOT_SUPPORTED, a code no published version defines", 400,
			oneIssue("", "information", "informational", coding(r4Spine, "1", "INTERACTION_NOT_SUPPORTED", "Interaction not supported"), ""),
			"eps-r4-plain", "eps.INTERACTION_NOT_SUPPORTED", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(Response{Status: tt.status, Header: http.Header{"Content-Type": {fhirJSON}}, Body: []byte(tt.body)})
			if r.Dialect != tt.dialect {
				t.Fatalf("dialect %q (%s), want %q:\n%s", r.Dialect, r.Reason, tt.dialect, dump(r.Findings))
			}
			if len(r.Issues) != 1 || r.Issues[0].Entry != tt.entry {
				t.Fatalf("issues %+v, want %s:\n%s", r.Issues, tt.entry, dump(r.Findings))
			}
			if diff := cmp.Diff(tt.variants, r.Issues[0].Variants); diff != "" {
				t.Errorf("variants (-want +got):\n%s", diff)
			}
			var warnings []string
			for _, f := range r.Findings {
				if f.Severity != Information {
					warnings = append(warnings, f.Rule)
				}
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("errors and warnings (-want +got):\n%s", diff)
			}
			if !r.Conformant {
				t.Errorf("not conformant:\n%s", dump(r.Findings))
			}
			checkInvariants(t, r)
		})
	}
}
