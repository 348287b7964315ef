package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
)

// NewMock returns a mock of an API's front door and service: the request
// rules of Middleware, then the scenarios (nil for none), then, for every
// request no scenario answers, the API's own 404 (see NotFound).
func NewMock(api string, sc *Scenarios, opts ...Option) (http.Handler, error) {
	if !validAPI(api) {
		return nil, fmt.Errorf("unknown API %q (want nrl, nrlf or ers)", api)
	}
	if sc != nil && sc.API != "" && sc.API != api {
		return nil, fmt.Errorf("the scenarios are for api %q, not %q", sc.API, api)
	}
	opts = append(append([]Option(nil), opts...), WithAPI(api)) // the api argument wins
	wr := NewWriter(opts...)
	mux := http.NewServeMux()
	var order []string
	byRoute := map[string][]*rule{}
	if sc != nil {
		for _, r := range sc.rules {
			if _, ok := byRoute[r.route]; !ok {
				order = append(order, r.route)
			}
			byRoute[r.route] = append(byRoute[r.route], r)
		}
	}
	for _, route := range order {
		rules := byRoute[route]
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, ru := range rules {
				if ru.matches(r) {
					wr.WriteError(w, r, ru.build(r))
					return
				}
			}
			wr.WriteError(w, r, NotFound(api, r))
		})
		if err := register(mux, route, h); err != nil {
			return nil, fmt.Errorf("route %q: %s", route, trimMuxError(err))
		}
	}
	router := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The ServeMux's own 404 and 405 are plain text; the mock answers
		// everything it has no scenario for in the API's dialect.
		if _, pattern := mux.Handler(r); pattern == "" {
			wr.WriteError(w, r, NotFound(api, r))
			return
		}
		mux.ServeHTTP(w, r)
	})
	return Middleware(api, router, opts...), nil
}

// NotFound returns the 404 an API answers for a resource it does not have:
// NRL NO_RECORD_FOUND for a DocumentReference (the id being the last path
// segment, sanitised), NRLF NO_RECORD_FOUND, e-RS R4 REC_NOT_FOUND, and on
// e-RS STU3 paths the documented empty 404 (ers.NotFoundNoBody).
func NotFound(api string, r *http.Request) *catalog.Error {
	switch api {
	case NRL:
		return nrl.NoRecordFoundDocumentReference(Sanitize(lastSegment(r.URL.Path)))
	case NRLF:
		return nrlf.NoRecordFound()
	case ERS:
		if r != nil && r.URL != nil && !isERSR4(r) {
			return ers.NotFoundNoBody()
		}
		return ers.R4RecNotFound("The requested resource was not found.")
	}
	return nil
}

func lastSegment(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// Serve answers HTTP requests on ln with h until ctx is done, then shuts down
// gracefully, giving requests in flight up to 5 seconds to finish. It returns
// nil after a shutdown caused by ctx.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// ServeConfig is what RunServe needs to run a mock.
type ServeConfig struct {
	API       string
	Addr      string     // host:port; "127.0.0.1:8080" when empty
	Scenarios *Scenarios // nil for none
	Log       io.Writer  // request log and start-up line; nil for none
	Options   []Option
}

// RunServe listens on cfg.Addr and serves the mock until ctx is done. It
// writes "listening on http://ADDR" to cfg.Log once the port is open.
func RunServe(ctx context.Context, cfg ServeConfig) error {
	h, err := NewMock(cfg.API, cfg.Scenarios, cfg.Options...)
	if err != nil {
		return err
	}
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if cfg.Log != nil {
		fmt.Fprintf(cfg.Log, "spinecat serve: %s mock with %d scenario(s), listening on http://%s\n", cfg.API, cfg.Scenarios.Len(), ln.Addr())
	}
	return Serve(ctx, ln, LogRequests(h, cfg.Log))
}
