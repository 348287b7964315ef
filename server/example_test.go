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

// The e-RS gateway's rules (ers.API, from its catalogue) in front of a
// handler: a request that sends its token without "Bearer ", as in the
// support thread "401 Access Denied on call to A0042", gets the 401 the real
// gateway sends instead of reaching the handler.
func ExampleMiddleware() {
	referrals := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, ers.R4RecNotFound("No referral "+server.Sanitize(r.URL.Path)))
	})
	h := server.Middleware(ers.API, referrals,
		server.WithClock(func() time.Time { return time.Date(2026, 1, 6, 15, 24, 38, 0, time.UTC) }),
		server.WithTransactionID(func() string { return "c0ffee00-0000-4000-8000-000000000001" }))

	req := httptest.NewRequest("GET", "/referrals/FHIR/R4/Binary/f185d16b-7dd5-4a50-97d9-62494080a786", nil)
	req.Header.Set("Authorization", "0vGSeeV2cHrsB6C1L4PCyl0Ce46Q")
	req.Header.Set("NHSD-End-User-Organisation-ODS", "RB8")
	req.Header.Set("X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	fmt.Println(rec.Code)
	// The headers are sent in e-RS's own spelling, not Go's canonical form,
	// so a recorder's map is read with that spelling.
	for _, name := range []string{"WWW-Authenticate", "X-Correlation-ID", "X-Request-ID"} {
		fmt.Printf("%s: %s\n", name, rec.Header()[name][0])
	}
	fmt.Println(rec.Body.String())
	// Output:
	// 401
	// WWW-Authenticate: Bearer error="invalid_token"
	// X-Correlation-ID: 17183684-D9A9-11F0-9A21-005056B4EE83
	// X-Request-ID: c0ffee00-0000-4000-8000-000000000001
	// {"resourceType":"OperationOutcome","meta":{"lastUpdated":"2026-01-06T15:24:38.000Z","profile":["https://www.hl7.org/fhir/R4/operationoutcome.html"]},"issue":[{"severity":"error","code":"login","details":{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode","code":"ACCESS_DENIED"}]},"diagnostics":"Invalid access token"}]}
}

// Request values are sanitised before they reach a diagnostics text.
func ExampleSanitize() {
	fmt.Printf("%q\n", server.Sanitize("abc\r\nX-Forged: 1\x1b[2J"))
	// Output:
	// "abc  X-Forged: 1[2J"
}
