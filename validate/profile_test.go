package validate

import (
	"net/http"
	"strings"
	"testing"
)

// The NHSDigital-OperationOutcome profile is the e-RS Patient Care API's
// own, and a documented variant of e-RS and NRLF sends it too: it agrees
// with other evidence of the Patient Care API, and decides nothing alone.
func TestSharedProfile(t *testing.T) {
	const head = `{"resourceType": "OperationOutcome", "meta": {"lastUpdated": "2026-02-03T10:11:12Z", "profile": ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"]}, "issue": [{"severity": "error", `
	const coding = `"details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/http-error-codes", "code": "REC_BAD_REQUEST"}]}`
	ct := http.Header{"Content-Type": {"application/fhir+json"}}
	// Exactly a Patient Care entry and an e-RS one: the profile decides.
	r := Check(Response{Status: 400, Header: ct, Body: []byte(head + `"code": "required", ` + coding + `, "diagnostics": "Missing mandatory value"}]}`)})
	if r.Dialect != "erspc-r4" || !strings.Contains(r.Reason, "the erspc-r4 dialect's profile (which nrlf and ers send too)") {
		t.Errorf("detected %q: %s", r.Dialect, r.Reason)
	}
	// Exactly no entry of any API: the profile alone decides nothing.
	r = Check(Response{Status: 400, Header: ct, Body: []byte(head + `"code": "security", ` + coding + `, "diagnostics": "Example diagnostics message."}]}`)})
	if r.Dialect != "" || !strings.Contains(r.Reason, "meta.profile https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome is the profile of erspc-r4, but other APIs send it too, so it decides nothing alone") {
		t.Errorf("detected %q: %s", r.Dialect, r.Reason)
	}
}
