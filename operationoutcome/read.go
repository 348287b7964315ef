package operationoutcome

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
)

// DefaultMaxBodyBytes is the body limit of Read when ReadOptions.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// ReadOptions controls Read.
type ReadOptions struct {
	MaxBodyBytes int64 // at most this many body bytes are kept; 0 means DefaultMaxBodyBytes
	Strict       bool  // decode strictly (see DecodeOptions.Strict)
}

// Received is an HTTP response as a FHIR client received it, its body read
// and decoded: everything needed to explain an error, whether or not the
// body was an OperationOutcome.
type Received struct {
	Status    int
	Header    http.Header
	Body      []byte // at most MaxBodyBytes
	Truncated bool   // the body was longer than MaxBodyBytes
	// Format is the format of the OperationOutcome in the body: the one its
	// Content-Type names or, without a FHIR Content-Type, the one the content
	// showed. It is "" whenever Outcome is nil: the body is not FHIR (use
	// ParseContentType on Header for what the server claimed).
	Format    Format
	Outcome   *OperationOutcome // nil when the body is not an OperationOutcome
	DecodeErr error             // why Outcome is nil, or the problems of a strict decode
}

// ErrEmptyBody is the DecodeErr of a response without a body.
var ErrEmptyBody = errors.New("operationoutcome: empty body")

// Read reads resp's body (at most MaxBodyBytes+1 bytes, to detect truncation) and
// decodes it as an OperationOutcome. A body that is not one (HTML from a
// proxy, plain text, nothing) is not an error: Outcome is nil and DecodeErr
// says why. The error is only for a failure to read the body. Read does not
// close resp.Body.
func Read(resp *http.Response, opts ReadOptions) (*Received, error) {
	if resp == nil {
		return nil, errors.New("operationoutcome: nil response")
	}
	limit := opts.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	out := &Received{Status: resp.StatusCode, Header: resp.Header}
	if resp.Body != nil {
		// One byte more than the limit tells a body cut by it; at
		// math.MaxInt64 there is no more to tell, and limit+1 would overflow.
		body, err := io.ReadAll(io.LimitReader(resp.Body, min(limit, math.MaxInt64-1)+1))
		if err != nil {
			return out, fmt.Errorf("operationoutcome: reading body: %w", err)
		}
		if int64(len(body)) > limit {
			body, out.Truncated = body[:limit], true
		}
		out.Body = body
	}
	ct := resp.Header.Get("Content-Type")
	_, charset, f, _ := ParseContentType(ct)
	switch {
	case len(out.Body) == 0:
		out.DecodeErr = ErrEmptyBody
		return out, nil
	case out.Truncated:
		out.DecodeErr = fmt.Errorf("operationoutcome: body longer than %d bytes, not decoded", limit)
		return out, nil
	case charset != "" && charset != "utf-8" && charset != "utf8" && charset != "us-ascii":
		out.DecodeErr = fmt.Errorf("operationoutcome: charset %q is not UTF-8", charset)
		return out, nil
	}
	opt := DecodeOptions{Strict: opts.Strict}
	out.Format = f
	switch f {
	case FormatJSON:
		out.Outcome, out.DecodeErr = DecodeJSON(out.Body, opt)
	case FormatXML:
		out.Outcome, out.DecodeErr = DecodeXML(out.Body, opt)
	default:
		// No FHIR Content-Type: believe the content only if it decodes.
		if sf := sniff(out.Body); sf != "" {
			out.Outcome, out.DecodeErr = Decode(out.Body, opt)
			out.Format = sf
		} else {
			mt := ct
			if mt == "" {
				mt = "no Content-Type"
			}
			out.DecodeErr = fmt.Errorf("operationoutcome: body is not FHIR (%s)", mt)
		}
	}
	if out.Outcome == nil {
		out.Format = ""
	}
	return out, nil
}
