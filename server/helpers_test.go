package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/validate"
)

// fixed is the clock of every test server.
var fixed = time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// testOptions make responses deterministic.
func testOptions() []Option {
	return []Option{
		WithClock(func() time.Time { return fixed }),
		WithIDSource(func(p catalog.IDPolicy) string {
			if p == catalog.IDUUIDDigits20 {
				return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5-00000000000000000001"
			}
			return "5a4171ac-486e-11e8-9ffc-6c3be5a609f5"
		}),
		WithTransactionID(func() string { return "tx-0001" }),
	}
}

// testServer is a mock behind a real loopback HTTP server that records the
// catalogue entry of each response.
type testServer struct {
	api string
	srv *httptest.Server
	mu  sync.Mutex
	// entry is the entry of the last response.
	entry string
}

func newTestServer(t *testing.T, api string, sc *Scenarios, opts ...Option) *testServer {
	t.Helper()
	h, err := NewMock(api, sc, append(testOptions(), opts...)...)
	if err != nil {
		t.Fatalf("NewMock: %v", err)
	}
	return serveHandler(t, api, h)
}

func serveHandler(t *testing.T, api string, h http.Handler) *testServer {
	ts := &testServer{api: api}
	ts.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &logRecord{}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), logKey{}, rec)))
		ts.mu.Lock()
		ts.entry = rec.entry
		ts.mu.Unlock()
	}))
	t.Cleanup(ts.srv.Close)
	return ts
}

// result is one response as a client saw it.
type result struct {
	Status int
	Header http.Header
	Body   string
	Entry  string // the entry the server sent
	URL    string // the request URL
	Report *validate.Report
}

// do sends a request with a real client and checks the response with the
// project's checker: no error findings, the entry the checker identifies is
// the one sent, and no credentials are echoed.
func (ts *testServer) do(t *testing.T, method, target string, header map[string]string) *result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, ts.srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = []string{v} // exactly as given, not canonicalised
	}
	resp, err := ts.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ts.mu.Lock()
	res := &result{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Entry: ts.entry, URL: req.URL.String()}
	ts.mu.Unlock()
	if method != http.MethodHead {
		res.Report = checkConformant(t, ts.api, res)
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

// knownCheckerGaps are responses written exactly as the catalogue documents
// them that the checker still flags, each with why. They are reported to the
// owners of validate and catalog/ers; an entry here is only used when the
// checker raises exactly that rule for exactly that response.
var knownCheckerGaps = []struct {
	entry, rule, why string
}{}

func checkConformant(t *testing.T, api string, res *result) *validate.Report {
	t.Helper()
	rep := validate.Check(validate.Response{Status: res.Status, Header: res.Header, Body: []byte(res.Body), API: api, URL: res.URL})
	for _, f := range rep.Errors() {
		known := false
		for _, g := range knownCheckerGaps {
			if g.entry == res.Entry && g.rule == f.Rule {
				known = true
			}
		}
		if !known {
			t.Errorf("validate: %s %s at %s: %s\n(entry %s, status %d)\n%s", f.Severity, f.Rule, f.Location, f.Message, res.Entry, res.Status, res.Body)
		}
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

// diagnostics returns the first issue's diagnostics of a checked response.
func (res *result) diagnostics() string {
	if res.Report == nil || res.Report.Outcome == nil || len(res.Report.Outcome.Issue) == 0 {
		return ""
	}
	return res.Report.Outcome.Issue[0].Diagnostics
}
