package catalog

import (
	"errors"
	"io"
	"sync"
)

// The emit path: a server sends one error per response. The error's
// OperationOutcome is built in pooled memory and written by package
// operationoutcome's encoder, the one JSON encoder of the module.

// ErrNoOutcome is returned by [Error.WriteJSON] for an error whose entry
// documents no OperationOutcome body (an empty 401, an HTML 500), or that
// no entry identifies.
var ErrNoOutcome = errors.New("catalog: the error has no OperationOutcome body")

// AppendJSON appends the OperationOutcome a service of the entry's dialect
// sends for this error, as compact FHIR JSON, to dst and returns the
// extended slice: e.OperationOutcome(opts...).AppendJSON(dst) (so "null"
// where [Error.OperationOutcome] returns nil), without keeping the
// OperationOutcome: the id, meta.lastUpdated and diagnostics the error adds
// cost one allocation.
func (e *Error) AppendJSON(dst []byte, opts ...Option) []byte {
	if !e.hasOutcome() {
		return append(dst, "null"...)
	}
	var s stamp
	if len(opts) > 0 {
		s = applyOptions(opts) // only then does a stamp escape to the options
	}
	p := outcomes.Get().(*outcomeParts)
	dst = e.build(p, s).AppendJSON(dst)
	*p = outcomeParts{}
	outcomes.Put(p)
	return dst
}

var outcomes = sync.Pool{New: func() any { return new(outcomeParts) }}

// WriteJSON writes the JSON of [Error.AppendJSON] to w in one Write, with a
// pooled buffer. For an error without an OperationOutcome body it writes
// nothing and returns [ErrNoOutcome].
func (e *Error) WriteJSON(w io.Writer, opts ...Option) (int, error) {
	if !e.hasOutcome() {
		return 0, ErrNoOutcome
	}
	bp := emitBuffers.Get().(*[]byte)
	buf := e.AppendJSON((*bp)[:0], opts...)
	n, err := w.Write(buf)
	if cap(buf) <= 64<<10 {
		*bp = buf
		emitBuffers.Put(bp)
	}
	return n, err
}

var emitBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}
