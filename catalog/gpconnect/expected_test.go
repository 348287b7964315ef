package gpconnect_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/gpconnect"
	"github.com/spinecat/spinecat/internal/catalogtest"
	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/operationoutcome"
)

const (
	stu3 = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"
	vs   = "https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1"
	ssp  = "http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0"
	sd   = "https://fhir.nhs.uk/StructureDefinition/spine-operationoutcome-1"
)

// expected is written from the GP Connect error handling guidance
// (nhsconnect/gpconnect@9dffc34 for 1.6.2, @0989f45 for develop), its
// interaction pages, the provider tests
// (nhsconnect/gpconnect-provider-testing@c592582), not from gpconnect.yaml.
// Status 0: the sources do not state it.
var expected = []catalogtest.Row{
	// Identity validation errors
	{"INVALID_IDENTIFIER_SYSTEM", stu3, "INVALID_IDENTIFIER_SYSTEM", 400},
	{"INVALID_IDENTIFIER_VALUE", stu3, "INVALID_IDENTIFIER_VALUE", 400},
	{"INVALID_NHS_NUMBER", stu3, "INVALID_NHS_NUMBER", 400},
	{"INVALID_PATIENT_DEMOGRAPHICS", stu3, "INVALID_PATIENT_DEMOGRAPHICS", 400},
	{"ORGANISATION_NOT_FOUND", stu3, "ORGANISATION_NOT_FOUND", 404},
	{"PATIENT_NOT_FOUND", stu3, "PATIENT_NOT_FOUND", 404},
	{"PRACTITIONER_NOT_FOUND", stu3, "PRACTITIONER_NOT_FOUND", 404},
	{"NO_RECORD_FOUND", stu3, "NO_RECORD_FOUND", 404},
	// Security validation errors; NOT_AUTHORISED only on the Access Document migrate page
	{"NO_PATIENT_CONSENT", stu3, "NO_PATIENT_CONSENT", 403},
	{"NO_ORGANISATION_CONSENT", stu3, "NO_ORGANISATION_CONSENT", 403},
	{"ACCESS_DENIED", stu3, "ACCESS DENIED", 403},
	{"NO_RELATIONSHIP", stu3, "NO_RELATIONSHIP", 403},
	{"NOT_AUTHORISED", stu3, "NOT_AUTHORISED", 0},
	// Duplicate, resource validation and malformed request errors
	{"DUPLICATE_REJECTED", stu3, "DUPLICATE_REJECTED", 409},
	{"INVALID_RESOURCE", stu3, "INVALID_RESOURCE", 422},
	{"INVALID_PARAMETER", stu3, "INVALID_PARAMETER", 422},
	{"REFERENCE_NOT_FOUND", stu3, "REFERENCE_NOT_FOUND", 422},
	{"BAD_REQUEST", stu3, "BAD_REQUEST", 400},
	{"CONFLICTING_VALUES", stu3, "CONFLICTING_VALUES", 400},
	// Internal server errors; the structured record's warnings; the provider tests' 409
	{"NOT_IMPLEMENTED", stu3, "NOT_IMPLEMENTED", 501},
	{"NOT_IMPLEMENTED_WARNING", stu3, "NOT_IMPLEMENTED", 200},
	{"INTERNAL_SERVER_ERROR", stu3, "INTERNAL_SERVER_ERROR", 500},
	{"FHIR_CONSTRAINT_VIOLATION", stu3, "FHIR_CONSTRAINT_VIOLATION", 409},
	// Spine Secure Proxy errors
	{"SSP_TARGET_URL_VARIES", ssp, "400", 400},
	{"SSP_SENDER_ASID_NOT_AUTHORISED", ssp, "403", 403},
	{"SSP_RECEIVER_ASID_NOT_AUTHORISED", ssp, "403", 403},
	{"SSP_SENDER_RECEIVER_NOT_AUTHORISED", ssp, "403", 403},
	{"SSP_METHOD_NOT_ALLOWED", sd, "405", 405},
	{"SSP_UNSUPPORTED_MEDIA_TYPE", ssp, "415", 415},
	{"SSP_ERROR_COMMUNICATING", ssp, "502", 502},
}

func TestEntries(t *testing.T) {
	catalogtest.CompareEntries(t, expected, gpconnect.Entries())
}

func issue(sev operationoutcome.Severity, typ operationoutcome.IssueType, system, code, display, diag string) *operationoutcome.Issue {
	return &operationoutcome.Issue{
		Severity:    sev,
		Code:        typ,
		Details:     &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: system, Code: code, Display: display}}},
		Diagnostics: diag,
	}
}

// TestIdentifyDocumented identifies issues built from what each version of
// the guidance, and the reference provider, send, and checks the entry, the
// variants needed and the parameters read.
func TestIdentifyDocumented(t *testing.T) {
	const E = operationoutcome.SeverityError
	cases := []struct {
		name     string
		status   int
		iss      *operationoutcome.Issue
		entry    string
		variants []string
		params   map[string]string
	}{
		{"1.6.2 table, invalid NHS number", 400, issue(E, "value", stu3, "INVALID_NHS_NUMBER", "Invalid NHS number", ""),
			"INVALID_NHS_NUMBER", nil, nil},
		{"develop table's display", 400, issue(E, "value", stu3, "INVALID_NHS_NUMBER", "NHS number invalid", ""),
			"INVALID_NHS_NUMBER", []string{"table-nhs-number-invalid"}, nil},
		{"develop example under the ValueSet URL", 404, issue(E, "not-found", vs, "PATIENT_NOT_FOUND", "Patient not found", ""),
			"PATIENT_NOT_FOUND", []string{"valueset-system"}, nil},
		{"1.5.1 example: the ValueSet URL and the space", 403, issue(E, "forbidden", vs, "ACCESS DENIED", "Access denied", "The Access Document capability is disabled at this practice."),
			"ACCESS_DENIED", []string{"valueset-system"}, map[string]string{"detail": "The Access Document capability is disabled at this practice."}},
		{"develop example: the ValueSet URL and the underscore", 403, issue(E, "forbidden", vs, "ACCESS_DENIED", "Access denied", ""),
			"ACCESS_DENIED", []string{"underscore", "valueset-system"}, nil},
		{"1.6.2 capability page: the underscore", 403, issue(E, "forbidden", stu3, "ACCESS_DENIED", "Access denied", ""),
			"ACCESS_DENIED", []string{"underscore"}, nil},
		{"the guidance's unexpected exception", 500, issue(E, "exception", stu3, "INTERNAL_SERVER_ERROR", "Internal server error", "Any further internal debug details i.e. stack trace details etc."),
			"INTERNAL_SERVER_ERROR", []string{"example-exception"}, map[string]string{"detail": "Any further internal debug details i.e. stack trace details etc."}},
		{"BAD_REQUEST with the 1.6.2 table's display", 400, issue(E, "invalid", stu3, "BAD_REQUEST", "Submitted request is malformed/invalid", "Empty JWT aud claim"),
			"BAD_REQUEST", []string{"table-malformed"}, map[string]string{"detail": "Empty JWT aud claim"}},
		{"reference provider: blank Ssp-TraceID", 400, issue(E, "invalid", stu3, "INVALID_PARAMETER", "INVALID_PARAMETER", "Ssp-TraceIDheader blank"),
			"INVALID_PARAMETER", []string{"reference-provider-400", "reference-provider-display"}, map[string]string{"detail": "Ssp-TraceIDheader blank"}},
		{"reference provider: a busy slot", 409, issue(E, "conflict", stu3, "DUPLICATE_REJECTED", "DUPLICATE_REJECTED", "Slot is already in use."),
			"DUPLICATE_REJECTED", []string{"reference-provider-conflict", "reference-provider-display"}, map[string]string{"detail": "Slot is already in use."}},
		{"reference provider: a bad certificate", 496, issue(E, "invalid", stu3, "BAD_REQUEST", "BAD_REQUEST", "Bad signature detected for GET to /metadata: expired"),
			"BAD_REQUEST", []string{"reference-provider-496", "reference-provider-display"}, nil},
		{"provider tests: a stale ETag", 409, issue(E, "conflict", stu3, "FHIR_CONSTRAINT_VIOLATION", "FHIR_CONSTRAINT_VIOLATION", "HAPI-0989: version conflict"),
			"FHIR_CONSTRAINT_VIOLATION", nil, map[string]string{"detail": "HAPI-0989: version conflict"}},
		{"structured record warning", 200, issue(operationoutcome.SeverityWarning, "not-supported", stu3, "NOT_IMPLEMENTED", "Not implemented", "includeImmunisations"),
			"NOT_IMPLEMENTED_WARNING", nil, map[string]string{"parameter": "includeImmunisations"}},
		{"SSP receiver ASID", 403, issue(E, "forbidden", ssp, "403", "PARTYKEY_INTERACTION_CHECK_FAILED_MESSAGERECEIVER_918999198738", "PARTYKEY_INTERACTION_CHECK_FAILED_MESSAGERECEIVER_918999198738"),
			"SSP_RECEIVER_ASID_NOT_AUTHORISED", nil, map[string]string{"receiverASID": "918999198738"}},
		{"SSP 405 as the example sends it", 405, issue(operationoutcome.SeverityFatal, "forbidden", sd, "405", "405: Method Not Allowed", ""),
			"SSP_METHOD_NOT_ALLOWED", []string{"example-forbidden"}, nil},
	}
	reg := gpconnect.Registry()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := reg.Identify(c.iss, catalog.Evidence{Status: c.status, API: "gpconnect"})
			catalogtest.CheckMatch(t, m, ok, c.entry, c.variants, c.params)
		})
	}
}

// TestConstructors checks the bodies constructors build: the 1.6.2 form,
// the profile, no id, the SSP's form with an id and the status as code.
func TestConstructors(t *testing.T) {
	oo := gpconnect.InvalidNHSNumber("Invalid NHS number submitted: 9999999990").OperationOutcome()
	if oo.ID != "" || oo.Meta == nil || len(oo.Meta.Profile) != 1 || oo.Meta.Profile[0] != gpconnect.DialectGpconnectSTU3.Profile {
		t.Errorf("provider outcome: id %q, meta %+v", oo.ID, oo.Meta)
	}
	c := oo.Issue[0].FirstCoding()
	if c.System != stu3 || c.Code != "INVALID_NHS_NUMBER" || c.Display != "Invalid NHS number" || oo.Issue[0].Diagnostics != "Invalid NHS number submitted: 9999999990" {
		t.Errorf("provider issue %+v", oo.Issue[0])
	}
	err := gpconnect.SSPSenderASIDNotAuthorised("200000000359")
	sspOO := err.OperationOutcome()
	if sspOO.ID == "" || sspOO.Meta != nil || sspOO.Issue[0].FirstCoding().Code != "403" || sspOO.Issue[0].Diagnostics != "ASID_CHECK_FAILED_MESSAGESENDER_200000000359" {
		t.Errorf("SSP outcome %+v", sspOO)
	}
	if catalog.HTTPStatus(err) != 403 || !errors.Is(err, gpconnect.ErrSSPSenderASIDNotAuthorised) || errors.Is(err, gpconnect.ErrSSPReceiverASIDNotAuthorised) {
		t.Errorf("status %d or errors.Is wrong", catalog.HTTPStatus(err))
	}
	if p, ok := gpconnect.SSPSenderASIDNotAuthorisedParamsOf(err); !ok || p.SenderASID != "200000000359" {
		t.Errorf("params %+v, %v", p, ok)
	}
}

// TestSSPDisplayRepeatsDiagnostics: the Spine Secure Proxy repeats its
// diagnostics as display, and so does every constructor of its errors,
// whatever the values; the checker reads the values back from either.
func TestSSPDisplayRepeatsDiagnostics(t *testing.T) {
	n := 0
	for _, e := range gpconnect.Entries() {
		if e.Dialect != gpconnect.DialectGpconnectSsp || e.Diagnostics == nil {
			continue
		}
		// Values other than the examples, which the old literal displays
		// repeated; ASIDs, which any string parameter takes too.
		values := make([]string, len(e.Params))
		for i := range values {
			values[i] = fmt.Sprintf("2000000006%02d", i)
		}
		iss := catalog.New(e, values...).OperationOutcome().Issue[0]
		if c := iss.FirstCoding(); c == nil || c.Display != iss.Diagnostics || iss.Diagnostics == "" {
			t.Errorf("%s: display %+v, diagnostics %q", e.Name, c, iss.Diagnostics)
		}
		m, ok := gpconnect.Registry().Identify(&iss, catalog.Evidence{Status: e.Status, API: "gpconnect"})
		if !ok || m.Entry != e || len(m.Differences) > 0 {
			t.Errorf("%s: identified as %v, differences %+v", e.Name, m.Entry, m.Differences)
		}
		n++
	}
	if n != 6 {
		t.Errorf("%d SSP entries with diagnostics, want 6", n)
	}
}

// exampleEntries names the entry (and variants) each example of the shared
// reference folder is, written from its heading in the guidance.
var exampleEntries = map[string]struct {
	entry    string
	variants []string
}{
	"dev_guidance_access_denied":                                       {"ACCESS_DENIED", []string{"underscore", "valueset-system"}},
	"dev_guidance_attempting_to_register_a_patient_that_already_exis":  {"DUPLICATE_REJECTED", []string{"valueset-system", "example-no-a"}},
	"dev_guidance_error_communicating_to_target_url":                   {"SSP_ERROR_COMMUNICATING", nil},
	"dev_guidance_invalid_nhs_number_supplied":                         {"INVALID_NHS_NUMBER", []string{"valueset-system"}},
	"dev_guidance_method_not_allowed":                                  {"SSP_METHOD_NOT_ALLOWED", []string{"example-forbidden"}},
	"dev_guidance_no_patient_consent_to_share":                         {"NO_PATIENT_CONSENT", []string{"valueset-system"}},
	"dev_guidance_patient_not_found":                                   {"PATIENT_NOT_FOUND", []string{"valueset-system"}},
	"dev_guidance_receiver_asid_is_not_authorised_for_this_interacti":  {"SSP_RECEIVER_ASID_NOT_AUTHORISED", nil},
	"dev_guidance_resource_not_found":                                  {"NO_RECORD_FOUND", []string{"valueset-system"}},
	"dev_guidance_sender_asid_is_not_authorised_for_this_interaction":  {"SSP_SENDER_ASID_NOT_AUTHORISED", nil},
	"dev_guidance_sender_asid_is_not_authorised_to_send_the_interact":  {"SSP_SENDER_RECEIVER_NOT_AUTHORISED", nil},
	"dev_guidance_unexpected_exception":                                {"INTERNAL_SERVER_ERROR", []string{"valueset-system", "example-exception"}},
	"dev_guidance_unsupported_media_type":                              {"SSP_UNSUPPORTED_MEDIA_TYPE", nil},
	"v162_ars_clinical_area_disabled_populating_a_warning":             {"NOT_IMPLEMENTED_WARNING", nil},
	"v162_guidance_access_denied":                                      {"ACCESS_DENIED", nil},
	"v162_guidance_error_communicating_to_target_url":                  {"SSP_ERROR_COMMUNICATING", nil},
	"v162_guidance_invalid_nhs_number_supplied":                        {"INVALID_NHS_NUMBER", nil},
	"v162_guidance_no_patient_consent_to_share":                        {"NO_PATIENT_CONSENT", nil},
	"v162_guidance_patient_not_found":                                  {"PATIENT_NOT_FOUND", nil},
	"v162_guidance_receiver_asid_is_not_authorised_for_this_interacti": {"SSP_RECEIVER_ASID_NOT_AUTHORISED", nil},
	"v162_guidance_resource_not_found":                                 {"NO_RECORD_FOUND", nil},
	"v162_guidance_sender_asid_is_not_authorised_for_this_interaction": {"SSP_SENDER_ASID_NOT_AUTHORISED", nil},
	"v162_guidance_sender_asid_is_not_authorised_to_send_the_interact": {"SSP_SENDER_RECEIVER_NOT_AUTHORISED", nil},
	"v162_guidance_unsupported_media_type":                             {"SSP_UNSUPPORTED_MEDIA_TYPE", nil},
}

// TestIdentifyExamples identifies every example of the shared reference
// folder that is valid JSON (the structured record's warning is a Bundle
// entry: its resource is taken) as the entry its heading names.
func TestIdentifyExamples(t *testing.T) {
	root := sharedref.Path(t, "reference", "gpconnect", "examples")
	files, err := filepath.Glob(filepath.Join(root, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	reg := gpconnect.Registry()
	n := 0
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(data) {
			continue // published invalid: validate's examples test checks its syntax finding
		}
		var entry struct {
			Resource json.RawMessage `json:"resource"`
		}
		if json.Unmarshal(data, &entry) == nil && len(entry.Resource) > 0 {
			data = entry.Resource
		}
		want, ok := exampleEntries[base]
		if !ok {
			t.Errorf("%s: no expected entry; add it to exampleEntries", base)
			continue
		}
		oo, err := operationoutcome.Decode(data, operationoutcome.DecodeOptions{})
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		m, ok := reg.Identify(&oo.Issue[0], catalog.Evidence{Status: sharedref.MetaStatus(t, strings.TrimSuffix(f, ".json")+".meta"), API: "gpconnect"})
		var vs []string
		for _, v := range m.Variants {
			vs = append(vs, v.Name)
		}
		switch {
		case !ok:
			t.Errorf("%s: not identified", base)
		case m.Entry.Name != want.entry || len(m.Differences) > 0 || !cmp.Equal(vs, want.variants):
			t.Errorf("%s: identified as %s with variants %v and differences %+v; want %s with %v", base, m.Entry.Name, vs, m.Differences, want.entry, want.variants)
		}
		n++
	}
	if n != len(exampleEntries) {
		t.Errorf("identified %d examples, expected %d", n, len(exampleEntries))
	}
}
