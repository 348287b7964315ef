package report

import (
	"net/url"
	"strings"

	"github.com/spinecat/spinecat/capture"
)

// Selection chooses the captures to check, as the filters of spinecat
// check do: pass its Match as CheckOptions.Select.
type Selection struct {
	// ErrorsOnly keeps the captures whose status is 400 or more, or unknown
	// (a bare body without a status); not those the reader skipped (a HAR
	// entry with no response, a file that is not a capture).
	ErrorsOnly bool
	// URLs keeps the captures whose request URL matches one of the
	// patterns; a capture that records no request URL matches none. Empty
	// keeps every capture. A pattern that starts with "/" is matched
	// against the path, any other against the host and path
	// ("api.service.nhs.uk", "api.service.nhs.uk/referrals"); "*" matches
	// any run of characters but "/"; a pattern matches the start of the
	// host and path up to a "/" or the end ("api.service.nhs.uk" matches
	// "api.service.nhs.uk/x", not "api.service.nhs.uk.example"); a port is
	// matched only when the pattern names one ("localhost:8080"); the query
	// is never matched.
	URLs []string
}

// Match reports whether the selection keeps c.
func (s Selection) Match(c capture.Capture) bool {
	if s.ErrorsOnly && (c.Skipped || c.Status != 0 && c.Status < 400) {
		return false
	}
	if len(s.URLs) == 0 {
		return true
	}
	if c.Request == nil || c.Request.URL == "" {
		return false
	}
	host := c.Request.Header.Get("Host")
	for _, p := range s.URLs {
		if matchURL(p, c.Request.URL, host) {
			return true
		}
	}
	return false
}

// matchURL reports whether the request URL u (absolute, or origin-form
// "/path?query" with the request's Host header as host) matches pattern, as
// Selection.URLs says.
func matchURL(pattern, u, host string) bool {
	if pattern == "" {
		return false
	}
	path := u
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		host, path = p.Host, p.EscapedPath()
	} else if i := strings.IndexAny(u, "?#"); i >= 0 {
		path = u[:i]
	}
	subject := path
	if pattern[0] != '/' {
		hostPart, _, _ := strings.Cut(pattern, "/")
		if !strings.Contains(hostPart, ":") {
			host = (&url.URL{Host: host}).Hostname() // no port in the pattern: any port
		}
		subject = strings.ToLower(host) + path
	}
	return matchPrefix(pattern, subject)
}

// matchPrefix reports whether pattern matches a start of s that ends at a
// boundary ("/", the end, or anywhere when the pattern ends with "/"). ok[j] says the pattern so far matches s[:j]; each pattern byte is
// one pass over s, so the work is the product of the two lengths.
func matchPrefix(pattern, s string) bool {
	ok := make([]bool, len(s)+1)
	ok[0] = true
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		next := make([]bool, len(s)+1)
		for j := range next {
			switch {
			case c == '*':
				next[j] = ok[j] || j > 0 && next[j-1] && s[j-1] != '/'
			case j > 0 && ok[j-1]:
				next[j] = s[j-1] == c
			}
		}
		ok = next
	}
	for j, m := range ok {
		if m && (j == len(s) || s[j] == '/' || strings.HasSuffix(pattern, "/")) {
			return true
		}
	}
	return false
}
