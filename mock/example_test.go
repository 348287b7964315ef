package mock_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/spinecat/spinecat/mock"
)

// A mock from a scenario file: the front door's rules first, then the
// scenarios, then the API's own 404. The file names its API, one the
// registry holds (nil: every API spinecat ships).
func ExampleNew() {
	sc, err := mock.ParseScenarios("nrlf.yaml", []byte(`
api: nrlf
scenarios:
  - route: POST /producer/FHIR/R4/DocumentReference
    entry: nrlf.INVALID_RESOURCE_REQUIRED_FIELD
    params: {field: custodian}
`), nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := mock.New(mock.Config{API: sc.API, Scenarios: sc})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, hdr := range []map[string]string{
		{},
		{"X-Request-Id": "r-1", "NHSD-Correlation-Id": "c-1", "Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd"},
	} {
		// NRLF's published base path, /record-locator, is optional.
		req := httptest.NewRequest("POST", "/record-locator/producer/FHIR/R4/DocumentReference", nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 400 {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"MISSING_OR_INVALID_HEADER","display":"There is a required header missing or invalid"}]},"diagnostics":"The X-Request-Id header is missing or invalid"}]}
	// 400 {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"required","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"INVALID_RESOURCE","display":"Invalid validation of resource"}]},"diagnostics":"The required field 'custodian' is missing"}]}
}
