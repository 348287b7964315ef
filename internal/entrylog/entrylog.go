package entrylog

import (
	"context"
	"net/http"
)

// Record is filled in while a request is served: the catalogue entry the
// response was built from.
type Record struct {
	Entry string
}

type key struct{}

// With returns r carrying a new Record, which Note fills in.
func With(r *http.Request) (*http.Request, *Record) {
	rec := &Record{}
	return WithRecord(r, rec), rec
}

// Note records the entry a response to r was built from ("" for none), when
// r carries a Record.
func Note(r *http.Request, id string) {
	if rec, ok := r.Context().Value(key{}).(*Record); ok {
		rec.Entry = id
	}
}

// WithRecord returns r carrying rec, which Note fills in; the caller
// allocates rec, with whatever else it keeps per request.
func WithRecord(r *http.Request, rec *Record) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), key{}, rec))
}
