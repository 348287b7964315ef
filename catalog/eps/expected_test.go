package eps_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/eps"
	"github.com/spinecat/spinecat/internal/catalogtest"
	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
)

const (
	spineR4  = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode"
	spineCS  = "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode"
	issue    = "https://fhir.nhs.uk/CodeSystem/EPS-IssueCode"
	http     = "https://fhir.nhs.uk/CodeSystem/http-error-codes"
	history  = "https://fhir.nhs.uk/CodeSystem/medicationrequest-status-history"
	noSystem = ""
)

// coded is written from EPS's code at
// NHSDigital/electronic-prescription-service-api@77e80e1 (the proxy's
// policies, the coordinator's responses and its Spine error mapping), not
// from eps.yaml. Status 0: the sources do not state it.
var coded = []catalogtest.Row{
	// the Apigee proxy
	{"ACCESS_DENIED_TOKEN", spineR4, "ACCESS_DENIED", 401},
	{"MISSING_FIELD_REQUEST_ID", spineR4, "MISSING_FIELD", 400},
	{"INVALID_REQUEST_ID", spineR4, "INVALID_VALUE", 400},
	{"MISSING_SESSION_URID", spineR4, "MISSING_VALUE", 400},
	{"INVALID_SESSION_URID", spineR4, "INVALID_VALUE", 400},
	{"MISSING_ASID", spineR4, "MISSING_VALUE", 400},
	{"TOO_MANY_REQUESTS", spineR4, "TOO_MANY_REQUESTS", 429},
	{"SERVICE_UNAVAILABLE", spineR4, "SERVICE_UNAVAILABLE", 503},
	{"UNKNOWN_ERROR", spineR4, "UNKNOWN_ERROR", 0},
	// bodies the coordinator builds by hand
	{"SERVER_ERROR", http, "SERVER_ERROR", 500},
	{"TIMEOUT", spineR4, "TIMEOUT", 500},
	{"INTERACTION_NOT_SUPPORTED", spineR4, "INTERACTION_NOT_SUPPORTED", 400},
	{"INVALID_VALUE_FATAL", spineR4, "INVALID_VALUE", 400},
	{"TOO_FEW_VALUES_SUBMITTED", spineR4, "TOO_FEW_VALUES_SUBMITTED", 400},
	{"TOO_MANY_VALUES_SUBMITTED", spineR4, "TOO_MANY_VALUES_SUBMITTED", 400},
	{"INCONSISTENT_VALUES", spineCS, "INVALID_VALUE", 400},
	{"CANCELLATION_NOT_FOUND", history, "R-0008", 400},
	{"CANCELLATION_DISABLED", history, "R-0009", 400},
	{"CANCELLATION_UNABLE_TO_PROCESS", history, "R-5000", 400},
	{"CANCELLATION_INVALID_MESSAGE", history, "R-5888", 400},
	// createOperationOutcome, with a coding
	{"FHIR_VALIDATOR_ERROR", spineR4, "MISSING_FIELD", 400},
	{"CONFLICTING_MEDICATION_FIELDS", spineR4, "CONFLICTING_VALUES", 400},
	{"UNAUTHORISED_ACTION", spineR4, "ACCESS_DENIED", 403},
	{"INVALID_HEADERS", spineR4, "MISSING_OR_INVALID_HEADER", 400},
	{"MISSING_DOSAGE_SEQUENCE", noSystem, "MISSING_VALUE", 400},
	// the Spine error mapping: prescribe codes, then dispense codes
	{"PATIENT_DECEASED", issue, "PATIENT_DECEASED", 400},
	{"DUPLICATE_PRESCRIPTION_ID", issue, "DUPLICATE_PRESCRIPTION_ID", 400},
	{"MISSING_DIGITAL_SIGNATURE", issue, "MISSING_DIGITAL_SIGNATURE", 400},
	{"PRESCRIPTION_NOT_FOUND", issue, "PRESCRIPTION_NOT_FOUND", 400},
	{"INVALID_RESOURCE_ID", spineCS, "INVALID_RESOURCE_ID", 400},
	{"MISSING_VALUE_SPINE", spineCS, "MISSING_VALUE", 400},
	{"INVALID_MESSAGE", issue, "INVALID_MESSAGE", 400},
	{"INVALID_NUMBER_MEDICATIONREQUESTS", issue, "INVALID_NUMBER_MEDICATIONREQUESTS", 400},
	{"PRESCRIPTION_INVALID_STATE_TRANSITION", issue, "PRESCRIPTION_INVALID_STATE_TRANSITION", 400},
	{"MEDICATIONREQUEST_INVALID_STATE_TRANSITION", issue, "MEDICATIONREQUEST_INVALID_STATE_TRANSITION", 400},
	{"MEDICATIONREQUEST_NOT_FOUND", issue, "MEDICATIONREQUEST_NOT_FOUND", 400},
	{"CLAIM_INVALID_NOT_DISPENSED", issue, "CLAIM_INVALID_NOT_DISPENSED", 400},
	{"MISMATCH_AUTHORISED_REPEAT_COUNT", issue, "MISMATCH_AUTHORISED_REPEAT_COUNT", 400},
	{"INVALID_REPEAT_COUNT", issue, "INVALID_REPEAT_COUNT", 400},
	{"DISPENSE_AMEND_IDENTIFIER_MISMATCH", issue, "DISPENSE_AMEND_IDENTIFIER_MISMATCH", 400},
	{"RESOURCE_VERSION_MISMATCH", spineCS, "RESOURCE_VERSION_MISMATCH", 400},
	{"CLAIM_AMEND_PERIOD_ISSUE", spineCS, "CLAIM_AMEND_PERIOD_ISSUE", 400},
	{"DUPLICATE_MEDICATIONREQUEST_ID", issue, "DUPLICATE_MEDICATIONREQUEST_ID", 400},
	{"INVALID_CHECK_DIGIT", issue, "INVALID_CHECK_DIGIT", 400},
	{"INVALID_DATE_FORMAT", issue, "INVALID_DATE_FORMAT", 400},
	{"FAILURE_TO_PROCESS_MESSAGE", spineCS, "FAILURE_TO_PROCESS_MESSAGE", 400},
	{"ERROR", spineCS, "ERROR", 400},
	{"PRESCRIPTION_CANCELLED", issue, "PRESCRIPTION_CANCELLED", 400},
	{"PRESCRIPTION_EXPIRED", issue, "PRESCRIPTION_EXPIRED", 400},
	{"RESOURCE_NOT_FOUND", spineCS, "RESOURCE_NOT_FOUND", 400},
	{"PRESCRIPTION_WITH_ANOTHER_DISPENSER", issue, "PRESCRIPTION_WITH_ANOTHER_DISPENSER", 400},
	{"PRESCRIPTION_DISPENSED", issue, "PRESCRIPTION_DISPENSED", 400},
	{"NO_MORE_PRESCRIPTIONS", issue, "NO_MORE_PRESCRIPTIONS", 200},
	{"SERVICE_DISABLED", issue, "SERVICE_DISABLED", 400},
}

// codingLess is every issue the coordinator sends without a coding
// (packages/models/errors/validation-errors.ts, the invalid-JSON and Spine
// responses, the specifications' tracker example), with its status.
var codingLess = map[string]int{
	"INVALID_JSON": 400, "SUCCESS": 200, "SPINE_ERROR_WITHOUT_CODES": 500, "QUERY_PARAMETER_NOT_ALLOWED": 400,
	"MESSAGE_TYPE": 400, "USER_RESTRICTED_ONLY": 403, "MISSING_SCOPE": 403, "FEATURE_DISABLED": 400,
	"MEDICATION_REQUEST_INCONSISTENT_VALUE": 400, "MEDICATION_REQUEST_DUPLICATE_IDENTIFIER": 400,
	"MEDICATION_DISPENSE_INCONSISTENT_VALUE": 400, "MEDICATION_DISPENSE_MISSING_VALUE": 400,
	"MEDICATION_REQUEST_NUMBER": 400, "MEDICATION_REQUEST_MISSING_VALUE": 400, "MEDICATION_REQUEST_INCORRECT_VALUE": 400,
	"RESOURCE_TYPE": 400, "TASK_INCORRECT_VALUE": 400, "TASK_CODING_SYSTEM": 400, "FIELD_IS_REFERENCE": 400,
	"FIELD_IS_NOT_REFERENCE": 400, "MISSING_QUERY_PARAMETER": 400, "RESPONSIBLE_PRACTITIONER": 400,
	"QUERY_PARAMETER_COMBINATION": 400, "QUERY_PARAMETER_SYSTEM": 400, "QUERY_PARAMETER_NO_SYSTEM": 400,
	"MISSING_REQUIRED_FIELD": 400, "MISSING_REQUIRED_PARAMETER": 400, "UNEXPECTED_FIELD": 400, "PROFESSIONAL_CODE": 400,
	"MISSING_ENDORSEMENT_CODE": 400, "MISSING_REIMBURSEMENT_AUTHORITY": 400, "MISSING_REIMBURSEMENT_AUTHORITY_ODS_CODE": 400,
	"ARRAY_LENGTH": 400, "CLAIM_INCORRECT_VALUE": 400,
}

func TestEntries(t *testing.T) {
	want := append([]catalogtest.Row(nil), coded...)
	for name, status := range codingLess {
		want = append(want, catalogtest.Row{Name: name, Status: status})
	}
	catalogtest.CompareEntries(t, want, eps.Entries())
}

// TestIdentifyDocumented identifies issues built from what the code and the
// specifications say EPS sends.
func TestIdentifyDocumented(t *testing.T) {
	coding := func(system, code, display string) *operationoutcome.CodeableConcept {
		return &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: system, Code: code, Display: display}}}
	}
	cases := []struct {
		name     string
		status   int
		iss      operationoutcome.Issue
		entry    string
		variants []string
		params   map[string]string
	}{
		{"validation: the field in diagnostics and expression", 400,
			operationoutcome.Issue{Severity: "error", Code: "value", Diagnostics: "Expected MedicationRequest to have a value for statusReason.",
				Expression: []string{"Bundle.entry.resource.ofType(MedicationRequest).statusReason"}},
			"MEDICATION_REQUEST_MISSING_VALUE", nil, map[string]string{"field": "statusReason"}},
		{"validation: a Task field", 400,
			operationoutcome.Issue{Severity: "error", Code: "value", Diagnostics: "Task.status must be one of: 'in-progress', 'rejected'.", Expression: []string{"Task.status"}},
			"TASK_INCORRECT_VALUE", nil, map[string]string{"field": "status", "values": "'in-progress', 'rejected'"}},
		{"validation: the specifications' wording", 400,
			operationoutcome.Issue{Severity: "error", Code: "invalid", Diagnostics: "The dispense notification is missing the ODS code for the reimbursement authority and it should be provided."},
			"MISSING_REIMBURSEMENT_AUTHORITY_ODS_CODE", []string{"specification-wording"}, nil},
		{"validation: forbidden", 403,
			operationoutcome.Issue{Severity: "fatal", Code: "forbidden", Diagnostics: "Dispensing functionality can only be accessed using the user-restricted access mode."},
			"USER_RESTRICTED_ONLY", nil, map[string]string{"feature": "Dispensing"}},
		{"a coding without a system", 400,
			operationoutcome.Issue{Severity: "error", Code: "invalid", Details: coding("", "MISSING_VALUE", "The request contains multiple dosage instruction lines but no corresponding dosage sequence number.")},
			"MISSING_DOSAGE_SEQUENCE", nil, nil},
		{"Spine's message in display", 400,
			operationoutcome.Issue{Severity: "error", Code: "processing", Details: coding(spineCS, "FAILURE_TO_PROCESS_MESSAGE", "Unable to process message. Information missing or invalid - Duplicate prescription")},
			"FAILURE_TO_PROCESS_MESSAGE", nil, map[string]string{"displayName": "Unable to process message. Information missing or invalid - Duplicate prescription"}},
		{"a cancellation's reason in display", 400,
			operationoutcome.Issue{Severity: "error", Code: "processing", Details: coding(history, "R-5000", "Unable to process message. Information missing or invalid - Mismatch between prescription and cancellation prescription ID")},
			"CANCELLATION_UNABLE_TO_PROCESS", nil, map[string]string{"reason": "Mismatch between prescription and cancellation prescription ID"}},
		{"the FHIR validator's message", 400,
			operationoutcome.Issue{Severity: "error", Code: "value", Details: coding(spineR4, "MISSING_FIELD", "Bundle.entry[0].resource: missing meta.lastUpdated")},
			"FHIR_VALIDATOR_ERROR", nil, map[string]string{"message": "Bundle.entry[0].resource: missing meta.lastUpdated"}},
		{"a dispense Spine code", 400,
			operationoutcome.Issue{Severity: "error", Code: "invalid", Details: coding(issue, "INVALID_MESSAGE", "Invalid message")},
			"INVALID_MESSAGE", []string{"dispense"}, nil},
		{"the specifications' plural", 400,
			operationoutcome.Issue{Severity: "error", Code: "business-rule", Details: coding(issue, "MISMATCH_AUTHORISED_REPEAT_COUNTS", "Mismatch in authorised repeat counts")},
			"MISMATCH_AUTHORISED_REPEAT_COUNT", []string{"legacy-table-plural"}, nil},
		{"the platform table's 500", 500,
			operationoutcome.Issue{Severity: "fatal", Code: "exception", Details: coding(http, "INTERNAL SERVER ERROR", "500: The Server has encountered an error processing the request.")},
			"SERVER_ERROR", []string{"platform-table-spaces"}, nil},
		{"the platform table's 504", 504,
			operationoutcome.Issue{Severity: "error", Code: "timeout", Details: coding(spineR4, "GATEWAY_TIMEOUT", "Service unavailable"),
				Diagnostics: "The downstream domain processing has not completed within the configured timeout period. Using the same 'X-Request-ID' header, retry your request after the time specified by the 'Retry-After' response header."},
			"SERVICE_UNAVAILABLE", []string{"platform-table-gateway-timeout"}, nil},
		{"a processing error's path", 400,
			operationoutcome.Issue{Severity: "fatal", Code: "invalid", Details: coding(spineR4, "TOO_FEW_VALUES_SUBMITTED", "At least one dosage is needed"), Expression: []string{"MedicationRequest.dosageInstruction"}},
			"TOO_FEW_VALUES_SUBMITTED", nil, map[string]string{"message": "At least one dosage is needed", "path": "MedicationRequest.dosageInstruction"}},
	}
	reg := eps.Registry()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := reg.Identify(&c.iss, catalog.Evidence{Status: c.status, API: "eps"})
			catalogtest.CheckMatch(t, m, ok, c.entry, c.variants, c.params)
		})
	}
}

// TestConstructors: coding-less entries fill their expression from the
// same parameters as their diagnostics; the coordinator's outcomes carry
// meta.lastUpdated, the hand-built ones no meta.
func TestConstructors(t *testing.T) {
	oo := eps.MedicationRequestIncorrectValue("intent", "order, original-order or instance-order").OperationOutcome()
	iss := oo.Issue[0]
	want := operationoutcome.Issue{Severity: "error", Code: "value", Diagnostics: "MedicationRequest.intent must be order, original-order or instance-order.",
		Expression: []string{"Bundle.entry.resource.ofType(MedicationRequest).intent"}}
	if d := cmp.Diff(want, iss); d != "" {
		t.Errorf("issue (-want +got):\n%s", d)
	}
	if oo.Meta == nil || oo.Meta.LastUpdated == "" || oo.ID != "" {
		t.Errorf("createOperationOutcome body: id %q, meta %+v", oo.ID, oo.Meta)
	}
	if plain := eps.ServerError().OperationOutcome(); plain.Meta != nil {
		t.Errorf("hand-built body has meta %+v", plain.Meta)
	}
	if c := eps.MissingDosageSequence().OperationOutcome().Issue[0].FirstCoding(); c.System != "" || c.Code != "MISSING_VALUE" {
		t.Errorf("coding %+v, want a code without a system", c)
	}
}

// exampleEntries names the entry each example of the shared reference
// folder is, written from its file name and the code that builds it.
var exampleEntries = map[string]string{
	"1-Process-Response-Send-400_INVALID_CHECKSUM":                "FAILURE_TO_PROCESS_MESSAGE",
	"2-Process-Response-Send-400_Invalid_Course_of_Therapy_mixed": "INVALID_VALUE_FATAL",
	"3-Process-Response-Dispense-400_Invalid_Value":               "INCONSISTENT_VALUES",
	"4-Process-Response-Send-400_invalid_intent":                  "MEDICATION_REQUEST_INCORRECT_VALUE",
	"Response-FhirError":                                          "FHIR_VALIDATOR_ERROR",
	"cancel_R-0008-Cancellation":                                  "CANCELLATION_NOT_FOUND",
	"cancel_R-0009-Cancellation":                                  "CANCELLATION_DISABLED",
	"cancel_R-5888-Cancellation":                                  "CANCELLATION_INVALID_MESSAGE",
	"operation-outcome-success":                                   "SUCCESS",
	"proxy_400MissingHeader_template":                             "MISSING_FIELD_REQUEST_ID",
	"query-error":                                                 "QUERY_PARAMETER_NOT_ALLOWED",
	"release_with-another-dispenser-error":                        "PRESCRIPTION_WITH_ANOTHER_DISPENSER",
}

// TestIdentifyExamples identifies every example of the shared reference
// folder, but the proxy's catch-all template, as the entry it is.
func TestIdentifyExamples(t *testing.T) {
	root := sharedref.Path(t, "reference", "eps", "examples")
	files, err := filepath.Glob(filepath.Join(root, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	reg := eps.Registry()
	n := 0
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		want, ok := exampleEntries[base]
		if !ok {
			continue // the proxy's catch-all template, with a placeholder for every value
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		oo, err := operationoutcome.Decode(data, operationoutcome.DecodeOptions{})
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		m, ok := reg.Identify(&oo.Issue[0], catalog.Evidence{Status: sharedref.MetaStatus(t, strings.TrimSuffix(f, ".json")+".meta"), API: "eps", Issues: len(oo.Issue)})
		switch {
		case !ok:
			t.Errorf("%s: not identified", base)
		case m.Entry.Name != want || len(m.Differences) > 0 || len(m.Variants) > 0:
			t.Errorf("%s: identified as %s with variants %d and differences %+v; want %s", base, m.Entry.Name, len(m.Variants), m.Differences, want)
		}
		n++
	}
	if n != len(exampleEntries) {
		t.Errorf("identified %d examples, expected %d", n, len(exampleEntries))
	}
}
