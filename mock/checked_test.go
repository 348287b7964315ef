package mock

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/internal/entrylog"
	"github.com/spinecat/spinecat/report"
	"github.com/spinecat/spinecat/server"
)

// Every response the mock of every API sends passes "spinecat check", and
// the checker names the entry the mock sent: the front door's answers to
// each of its rules broken (headers, query parameters, the token and its
// claims, refusals, forbidden headers, allow-lists, leniencies), in each
// access mode and where each rule's condition holds; each scenario of the
// API's example file; unknown routes, wrong methods, GET and HEAD, each
// format asked for in each way. Each response is captured from the wire as
// curl -si prints it, after the request line and headers it answered (so
// that the checker knows the method and URL, as it does for HEAD), and
// checked by report.Check, the code of "spinecat check --api NAME".
//
// The requests are made from the API's data alone (see probes_test.go),
// and reach every answer the data and the scenarios give.
func TestEveryMockResponsePassesCheck(t *testing.T) {
	reg := all.Registry()
	for _, name := range reg.APINames() {
		api, _ := reg.API(name)
		t.Run(name, func(t *testing.T) {
			var sc *Scenarios
			if file := filepath.Join("..", "examples", "scenarios", name+".yaml"); exists(file) {
				var err error
				if sc, err = LoadScenarios(file, reg, api); err != nil {
					t.Fatal(err)
				}
			}
			fd := newFrontDoor(t, api)
			reqs := fd.requests(sc)
			sent := map[string]bool{} // the entries of the responses
			var mu sync.Mutex
			var last string // the entry of the latest response
			for _, cfg := range fd.mockConfigs(sc) {
				h := mustNew(t, cfg.Config)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					r, rec := entrylog.With(r)
					h.ServeHTTP(w, r)
					mu.Lock()
					sent[rec.Entry] = true
					last = rec.Entry
					mu.Unlock()
				}))
				checked := 0
				for _, rq := range reqs {
					if !cfg.sends(rq) {
						continue
					}
					mu.Lock()
					last = ""
					mu.Unlock()
					raw := roundTrip(t, srv.Listener.Addr().String(), rq)
					res := checkCapture(t, name, rq, raw)
					checked++
					// A HEAD of a success has no body to check: skipped, as a
					// browser's HEAD in a HAR file is.
					headOfSuccess := rq.method == "HEAD" && res.Status >= 200 && res.Status < 300
					if res.Skipped && !headOfSuccess || !res.Skipped && !res.Conformant {
						t.Errorf("%s: %s %s%s\n%s\nfindings:\n%s", cfg.name, rq.method, rq.target(), rq.fault, raw, findings(res))
					}
					// The handler records the entry before the server closes
					// the connection, which roundTrip reads to its end. A HEAD
					// answer has no body for the checker to name an entry by.
					mu.Lock()
					entry := last
					mu.Unlock()
					if got := identified(res); rq.method != "HEAD" && (entry == "" || !slices.Contains(got, entry)) {
						t.Errorf("%s: %s %s%s: the mock sent %s; the checker names %q", cfg.name, rq.method, rq.target(), rq.fault, entry, got)
					}
				}
				srv.Close()
				if checked == 0 {
					t.Errorf("%s: no request made", cfg.name)
				}
				t.Logf("%s: %d responses checked", cfg.name, checked)
			}
			// The requests reach every answer the API's data and scenarios
			// give, so that none goes unchecked.
			for _, e := range answerEntries(api, sc) {
				if !sent[e.ID()] {
					t.Errorf("no request was answered with %s", e.ID())
				}
			}
		})
	}
}

// identified are the entries the checker names for a response: its body's,
// or each issue's.
func identified(res report.Result) []string {
	var out []string
	if res.BodyEntry != "" {
		out = append(out, res.BodyEntry)
	}
	for _, is := range res.Issues {
		out = append(out, is.Entry)
	}
	return out
}

// answerEntries are the entries of every answer of the API's front door,
// its unknown route, wrong method and unsupported format, and of the
// scenarios.
func answerEntries(api *catalog.API, sc *Scenarios) []*catalog.Entry {
	answers := []catalog.Answer{api.NotFound, api.MethodNotAllowed, api.Negotiation.Unsupported}
	for _, r := range api.Rules {
		answers = append(answers, r.Missing, r.Invalid, r.NotAllowed, r.Answer)
		if r.JWT != nil {
			answers = append(answers, r.JWT.Sections, r.JWT.Invalid, r.JWT.NoClaims)
		}
	}
	var out []*catalog.Entry
	for _, a := range answers {
		out = append(out, a.Entries()...)
	}
	if sc != nil {
		for _, ru := range sc.rules {
			out = append(out, ru.entry)
		}
	}
	seen := map[*catalog.Entry]bool{}
	return slices.DeleteFunc(out, func(e *catalog.Entry) bool {
		dup := seen[e]
		seen[e] = true
		return dup
	})
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func mustNew(t *testing.T, cfg Config) http.Handler {
	t.Helper()
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// mockConfig is one way of running the mock, and the requests it is sent.
type mockConfig struct {
	name string
	Config
	sends func(request) bool
}

// mockConfigs are the mock as "spinecat serve" runs it, sent every request,
// and with every leniency and an allow-list of the good value of every
// header that has one, sent the faults of the rules they change.
func (fd *frontDoor) mockConfigs(sc *Scenarios) []mockConfig {
	var opts []server.Option
	for _, l := range fd.api.Leniencies() {
		opts = append(opts, server.WithLeniency(l.Name))
	}
	for _, r := range fd.api.Rules {
		if len(r.NotAllowed) > 0 {
			opts = append(opts, server.WithAllowList(r.Header, fd.readBy(r).good))
		}
	}
	out := []mockConfig{{"as served", Config{API: fd.api, Scenarios: sc}, func(request) bool { return true }}}
	if len(opts) > 0 {
		changed := func(rq request) bool {
			return rq.fault != nil && (len(rq.fault.rule.Leniencies) > 0 || len(rq.fault.rule.NotAllowed) > 0)
		}
		out = append(out, mockConfig{"with leniencies and allow-lists", Config{API: fd.api, Scenarios: sc, Options: opts}, changed})
	}
	return out
}

// roundTrip sends rq on a connection of its own and returns the exchange
// as a capture file: the request line and headers, then the response
// exactly as it came off the wire.
func roundTrip(t *testing.T, addr string, rq request) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(guard)); err != nil {
		t.Fatal(err)
	}
	var head strings.Builder
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\n", rq.method, rq.target(), addr)
	for _, h := range rq.header {
		fmt.Fprintf(&head, "%s: %s\r\n", h[0], h[1])
	}
	head.WriteString("Connection: close\r\n\r\n")
	if _, err := io.WriteString(c, head.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.method, rq.target(), err)
	}
	return head.String() + string(resp)
}

// checkCapture checks a capture as "spinecat check --api NAME" does.
func checkCapture(t *testing.T, api string, rq request, raw string) report.Result {
	t.Helper()
	caps := capture.Read(rq.method+" "+rq.target(), []byte(raw), capture.Options{})
	if len(caps) != 1 {
		t.Fatalf("%d captures read from one response", len(caps))
	}
	if caps[0].Request == nil || caps[0].Request.Method != rq.method {
		t.Fatalf("the capture lost its request line: %+v", caps[0].Request)
	}
	return report.Check(caps[0], report.CheckOptions{API: api})
}

func findings(res report.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "  %s %s at %s: %s\n", f.Severity, f.Rule, f.Location, f.Message)
	}
	return b.String()
}
