package client_test

import (
	stdcmp "cmp"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/client"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/server"
)

// surfacePath returns a request path on the first surface of e's API that
// e answers on.
func surfacePath(a *catalog.API, e *catalog.Entry) string {
	for _, s := range a.Surfaces {
		if e.Dialect == nil || s.Serves(e.Dialect) {
			return "/" + strings.Trim(s.PathContains, "/") + "/Thing/1"
		}
	}
	return "/Thing/1"
}

// copies pairs the entries whose bodies two APIs send alike (EPS's proxy
// copies PDS's templates): with nothing known of where such a response
// came from, the client names neither, and the request URL decides.
var copies = map[string]string{
	"pds.ACCESS_DENIED_FAULTSTRING": "eps.ACCESS_DENIED_TOKEN",
	"pds.INVALID_VALUE_REQUEST_ID":  "eps.INVALID_REQUEST_ID",
	"pds.MISSING_VALUE_ASID":        "eps.MISSING_ASID",
	"pds.SERVICE_UNAVAILABLE":       "eps.SERVICE_UNAVAILABLE",
	"pds.UNKNOWN_ERROR":             "eps.UNKNOWN_ERROR",
}

// copied reports whether another API sends the entry's body alike.
func copied(id string) bool {
	for a, b := range copies {
		if id == a || id == b {
			return true
		}
	}
	return false
}

// TestRoundTripThroughHTTP sends every entry of every API through
// server.WriteError, on loopback, in each format its dialect serves, and
// reads it back with client.FromResponse (given the API, given nothing, and
// with the request under the API's base path): the same entry with the same
// parameters and status comes back, whatever the body (an OperationOutcome,
// text, HTML, nothing), except that with nothing known a body another API
// sends alike names no entry. A success outcome comes back as no error, as
// documented. For HEAD, which carries no body, the status comes back and no
// other entry is named.
func TestRoundTripThroughHTTP(t *testing.T) {
	var current struct {
		err error
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, current.err, server.WithClock(func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }))
	}))
	defer srv.Close()
	get := func(t *testing.T, method, path, accept string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = resp.Body.Close() })
		return resp
	}
	counts := map[string]int{}
	for _, a := range all.APIs() {
		for _, e := range a.Entries() {
			values := make([]string, len(e.Params))
			want := map[string]string{}
			for i, p := range e.Params {
				values[i], want[p.Name] = p.Example, p.Example
			}
			sent := catalog.New(e, values...)
			status := sent.HTTPStatus()
			path := surfacePath(a, e)
			// Over HTTP the status tells apart even the entries the
			// catalogue round trip cannot (catalog/all's indistinguishable).
			wantEntry := e.ID()
			formats := []operationoutcome.Format{""}
			if e.Body == catalog.BodyOperationOutcome {
				formats = nil
				for _, f := range e.Dialect.Formats {
					formats = append(formats, operationoutcome.Format(f))
				}
			}
			for _, f := range formats {
				t.Run(fmt.Sprintf("%s/%s", e.ID(), stdcmp.Or(string(f), string(e.Body))), func(t *testing.T) {
					current.err = sent
					type request struct {
						path string
						opts client.Options
					}
					requests := []request{{path, client.Options{API: a}}, {path, client.Options{}}}
					if len(a.BasePaths) > 0 {
						requests = append(requests, request{strings.TrimSuffix(a.BasePaths[0], "/") + path, client.Options{}})
					}
					for _, rq := range requests {
						resp := get(t, http.MethodGet, rq.path, f.ContentType())
						if resp.StatusCode != status {
							t.Fatalf("status %d, want %d", resp.StatusCode, status)
						}
						opts := rq.opts
						err := client.FromResponseWith(resp, opts)
						if status < 300 && err == nil && e.Severity != operationoutcome.SeverityError && e.Severity != operationoutcome.SeverityFatal {
							counts["success as nil"]++
							continue
						}
						var ce *catalog.Error
						if opts.API == nil && a.BasePath(rq.path) == "" && copied(wantEntry) {
							if !errors.As(err, &ce) || ce.Entry() != nil {
								t.Fatalf("GET %s = %v, want no entry: another API sends it alike", rq.path, err)
							}
							counts["copied, not named"]++
							continue
						}
						if !errors.As(err, &ce) || ce.Entry() == nil {
							t.Fatalf("GET %s with API %v = %v, want %s", rq.path, opts.API, err, wantEntry)
						}
						if got := ce.Entry().ID(); got != wantEntry {
							t.Fatalf("GET %s with API %v identifies %s, want %s", rq.path, opts.API, got, wantEntry)
						}
						if diff := cmp.Diff(want, ce.Params()); diff != "" {
							t.Errorf("params (-want +got):\n%s", diff)
						}
						if ce.HTTPStatus() != status {
							t.Errorf("status %d, want %d", ce.HTTPStatus(), status)
						}
					}
					counts[a.Name+"/"+stdcmp.Or(string(f), string(e.Body))]++
				})
			}
			t.Run(e.ID()+"/HEAD", func(t *testing.T) {
				current.err = sent
				resp := get(t, http.MethodHead, path, "")
				err := client.FromResponseWith(resp, client.Options{API: a})
				if resp.StatusCode != status {
					t.Fatalf("status %d, want %d", resp.StatusCode, status)
				}
				if status < 300 {
					return
				}
				var ce *catalog.Error
				if !errors.As(err, &ce) || ce.HTTPStatus() != status {
					t.Fatalf("HEAD: %v, want an error with status %d", err, status)
				}
				if ce.Entry() != nil && ce.Entry() != e {
					t.Errorf("HEAD names %s; the response was %s", ce.Entry().ID(), e.ID())
				}
				if ce.Entry() != nil {
					counts["HEAD identified"]++
				} else {
					counts["HEAD unidentified"]++
				}
			})
		}
	}
	t.Logf("round trips: %v", counts)
}
