package mock

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/server"
)

// Config is what New needs to build a mock.
type Config struct {
	API       *catalog.API
	Scenarios *Scenarios // nil for none
	// BasePath is stripped from request paths before the rules and the
	// scenarios see them: "" means the API's first published base path
	// (API.BasePaths), "/" none. A request outside the base path is served
	// as it is, so scenario files can be written with or without it.
	BasePath string
	Options  []server.Option // passed to the middleware and the writer
}

// New returns a mock of an API's front door and service: the request rules
// of server.Middleware, then the scenarios, then, for every request no
// scenario answers, the API's own NotFound (or MethodNotAllowed, for a path
// a scenario has with another method).
func New(cfg Config) (http.Handler, error) {
	api := cfg.API
	if api == nil {
		return nil, errors.New("no API to mock")
	}
	if sc := cfg.Scenarios; sc != nil && sc.API != nil && sc.API != api {
		return nil, fmt.Errorf("the scenarios are for api %q, not %q", sc.API.Name, api.Name)
	}
	if err := server.ValidateOptions(api, cfg.Options...); err != nil {
		return nil, err
	}
	base, err := basePath(api, cfg.BasePath)
	if err != nil {
		return nil, err
	}
	opts := append(append([]server.Option(nil), cfg.Options...), server.WithAPI(api)) // the api argument wins
	wr := server.NewWriter(opts...)
	mux := http.NewServeMux()   // the routes
	paths := http.NewServeMux() // the routes' paths, any method
	var order []string
	byRoute := map[string][]*rule{}
	if cfg.Scenarios != nil {
		for _, r := range cfg.Scenarios.rules {
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
			wr.WriteError(w, r, server.NotFound(api, r))
		})
		if err := register(mux, route, h); err != nil {
			return nil, fmt.Errorf("route %q: %s", route, trimMuxError(err))
		}
		_, path, _ := strings.Cut(route, " ")
		_ = register(paths, strings.TrimSpace(path), http.NotFoundHandler()) // the same path twice is fine
	}
	// The ServeMux's own 404 and 405 are plain text; the mock answers
	// everything it has no scenario for in the API's dialect. Every
	// request matches "/" at least, so the mux matches each request once.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := paths.Handler(r); pattern != "" {
			wr.WriteError(w, r, server.MethodNotAllowed(api, r))
			return
		}
		wr.WriteError(w, r, server.NotFound(api, r))
	})
	return stripBase(base, server.Middleware(api, mux, opts...)), nil
}

// basePath returns the base path to strip: the configured one, the API's
// first, or "" for none.
func basePath(api *catalog.API, configured string) (string, error) {
	switch {
	case configured == "/":
		return "", nil
	case configured == "":
		if len(api.BasePaths) == 0 {
			return "", nil
		}
		return api.BasePaths[0], nil
	case !strings.HasPrefix(configured, "/") || strings.ContainsAny(configured, "?# "):
		return "", fmt.Errorf("base path %q must be a path starting with /, such as /referrals (/ for none)", configured)
	}
	return strings.TrimRight(configured, "/"), nil
}

// stripBase serves h with base taken off the request paths under it; other
// requests reach h unchanged.
func stripBase(base string, h http.Handler) http.Handler {
	if base == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p != base && !strings.HasPrefix(p, base+"/") {
			h.ServeHTTP(w, r)
			return
		}
		// A shallow copy with its own URL, as http.StripPrefix makes, in
		// one allocation: the rest of the request is only read.
		c := new(struct {
			r http.Request
			u url.URL
		})
		c.r, c.u = *r, *r.URL
		c.r.URL = &c.u
		c.u.Path = rooted(strings.TrimPrefix(p, base))
		if r.URL.RawPath != "" {
			c.u.RawPath = rooted(strings.TrimPrefix(r.URL.RawPath, base))
		}
		h.ServeHTTP(w, &c.r)
	})
}

// rooted returns p starting with one "/".
func rooted(p string) string {
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") {
		return p
	}
	return "/" + strings.TrimPrefix(p, "/")
}
