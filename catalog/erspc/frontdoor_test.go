package erspc_test

import (
	"encoding/base64"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/erspc"
	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/mock"
	"github.com/spinecat/spinecat/server"
)

// target is the NHSD-Target-Identifier the proxy accepts: the base64 of
// the e-RS target's identifier.
var target = base64.StdEncoding.EncodeToString([]byte(`{"system": "urn:ietf:rfc:3986", "value": "2b3b21fd-fe9f-403c-9682-10b8d8a4eaf3"}`))

// newMock serves the Patient Care mock on loopback; every response is
// checked by the project's checker.
func newMock(t *testing.T, sc *mock.Scenarios) *servertest.Server {
	t.Helper()
	h, err := mock.New(mock.Config{API: erspc.API, Scenarios: sc, Options: []server.Option{
		server.WithClock(func() time.Time { return servertest.Fixed }),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, "erspc", h)
}

// jwt is an unsigned JWT with the given claims, as an NHS login token
// carries the id_token's.
func jwt(claims string) string {
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

func TestFrontDoor(t *testing.T) {
	ts := newMock(t, nil)
	const base = "/e-referrals-service-patient-care-api"
	ok := map[string]string{"Authorization": "Bearer " + jwt(`{"vot":"P9.Cp.Cd","nhs_number":"9900000285"}`), "NHSD-Target-Identifier": target}
	tests := []struct {
		name   string
		target string
		header map[string]string
		want   [5]any // status, entry, diagnostics, issue type, lastUpdated
	}{
		{"no Authorization", "/FHIR/R4/ServiceRequest", servertest.With(ok, "Authorization", "(delete)"),
			[5]any{401, "erspc.ACCESS_DENIED_INVALID_TOKEN", "Invalid access token", "forbidden", "2026-03-14T09:26:53.589Z"}},
		{"an empty Authorization", "/FHIR/R4/ServiceRequest", servertest.With(ok, "Authorization", ""),
			[5]any{401, "erspc.ACCESS_DENIED_INVALID_TOKEN", "Invalid access token", "forbidden", "2026-03-14T09:26:53.589Z"}},
		{"the scheme alone", "/FHIR/R4/ServiceRequest", servertest.With(ok, "Authorization", "Bearer "),
			[5]any{401, "erspc.ACCESS_DENIED_INVALID_TOKEN", "Invalid access token", "forbidden", "2026-03-14T09:26:53.589Z"}},
		{"a vector of trust the API does not accept", "/FHIR/R4/ServiceRequest", servertest.With(ok, "Authorization", "Bearer "+jwt(`{"vot":"P9.Cp"}`)),
			[5]any{401, "erspc.ACCESS_DENIED_VECTOR_OF_TRUST", "Unsupported Vector of Trust value utilised for authentication.", "login", "2026-03-14T09:26:53.589Z"}},
		{"no NHSD-Target-Identifier", "/FHIR/R4/ServiceRequest", servertest.With(ok, "NHSD-Target-Identifier", "(delete)"),
			[5]any{404, "erspc.VALIDATION_ERROR_TARGET_IDENTIFIER", "Unknown value", "not-found", "2026-03-14T09:26:53.589Z"}},
		{"an empty NHSD-Target-Identifier", "/FHIR/R4/ServiceRequest", servertest.With(ok, "NHSD-Target-Identifier", ""),
			[5]any{404, "erspc.VALIDATION_ERROR_TARGET_IDENTIFIER", "Unknown value", "not-found", "2026-03-14T09:26:53.589Z"}},
		{"an NHSD-Target-Identifier that is not base64", "/FHIR/R4/ServiceRequest", servertest.With(ok, "NHSD-Target-Identifier", "AA"),
			[5]any{404, "erspc.VALIDATION_ERROR_TARGET_IDENTIFIER", "Unknown value", "not-found", "2026-03-14T09:26:53.589Z"}},
		{"another target", base + "/FHIR/R4/HealthcareService/1", servertest.With(ok, "NHSD-Target-Identifier", base64.StdEncoding.EncodeToString([]byte(`{"value": "2b3b21fd-fe9f-403c-9682-10b8d8a4eaf3"}`))),
			[5]any{404, "erspc.VALIDATION_ERROR_TARGET_IDENTIFIER", "Unknown value", "not-found", "2026-03-14T09:26:53.589Z"}},
		{"an opaque token passes", base + "/FHIR/R4/HealthcareService/1", servertest.With(ok, "Authorization", "Bearer opaque-token-1"),
			[5]any{404, "erspc.REC_NOT_FOUND", "", "not-found", "2026-03-14T09:26:53.589Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.Do(t, "GET", tt.target, tt.header)
			iss := res.Report.Outcome.Issue[0]
			got := [5]any{res.Status, res.Entry, iss.Diagnostics, string(iss.Code), res.Report.Outcome.Meta.LastUpdated}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("GET %s (-want +got):\n%s\n%s", tt.target, diff, res.Body)
			}
			if p := res.Report.Outcome.Meta.Profile; len(p) != 1 || p[0] != "https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome" {
				t.Errorf("meta.profile %v", p)
			}
		})
	}
}

// The example scenario file serves each of its error paths end to end, on
// the API's base path.
func TestExampleScenarios(t *testing.T) {
	sc, err := mock.LoadScenarios(filepath.Join("..", "..", "examples", "scenarios", "erspc.yaml"), all.Registry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := newMock(t, sc)
	const base = "/e-referrals-service-patient-care-api/FHIR/R4"
	ok := map[string]string{"Authorization": "Bearer nhs-login-token-1", "NHSD-Target-Identifier": target}
	scenario := func(name string) map[string]string { return servertest.With(ok, "X-Mock-Scenario", name) }
	tests := []struct {
		target string
		header map[string]string
		want   [3]any // status, entry, diagnostics
	}{
		{base + "/ServiceRequest?category=&patient=9000000009", ok, [3]any{400, "erspc.REC_BAD_REQUEST", "Missing mandatory value"}},
		{base + "/ServiceRequest", scenario("forbidden"), [3]any{403, "erspc.REC_FORBIDDEN", ""}},
		{base + "/ServiceRequest", scenario("rate-limited"), [3]any{429, "erspc.TOO_MANY_REQUESTS", ""}},
		{base + "/ServiceRequest", scenario("timeout"), [3]any{504, "erspc.GATEWAY_TIMEOUT", ""}},
		{base + "/ServiceRequest", ok, [3]any{500, "erspc.REC_SERVER_ERROR", ""}},
		{base + "/HealthcareService/7", ok, [3]any{404, "erspc.REC_NOT_FOUND", ""}},
	}
	for _, tt := range tests {
		res := ts.Do(t, "GET", tt.target, tt.header)
		got := [3]any{res.Status, res.Entry, res.Diagnostics()}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("GET %s (-want +got):\n%s\n%s", tt.target, diff, res.Body)
		}
	}
}
