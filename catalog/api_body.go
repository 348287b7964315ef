package catalog

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/internal/sniff"
)

// BodyResponse is what is known of a response whose body is not an
// OperationOutcome: empty, plain text, HTML, or no body at all (HEAD).
type BodyResponse struct {
	Status      int
	API         string // the API it came from; "" when unknown
	Method      string // the request method; "" when unknown
	URL         string // the request URL or path; "" when unknown
	ContentType string
	Body        []byte
	// Kind is the body's kind; "" to classify it from ContentType and Body
	// (ClassifyBody).
	Kind BodyKind
}

// ClassifyBody says what kind of body a response that is not an
// OperationOutcome carries: none (empty or blank), html (a text/html
// Content-Type or a document that starts as one), or text.
func ClassifyBody(contentType string, body []byte) BodyKind {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return BodyNone
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt == "text/html" {
		return BodyHTML
	}
	if sniff.HTML(b) {
		return BodyHTML
	}
	return BodyText
}

// Describe names a body kind in words: "an empty body", "a plain-text
// body", "an HTML page".
func (k BodyKind) Describe() string {
	switch k {
	case BodyNone:
		return "an empty body"
	case BodyText:
		return "a plain-text body"
	case BodyHTML:
		return "an HTML page"
	}
	return "an OperationOutcome"
}

// DocumentedBodies returns the entries that document such a response, best
// first: entries of that status (or with a variant of it, or with no status
// stated) of the API when it is known, whose dialect answers on the request
// path's surface when the URL is known, and
//
//   - for a response to HEAD, which has no body to tell entries apart, every
//     such entry whatever its body;
//   - otherwise those documented with that kind of body (an empty body also
//     fits a text entry whose text is not documented), the ones whose
//     documented text the body is first.
func (r *Registry) DocumentedBodies(b BodyResponse) []*Entry {
	head := b.Method == http.MethodHead
	kind := b.Kind
	if kind == "" {
		kind = ClassifyBody(b.ContentType, b.Body)
	}
	var exact, rest []*Entry
	for _, e := range r.entries {
		if b.API != "" && e.API != b.API || !statusFits(e, b.Status) || !onSurface(e, b.URL) {
			continue
		}
		if !head && !bodyFits(e, kind) {
			continue
		}
		if !head && e.BodyText != "" && strings.TrimSpace(e.BodyText) == string(bytes.TrimSpace(b.Body)) {
			exact = append(exact, e)
			continue
		}
		rest = append(rest, e)
	}
	return append(exact, rest...)
}

// IdentifyBody returns the one entry the response is documented as, when
// the evidence supports exactly one: the only entry DocumentedBodies finds,
// or the only one whose documented text the body is. A response to HEAD is
// identified only when its API is known and documents exactly one entry for
// the status on the request's surface. Otherwise ok is false: naming one
// of several entries would be a guess.
func (r *Registry) IdentifyBody(b BodyResponse) (*Entry, bool) {
	cands := r.DocumentedBodies(b)
	if b.Method == http.MethodHead {
		if b.API == "" || len(cands) != 1 {
			return nil, false
		}
		return cands[0], true
	}
	if len(cands) == 1 {
		return cands[0], true
	}
	var exact []*Entry
	for _, e := range cands {
		if e.BodyText != "" && strings.TrimSpace(e.BodyText) == string(bytes.TrimSpace(b.Body)) {
			exact = append(exact, e)
		}
	}
	if len(exact) == 1 {
		return exact[0], true
	}
	return nil, false
}

// statusFits reports whether e documents status, itself or in a variant, or
// states no status. An unknown status (0) fits nothing.
func statusFits(e *Entry, status int) bool {
	if status == 0 {
		return false
	}
	return e.Status == status || e.Status == 0 ||
		slices.ContainsFunc(e.Variants, func(v Variant) bool { return v.Status == status })
}

// bodyFits reports whether e documents a body of kind k.
func bodyFits(e *Entry, k BodyKind) bool {
	switch e.Body {
	case k:
		return true
	case BodyText:
		// A text body whose text is not documented may well be empty.
		return k == BodyNone && strings.TrimSpace(e.BodyText) == ""
	}
	return false
}

// onSurface reports whether e answers on the surface of url within its API;
// true when either is unknown.
func onSurface(e *Entry, url string) bool {
	if url == "" || e.api == nil || e.Dialect == nil {
		return true
	}
	s := e.api.Surface(url)
	return s == nil || s.Serves(e.Dialect)
}
