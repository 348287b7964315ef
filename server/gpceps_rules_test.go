package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/eps"
	"github.com/spinecat/spinecat/catalog/gpconnect"
	"github.com/spinecat/spinecat/internal/servertest"
)

// GP Connect's front door: the SSP's media type check, the Spine proxy
// headers and the JWT bearer token, each answered as the guidance says.
func TestGPConnectRules(t *testing.T) {
	const path = "/Patient/2"
	ok := map[string]string{
		"Ssp-TraceID": "09a01679-2564-0fb4-5129-aecc81ea2706", "Ssp-From": "200000000359", "Ssp-To": "918999198738",
		"Ssp-InteractionID": "urn:nhs:names:services:gpconnect:fhir:rest:read:patient-1", "Authorization": "Bearer " + testJWT,
	}
	bad := func(diag string) summary {
		return summary{Status: 400, ContentType: jsonCT, Entry: "gpconnect.BAD_REQUEST", Diagnostics: diag, Header: map[string]string{"Cache-Control": "no-store"}}
	}
	notFound := summary{Status: 404, ContentType: jsonCT, Entry: "gpconnect.NO_RECORD_FOUND", Diagnostics: "No resource found at 2", Header: map[string]string{"Cache-Control": "no-store"}}
	ts := newTestServer(t, gpconnect.API)
	runRuleCases(t, ts, []ruleCase{
		{"nothing", "", path, nil, bad("Ssp-TraceID header is missing")},
		{"no Ssp-TraceID", "", path, with(ok, "Ssp-TraceID", "(delete)"), bad("Ssp-TraceID header is missing")},
		{"blank Ssp-From", "", path, with(ok, "Ssp-From", ""), bad("Ssp-From header is missing")},
		{"no Ssp-To", "", path, with(ok, "Ssp-To", "(delete)"), bad("Ssp-To header is missing")},
		{"no Ssp-InteractionID", "", path, with(ok, "Ssp-InteractionID", "(delete)"), bad("Ssp-InteractionID header is missing")},
		{"the Ssp headers before the token", "", path, with(ok, "Ssp-To", "(delete)", "Authorization", "(delete)"), bad("Ssp-To header is missing")},
		{"no Authorization", "", path, with(ok, "Authorization", "(delete)"), bad("Authorization header missing")},
		{"not Bearer", "", path, with(ok, "Authorization", "Basic dXNlcjpwYXNz"), bad("Authorization header invalid")},
		{"two sections", "", path, with(ok, "Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0"), bad("The JWT does not have three base64url sections")},
		{"claims not JSON", "", path, with(ok, "Authorization", "Bearer a.bm90IGpzb24.c"), bad("The JWT claims are not valid JSON")},
		{"no claims", "", path, with(ok, "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."), bad("The JWT has no claims")},
		{"XML when asked", "", path + "?_format=xml", with(ok, "Ssp-From", "(delete)"),
			summary{Status: 400, ContentType: xmlCT, Entry: "gpconnect.BAD_REQUEST", Diagnostics: "Ssp-From header is missing"}},
		{"a media type the SSP refuses, before the headers", "", path, map[string]string{"Accept": "text/html"},
			summary{Status: 415, ContentType: xmlCT, Entry: "gpconnect.SSP_UNSUPPORTED_MEDIA_TYPE", Diagnostics: "Unsupported_Media_Type"}},
		{"the SSP's 415 in the format Accept names, _format ignored", "", path + "?_format=text/html", map[string]string{"Accept": "application/fhir+json"},
			summary{Status: 415, ContentType: jsonCT, Entry: "gpconnect.SSP_UNSUPPORTED_MEDIA_TYPE", Diagnostics: "Unsupported_Media_Type"}},
		{"all good", "", path, ok, notFound},
	})
}

// EPS's front door: the proxy's access token, X-Request-ID and
// NHSD-Session-URID checks, and its echoed headers.
func TestEPSRules(t *testing.T) {
	const path = "/FHIR/R4/$process-message"
	const requestID = "a3f2b5c8-1d4e-4f6a-8b9c-0d1e2f3a4b5c"
	ok := map[string]string{"Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd", "X-Request-ID": requestID, "NHSD-Session-URID": "555254240100"}
	echo := map[string]string{"X-Request-ID": requestID}
	oauth := summary{Status: 401, ContentType: jsonCT, Entry: "eps.ACCESS_DENIED_TOKEN", Diagnostics: "Invalid access token", Header: echo}
	ts := newTestServer(t, eps.API)
	runRuleCases(t, ts, []ruleCase{
		{"nothing", "", path, nil, summary{Status: 401, ContentType: jsonCT, Entry: "eps.ACCESS_DENIED_TOKEN", Diagnostics: "Invalid access token"}},
		{"no Authorization", "POST", path, with(ok, "Authorization", "(delete)"), oauth},
		{"not Bearer", "POST", path, with(ok, "Authorization", "6Qk8Z0cCq2oUqJ5yVnKd"), oauth},
		{"no X-Request-ID", "POST", path, with(ok, "X-Request-ID", "(delete)"),
			summary{Status: 400, ContentType: jsonCT, Entry: "eps.MISSING_FIELD_REQUEST_ID"}},
		{"X-Request-ID not a UUID", "POST", path, with(ok, "X-Request-ID", "req-1"),
			summary{Status: 400, ContentType: jsonCT, Entry: "eps.INVALID_REQUEST_ID", Diagnostics: "Invalid value - 'req-1' in header 'X-Request-ID'",
				Header: map[string]string{"X-Request-ID": "req-1"}}},
		{"the token before X-Request-ID", "POST", path, with(ok, "Authorization", "(delete)", "X-Request-ID", "(delete)"),
			summary{Status: 401, ContentType: jsonCT, Entry: "eps.ACCESS_DENIED_TOKEN", Diagnostics: "Invalid access token"}},
		{"no NHSD-Session-URID", "POST", path, with(ok, "NHSD-Session-URID", "(delete)"),
			summary{Status: 400, ContentType: jsonCT, Entry: "eps.MISSING_SESSION_URID", Diagnostics: "Missing value in header 'NHSD-Session-URID'", Header: echo}},
		{"_status takes no token", "", "/_status", nil, summary{Status: 500, ContentType: jsonCT, Entry: "eps.SERVER_ERROR"}},
		{"all good: the coordinator's answer to a route it lacks", "POST", path, ok,
			summary{Status: 500, ContentType: jsonCT, Entry: "eps.SERVER_ERROR", Header: echo}},
		{"JSON whatever was asked", "POST", path + "?_format=xml", with(ok, "Accept", "application/fhir+xml"),
			summary{Status: 500, ContentType: jsonCT, Entry: "eps.SERVER_ERROR", Header: echo}},
	})
	t.Run("a role the user does not have", func(t *testing.T) {
		ts := newTestServer(t, eps.API, WithAllowList("NHSD-Session-URID", "555254240100"))
		runRuleCases(t, ts, []ruleCase{
			{"another role", "POST", path, with(ok, "NHSD-Session-URID", "555254240199"),
				summary{Status: 400, ContentType: jsonCT, Entry: "eps.INVALID_SESSION_URID", Diagnostics: "Invalid value - '555254240199' in header 'NHSD-Session-URID'", Header: echo}},
			{"the user's role", "POST", path, ok, summary{Status: 500, ContentType: jsonCT, Entry: "eps.SERVER_ERROR", Header: echo}},
		})
	})
}

// Errors joined into one outcome go out with every issue, values
// sanitised, and the status the dialect's rule gives them; the checker
// finds the response conformant.
func TestWriteJoinedErrors(t *testing.T) {
	cases := []struct {
		name   string
		err    *catalog.Error
		status int
		issues int
	}{
		{"every issue forbidden", catalog.Join(eps.MissingScope("prescribing"), eps.UserRestrictedOnly("Prescribing")), 403, 2},
		{"mixed", catalog.Join(eps.MedicationRequestMissingValue("statusReason"), eps.MissingRequiredField("organization.partOf\x00"), eps.MissingScope("prescribing")), 400, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wr := NewWriter(append(testOptions(), WithAPI(eps.API))...)
			ts := servertest.New(t, "eps", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { wr.WriteError(w, r, c.err) }))
			res := ts.Do(t, http.MethodPost, "/FHIR/R4/$process-message", nil)
			if res.Status != c.status || len(res.Report.Issues) != c.issues {
				t.Fatalf("status %d with %d issues, want %d with %d:\n%s", res.Status, len(res.Report.Issues), c.status, c.issues, res.Body)
			}
			if strings.ContainsRune(res.Body, 0) || strings.Contains(res.Body, `\u0000`) {
				t.Errorf("a control character reached the body: %s", res.Body)
			}
		})
	}
}
