package client

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
)

// DefaultMaxBodyBytes is the body cap when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = operationoutcome.DefaultMaxBodyBytes

// Options configures FromResponseWith.
type Options struct {
	// MaxBodyBytes caps the bytes of the body read; DefaultMaxBodyBytes
	// (1 MiB) when zero. A longer body is not decoded: the error is then an
	// unidentified one with the status.
	MaxBodyBytes int64
	// API is the API the response came from (a generated package's API,
	// or one of Registry's). When set, only its entries identify the
	// response; when nil, the API whose base path the request URL is under,
	// else every API's, and then only an exact match names an entry (see
	// the package documentation).
	API *catalog.API
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
//     from the diagnostics; or, when no entry has that code or the evidence
//     names none (see the package documentation), an unidentified error
//     (catalog.Unidentified) that still carries the OperationOutcome;
//   - for a response documented without an OperationOutcome (an empty 401,
//     a text/plain 406, an HTML 500), that entry's error with the status
//     received, when the status, the body, the request's method and the
//     surface of its path (catalog.Registry.IdentifyBody) point to exactly
//     one entry;
//   - for any other body (a proxy's HTML page, nothing, too large), an
//     unidentified error with the status that says what came back, as in
//     "502 Bad Gateway: an HTML page, not an OperationOutcome; a proxy or
//     gateway answered";
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
	got, readErr := operationoutcome.Read(&shallow, operationoutcome.ReadOptions{MaxBodyBytes: opts.MaxBodyBytes})
	if orig != nil {
		resp.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(seen.Bytes()), orig), closer: orig}
	}
	if readErr != nil {
		if success {
			return fmt.Errorf("client: reading the body of a %d response: %w", status, readErr)
		}
		return errors.Join(catalog.Unidentified(status, nil), readErr)
	}

	ev := evidence(reg, resp.Request, opts.API)
	if oo := got.Outcome; oo != nil {
		if success && !hasError(oo) {
			return nil
		}
		return reg.FromOutcome(status, oo, ev)
	}
	if success {
		return nil
	}
	if got.Truncated {
		return catalog.Unidentified(status, nil).WithNote(fmt.Sprintf("a body of more than %d bytes, not read", len(got.Body)))
	}
	b := catalog.BodyResponse{Status: status, API: ev.API, ContentType: got.Header.Get("Content-Type"), Body: got.Body}
	if req := resp.Request; req != nil {
		b.Method = req.Method
		if req.URL != nil {
			b.URL = req.URL.Path
		}
	}
	if e, ok := reg.IdentifyBody(b); ok {
		return catalog.New(e).WithStatus(status)
	}
	return catalog.Unidentified(status, nil).WithNote(notOperationOutcome(b))
}

// evidence is what is known of where a response came from, the rule by
// which an entry is named: the API given; else the one API whose base path
// the request URL is under, whose best entry for the issue is named even
// where the response departs from it; else nothing, and only an entry the
// issue matches exactly (or as a documented variant) is named. A shared
// code alone (an EPS INVALID_VALUE under the R4 Spine system, which one
// NRLF entry's variant also documents) names no entry.
func evidence(reg *catalog.Registry, req *http.Request, api *catalog.API) catalog.Evidence {
	if api != nil {
		return catalog.Evidence{API: api.Name}
	}
	if req != nil && req.URL != nil {
		if a := reg.APIAt(req.URL.Path); a != nil {
			return catalog.Evidence{API: a.Name}
		}
	}
	return catalog.Evidence{Exact: true}
}

// notOperationOutcome says what came back instead of an OperationOutcome.
func notOperationOutcome(b catalog.BodyResponse) string {
	if b.Method == http.MethodHead {
		return "no body (a response to HEAD), so nothing tells which error it is"
	}
	switch kind := catalog.ClassifyBody(b.ContentType, b.Body); {
	case kind == catalog.BodyHTML:
		return "an HTML page, not an OperationOutcome; a proxy or gateway answered"
	case kind == catalog.BodyText:
		switch trimmed := bytes.TrimSpace(b.Body); trimmed[0] {
		case '{', '[':
			return "a JSON body that is not an OperationOutcome"
		case '<':
			return "an XML body that is not an OperationOutcome"
		}
		return "a plain-text body, not an OperationOutcome"
	}
	return "an empty body, not an OperationOutcome"
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
