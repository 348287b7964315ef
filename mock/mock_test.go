package mock

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/servertest"
	"github.com/spinecat/spinecat/server"
)

// The mock serves the API under its published base path, and without it.
func TestBasePath(t *testing.T) {
	sc, err := ParseScenarios("s.yaml", []byte(`
api: ers
scenarios:
  - route: GET /FHIR/R4/Binary/{id}
    entry: R4_PENDING
`), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	user := map[string]string{"Authorization": "Bearer user-token-1234", "NHSD-End-User-Organisation-ODS": "RB8"}
	type hit struct {
		path   string
		status int
		entry  string
	}
	cases := []struct {
		base string
		hits []hit
	}{
		{"", []hit{ // the API's: /referrals
			{"/referrals/FHIR/R4/Binary/1", 422, "ers.R4_PENDING"},
			{"/FHIR/R4/Binary/1", 422, "ers.R4_PENDING"},
			{"/referrals/FHIR/STU3/Slot", 404, "ers.NOT_FOUND_NO_BODY"},
			{"/referralsX/FHIR/R4/Binary/1", 404, "ers.R4_REC_NOT_FOUND"},
		}},
		{"/api/v9", []hit{
			{"/api/v9/FHIR/R4/Binary/1", 422, "ers.R4_PENDING"},
			{"/referrals/FHIR/R4/Binary/1", 404, "ers.R4_REC_NOT_FOUND"},
		}},
		{"/", []hit{
			{"/referrals/FHIR/R4/Binary/1", 404, "ers.R4_REC_NOT_FOUND"},
			{"/FHIR/R4/Binary/1", 422, "ers.R4_PENDING"},
		}},
	}
	for _, c := range cases {
		t.Run("base "+c.base, func(t *testing.T) {
			ts := newTestServer(t, Config{API: ers.API, Scenarios: sc, BasePath: c.base})
			for _, h := range c.hits {
				res := ts.Do(t, "GET", h.path, user)
				if diff := cmp.Diff([2]any{h.status, h.entry}, [2]any{res.Status, res.Entry}); diff != "" {
					t.Errorf("%s (-want +got):\n%s", h.path, diff)
				}
			}
		})
	}
	if _, err := New(Config{API: ers.API, BasePath: "referrals"}); err == nil {
		t.Error("a base path without / was accepted")
	}
}

// Options that name what the API lacks are refused before serving.
func TestNewRefusesBadOptions(t *testing.T) {
	_, err := New(Config{API: nrl.API, Options: []server.Option{server.WithLeniency("bare-token-stu3")}})
	if err == nil || err.Error() != `nrl has no leniency "bare-token-stu3" (it has any-token)` {
		t.Errorf("err = %v", err)
	}
}

// Values from the request reach the diagnostics only sanitised, and
// credentials never.
func TestScenarioValuesFromTheRequest(t *testing.T) {
	const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzZWNyZXQifQ."
	sc, err := ParseScenarios("s.yaml", []byte(`
scenarios:
  - route: GET /DocumentReference/{id}
    entry: NO_RECORD_FOUND_DOCUMENT_REFERENCE
    params: {id: "{id} ({query.note}) {header.X-Note}"}
`), nil, nrl.API)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{API: nrl.API, Scenarios: sc, Options: []server.Option{server.WithLeniency("any-token")}})
	h := map[string]string{"Authorization": "Bearer " + token, "fromASID": "1", "toASID": "2", "X-Note": "x\u202ey"}
	res := ts.Do(t, "GET", "/DocumentReference/"+token+"?_format=json&note=%0a%1bforged", h)
	want := "No record found for supplied DocumentReference identifier - [redacted] ( forged) xy"
	if got := res.Diagnostics(); got != want {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
}

// A path a scenario has, asked with another method, is answered as the API
// answers a wrong method: NRLF documents no 405, so its 404.
func TestWrongMethod(t *testing.T) {
	sc, err := ParseScenarios("s.yaml", []byte(`
api: nrlf
scenarios:
  - route: POST /producer/FHIR/R4/DocumentReference
    entry: nrlf.INVALID_RESOURCE_REQUIRED_FIELD
    params: {field: custodian}
`), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{API: nrlf.API, Scenarios: sc})
	ok := map[string]string{"X-Request-Id": "r-1", "NHSD-Correlation-Id": "c-1", "Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd"}
	for method, want := range map[string]string{"POST": "nrlf.INVALID_RESOURCE_REQUIRED_FIELD", "PUT": "nrlf.NO_RECORD_FOUND"} {
		if res := ts.Do(t, method, "/record-locator/producer/FHIR/R4/DocumentReference", servertest.With(ok)); res.Entry != want {
			t.Errorf("%s: %s, want %s", method, res.Entry, want)
		}
	}
}
