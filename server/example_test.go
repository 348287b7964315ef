package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/server"
)

// A handler answers with a catalogue error; WriteError picks the status, the
// format (XML by default for NRL; here the client asked for JSON) and the
// dialect's id and profile. The clock and id source are fixed for the example.
func ExampleWriteError() {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := nrl.NoRecordFoundDocumentReference(r.PathValue("id"))
		server.WriteError(w, r, err,
			server.WithIDSource(func(catalog.IDPolicy) string {
				return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000000"
			}))
	})
	mux := http.NewServeMux()
	mux.Handle("GET /DocumentReference/{id}", handler)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/DocumentReference/abc?_format=json", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 404 application/fhir+json; charset=utf-8
	// {"resourceType":"OperationOutcome","id":"5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000000","meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},"issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"No record found for supplied DocumentReference identifier - abc"}]}
}

// The e-RS gateway's rules in front of a handler: the request of the
// developer community thread "401 Access Denied on call to A0042" sends its
// token without "Bearer ", and gets the 401 the real gateway sends instead of
// reaching the handler.
func ExampleMiddleware() {
	referrals := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, ers.R4RecNotFound("No referral "+server.Sanitize(r.URL.Path)))
	})
	h := server.Middleware(server.ERS, referrals,
		server.WithClock(func() time.Time { return time.Date(2026, 1, 6, 15, 24, 38, 0, time.UTC) }),
		server.WithTransactionID(func() string { return "c0ffee00-0000-4000-8000-000000000001" }))

	req := httptest.NewRequest("GET", "/referrals/FHIR/R4/Binary/f185d16b-7dd5-4a50-97d9-62494080a786", nil)
	req.Header.Set("Authorization", "0vGSeeV2cHrsB6C1L4PCyl0Ce46Q")
	req.Header.Set("NHSD-End-User-Organisation-ODS", "RB8")
	req.Header.Set("X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// The headers are sent in e-RS's own spelling, not Go's canonical form.
	//lint:ignore SA1008 the server writes the API's documented spelling on purpose
	fmt.Println("X-Correlation-ID:", rec.Header()["X-Correlation-ID"][0])
	//lint:ignore SA1008 as above
	fmt.Println("X-Request-ID:", rec.Header()["X-Request-ID"][0])
	fmt.Println(rec.Body.String())
	// Output:
	// 401 Bearer error="invalid_token"
	// X-Correlation-ID: 17183684-D9A9-11F0-9A21-005056B4EE83
	// X-Request-ID: c0ffee00-0000-4000-8000-000000000001
	// {"resourceType":"OperationOutcome","meta":{"lastUpdated":"2026-01-06T15:24:38.000Z","profile":["https://www.hl7.org/fhir/R4/operationoutcome.html"]},"issue":[{"severity":"error","code":"login","details":{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode","code":"ACCESS_DENIED"}]},"diagnostics":"Invalid access token"}]}
}

// A mock from a scenario file: the rules first, then the scenarios, then the
// API's own 404.
func ExampleNewMock() {
	sc, err := server.ParseScenarios("nrlf.yaml", []byte(`
api: nrlf
scenarios:
  - route: POST /producer/FHIR/R4/DocumentReference
    entry: nrlf.INVALID_RESOURCE_REQUIRED_FIELD
    params: {field: custodian}
`), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	mock, err := server.NewMock(sc.API, sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, hdr := range []map[string]string{
		{},
		{"X-Request-Id": "r-1", "NHSD-Correlation-Id": "c-1"},
	} {
		req := httptest.NewRequest("POST", "/producer/FHIR/R4/DocumentReference", nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		mock.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 400 {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"MISSING_OR_INVALID_HEADER","display":"There is a required header missing or invalid"}]},"diagnostics":"The X-Request-Id header is missing or invalid"}]}
	// 400 {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"required","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"INVALID_RESOURCE","display":"Invalid validation of resource"}]},"diagnostics":"The required field 'custodian' is missing"}]}
}

// Request values are sanitised before they reach a diagnostics text.
func ExampleSanitize() {
	fmt.Printf("%q\n", server.Sanitize("abc\r\nX-Forged: 1\x1b[2J"))
	// Output:
	// "abc  X-Forged: 1[2J"
}
