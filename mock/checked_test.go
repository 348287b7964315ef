package mock

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
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

// Every response the mock of every API sends passes "spinecat check": the
// front door's answers to each of its rules broken, each scenario of the
// API's example file, unknown routes, wrong methods, GET and HEAD, each
// format asked for in each way. Each response is captured from the wire as
// curl -si prints it, after the request line and headers it answered (so
// that the checker knows the method and URL, as it does for HEAD), and
// checked by report.Check, the code of "spinecat check --api NAME".
//
// The requests are made from the API's data alone: its rules, access
// modes, surfaces, formats and base path, and its scenario file.
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
			reqs := requestsFor(t, api, sc)
			sent := map[string]bool{} // the entries of the responses
			var mu sync.Mutex
			for _, cfg := range mockConfigs(api, sc) {
				h := mustNew(t, cfg.Config)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					r, rec := entrylog.With(r)
					h.ServeHTTP(w, r)
					mu.Lock()
					sent[rec.Entry] = true
					mu.Unlock()
				}))
				checked := 0
				for _, rq := range reqs {
					raw := roundTrip(t, srv.Listener.Addr().String(), rq)
					res := checkCapture(t, name, rq, raw)
					checked++
					// A HEAD of a success has no body to check: skipped, as a
					// browser's HEAD in a HAR file is.
					headOfSuccess := rq.method == "HEAD" && res.Status >= 200 && res.Status < 300
					if res.Skipped && !headOfSuccess || !res.Skipped && !res.Conformant {
						t.Errorf("%s: %s %s\n%s\nfindings:\n%s", cfg.name, rq.method, rq.target, raw, findings(res))
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
	return out
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

// mockConfig is one way of running the mock.
type mockConfig struct {
	name string
	Config
}

// mockConfigs are the mock as "spinecat serve" runs it, and with every
// leniency and an allow-list for every header that has one, so that their
// answers are sent too.
func mockConfigs(api *catalog.API, sc *Scenarios) []mockConfig {
	var opts []server.Option
	for _, l := range api.Leniencies() {
		opts = append(opts, server.WithLeniency(l.Name))
	}
	for _, r := range api.Rules {
		if len(r.NotAllowed) > 0 {
			opts = append(opts, server.WithAllowList(r.Header, goodValue(r)))
		}
	}
	out := []mockConfig{{"as served", Config{API: api, Scenarios: sc}}}
	if len(opts) > 0 {
		out = append(out, mockConfig{"with leniencies and allow-lists", Config{API: api, Scenarios: sc, Options: opts}})
	}
	return out
}

// request is one request of the test.
type request struct {
	method, target string
	header         [][2]string // in order; a name may repeat
}

// goodToken, a JWT with a body of claims, is the token of every good
// request.
const goodToken = testJWT

// kindExamples are valid values of the header forms rules check.
var kindExamples = map[catalog.ValueKind]string{
	"uuid":       "5a4171ac-486e-11e8-9ffc-6c3be5a609f5",
	"nhs-number": "9434765919",
	"ods-code":   "RB8",
	"asid":       "200000000117",
}

// goodValue is a value a header rule accepts.
func goodValue(r *catalog.RequestRule) string {
	switch {
	case len(r.OneOf) > 0:
		return r.OneOf[0]
	case r.Is != "":
		if v, ok := kindExamples[r.Is]; ok {
			return v
		}
		return "no example of " + string(r.Is) // fails the rule: the test says so
	}
	return "RB8"
}

// requestsFor lists the requests of the test for api: every path (each
// scenario's route filled in, an unknown route on each surface, a
// scenario's path with a method it lacks) with the good headers and each
// of their faults, each access mode, each format asked for; each as GET
// and as HEAD.
func requestsFor(t *testing.T, api *catalog.API, sc *Scenarios) []request {
	t.Helper()
	good := [][2]string{}
	for _, r := range api.Rules {
		switch r.Check {
		case catalog.CheckAuthorization:
			good = append(good, [2]string{"Authorization", r.Scheme + " " + goodToken})
		case catalog.CheckHeader:
			if v := goodValue(r); strings.HasPrefix(v, "no example") {
				t.Fatalf("rule for %s: %s; add one to kindExamples", r.Header, v)
			}
			good = append(good, [2]string{r.Header, goodValue(r)})
		}
	}
	for _, h := range api.Headers {
		// An echoed header a rule checks already has its good value.
		if h.From == catalog.HeaderEcho && !slices.ContainsFunc(good, func(g [2]string) bool { return strings.EqualFold(g[0], h.Name) }) {
			good = append(good, [2]string{h.Name, "c0ffee-1"})
		}
	}
	variants := headerVariants(api, good)

	base := ""
	if len(api.BasePaths) > 0 {
		base = api.BasePaths[0]
	}
	type path struct {
		method, path string
		extra        [][2]string // a scenario's header conditions
		query        string      // and query conditions
	}
	var paths []path
	if sc != nil {
		for _, ru := range sc.rules {
			method, p, _ := strings.Cut(ru.route, " ")
			p = fillWildcards(strings.TrimSpace(p))
			var q []string
			for _, c := range ru.query {
				q = append(q, urlEscape(c[0])+"="+urlEscape(c[1]))
			}
			paths = append(paths,
				path{method, base + p, ru.header, strings.Join(q, "&")},
				path{"DELETE", base + p, nil, ""}) // a method no scenario has
		}
	}
	for _, s := range api.Surfaces {
		p := "/NoSuchThing/1"
		if s.PathContains != "" {
			p = "/" + strings.Trim(s.PathContains, "/") + p
		}
		paths = append(paths, path{"GET", base + p, nil, ""})
	}
	paths = append(paths, path{"GET", "/outside/the/base/path", nil, ""})

	formats := formatVariants(api)
	var out []request
	seen := map[string]bool{}
	add := func(rq request) {
		key := fmt.Sprint(rq)
		if !seen[key] {
			seen[key] = true
			out = append(out, rq)
		}
	}
	for _, p := range paths {
		for _, method := range []string{p.method, "HEAD"} {
			if method == "HEAD" && p.method != "GET" {
				continue // HEAD asks for what GET would answer
			}
			for _, hv := range variants {
				add(request{method, withQuery(p.path, p.query, ""), withHeaders(hv, p.extra)})
			}
			for _, f := range formats {
				add(request{method, withQuery(p.path, p.query, f.query), withHeaders(append(slices.Clone(good), f.header...), p.extra)})
			}
		}
	}
	return out
}

// headerVariants are the good headers, none, and each header missing,
// blank, malformed or sent twice; Authorization without its scheme, in
// another scheme, or not a JWT of claims; and the token of each access mode
// with the headers a rule forbids it.
func headerVariants(api *catalog.API, good [][2]string) [][][2]string {
	out := [][][2]string{good, nil}
	for i, h := range good {
		without := slices.Delete(slices.Clone(good), i, i+1)
		out = append(out,
			without,
			set(good, h[0], " "),
			set(good, h[0], "not/a valid value?"),
			append(slices.Clone(good), h),
		)
	}
	for _, r := range api.Rules {
		if r.Check != catalog.CheckAuthorization {
			continue
		}
		for _, v := range []string{
			goodToken,                              // no scheme
			"Basic dXNlcjpwYXNz",                   // another scheme
			r.Scheme + " opaque-token",             // not a JWT
			r.Scheme + " a.b.c",                    // a JWT whose body is not JSON
			r.Scheme + " eyJhbGciOiJub25lIn0.e30.", // a JWT without claims
		} {
			out = append(out, set(good, "Authorization", v))
		}
		for _, m := range api.AccessModes {
			tok := set(good, "Authorization", r.Scheme+" "+m.TokenPrefix+goodToken)
			out = append(out, tok)
			for _, fr := range api.Rules {
				for _, h := range fr.Headers {
					out = append(out, append(slices.Clone(tok), [2]string{h, "RB8"}))
				}
			}
		}
	}
	return out
}

// withHeaders returns hs with each of extra set: a scenario's header
// condition replaces the good value rather than sending the header twice.
func withHeaders(hs, extra [][2]string) [][2]string {
	out := slices.Clone(hs)
	for _, h := range extra {
		if slices.ContainsFunc(out, func(g [2]string) bool { return strings.EqualFold(g[0], h[0]) }) {
			out = set(out, h[0], h[1])
		} else {
			out = append(out, h)
		}
	}
	return out
}

// set returns hs with the header name set to v.
func set(hs [][2]string, name, v string) [][2]string {
	out := slices.Clone(hs)
	for i := range out {
		if strings.EqualFold(out[i][0], name) {
			out[i][1] = v
			return out
		}
	}
	return append(out, [2]string{name, v})
}

// formatVariant asks for a format one way.
type formatVariant struct {
	query  string
	header [][2]string
}

// formatVariants ask for each format the API produces, and one it does
// not, by _format and by Accept.
func formatVariants(api *catalog.API) []formatVariant {
	var out []formatVariant
	names := []string{"html"}
	for _, f := range api.Negotiation.Formats {
		names = append(names, string(f))
	}
	for _, n := range names {
		mime := "application/fhir+" + n
		if n == "html" {
			mime = "text/html"
		}
		out = append(out,
			formatVariant{query: "_format=" + n},
			formatVariant{query: "_format=" + urlEscape(mime)},
			formatVariant{header: [][2]string{{"Accept", mime}}},
		)
	}
	return out
}

var wildcardRE = regexp.MustCompile(`\{([^}]*)\}`)

// fillWildcards puts a value in each wildcard of a ServeMux pattern.
func fillWildcards(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return wildcardRE.ReplaceAllStringFunc(p, func(w string) string {
		if strings.HasSuffix(w, "...}") {
			return "w1/w2"
		}
		return "w1"
	})
}

func withQuery(path string, q ...string) string {
	var parts []string
	for _, s := range q {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return path
	}
	return path + "?" + strings.Join(parts, "&")
}

// urlEscape escapes a query name or value as a client would.
func urlEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", "=", "%3D")
	return r.Replace(s)
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
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\n", rq.method, rq.target, addr)
	for _, h := range rq.header {
		fmt.Fprintf(&head, "%s: %s\r\n", h[0], h[1])
	}
	head.WriteString("Connection: close\r\n\r\n")
	if _, err := io.WriteString(c, head.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.method, rq.target, err)
	}
	return head.String() + string(resp)
}

// checkCapture checks a capture as "spinecat check --api NAME" does.
func checkCapture(t *testing.T, api string, rq request, raw string) report.Result {
	t.Helper()
	caps := capture.Read(rq.method+" "+rq.target, []byte(raw), capture.Options{})
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
