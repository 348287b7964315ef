package operationoutcome

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatContentType(t *testing.T) {
	tests := map[Format]string{
		FormatJSON: "application/fhir+json; charset=utf-8",
		FormatXML:  "application/fhir+xml; charset=utf-8",
		"yaml":     "",
	}
	for f, want := range tests {
		if got := f.ContentType(); got != want {
			t.Errorf("%q.ContentType() = %q, want %q", f, got, want)
		}
	}
}

func TestParseContentType(t *testing.T) {
	type result struct {
		MediaType, Charset string
		Format             Format
		Legacy             bool
	}
	tests := []struct {
		in   string
		want result
	}{
		{"application/fhir+json; charset=utf-8", result{"application/fhir+json", "utf-8", FormatJSON, false}},
		{"application/fhir+xml;charset=UTF-8", result{"application/fhir+xml", "utf-8", FormatXML, false}},
		{"application/json+fhir", result{"application/json+fhir", "", FormatJSON, true}},
		{"application/xml+fhir;version=1", result{"application/xml+fhir", "", FormatXML, true}},
		{"Application/JSON", result{"application/json", "", FormatJSON, false}},
		{"text/json", result{"text/json", "", FormatJSON, false}},
		{"application/xml", result{"application/xml", "", FormatXML, false}},
		{"text/xml; charset=iso-8859-1", result{"text/xml", "iso-8859-1", FormatXML, false}},
		{"text/html; charset=utf-8", result{"text/html", "utf-8", "", false}},
		{"application/fhir+json; charset", result{"application/fhir+json", "", FormatJSON, false}},
		{"", result{}},
	}
	for _, tc := range tests {
		var got result
		got.MediaType, got.Charset, got.Format, got.Legacy = ParseContentType(tc.in)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseContentType(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestNegotiate(t *testing.T) {
	nrl := []Format{FormatXML, FormatJSON} // NRL: XML by default
	jsonOnly := []Format{FormatJSON}       // NRLF
	tests := []struct {
		name    string
		query   string
		accept  []string
		allowed []Format
		want    Format
		wantErr *UnsupportedFormatError
	}{
		{name: "neither gives the default", allowed: nrl, want: FormatXML},
		{name: "neither, JSON API", allowed: jsonOnly, want: FormatJSON},
		{name: "nil allowed means JSON then XML", want: FormatJSON},
		{name: "_format short json", query: "_format=json", allowed: nrl, want: FormatJSON},
		{name: "_format short xml", query: "_format=XML", allowed: nrl, want: FormatXML},
		{name: "_format MIME", query: "_format=application%2Ffhir%2Bjson", allowed: nrl, want: FormatJSON},
		{name: "_format with unescaped plus", query: "_format=application/fhir+json", allowed: nrl, want: FormatJSON},
		{name: "_format with charset", query: "_format=application/fhir%2Bxml;charset=utf-8", allowed: nrl, want: FormatXML},
		{name: "_format legacy", query: "_format=application/json%2Bfhir", allowed: nrl, want: FormatJSON},
		{name: "_format text/json", query: "_format=text/json", allowed: nrl, want: FormatJSON},
		{name: "_format wins over Accept", query: "_format=json", accept: []string{"application/fhir+xml"}, allowed: nrl, want: FormatJSON},
		{name: "_format unsupported", query: "_format=html", accept: []string{"application/fhir+json"}, allowed: nrl,
			wantErr: &UnsupportedFormatError{Param: "_format", Value: "html"}},
		{name: "_format XML on a JSON API", query: "_format=xml", allowed: jsonOnly,
			wantErr: &UnsupportedFormatError{Param: "_format", Value: "xml"}},
		{name: "empty _format is ignored", query: "_format=", accept: []string{"application/json"}, allowed: nrl, want: FormatJSON},
		{name: "Accept */*", accept: []string{"*/*"}, allowed: nrl, want: FormatXML},
		{name: "Accept application/*", accept: []string{"application/*"}, allowed: jsonOnly, want: FormatJSON},
		{name: "Accept JSON", accept: []string{"application/fhir+json"}, allowed: nrl, want: FormatJSON},
		{name: "Accept with parameters", accept: []string{"application/fhir+json; fhirVersion=4.0; charset=utf-8"}, allowed: nrl, want: FormatJSON},
		{name: "Accept legacy XML", accept: []string{"application/xml+fhir;version=1"}, allowed: []Format{FormatJSON, FormatXML}, want: FormatXML},
		{name: "Accept text/xml", accept: []string{"text/xml"}, allowed: []Format{FormatJSON, FormatXML}, want: FormatXML},
		{name: "Accept list, first supported", accept: []string{"text/html, application/json, application/xml"}, allowed: nrl, want: FormatJSON},
		{name: "Accept q-values", accept: []string{"application/fhir+xml;q=0.5, application/fhir+json;q=0.9"}, allowed: nrl, want: FormatJSON},
		{name: "Accept ties keep order", accept: []string{"application/json;q=0.8, application/xml;q=0.8"}, allowed: nrl, want: FormatJSON},
		{name: "Accept several headers", accept: []string{"text/html", "application/fhir+json"}, allowed: nrl, want: FormatJSON},
		{name: "q=0 excludes from the wildcard", accept: []string{"application/fhir+xml;q=0, */*;q=0.1"}, allowed: nrl, want: FormatJSON},
		{name: "q=0 excludes", accept: []string{"application/json;q=0"}, allowed: nrl,
			wantErr: &UnsupportedFormatError{Param: "Accept", Value: "application/json;q=0"}},
		{name: "Accept nothing supported", accept: []string{"text/html, image/png"}, allowed: nrl,
			wantErr: &UnsupportedFormatError{Param: "Accept", Value: "text/html, image/png"}},
		{name: "Accept XML on a JSON API", accept: []string{"application/fhir+xml"}, allowed: jsonOnly,
			wantErr: &UnsupportedFormatError{Param: "Accept", Value: "application/fhir+xml"}},
		{name: "bad q is skipped", accept: []string{"application/xml;q=abc, application/json"}, allowed: nrl, want: FormatJSON},
		{name: "blank Accept", accept: []string{"  "}, allowed: nrl, want: FormatXML},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/DocumentReference?"+tc.query, nil)
			for _, a := range tc.accept {
				r.Header.Add("Accept", a)
			}
			got, err := Negotiate(r, tc.allowed)
			if tc.wantErr != nil {
				var ue *UnsupportedFormatError
				if !errors.As(err, &ue) {
					t.Fatalf("Negotiate = %q, %v; want %v", got, err, tc.wantErr)
				}
				if diff := cmp.Diff(tc.wantErr, ue); diff != "" {
					t.Errorf("error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Negotiate = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		method string
		format Format
		body   string
	}{
		{http.MethodGet, FormatJSON, compactJSONString(nrlJSON)},
		{http.MethodGet, FormatXML, compactXML(nrlXML)},
		{http.MethodHead, FormatJSON, ""},
		{http.MethodHead, FormatXML, ""},
	} {
		t.Run(tc.method+" "+string(tc.format), func(t *testing.T) {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(tc.method, "/DocumentReference/x", nil)
			if err := Write(rec, r, http.StatusNotFound, nrlWant, tc.format); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusNotFound {
				t.Errorf("status = %d", rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); got != tc.format.ContentType() {
				t.Errorf("Content-Type = %q", got)
			}
			if diff := cmp.Diff(tc.body, rec.Body.String()); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
	// Nothing is written when the outcome cannot be encoded.
	rec := httptest.NewRecorder()
	err := Write(rec, httptest.NewRequest("GET", "/", nil), 400, &OperationOutcome{Issue: []Issue{{}}}, FormatJSON)
	if err == nil || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
		t.Errorf("Write of an invalid outcome: err=%v body=%q", err, rec.Body.String())
	}
	if err := Write(httptest.NewRecorder(), nil, 400, nrlWant, "yaml"); err == nil {
		t.Error("Write with an unknown format: want an error")
	}
}

func compactJSONString(s string) string {
	o, err := DecodeJSON([]byte(s), DecodeOptions{})
	if err != nil {
		panic(err)
	}
	return string(o.AppendJSON(nil))
}

func response(status int, contentType, body string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

func TestRead(t *testing.T) {
	html := `<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>`
	tests := []struct {
		name      string
		resp      *http.Response
		opts      ReadOptions
		format    Format
		outcome   *OperationOutcome
		truncated bool
		decodeErr string
	}{
		{name: "FHIR JSON", resp: response(404, "application/fhir+json; charset=utf-8", nrlJSON), format: FormatJSON, outcome: nrlWant},
		{name: "FHIR XML", resp: response(404, "application/fhir+xml", nrlXML), format: FormatXML, outcome: nrlWant},
		{name: "legacy JSON", resp: response(400, "application/json+fhir", nrlfJSON), format: FormatJSON, outcome: nrlfWant},
		{name: "no Content-Type, sniffed", resp: response(403, "", ersJSON), format: FormatJSON, outcome: ersWant},
		{name: "text/plain holding XML", resp: response(403, "text/plain", ersXML), format: FormatXML, outcome: ersWant},
		{name: "HTML", resp: response(500, "text/html", html),
			decodeErr: `1:1: OperationOutcome: root element is html, want OperationOutcome in namespace "http://hl7.org/fhir"`},
		{name: "plain text", resp: response(503, "text/plain", "Service unavailable"),
			decodeErr: "operationoutcome: body is not FHIR (text/plain)"},
		{name: "empty", resp: response(502, "application/fhir+json", ""), decodeErr: "operationoutcome: empty body"},
		{name: "JSON that is not FHIR", resp: response(401, "application/json", `{"error":"invalid_token"}`),
			decodeErr: "1:1: OperationOutcome: resourceType is missing"},
		{name: "truncated", resp: response(400, "application/fhir+json", nrlJSON), opts: ReadOptions{MaxBodyBytes: 10},
			truncated: true, decodeErr: "operationoutcome: body longer than 10 bytes, not decoded"},
		{name: "latin-1", resp: response(400, "application/fhir+xml; charset=iso-8859-1", nrlXML),
			decodeErr: `operationoutcome: charset "iso-8859-1" is not UTF-8`},
		{name: "strict problems come with the outcome", resp: response(400, "application/fhir+json", `{"resourceType":"OperationOutcome","x":1,"issue":[{"severity":"error","code":"invalid"}]}`),
			opts: ReadOptions{Strict: true}, format: FormatJSON,
			outcome:   &OperationOutcome{Issue: []Issue{{Severity: SeverityError, Code: IssueInvalid}}},
			decodeErr: "1:36: OperationOutcome.x: unknown element"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read(tc.resp, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.resp.StatusCode || got.Format != tc.format || got.Truncated != tc.truncated {
				t.Errorf("Status=%d Format=%q Truncated=%v", got.Status, got.Format, got.Truncated)
			}
			if diff := cmp.Diff(tc.outcome, got.Outcome); diff != "" {
				t.Errorf("Outcome (-want +got):\n%s", diff)
			}
			gotErr := ""
			if got.DecodeErr != nil {
				gotErr = got.DecodeErr.Error()
			}
			if gotErr != tc.decodeErr {
				t.Errorf("DecodeErr = %q, want %q", gotErr, tc.decodeErr)
			}
		})
	}
}

// countingReader reports how many bytes were read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadLimit(t *testing.T) {
	body := &countingReader{r: strings.NewReader(strings.Repeat("x", 5000))}
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(body)}
	got, err := Read(resp, ReadOptions{MaxBodyBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	if body.n > 101 || len(got.Body) != 100 || !got.Truncated {
		t.Errorf("read %d bytes, kept %d, truncated %v", body.n, len(got.Body), got.Truncated)
	}
	// Exactly MaxBodyBytes is not truncated.
	got, _ = Read(response(200, "application/fhir+json", nrlJSON), ReadOptions{MaxBodyBytes: int64(len(nrlJSON))})
	if got.Truncated || got.Outcome == nil {
		t.Errorf("exact limit: truncated=%v outcome=%v err=%v", got.Truncated, got.Outcome, got.DecodeErr)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadErrors(t *testing.T) {
	if _, err := Read(nil, ReadOptions{}); err == nil {
		t.Error("Read(nil): want an error")
	}
	resp := &http.Response{StatusCode: 500, Header: http.Header{}, Body: io.NopCloser(failingReader{})}
	if _, err := Read(resp, ReadOptions{}); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("Read of a failing body: %v", err)
	}
}

// TestServerClient runs Negotiate, Write and Read together over real HTTP.
func TestServerClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := Negotiate(r, []Format{FormatXML, FormatJSON})
		if err != nil {
			w.WriteHeader(http.StatusUnsupportedMediaType)
			return
		}
		if err := Write(w, r, http.StatusNotFound, nrlWant, f); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		query, accept string
		want          Format
	}{
		{"", "", FormatXML},
		{"?_format=json", "", FormatJSON},
		{"", "application/json", FormatJSON},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/DocumentReference/1"+tc.query, nil)
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(resp, ReadOptions{Strict: true})
		resp.Body.Close()
		if err != nil || got.DecodeErr != nil {
			t.Fatal(err, got.DecodeErr)
		}
		if got.Status != 404 || got.Format != tc.want {
			t.Errorf("%s %s: status %d format %q", tc.query, tc.accept, got.Status, got.Format)
		}
		if diff := cmp.Diff(nrlWant, got.Outcome); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

// FuzzPlainContentType holds the allocation-free reading of the common
// Content-Type forms to mime.ParseMediaType's.
func FuzzPlainContentType(f *testing.F) {
	for _, s := range []string{"application/fhir+json", "application/fhir+json; charset=utf-8", "application/fhir+json;charset=UTF-8",
		"Application/FHIR+json", "text/html; charset=iso-8859-1", "a/b/c", "/json", "application/", "x/y;  charset=a", "x/y; charset=", "x/y; q=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mt, cs, ok := plainContentType(s)
		if !ok {
			return
		}
		wantMT, params, err := mime.ParseMediaType(s)
		if err != nil {
			t.Fatalf("%q: read as %q %q, but mime.ParseMediaType fails: %v", s, mt, cs, err)
		}
		if mt != wantMT || cs != strings.ToLower(params["charset"]) {
			t.Fatalf("%q: read as %q %q, mime.ParseMediaType says %q %q", s, mt, cs, wantMT, params["charset"])
		}
	})
}
