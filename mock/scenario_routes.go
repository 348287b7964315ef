package mock

import (
	"fmt"
	"net/http"
	"strings"
)

// checkRoutes registers the routes in a trial ServeMux, which refuses
// patterns that conflict, and reports them at the later route.
func (p *scenarioParser) checkRoutes(rules []*rule) {
	var earlier []*rule
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.route] {
			continue
		}
		seen[r.route] = true
		for _, e := range earlier {
			mux := http.NewServeMux()
			mux.Handle(e.route, http.NotFoundHandler()) // checked by parseRoute
			if err := register(mux, r.route, http.NotFoundHandler()); err != nil {
				p.errorf(r.at, "route %q conflicts with route %q (line %d): %s", r.route, e.route, e.at.Line, conflictExample(err))
				break
			}
		}
		earlier = append(earlier, r)
	}
}

// conflictExample turns the ServeMux's conflict panic into a short reason,
// without the Go source positions it names.
func conflictExample(err error) string {
	s := err.Error()
	const like = "both match some paths, like "
	if i := strings.Index(s, like); i >= 0 {
		ex := s[i+len(like):]
		if j := strings.Index(ex, ".\n"); j >= 0 {
			ex = ex[:j]
		}
		return "both match some paths, like " + ex + ", and neither is more specific; make one of them more specific or merge them"
	}
	return "both match the same requests; make one of them more specific or merge them"
}

// register is ServeMux.Handle without its panics.
func register(mux *http.ServeMux, pattern string, h http.Handler) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	mux.Handle(pattern, h)
	return nil
}

// parseRoute checks a route ("METHOD /path/{wildcard}") and returns its
// wildcard names (never nil).
func parseRoute(s string) ([]string, error) {
	method, path, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok || method == "" || strings.ToUpper(method) != method || strings.ContainsAny(method, "/{}") {
		return nil, fmt.Errorf("route %q must start with a method, such as \"GET /FHIR/R4/ServiceRequest/{id}\"", s)
	}
	path = strings.TrimSpace(path)
	if err := register(http.NewServeMux(), method+" "+path, http.NotFoundHandler()); err != nil {
		return nil, fmt.Errorf("route %q is not a valid pattern: %v", s, trimMuxError(err))
	}
	w := []string{}
	for rest := path; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		name := strings.TrimSuffix(rest[i+1:i+j], "...")
		if name != "$" {
			w = append(w, name)
		}
		rest = rest[i+j+1:]
	}
	return w, nil
}

// trimMuxError drops the ServeMux's own prefix from its panic text.
func trimMuxError(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "parsing") {
		return s[i+2:]
	}
	return s
}
