package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/servertest"
)

// errorServer answers every request with the error err returns for it,
// through WriteError.
func errorServer(t *testing.T, api *catalog.API, err func(r *http.Request) error, opts ...Option) *servertest.Server {
	t.Helper()
	opts = append(testOptions(), opts...)
	opts = append(opts, WithAPI(api))
	return servertest.New(t, api.Name, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, err(r), opts...)
	}))
}

func fixedErr(err error) func(*http.Request) error { return func(*http.Request) error { return err } }

// Errors that are not catalogue errors get the API's documented 500, and
// their text is never sent.
func TestWriteErrorForeign(t *testing.T) {
	foreign := errors.New("db down: password=hunter2")
	cases := []struct {
		api  *catalog.API
		path string
		want summary
	}{
		{nrl.API, "/DocumentReference/1", summary{Status: 500, ContentType: "text/html", Entry: "nrl.INTERNAL_ERROR"}},
		{nrlf.API, "/DocumentReference/1", summary{Status: 500, ContentType: jsonCT, Entry: "nrlf.INTERNAL_SERVER_ERROR", Diagnostics: "Internal server error"}},
		{ers.API, "/FHIR/R4/Binary/1", summary{Status: 500, ContentType: jsonCT, Entry: "ers.R4_REC_SERVER_ERROR", Diagnostics: "Internal Server Error"}},
		{ers.API, "/FHIR/STU3/Binary/1", summary{Status: 500, Entry: "ers.SERVICE_ERROR_NO_BODY", EmptyBody: true}},
	}
	for _, c := range cases {
		t.Run(c.api.Name+c.path, func(t *testing.T) {
			res := errorServer(t, c.api, fixedErr(foreign)).Do(t, "GET", c.path, nil)
			if diff := cmp.Diff(c.want, summarise(res, c.want)); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, res.Body)
			}
			if strings.Contains(res.Body, "hunter2") {
				t.Errorf("the foreign error's text was sent: %s", res.Body)
			}
		})
	}
	t.Run("no API", func(t *testing.T) {
		rec := httptest.NewRecorder()
		WriteError(rec, httptest.NewRequest("GET", "/x", nil), foreign)
		if rec.Code != 500 || rec.Body.String() != "Internal Server Error" || strings.Contains(rec.Body.String(), "hunter2") {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})
	t.Run("nil request", func(t *testing.T) {
		rec := httptest.NewRecorder()
		WriteError(rec, nil, nrl.AccessDeniedSSL())
		if rec.Code != 403 || !strings.HasPrefix(rec.Body.String(), "<OperationOutcome") {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})
}

// Exact bodies, with the injected clock and id source.
func TestWriteErrorBodies(t *testing.T) {
	cases := []struct {
		name       string
		api        *catalog.API
		path       string
		err        error
		header     map[string]string
		wantStatus int
		wantBody   string
	}{
		{"e-RS R4 gateway 401 (raw token)", ers.API, "/FHIR/R4/Binary/1", ers.R4AccessDeniedInvalidToken("Invalid access token"), nil, 401,
			`{"resourceType":"OperationOutcome","meta":{"lastUpdated":"2026-03-14T09:26:53.589Z","profile":["https://www.hl7.org/fhir/R4/operationoutcome.html"]},"issue":[{"severity":"error","code":"login","details":{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode","code":"ACCESS_DENIED"}]},"diagnostics":"Invalid access token"}]}`},
		{"e-RS R4 backend 404", ers.API, "/FHIR/R4/ServiceRequest/1", ers.R4RecNotFound("No referral 000000070000."), nil, 404,
			`{"resourceType":"OperationOutcome","meta":{"lastUpdated":"2026-03-14T09:26:53.589Z"},"issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/http-error-codes","code":"REC_NOT_FOUND"}]},"diagnostics":"No referral 000000070000."}]}`},
		{"NRL XML with id", nrl.API, "/DocumentReference/1", nrl.NoRecordFoundDocumentReference("1"), nil, 404,
			`<OperationOutcome xmlns="http://hl7.org/fhir"><id value="5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000001"/><meta><profile value="https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"/></meta><issue><severity value="error"/><code value="not-found"/><details><coding><system value="https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"/><code value="NO_RECORD_FOUND"/><display value="No record found"/></coding></details><diagnostics value="No record found for supplied DocumentReference identifier - 1"/></issue></OperationOutcome>`},
		{"NRLF no id, no meta", nrlf.API, "/DocumentReference/1", nrlf.NoRecordFound(), map[string]string{"X-Request-Id": "r"}, 404,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"The requested DocumentReference could not be found"}]}`},
		{"NRLF _status 503, text", nrlf.API, "/_status", nrlf.StatusServiceUnavailable(), nil, 503, `Service unavailable`},
		{"NRL HTML 500", nrl.API, "/DocumentReference/1", nrl.InternalError(), nil, 500,
			`<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>`},
		{"e-RS STU3 429, no body", ers.API, "/FHIR/STU3/Slot", ers.TooManyRequestsNoBody(), nil, 429, ``},
		{"status from WithStatus", nrlf.API, "/x", nrlf.APIGatewayDefault4xx("Too Many Requests").WithStatus(429), nil, 429,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Too Many Requests"}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := errorServer(t, c.api, fixedErr(c.err)).Do(t, "GET", c.path, c.header)
			if res.Status != c.wantStatus {
				t.Errorf("status %d, want %d", res.Status, c.wantStatus)
			}
			if diff := cmp.Diff(c.wantBody, res.Body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if e, _ := catalog.FromError(c.err); res.Entry != e.Entry().ID() {
				t.Errorf("entry %s, want %s", res.Entry, e.Entry().ID())
			}
		})
	}
}

// Retry-After goes with the 503s whose API documents it.
func TestRetryAfter(t *testing.T) {
	cases := []struct {
		name string
		err  error
		path string
		opts []Option
		want string
	}{
		{"e-RS R4 503", ers.R4RecUnavailable(), "/FHIR/R4/Binary/1", nil, "30"},
		{"e-RS STU3 503", ers.SystemUnavailable(), "/FHIR/STU3/Slot", nil, "30"},
		{"configured", ers.R4RecUnavailable(), "/FHIR/R4/Binary/1", []Option{WithRetryAfter(120)}, "120"},
		{"turned off", ers.R4RecUnavailable(), "/FHIR/R4/Binary/1", []Option{WithRetryAfter(0)}, ""},
		{"e-RS 429 documents none", ers.R4TooManyRequests(), "/FHIR/R4/Binary/1", nil, ""},
		{"NRLF 503 documents none", nrlf.StatusServiceUnavailable(), "/_status", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, _ := catalog.FromError(c.err)
			res := errorServer(t, catalog.APIOf(e.Entry()), fixedErr(c.err), c.opts...).Do(t, "GET", c.path, nil)
			if got := res.Header.Get("Retry-After"); got != c.want {
				t.Errorf("Retry-After %q, want %q", got, c.want)
			}
		})
	}
}

// A HEAD response has the GET response's status and headers and no body,
// for every kind of body. The recorder keeps whatever is written, unlike
// net/http's server, which would drop a body written for HEAD.
func TestHEAD(t *testing.T) {
	cases := []struct {
		path string
		err  error
	}{
		{"/DocumentReference/1", nrl.NoRecordFoundDocumentReference("1")},
		{"/DocumentReference/1", nrl.InternalError()},
		{"/_status", nrlf.StatusServiceUnavailable()},
		{"/FHIR/R4/DocumentReference/1", ers.R4RecNotFound("x")},
		{"/FHIR/STU3/Slot", ers.NotAcceptableText()},
		{"/FHIR/STU3/Slot", ers.InvalidTokenNoBody()},
	}
	for _, c := range cases {
		e, _ := catalog.FromError(c.err)
		t.Run(e.Entry().ID(), func(t *testing.T) {
			get, head := httptest.NewRecorder(), httptest.NewRecorder()
			WriteError(get, httptest.NewRequest("GET", c.path, nil), c.err, testOptions()...)
			WriteError(head, httptest.NewRequest("HEAD", c.path, nil), c.err, testOptions()...)
			if head.Body.Len() != 0 {
				t.Errorf("HEAD wrote a body: %q", head.Body.String())
			}
			if head.Code != get.Code {
				t.Errorf("HEAD status %d, GET %d", head.Code, get.Code)
			}
			if diff := cmp.Diff(get.Header(), head.Header()); diff != "" {
				t.Errorf("HEAD headers differ from GET (-get +head):\n%s", diff)
			}
		})
	}
	t.Run("end to end", func(t *testing.T) {
		ts := newTestServer(t, nrl.API)
		res := ts.Do(t, "HEAD", "/DocumentReference/1", nil)
		if res.Status != 400 || res.Body != "" || res.Header.Get("Content-Type") != xmlCT {
			t.Errorf("got %d %q %q", res.Status, res.Header.Get("Content-Type"), res.Body)
		}
	})
}

func TestSanitize(t *testing.T) {
	long := strings.Repeat("é", 250)
	cases := []struct{ in, want string }{
		{"", ""},
		{"RGD-7d4b9f3e", "RGD-7d4b9f3e"},
		{"a\x00b\x07c\x7fd\u0085e", "abcde"},
		{"line1\nline2\r\nx\ty", "line1 line2  x y"},
		{"\x1b[31mred\x1b[0m", "[31mred[0m"},
		{"abc\u202egnp.exe", "abcgnp.exe"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"para\u2028graph", "para graph"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"non\uffffchar\ufdd0", "nonchar"},
		{`"},"issue":[{"x`, `"},"issue":[{"x`}, // quotes are escaped by the encoder, not here
		{strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{strings.Repeat("a", 201), strings.Repeat("a", 199) + "…"},
		{long, strings.Repeat("é", 199) + "…"},
	}
	for _, c := range cases {
		if got := Sanitize(c.in); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Sanitize(c.in); utf8.RuneCountInString(got) > DefaultMaxParamRunes || !utf8.ValidString(got) {
			t.Errorf("Sanitize(%q) = %q: too long or not UTF-8", c.in, got)
		}
	}
}

// Request input reaches the diagnostics only sanitised, and credentials never.
func TestWriteErrorSanitises(t *testing.T) {
	const token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzZWNyZXQifQ."
	cases := []struct {
		name   string
		err    error
		header map[string]string
		want   string
		opts   []Option
	}{
		{"control characters", nrl.NoRecordFoundDocumentReference("abc\r\n\x00<x/>\u202e"), nil,
			"No record found for supplied DocumentReference identifier - abc  <x/>", nil},
		{"length", nrl.NoRecordFoundDocumentReference(strings.Repeat("9", 500)), nil,
			"No record found for supplied DocumentReference identifier - " + strings.Repeat("9", 199) + "…", nil},
		{"configured length", nrl.NoRecordFoundDocumentReference("0123456789"), nil,
			"No record found for supplied DocumentReference identifier - 0123…", []Option{WithMaxParamRunes(5)}},
		{"credentials", nrl.InvalidParameter("bad token Bearer " + token + " sent"), map[string]string{"Authorization": "Bearer " + token},
			"bad token [redacted] sent", nil},
		{"short credentials", nrl.InvalidParameter("bad token <k9> sent"), map[string]string{"Authorization": "Bearer k9"},
			"bad token <[redacted]> sent", nil},
		{"bare credentials", nrl.InvalidParameter("bad token <Q> sent"), map[string]string{"Authorization": "Q"},
			"bad token <[redacted]> sent", nil},
		{"long credentials past the cut", nrl.InvalidParameter("x" + strings.Repeat(token, 6)), map[string]string{"Authorization": "Bearer " + strings.Repeat(token, 6)},
			"x[redacted]", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := errorServer(t, nrl.API, fixedErr(c.err), c.opts...).Do(t, "GET", "/DocumentReference/1?_format=json", c.header)
			if got := res.Diagnostics(); got != c.want {
				t.Errorf("diagnostics %q, want %q", got, c.want)
			}
		})
	}
}

// Middleware refuses to run with what the API does not have, naming the
// mistake on every request; the api argument wins over WithAPI.
func TestMiddlewareMistakes(t *testing.T) {
	cases := []struct {
		name string
		api  *catalog.API
		opts []Option
		want string
	}{
		{"no API", nil, nil, "Middleware needs an API"},
		{"unknown access mode", ers.API, []Option{WithTokens(map[string]string{"t": "admin"})},
			`the token table names access mode "admin", which ers does not have (it has user-restricted, application-restricted)`},
		{"no allow-list rule", nrl.API, []Option{WithAllowList("fromASID", "1")}, "nrl has no allow-list rule for header Fromasid"},
		{"unknown leniency", nrlf.API, []Option{WithLeniency("bare-token-stu3")}, `nrlf has no leniency "bare-token-stu3" (it has none)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Middleware(c.api, http.NotFoundHandler(), c.opts...).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
			if rec.Code != 500 || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("got %d %q, want 500 with %q", rec.Code, rec.Body.String(), c.want)
			}
			if c.api != nil {
				if err := ValidateOptions(c.api, c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("ValidateOptions = %v", err)
				}
			}
		})
	}
	if err := ValidateOptions(ers.API, WithAllowList("nhsd-end-user-organisation-ods", "RB8"), WithLeniency("bare-token-stu3"),
		WithTokens(map[string]string{"a": "application-restricted"})); err != nil {
		t.Errorf("good options: %v", err)
	}
	rec := httptest.NewRecorder()
	Middleware(nrlf.API, http.NotFoundHandler(), WithAPI(nrl.API)).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "X-Request-Id") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

// A handler behind the middleware that writes its own error keeps the
// transaction id and echoed headers the middleware set.
func TestMiddlewareAndHandlerAgree(t *testing.T) {
	n := 0
	opts := []Option{WithTransactionID(func() string { n++; return "tx-" + string(rune('0'+n)) })}
	h := Middleware(ers.API, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, ers.R4RecForbidden("Not yours."), opts...)
	}), opts...)
	ts := servertest.New(t, ers.API.Name, h)
	res := ts.Do(t, "GET", "/FHIR/R4/ServiceRequest/1", map[string]string{
		"Authorization": "Bearer t0ken-abcdef", "NHSD-End-User-Organisation-ODS": "RB8", "X-Correlation-ID": "c-9"})
	want := summary{Status: 403, ContentType: jsonCT, Entry: "ers.R4_REC_FORBIDDEN", Diagnostics: "Not yours.",
		Header: map[string]string{"X-Request-ID": "tx-1", "X-Correlation-ID": "c-9"}}
	if diff := cmp.Diff(want, summarise(res, want)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := res.Header.Values("X-Request-Id"); len(got) != 1 {
		t.Errorf("X-Request-ID sent %d times: %q", len(got), got)
	}
}

// The transaction id is a version 4 UUID, a new one each time.
func TestNewUUID(t *testing.T) {
	uuid, _ := catalog.LookupParamType("uuid")
	a, b := newUUID(), newUUID()
	for _, u := range []string{a, b} {
		if err := uuid.Validate(u); err != nil || u[14] != '4' || !strings.ContainsRune("89ab", rune(u[19])) {
			t.Errorf("%q is not a version 4 UUID (%v)", u, err)
		}
	}
	if a == b {
		t.Errorf("two ids alike: %s", a)
	}
}
