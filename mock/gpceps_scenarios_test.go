package mock

import (
	"path/filepath"
	"testing"

	"github.com/spinecat/spinecat/internal/servertest"
)

// gpconnectRoot is the guidance's example service root, where the
// GP Connect scenario file serves.
const gpconnectRoot = "/GP0001/STU3/1/gpconnect"

// gpconnectHeaders are the Spine proxy headers and JWT a consumer sends.
func gpconnectHeaders() map[string]string {
	return map[string]string{
		"Ssp-TraceID": "09a01679-2564-0fb4-5129-aecc81ea2706", "Ssp-From": "200000000359", "Ssp-To": "918999198738",
		"Ssp-InteractionID": "urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1", "Authorization": "Bearer " + testJWT,
	}
}

// The GP Connect and EPS scenario files on their APIs' published base
// paths: every answer is the scenario's entry, and the test server checks
// each response with the checker.
func TestGPConnectAndEPSScenarios(t *testing.T) {
	gpc := gpconnectHeaders()
	eps := map[string]string{"Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd", "X-Request-ID": "a3f2b5c8-1d4e-4f6a-8b9c-0d1e2f3a4b5c", "NHSD-Session-URID": "555254240100"}
	cases := []struct {
		file, base string
		hits       []hit
	}{
		{"gpconnect.yaml", "", []hit{
			{"POST", gpconnectRoot + "/structured/Patient/$gpc.getstructuredrecord", servertest.With(gpc, "X-Mock-Scenario", "dissent"), 403, "gpconnect.NO_PATIENT_CONSENT", "The patient has dissented from sharing their record"},
			{"POST", gpconnectRoot + "/structured/Patient/$gpc.getstructuredrecord", servertest.With(gpc, "X-Mock-Scenario", "disabled"), 403, "gpconnect.ACCESS_DENIED", "The Access Record Structured capability is not enabled at this practice."},
			{"POST", gpconnectRoot + "/structured/Patient/$gpc.getstructuredrecord?_format=xml", gpc, 404, "gpconnect.PATIENT_NOT_FOUND", "No patient found for the NHS number sent"},
			{"GET", gpconnectRoot + "/documents/Binary/07a6483f", gpc, 404, "gpconnect.NO_RECORD_FOUND", "No document found with id 07a6483f"},
			{"GET", gpconnectRoot + "/Patient/2", servertest.With(gpc, "Ssp-From", "200000000666"), 403, "gpconnect.SSP_SENDER_ASID_NOT_AUTHORISED", "ASID_CHECK_FAILED_MESSAGESENDER_200000000666"},
			{"GET", gpconnectRoot + "/Patient/2", gpc, 404, "gpconnect.PATIENT_NOT_FOUND", "No patient details found for patient ID: 2"},
			{"POST", gpconnectRoot + "/Appointment", servertest.With(gpc, "X-Mock-Scenario", "slot-taken"), 409, "gpconnect.DUPLICATE_REJECTED", "The slot is no longer free"},
			{"POST", gpconnectRoot + "/Appointment", gpc, 422, "gpconnect.REFERENCE_NOT_FOUND", "Reference to Slot/6 - no such slot exists at the server"},
			{"PUT", gpconnectRoot + "/Appointment/5", gpc, 409, "gpconnect.FHIR_CONSTRAINT_VIOLATION", "The appointment 5 has been updated since it was read; read it again"},
			{"DELETE", gpconnectRoot + "/Appointment/5", gpc, 405, "gpconnect.SSP_METHOD_NOT_ALLOWED", ""},
			{"GET", gpconnectRoot + "/Patient/2", servertest.With(gpc, "Ssp-InteractionID", "(delete)"), 400, "gpconnect.BAD_REQUEST", "Ssp-InteractionID header is missing"},
		}},
		{"eps.yaml", "", []hit{
			{"POST", "/fhir-prescribing/FHIR/R4/$prepare", servertest.With(eps, "X-Mock-Scenario", "deceased"), 400, "eps.PATIENT_DECEASED", ""},
			{"POST", "/fhir-prescribing/FHIR/R4/$process-message", servertest.With(eps, "X-Mock-Scenario", "cancel-not-found"), 400, "eps.CANCELLATION_NOT_FOUND", ""},
			{"POST", "/fhir-prescribing/FHIR/R4/$process-message", eps, 400, "eps.MEDICATION_REQUEST_INCORRECT_VALUE", "MedicationRequest.intent must be order, original-order or instance-order."},
			{"POST", "/fhir-prescribing/FHIR/R4/$process-message", servertest.With(eps, "X-Request-ID", "(delete)"), 400, "eps.MISSING_FIELD_REQUEST_ID", ""},
			{"POST", "/fhir-prescribing/FHIR/R4/$prepare", eps, 500, "eps.SERVER_ERROR", ""},
		}},
		{"eps.yaml", "/fhir-dispensing", []hit{
			{"POST", "/fhir-dispensing/FHIR/R4/Task/$release", eps, 400, "eps.PRESCRIPTION_WITH_ANOTHER_DISPENSER", ""},
			{"GET", "/fhir-dispensing/FHIR/R4/Task", eps, 400, "eps.MISSING_QUERY_PARAMETER", "At least one of the following query parameters must be provided: identifier, focus:identifier."},
		}},
	}
	for _, c := range cases {
		t.Run(c.file+c.base, func(t *testing.T) { runHits(t, c.file, c.base, c.hits) })
	}
}

// The mock answers an SSP fault as the Spine Secure Proxy does, its
// display repeating its diagnostics.
func TestGPConnectSSPDisplay(t *testing.T) {
	sc, err := LoadScenarios(filepath.Join("..", "examples", "scenarios", "gpconnect.yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{API: sc.API, Scenarios: sc})
	res := ts.Do(t, "GET", gpconnectRoot+"/Patient/2", servertest.With(gpconnectHeaders(), "Ssp-From", "200000000666"))
	const want = "ASID_CHECK_FAILED_MESSAGESENDER_200000000666"
	iss := res.Report.Outcome.Issue[0]
	if c := iss.FirstCoding(); res.Entry != "gpconnect.SSP_SENDER_ASID_NOT_AUTHORISED" || c == nil || c.Display != want || iss.Diagnostics != want {
		t.Errorf("%s: display %+v, diagnostics %q; want both %q\n%s", res.Entry, c, iss.Diagnostics, want, res.Body)
	}
}
