package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/spinecat/spinecat/catalog"
)

// setResponseHeaders sets the headers an API sends on every response, in
// the spelling it documents. A header already set is kept, so that the
// middleware and the writer agree on one transaction id.
func setResponseHeaders(w http.ResponseWriter, r *http.Request, api *catalog.API, txID func() string) {
	if api == nil {
		return
	}
	for _, h := range api.Headers {
		if len(h.Entries) == 0 {
			setHeader(w.Header(), r, h, txID, 0)
		}
	}
}

// setEntryHeaders sets the headers an API sends with entry e only, such as
// Retry-After and WWW-Authenticate.
func setEntryHeaders(w http.ResponseWriter, r *http.Request, api *catalog.API, e *catalog.Entry, c config) {
	if api == nil {
		return
	}
	for _, h := range api.Headers {
		if slices.Contains(h.Entries, e) {
			setHeader(w.Header(), r, h, c.transactionID, c.retryAfter)
		}
	}
}

// setHeader sets one response header from its source, unless it is set
// already; a Retry-After of 0 seconds or less is not sent.
func setHeader(h http.Header, r *http.Request, rh *catalog.ResponseHeader, txID func() string, retryAfter int) {
	if hasHeader(h, rh.Name) {
		return
	}
	var v string
	switch rh.From {
	case catalog.HeaderEcho:
		// An echoed value cannot split the response head, nor carry the
		// caller's credentials back.
		cs := credentialsOf(r)
		v = strings.TrimSpace(cleanValue(first(r.Header[headerKey(rh.Name)]), &cs, DefaultMaxParamRunes))
	case catalog.HeaderTransactionID:
		if txID != nil {
			v = strings.TrimSpace(Sanitize(txID()))
		}
	case catalog.HeaderRetryAfter:
		if retryAfter > 0 {
			v = strconv.Itoa(retryAfter)
		}
	default:
		v = rh.Value
	}
	if v != "" {
		setExact(h, rh.Name, v)
	}
}

// first returns the first of vs, or "".
func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// headerKeys holds the canonical form of the header names catalogues spell
// their own way (X-Correlation-ID): Go works it out, and allocates it, on
// every lookup by such a name. The names come from catalogue data, so the
// map stays small; it is replaced, never changed, so that reading it takes
// no lock.
var headerKeys atomic.Pointer[map[string]string]

// headerKey returns the key of header name in an http.Header.
func headerKey(name string) string {
	m := headerKeys.Load()
	if m != nil {
		if k, ok := (*m)[name]; ok {
			return k
		}
	}
	k := http.CanonicalHeaderKey(name)
	next := map[string]string{name: k}
	if m != nil {
		for n, v := range *m {
			next[n] = v
		}
	}
	headerKeys.CompareAndSwap(m, &next) // a lost race only costs a later miss
	return k
}

// setExact sets a header under exactly the given spelling (Go would
// canonicalise X-Request-ID to X-Request-Id). Header lookups stay
// case-insensitive for clients; only the bytes on the wire change.
func setExact(h http.Header, name, v string) {
	if k := headerKey(name); k != name {
		delete(h, k)
	}
	h[name] = []string{v}
}

// hasHeader reports whether h has name, in the spelling an API documents
// or Go's canonical one (the two a handler's Header().Set and this
// package write).
func hasHeader(h http.Header, name string) bool {
	return len(h[name]) > 0 || len(h[headerKey(name)]) > 0
}
