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
	w := emitters.Get().(*emitter)
	dst = e.appendJSON(dst, w, opts)
	emitters.Put(w)
	return dst
}

// emitter is the pooled memory of one emit: the parts of the outcome, and
// the buffer WriteJSON writes from.
type emitter struct {
	parts outcomeParts
	buf   []byte
}

var emitters = sync.Pool{New: func() any { return &emitter{buf: make([]byte, 0, 1024)} }}

// appendJSON is AppendJSON with the pooled memory w.
func (e *Error) appendJSON(dst []byte, w *emitter, opts []Option) []byte {
	var s stamp
	if len(opts) > 0 {
		s = applyOptions(opts) // only then does a stamp escape to the options
	}
	dst = e.build(&w.parts, s).AppendJSON(dst)
	w.parts = outcomeParts{}
	return dst
}

// WriteJSON writes the JSON of [Error.AppendJSON] to w in one Write, with a
// pooled buffer. For an error without an OperationOutcome body it writes
// nothing and returns [ErrNoOutcome].
func (e *Error) WriteJSON(w io.Writer, opts ...Option) (int, error) {
	if !e.hasOutcome() {
		return 0, ErrNoOutcome
	}
	em := emitters.Get().(*emitter)
	buf := e.appendJSON(em.buf[:0], em, opts)
	n, err := w.Write(buf)
	if cap(buf) <= 64<<10 {
		em.buf = buf
		emitters.Put(em)
	}
	return n, err
}
