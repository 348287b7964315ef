package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

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
		v = strings.TrimSpace(cleanValue(r.Header.Get(rh.Name), credentialsOf(r), DefaultMaxParamRunes))
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

// setExact sets a header under exactly the given spelling (Go would
// canonicalise X-Request-ID to X-Request-Id). Header lookups stay
// case-insensitive for clients; only the bytes on the wire change.
func setExact(h http.Header, name, v string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = []string{v}
}

// hasHeader reports whether h has name under any spelling.
func hasHeader(h http.Header, name string) bool {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return true
		}
	}
	return false
}
