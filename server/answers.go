package server

import (
	"net/http"

	"github.com/spinecat/spinecat/catalog"
)

// NotFound returns the error api answers a request for a route it does not
// have with: its NotFound answer for the request's surface, with parameter
// values taken from the request sanitised. It is nil when the API documents
// none.
func NotFound(api *catalog.API, r *http.Request) *catalog.Error {
	if api == nil {
		return nil
	}
	return answer(api, api.NotFound, usableRequest(r))
}

// MethodNotAllowed returns the error api answers a known path requested with
// another method with: its MethodNotAllowed answer, else its NotFound one.
func MethodNotAllowed(api *catalog.API, r *http.Request) *catalog.Error {
	if api == nil {
		return nil
	}
	if e := answer(api, api.MethodNotAllowed, usableRequest(r)); e != nil {
		return e
	}
	return NotFound(api, r)
}

// answer returns the error of a's reply for the surface of r, or nil when a
// has none there.
func answer(api *catalog.API, a catalog.Answer, r *http.Request) *catalog.Error {
	p := a.For(api.Surface(r.URL.Path))
	if p == nil {
		return nil
	}
	return p.Error(r, RequestSanitizer(r))
}
