package mock

import (
	"net/http"

	"github.com/spinecat/spinecat/catalog"
	"go.yaml.in/yaml/v4"
)

// rule is one scenario: the route, query and header conditions a request
// must meet, and the entry and parameter values of the error it gets.
type rule struct {
	route  string
	query  [][2]string
	header [][2]string // canonical names
	entry  *catalog.Entry
	params []catalog.Value // aligned with entry.Params
	at     *yaml.Node      // the route, for errors found later
}

// matches reports whether every condition of the rule holds for r.
func (ru *rule) matches(r *http.Request) bool {
	if len(ru.query) > 0 {
		q := r.URL.Query()
		for _, c := range ru.query {
			if !contains(q[c[0]], c[1]) {
				return false
			}
		}
	}
	for _, c := range ru.header {
		if !contains(r.Header[c[0]], c[1]) {
			return false
		}
	}
	return true
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// build returns the rule's error for r. The values are taken from the
// request as they are: the writer (server.Writer) cleans each whole, as
// server.RequestSanitizer does, before it sends them.
func (ru *rule) build(r *http.Request) *catalog.Error {
	vals := make([]string, len(ru.params))
	for i, pv := range ru.params {
		vals[i] = pv.Expand(r, nil)
	}
	return catalog.New(ru.entry, vals...)
}
