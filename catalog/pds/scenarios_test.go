package pds_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/pds"
	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/mock"
)

// The example scenario file serves each of its error paths end to end, on
// PDS's base path, each response checked by the project's checker.
func TestExampleScenarios(t *testing.T) {
	sc, err := mock.LoadScenarios(filepath.Join("..", "..", "examples", "scenarios", "pds.yaml"), all.Registry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.API != pds.API {
		t.Fatalf("the scenario file is for %v", sc.API)
	}
	ts := newMock(t, sc)
	const base = "/personal-demographics/FHIR/R4"
	user := map[string]string{"Authorization": "Bearer user-token-1", "X-Request-ID": requestID}
	patient := servertest.With(user, "Authorization", "Bearer nhs-login-token-1")
	scenario := func(name string) map[string]string { return servertest.With(user, "X-Mock-Scenario", name) }
	tests := []struct {
		method, target string
		header         map[string]string
		want           [4]any // status, entry, diagnostics, Retry-After
	}{
		{"GET", base + "/Patient/9000000000", user, [4]any{400, "pds.INVALID_RESOURCE_ID", "", ""}},
		{"GET", base + "/Patient/9990003343", user, [4]any{404, "pds.INVALIDATED_RESOURCE", "", ""}},
		{"GET", base + "/Patient/9000000009", user, [4]any{404, "pds.RESOURCE_NOT_FOUND", "", ""}},
		{"PUT", base + "/Patient/9000000009", user, [4]any{400, "pds.UNSUPPORTED_SERVICE", "", ""}},
		{"GET", base + "/Patient/9111231130/RelatedPerson", user, [4]any{404, "pds.RESOURCE_NOT_FOUND", "", ""}},
		{"GET", base + "/Patient?family=Smith", scenario("rate-limited"), [4]any{429, "pds.TOO_MANY_REQUESTS_APP_QUOTA",
			"Your application, Mock Client, has exceeded its quota of 300 requests every 1 minute(s) and is being rate limited. Please see: https://digital.nhs.uk/developer/guides-and-documentation/reference-guide#rate-limits for more details.", ""}},
		{"GET", base + "/Patient?family=Smith&_max-results=1", user, [4]any{200, "pds.TOO_MANY_MATCHES", "", ""}},
		{"GET", base + "/Patient?family=Smith&birthdate=20101022", user, [4]any{400, "pds.INVALID_VALUE_FIELD", "Invalid value - '20101022' in field 'birthdate'", ""}},
		{"GET", base + "/Patient?family=Smith&year=2003", user, [4]any{400, "pds.ADDITIONAL_PROPERTY", "Invalid request with error - Additional properties are not allowed ('year' was unexpected)", ""}},
		{"GET", base + "/Patient?birthdate=eq2010-10-22", user, [4]any{400, "pds.INVALID_SEARCH_DATA", "Invalid search data provided - 'No searches were performed as the search criteria did not meet the minimum requirements'", ""}},
		{"PATCH", base + "/Patient/9000000009", scenario("no-if-match"), [4]any{412, "pds.PRECONDITION_FAILED", "Invalid request with error - If-Match header must be supplied to update this resource", ""}},
		{"PATCH", base + "/Patient/9000000009", scenario("stale"), [4]any{409, "pds.RESOURCE_VERSION_MISMATCH", "", ""}},
		{"PATCH", base + "/Patient/9000000009", scenario("usual-name"), [4]any{403, "pds.FORBIDDEN_UPDATE", "Forbidden update with error - multiple usual names cannot be added", ""}},
		{"PATCH", base + "/Patient/9000000009", user, [4]any{400, "pds.INVALID_UPDATE", "Invalid update with error - No patches found", ""}},
		{"POST", base + "/Patient", scenario("single-match"), [4]any{200, "pds.SINGLE_MATCH", "Unable to create new patient. NHS number 9000000009 found for supplied demographic data.", ""}},
		{"POST", base + "/Patient", scenario("multiple-matches"), [4]any{200, "pds.MULTIPLE_MATCHES", "Unable to create new patient. Multiple matches found for supplied demographic data.", ""}},
		{"POST", base + "/Patient", user, [4]any{400, "pds.INVALID_CREATE", "Invalid patient create data provided - 'address lines 1 and 4 or 2 and 4 must be completed as a minimum'", ""}},
		{"POST", base + "/Patient/$process-birth-details", user, [4]any{400, "pds.INSERT_BIRTH_DEATH_STATUS_INCONSISTENT", "Insert Birth - Death Status Inconsistent", ""}},
		{"POST", base + "/Coverage", patient, [4]any{503, "pds.SERVICE_UNAVAILABLE",
			"The downstream domain processing has not completed within the configured timeout period. Using the same 'X-Request-ID' header, retry your request after the time specified by the 'Retry-After' response header.", "5"}},
	}
	for _, tt := range tests {
		res := ts.Do(t, tt.method, tt.target, tt.header)
		got := [4]any{res.Status, res.Entry, res.Diagnostics(), res.Header.Get("Retry-After")}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s\n%s", tt.method, tt.target, diff, res.Body)
		}
	}
}
