package client

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/operationoutcome"
)

// serve starts a server whose handler writes status, Content-Type and body
// as given, and returns the response a real http.Client gets.
func serve(t *testing.T, status int, contentType, body string) *http.Response {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// serveError starts a server that sends err as a spinecat server would.
func serveError(t *testing.T, err *catalog.Error, f operationoutcome.Format) *http.Response {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if werr := operationoutcome.Write(w, r, err.HTTPStatus(), err.OperationOutcome(), f); werr != nil {
			t.Error(werr)
		}
	}))
	t.Cleanup(srv.Close)
	resp, gerr := srv.Client().Get(srv.URL + "/DocumentReference/abc")
	if gerr != nil {
		t.Fatal(gerr)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func asCatalogError(t *testing.T, err error) *catalog.Error {
	t.Helper()
	var ce *catalog.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *catalog.Error", err, err)
	}
	return ce
}

func TestFromResponseRoundTrip(t *testing.T) {
	for _, f := range []operationoutcome.Format{operationoutcome.FormatJSON, operationoutcome.FormatXML} {
		t.Run(string(f), func(t *testing.T) {
			resp := serveError(t, nrl.NoRecordFoundDocumentReference("abc"), f)
			err := FromResponse(resp)
			if !errors.Is(err, nrl.ErrNoRecordFoundDocumentReference) {
				t.Fatalf("errors.Is(%v, ErrNoRecordFoundDocumentReference) = false", err)
			}
			if errors.Is(err, nrl.ErrInvalidParameter) {
				t.Error("errors.Is matches another entry")
			}
			p, ok := nrl.NoRecordFoundDocumentReferenceParamsOf(err)
			if !ok || p.ID != "abc" {
				t.Errorf("params = %+v, %v", p, ok)
			}
			ce := asCatalogError(t, err)
			if ce.HTTPStatus() != 404 || catalog.HTTPStatus(err) != 404 {
				t.Errorf("status %d", ce.HTTPStatus())
			}
			if ce.Received() == nil || ce.Received().Issue[0].Details.Coding[0].Code != "NO_RECORD_FOUND" {
				t.Errorf("Received() = %+v", ce.Received())
			}
			if !strings.Contains(err.Error(), "nrl: 404 NO_RECORD_FOUND") {
				t.Errorf("Error() = %q", err.Error())
			}
			// The body is still there for the caller.
			b, rerr := io.ReadAll(resp.Body)
			if rerr != nil || !bytes.Contains(b, []byte("NO_RECORD_FOUND")) {
				t.Errorf("body after FromResponse: %q, %v", b, rerr)
			}
		})
	}
}

const unknownCode = `{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid",
 "details": {"coding": [{"system": "https://example.org/codes", "code": "SOMETHING_NEW"}]}, "diagnostics": "new in release 9"}]}`

func TestFromResponseUnknownCode(t *testing.T) {
	err := FromResponse(serve(t, 409, "application/fhir+json", unknownCode))
	ce := asCatalogError(t, err)
	if ce.Entry() != nil {
		t.Errorf("Entry() = %s, want none", ce.Entry().ID())
	}
	if ce.HTTPStatus() != 409 {
		t.Errorf("status %d", ce.HTTPStatus())
	}
	if ce.Received() == nil || ce.Received().Issue[0].Diagnostics != "new in release 9" {
		t.Errorf("Received() = %+v", ce.Received())
	}
	if errors.Is(err, nrl.ErrNoRecordFoundDocumentReference) {
		t.Error("an unidentified error is Is an entry")
	}
}

func TestFromResponseSuccess(t *testing.T) {
	created := `{"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational",
 "details": {"coding": [{"system": "https://fhir.nhs.uk/ValueSet/NRL-ResponseCode", "code": "RESOURCE_CREATED", "display": "Resource created"}]},
 "diagnostics": "The document has been created"}]}`
	bundle := `{"resourceType": "Bundle", "type": "searchset", "total": 0}`
	big := `{"resourceType": "Bundle", "type": "searchset", "entry": [` + strings.Repeat(`{"fullUrl": "urn:x"},`, 150000) + `{"fullUrl": "urn:y"}]}`
	for name, tc := range map[string]struct {
		status int
		body   string
	}{
		"201 OperationOutcome": {201, created},
		"200 Bundle":           {200, bundle},
		"200 Bundle over 1MiB": {200, big},
		"204 no body":          {204, ""},
	} {
		t.Run(name, func(t *testing.T) {
			resp := serve(t, tc.status, "application/fhir+json", tc.body)
			if err := FromResponse(resp); err != nil {
				t.Fatalf("FromResponse = %v, want nil", err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil || string(b) != tc.body {
				t.Errorf("body after FromResponse: %d bytes, want %d (%v)", len(b), len(tc.body), err)
			}
		})
	}
}

func TestFromResponseSuccessStatusWithErrorIssue(t *testing.T) {
	err := FromResponse(serve(t, 200, "application/fhir+json", unknownCode))
	if ce := asCatalogError(t, err); ce.HTTPStatus() != 200 || ce.Received() == nil {
		t.Errorf("status %d, received %v", ce.HTTPStatus(), ce.Received())
	}
}

func TestFromResponseDocumentedNoBody(t *testing.T) {
	err := FromResponseWith(serve(t, 401, "", ""), Options{API: ers.API})
	if !errors.Is(err, ers.ErrInvalidTokenNoBody) {
		t.Fatalf("err = %v, want ers.ErrInvalidTokenNoBody", err)
	}
	ce := asCatalogError(t, err)
	if ce.HTTPStatus() != 401 || ce.Received() != nil {
		t.Errorf("status %d, received %v", ce.HTTPStatus(), ce.Received())
	}
	// e-RS STU3 text/plain 406.
	err = FromResponseWith(serve(t, 406, "text/plain;charset=utf-8", "Not Acceptable"), Options{API: ers.API})
	if ce := asCatalogError(t, err); ce.Entry() == nil || ce.Entry().ID() != "ers.NOT_ACCEPTABLE_TEXT" || ce.HTTPStatus() != 406 {
		t.Errorf("406 text: %v", err)
	}
}

// A body that is not an OperationOutcome and that no entry documents is an
// unidentified error that says what came back.
func TestFromResponseNotFHIR(t *testing.T) {
	for name, tc := range map[string]struct {
		status   int
		ct, body string
		opts     Options
		want     string // Error()
	}{
		"html from a proxy": {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", Options{},
			"502 Bad Gateway: an HTML page, not an OperationOutcome; a proxy or gateway answered"},
		"html without its Content-Type": {503, "", "<!DOCTYPE html><html><body>down</body></html>", Options{},
			"503 Service Unavailable: an HTML page, not an OperationOutcome; a proxy or gateway answered"},
		"empty 404": {404, "", "", Options{API: nrl.API}, "404 Not Found: an empty body, not an OperationOutcome"},
		"json, not FHIR": {400, "application/json", `{"error": "bad"}`, Options{},
			"400 Bad Request: a JSON body that is not an OperationOutcome"},
		"text": {502, "text/plain", "upstream connect error", Options{}, "502 Bad Gateway: a plain-text body, not an OperationOutcome"},
		"too large": {400, "application/fhir+json", unknownCode, Options{MaxBodyBytes: 10},
			"400 Bad Request: a body of more than 10 bytes, not read"},
		"other API's code": {404, "application/fhir+json", string(mustJSON(t, nrl.NoRecordFoundDocumentReference("abc"))), Options{API: ers.API},
			"404 NO_RECORD_FOUND: No record found for supplied DocumentReference identifier - abc"},
	} {
		t.Run(name, func(t *testing.T) {
			err := FromResponseWith(serve(t, tc.status, tc.ct, tc.body), tc.opts)
			ce := asCatalogError(t, err)
			if ce.Entry() != nil {
				t.Errorf("Entry() = %s, want none", ce.Entry().ID())
			}
			if ce.HTTPStatus() != tc.status {
				t.Errorf("status %d, want %d", ce.HTTPStatus(), tc.status)
			}
			if err.Error() != tc.want {
				t.Errorf("Error() = %q, want %q", err.Error(), tc.want)
			}
		})
	}
}

func mustJSON(t *testing.T, e *catalog.Error) []byte {
	t.Helper()
	b, err := e.OperationOutcome().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type failingBody struct{ read int }

func (b *failingBody) Read(p []byte) (int, error) {
	if b.read > 0 {
		return 0, errors.New("connection reset")
	}
	b.read++
	return copy(p, `{"resourceType"`), nil
}
func (b *failingBody) Close() error { return nil }

func TestFromResponseReadError(t *testing.T) {
	resp := &http.Response{StatusCode: 503, Header: http.Header{}, Body: &failingBody{}}
	err := FromResponse(resp)
	if !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("err = %v", err)
	}
	if catalog.HTTPStatus(err) != 503 {
		t.Errorf("HTTPStatus = %d", catalog.HTTPStatus(err))
	}
	if FromResponse(nil) == nil {
		t.Error("nil response gives no error")
	}
}

func TestFromResponseParamsOfAPIs(t *testing.T) {
	// An e-RS R4 error with two parameters comes back with both.
	resp := serveError(t, ers.R4NoRelationship("Binary", "c5d2e0b4"), operationoutcome.FormatJSON)
	err := FromResponse(resp)
	if !errors.Is(err, ers.ErrR4NoRelationship) {
		t.Fatalf("err = %v", err)
	}
	ce := asCatalogError(t, err)
	if diff := cmp.Diff(map[string]string{"resourceType": "Binary", "id": "c5d2e0b4"}, ce.Params()); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
}
