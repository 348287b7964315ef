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
	return r.WithContext(context.WithValue(r.Context(), key{}, rec)), rec
}

// Note records the entry a response to r was built from ("" for none), when
// r carries a Record.
func Note(r *http.Request, id string) {
	if rec, ok := r.Context().Value(key{}).(*Record); ok {
		rec.Entry = id
	}
}
