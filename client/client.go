package client

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
)

// DefaultMaxBodyBytes is the body cap when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = operationoutcome.DefaultMaxBytes

// Options configures FromResponseWith.
type Options struct {
	// MaxBodyBytes caps the bytes of the body read; DefaultMaxBodyBytes
	// (1 MiB) when zero. A longer body is not decoded: the error is then an
	// unidentified one with the status.
	MaxBodyBytes int64
	// API is the API the response came from ("nrl", "nrlf", "ers"). When
	// set, only that API's entries identify it; when empty, every API's.
	API string
	// Registry is the catalogue to identify against; all.Registry() when nil.
	Registry *catalog.Registry
}

// FromResponse returns nil for a successful response (2xx without an error
// or fatal issue), and otherwise the *catalog.Error that the response
// stands for, with its status and the OperationOutcome received. See
// FromResponseWith.
func FromResponse(resp *http.Response) error {
	return FromResponseWith(resp, Options{})
}

// FromResponseWith is FromResponse with options.
//
// It reads the body with operationoutcome.Read, at most MaxBodyBytes of it,
// and puts back what it read: resp.Body can still be read in full (a 2xx
// body in particular) and must still be closed by the caller.
//
// The error is:
//   - for an OperationOutcome, the catalogue entry of its first error or
//     fatal issue (else its first issue), with the parameter values taken
//     from the diagnostics; or, when no entry has that code, an unidentified
//     error (catalog.Unidentified) that still carries the OperationOutcome;
//   - for a response the API documents without an OperationOutcome (an
//     empty e-RS STU3 401, a text/plain 406, the NRL HTML 500), that entry's
//     error with the status received;
//   - for any other body (a proxy's HTML page, nothing, too large), an
//     unidentified error with the status;
//   - when the body cannot be read, an unidentified error with the status,
//     joined with the read error.
func FromResponseWith(resp *http.Response, opts Options) error {
	if resp == nil {
		return errors.New("client: nil *http.Response")
	}
	reg := opts.Registry
	if reg == nil {
		reg = all.Registry()
	}
	status := resp.StatusCode
	success := status >= 200 && status < 300

	// Read through a tee, then give the caller back everything read
	// followed by the rest.
	var seen bytes.Buffer
	orig := resp.Body
	shallow := *resp
	if orig != nil {
		shallow.Body = io.NopCloser(io.TeeReader(orig, &seen))
	}
	got, readErr := operationoutcome.Read(&shallow, operationoutcome.ReadOptions{MaxBytes: opts.MaxBodyBytes})
	if orig != nil {
		resp.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(seen.Bytes()), orig), closer: orig}
	}
	if readErr != nil {
		if success {
			return fmt.Errorf("client: reading the body of a %d response: %w", status, readErr)
		}
		return errors.Join(catalog.Unidentified(status, nil), readErr)
	}

	if oo := got.Outcome; oo != nil {
		if success && !hasError(oo) {
			return nil
		}
		return reg.FromOutcome(status, oo, catalog.Context{API: opts.API})
	}
	if success {
		return nil
	}
	if !got.Truncated {
		if e := documentedBody(reg, status, opts.API, got); e != nil {
			return catalog.New(e).WithStatus(status)
		}
	}
	return catalog.Unidentified(status, nil)
}

// replayBody is a response body that replays what FromResponse read.
type replayBody struct {
	io.Reader
	closer io.Closer
}

func (b *replayBody) Close() error { return b.closer.Close() }

func hasError(oo *operationoutcome.OperationOutcome) bool {
	for _, iss := range oo.Issue {
		if iss.Severity == operationoutcome.SeverityError || iss.Severity == operationoutcome.SeverityFatal {
			return true
		}
	}
	return false
}

// documentedBody returns the entry documenting a response of this status
// without an OperationOutcome and with this kind of body, if any: the one
// whose documented text the body is, else the first.
func documentedBody(reg *catalog.Registry, status int, api string, got *operationoutcome.Response) *catalog.Entry {
	body := strings.TrimSpace(string(got.Body))
	kind := catalog.BodyText
	mt, _, _, _ := operationoutcome.ParseContentType(got.Header.Get("Content-Type"))
	switch {
	case body == "":
		kind = catalog.BodyNone
	case mt == "text/html" || strings.HasPrefix(strings.ToLower(body), "<!doctype html") || strings.HasPrefix(strings.ToLower(body), "<html"):
		kind = catalog.BodyHTML
	}
	var first *catalog.Entry
	for _, e := range reg.ForBody(status, api) {
		if e.Body != kind {
			continue
		}
		if e.BodyText != "" && strings.TrimSpace(e.BodyText) == body {
			return e
		}
		if first == nil {
			first = e
		}
	}
	return first
}
