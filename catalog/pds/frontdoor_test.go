package pds_test

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/pds"
	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/mock"
	"github.com/spinecat/spinecat/server"
)

const requestID = "60e0b220-8136-4ac5-bfc8-d5a1b1a5d2f7"

// newMock serves the PDS mock (its front door, then the scenarios) on
// loopback; every response is checked by the project's checker.
func newMock(t *testing.T, sc *mock.Scenarios, opts ...server.Option) *servertest.Server {
	t.Helper()
	opts = append([]server.Option{
		server.WithClock(func() time.Time { return servertest.Fixed }),
		server.WithTransactionID(servertest.TransactionID),
	}, opts...)
	h, err := mock.New(mock.Config{API: pds.API, Scenarios: sc, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, "pds", h)
}

// jwt is an unsigned JWT with the given claims, as an NHS login token
// carries the id_token's.
func jwt(claims string) string {
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

// reply is what a front-door test compares.
type reply struct {
	Status      int
	ContentType string
	Entry       string
	Display     string
	Diagnostics string
}

func TestFrontDoor(t *testing.T) {
	ts := newMock(t, nil, server.WithAllowList("NHSD-Session-URID", "555021935107"))
	const base = "/personal-demographics/FHIR/R4"
	user := map[string]string{"Authorization": "Bearer user-token-1", "X-Request-ID": requestID}
	app := servertest.With(user, "Authorization", "Bearer app-token-1")
	privileged := servertest.With(user, "Authorization", "Bearer privileged-app-token-1")
	patient := servertest.With(user, "Authorization", "Bearer nhs-login-token-1")
	const proxy, spine = "application/json", "application/fhir+json; charset=utf-8"
	tests := []struct {
		name, method, target string
		header               map[string]string
		want                 reply
	}{
		// The OAuth check, with the proxy's words for each fault.
		{"no Authorization", "GET", "/Patient/9000000009", servertest.With(user, "Authorization", "(delete)"),
			reply{401, proxy, "pds.ACCESS_DENIED_MISSING_AUTHORIZATION", "Access Denied - Unauthorised", "Missing Authorization header"}},
		{"an empty Authorization", "GET", "/Patient/9000000009", servertest.With(user, "Authorization", ""),
			reply{401, proxy, "pds.ACCESS_DENIED_EMPTY_AUTHORIZATION", "Access Denied - Unauthorised", "Empty Authorization header"}},
		{"the scheme alone", "GET", "/Patient/9000000009", servertest.With(user, "Authorization", "Bearer"),
			reply{401, proxy, "pds.ACCESS_DENIED_MISSING_TOKEN", "Access Denied - Unauthorised", "Missing access token"}},
		{"the scheme in lower case", "GET", "/Patient/9000000009", servertest.With(user, "Authorization", "bearer user-token-1"),
			reply{401, proxy, "pds.ACCESS_DENIED_TOKEN_TYPE", "Access Denied - Unauthorised", "Invalid token type 'bearer', must be 'Bearer'"}},
		{"credentials that are no token", "GET", "/Patient/9000000009", servertest.With(user, "Authorization", "Bearer a b"),
			reply{401, proxy, "pds.ACCESS_DENIED_INVALID_TOKEN", "Access Denied - Unauthorised", "Invalid Access Token"}},
		{"an NHS login vector of trust below P9", "GET", "/Patient/9000000009", servertest.With(patient, "Authorization", "Bearer "+jwt(`{"vot":"P9.Cp","nhs_number":"9000000009"}`)),
			reply{403, proxy, "pds.ACCESS_DENIED_PATIENT", "Patient cannot perform this action", "Your access token has insufficient permissions. See documentation regarding Patient access restrictions https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir"}},
		// Paths and headers.
		{"an unsupported path", "GET", base + "/HelloWorld", user,
			reply{400, proxy, "pds.UNSUPPORTED_REQUEST", "The request is not one that is supported.", "Unsupported path - '/HelloWorld'"}},
		{"an X-Request-ID that is no UUID", "GET", "/Patient/9000000009", servertest.With(user, "X-Request-ID", "1234"),
			reply{400, proxy, "pds.INVALID_VALUE_REQUEST_ID", "Provided value is invalid", "Invalid value - '1234' in header 'X-Request-ID'"}},
		{"an empty X-Request-ID", "GET", "/Patient/9000000009", servertest.With(user, "X-Request-ID", ""),
			reply{400, proxy, "pds.INVALID_VALUE_REQUEST_ID", "Provided value is invalid", "Invalid value - '' in header 'X-Request-ID'"}},
		{"no X-Request-ID: Spine's check", "GET", "/Patient/9000000009", servertest.With(user, "X-Request-ID", "(delete)"),
			reply{400, spine, "pds.MISSING_VALUE_REQUEST_ID", "Required value is missing", "Invalid request with error - X-Request-ID header must be supplied to access this resource"}},
		{"a role that is not the user's", "GET", "/Patient/9000000009", servertest.With(user, "NHSD-Session-URID", "invalid"),
			reply{400, proxy, "pds.INVALID_VALUE_SESSION_URID", "Provided value is invalid", "Invalid value - 'invalid' in header 'NHSD-Session-URID'. Refer to the guidance for this header in our API Specification https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir"}},
		{"the user's role", "GET", "/Patient/9000000009", servertest.With(user, "NHSD-Session-URID", "555021935107"),
			reply{404, spine, "pds.RESOURCE_NOT_FOUND", "Resource not found", ""}},
		// The access modes' limits.
		{"Coverage with a healthcare worker's token", "GET", base + "/Coverage?subscriber:identifier=9000000009", user,
			reply{403, proxy, "pds.ACCESS_DENIED_RESOURCE_RESTRICTED", "Cannot GET resource with user-restricted access token", "Your app has insufficient permissions to use this operation. Please contact support."}},
		{"an update with an application's token", "PATCH", "/Patient/9000000009", app,
			reply{403, proxy, "pds.INVALID_METHOD", "Cannot update resource with application-restricted access token", "Your app has insufficient permissions to use this method. Please contact support."}},
		{"Coverage with an application's token", "POST", "/Coverage", app,
			reply{403, proxy, "pds.ACCESS_DENIED_RESOURCE_RESTRICTED", "Cannot POST resource with application-restricted access token", "Your app has insufficient permissions to use this operation. Please contact support."}},
		{"a create with a privileged application's token", "POST", "/Patient", privileged,
			reply{403, proxy, "pds.INVALID_METHOD", "Cannot create resource with privileged-application-restricted access token", "Your app has insufficient permissions to use this method. Please contact support."}},
		{"two results for an application", "GET", "/Patient?family=Smith&_max-results=2", app,
			reply{403, proxy, "pds.INVALID_VALUE_MAX_RESULTS", "Cannot retrieve more than one result with application-restricted access token", "Your app has insufficient permissions to perform this search. Please contact support."}},
		{"one result for an application", "GET", "/Patient?family=Smith&_max-results=1", app,
			reply{404, spine, "pds.RESOURCE_NOT_FOUND", "Resource not found", ""}},
		{"a create by a patient", "POST", "/Patient", patient,
			reply{403, proxy, "pds.INVALID_METHOD", "Cannot create resource with patient-access access token", "Your app has insufficient permissions to use this method. Please contact support."}},
		{"a Coverage search without its subscriber", "GET", "/Coverage?beneficiary=9000000009", patient,
			reply{400, proxy, "pds.INVALID_SEARCH_DATA_COVERAGE", "Search data is invalid", "Invalid search data provided - 'Coverage search request must follow the format /Coverage?subscriber:identifier=NHS_NUMBER'"}},
		{"the status endpoint without its key", "GET", "/_status", nil,
			reply{401, proxy, "pds.ACCESS_DENIED_API_KEY", "Access Denied - Unauthorised", "Invalid Api Key"}},
		{"another method", "PUT", "/Patient/9000000009", user,
			reply{404, spine, "pds.RESOURCE_NOT_FOUND", "Resource not found", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.Do(t, tt.method, tt.target, tt.header)
			got := reply{Status: res.Status, ContentType: res.Header.Get("Content-Type"), Entry: res.Entry, Diagnostics: res.Diagnostics()}
			if rep := res.Report; rep != nil && rep.Outcome != nil && rep.Outcome.Issue[0].Details != nil {
				got.Display = rep.Outcome.Issue[0].Details.Coding[0].Display
				if v := rep.Outcome.Issue[0].Details.Coding[0].Version; v != "1" {
					t.Errorf("coding.version %q, want \"1\"", v)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s\n%s", tt.method, tt.target, diff, res.Body)
			}
			if tt.header["X-Request-ID"] != "" && res.Header.Get("X-Request-ID") != tt.header["X-Request-ID"] {
				t.Errorf("X-Request-ID %q not mirrored: %q", tt.header["X-Request-ID"], res.Header.Get("X-Request-ID"))
			}
		})
	}
}
