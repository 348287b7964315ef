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

// With returns r carrying a new Record, which package server fills in.
func With(r *http.Request) (*http.Request, *Record) {
	rec := &Record{}
	return r.WithContext(context.WithValue(r.Context(), key{}, rec)), rec
}

// From returns the Record r carries, or nil.
func From(r *http.Request) *Record {
	rec, _ := r.Context().Value(key{}).(*Record)
	return rec
}
