package servertest

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/entrylog"
	"github.com/spinecat/spinecat/validate"
)

// Fixed is the clock of every test server.
var Fixed = time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// ID is the OperationOutcome.id of every test server for policy p.
func ID(p catalog.IDPolicy) string {
	if p == catalog.IDUUIDDigits20 {
		return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000001"
	}
	return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"
}

// TransactionID is the transaction id of every test server.
func TransactionID() string { return "tx-0001" }

// Server is a handler behind a real loopback HTTP server that records the
// catalogue entry of each response.
type Server struct {
	api string
	srv *httptest.Server
	mu  sync.Mutex
	// entry is the entry of the last response.
	entry string
}

// New serves h on loopback for the test; api names the API the responses
// are checked against ("" to detect it).
func New(t testing.TB, api string, h http.Handler) *Server {
	t.Helper()
	s := &Server{api: api}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, rec := entrylog.With(r)
		h.ServeHTTP(w, r)
		s.mu.Lock()
		s.entry = rec.Entry
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Result is one response as a client saw it.
type Result struct {
	Status int
	Header http.Header
	Body   string
	Entry  string // the entry the server sent
	URL    string // the request URL
	Report *validate.Report
}

// Do sends a request with a real client and checks the response with the
// project's checker: no error findings, the entry the checker identifies is
// the one sent, and no credentials are echoed. Header names are sent
// exactly as given, not canonicalised.
func (s *Server) Do(t testing.TB, method, target string, header map[string]string) *Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = []string{v}
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	res := &Result{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Entry: s.entry, URL: req.URL.String()}
	s.mu.Unlock()
	if method != http.MethodHead {
		res.Report = checkConformant(t, s.api, res)
	}
	for k, v := range header {
		if !strings.EqualFold(k, "Authorization") {
			continue
		}
		for _, secret := range []string{v, strings.TrimPrefix(v, "Bearer ")} {
			if len(secret) < 8 {
				continue
			}
			if strings.Contains(res.Body, secret) {
				t.Errorf("%s %s: the body echoes the Authorization header:\n%s", method, target, res.Body)
			}
			for hk, hv := range resp.Header {
				if strings.Contains(strings.Join(hv, ","), secret) {
					t.Errorf("%s %s: header %s echoes the Authorization header", method, target, hk)
				}
			}
		}
	}
	return res
}

func checkConformant(t testing.TB, api string, res *Result) *validate.Report {
	t.Helper()
	rep := validate.Check(validate.Response{Status: res.Status, Header: res.Header, Body: []byte(res.Body), API: api, URL: res.URL})
	for _, f := range rep.Errors() {
		t.Errorf("validate: %s %s at %s: %s\n(entry %s, status %d)\n%s", f.Severity, f.Rule, f.Location, f.Message, res.Entry, res.Status, res.Body)
	}
	if id := identified(rep); id != "" && id != res.Entry {
		t.Errorf("validate identifies the response as %s, the server sent %s\n%s", id, res.Entry, res.Body)
	}
	return rep
}

// identified returns the entry the checker identified the response as.
func identified(rep *validate.Report) string {
	if rep.BodyEntry != nil {
		return rep.BodyEntry.ID()
	}
	if len(rep.Issues) > 0 {
		return rep.Issues[0].Entry
	}
	return ""
}

// Diagnostics returns the first issue's diagnostics of a checked response.
func (r *Result) Diagnostics() string {
	if r.Report == nil || r.Report.Outcome == nil || len(r.Report.Outcome.Issue) == 0 {
		return ""
	}
	return r.Report.Outcome.Issue[0].Diagnostics
}

// With returns a copy of base with each key set to the value after it; the
// value "(delete)" removes the key.
func With(base map[string]string, kv ...string) map[string]string {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "(delete)" {
			delete(out, kv[i])
			continue
		}
		out[kv[i]] = kv[i+1]
	}
	return out
}
