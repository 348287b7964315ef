package validate

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/syntax"
)

// DefaultMaxBodyBytes is the body cap when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 1 << 20

// Response is what is checked: an HTTP response as captured.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool   // the body was cut off before its end: the capture is short
	TooLarge  bool   // the body was cut because it is larger than the capture's limit
	API       string // the API it came from ("nrl", "nrlf", "ers"); "" to detect
	// URL is the request URL when the capture records it. It tells apart
	// responses documented without a body on both the R4 and the STU3 paths
	// of an API (e-RS's empty 403 for application-restricted calls).
	URL string
	// Method is the request method when the capture records it. A response
	// to HEAD has no body (RFC 9110 §9.3.2), so its absence is expected.
	Method string
}

// Options configures a Checker.
type Options struct {
	// Registry is the catalogue to check against; all.Registry() when nil.
	Registry *catalog.Registry
	// MaxBodyBytes caps the body checked; DefaultMaxBodyBytes when zero.
	MaxBodyBytes int64
	// MaxFindings caps the findings of one report: beyond it findings are
	// counted by severity in one last finding (report.findings-capped).
	// DefaultMaxFindings when zero; no cap when negative.
	MaxFindings int
}

// DefaultMaxFindings is the findings cap when Options.MaxFindings is zero:
// enough for any response a person fixes by hand, small enough that a body
// full of faults does not make a report of megabytes.
const DefaultMaxFindings = 100

// Checker checks responses. It is safe for concurrent use.
type Checker struct {
	reg         *catalog.Registry
	max         int64
	maxFindings int
	words       *wordings           // the reasons for the dialects detected, worded once
	candidates  []apiDialect        // the registry's dialects by the APIs that use them
	profiles    map[string][]string // meta.profile to the APIs whose dialects send it
}

// New returns a Checker.
func New(opts Options) *Checker {
	c := &Checker{reg: opts.Registry, max: opts.MaxBodyBytes, maxFindings: opts.MaxFindings, words: &wordings{}}
	switch {
	case c.maxFindings == 0:
		c.maxFindings = DefaultMaxFindings
	case c.maxFindings < 0:
		c.maxFindings = 0
	}
	if c.reg == nil {
		c.reg = all.Registry()
	}
	c.candidates = apiDialects(c.reg, "") // a registry does not change once built
	c.profiles = map[string][]string{}
	for _, ad := range c.candidates {
		ps := []string{ad.d.Profile}
		for _, v := range ad.d.Variants {
			if v.Profile != nil {
				ps = append(ps, *v.Profile)
			}
		}
		for _, p := range ps {
			if p != "" && !slices.Contains(c.profiles[p], ad.api) {
				c.profiles[p] = append(c.profiles[p], ad.api)
			}
		}
	}
	if c.max <= 0 {
		c.max = DefaultMaxBodyBytes
	}
	return c
}

var defaultChecker = New(Options{})

// testHookCheck, when set by a test, runs at the start of every Check.
var testHookCheck func(Response)

// Check checks a response against every catalogue spinecat knows.
func Check(resp Response) *Report { return defaultChecker.Check(resp) }

// Check checks one response through every layer: transport, syntax, FHIR
// structure, dialect and catalogue. It never panics: an internal failure
// becomes a finding. The body is only read, never copied or modified.
func (c *Checker) Check(resp Response) (r *Report) {
	r = &Report{Status: resp.Status, API: resp.API, maxFindings: c.maxFindings}
	var (
		d    *catalog.Dialect // the dialect checked against, once detected
		tape *jsontape.Tape   // the JSON body's tape, once scanned
	)
	defer func() {
		if p := recover(); p != nil {
			r.maxFindings = 0 // the panic is always reported
			r.add(RuleInternalPanic, Error, "body 1:1", fmt.Sprintf("the checker failed on this response (%v); please report it with the capture:\n%s", p, debug.Stack()))
		} else {
			c.nameDefects(r, d, tape)
		}
		tape.Release()
		r.capFindings()
		r.Conformant = len(r.Errors()) == 0
	}()
	if testHookCheck != nil {
		testHookCheck(resp)
	}
	body := resp.Body
	if int64(len(body)) > c.max {
		r.add(RuleBodyTooLarge, Error, bodyPos(body, int(c.max)), fmt.Sprintf("the body is %d bytes, larger than the %d-byte cap; it was not checked. Raise the cap (Options.MaxBodyBytes) if the body really is this large", len(body), c.max))
		return r
	}
	if resp.TooLarge {
		r.add(RuleBodyTooLarge, Error, bodyPos(body, len(body)), fmt.Sprintf("the body is larger than the capture's size limit and was cut (%d bytes kept), so it was not checked; raise the limit (--max-body, Options.MaxBodyBytes) if the body really is this large", len(body)))
		return r
	}
	if resp.Truncated {
		r.add(RuleBodyTruncated, Error, bodyPos(body, len(body)), fmt.Sprintf("the capture ends before the body does (%d bytes kept), so the body was not checked; capture the whole response again", len(body)))
		return r
	}
	if resp.Status == 0 {
		r.add(RuleStatusUnknown, Information, "HTTP status", "the capture has no HTTP status, so the status was not checked; add a status line, or a .meta sidecar with status:")
	}
	if resp.Method == http.MethodHead && len(bytes.TrimSpace(body)) == 0 {
		c.checkHead(r, resp)
		return r
	}
	if len(bytes.TrimSpace(body)) == 0 {
		c.checkNonFHIR(r, resp, catalog.BodyNone)
		return r
	}
	// One read of the body says whether it is well-formed and gives what
	// every later layer reads: for JSON the scan's tape, for XML the strict
	// decode, whose reaching the end says the markup is well-formed (only
	// a body it cannot read is scanned again, to explain why).
	format := formatOf(body)
	var (
		a          syntax.Analysis
		xmlOutcome *operationoutcome.OperationOutcome
		xmlErr     error // the strict decode's problems, for the structure layer
	)
	if format == operationoutcome.FormatXML {
		xmlOutcome, xmlErr = operationoutcome.DecodeXML(bytes.TrimPrefix(body, []byte(utf8BOM)), operationoutcome.DecodeOptions{Strict: true})
	}
	if xmlOutcome != nil {
		a = syntax.ScanDecodedXML(body)
	} else {
		a, tape = syntax.Scan(body)
	}
	if !a.Readable {
		p := a.Diagnosis
		if p.Rule == syntax.RuleHTML {
			c.checkNonFHIR(r, resp, catalog.BodyHTML)
			return r
		}
		if !looksStructured(body) {
			c.checkNonFHIR(r, resp, catalog.BodyText)
			return r
		}
		if p.Rule != syntax.RuleUTF16 {
			c.checkContentType(r, resp, format)
		}
		for _, q := range a.Problems {
			if q.Rule == syntax.RuleTemplate && q.Rule != p.Rule {
				continue // a placeholder inside a string of a body that does not parse
			}
			r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
		}
		return r
	}
	// Problems a lenient reader reads through (a byte order mark, duplicate
	// keys, bytes that are not UTF-8) and placeholders are errors, and the
	// rest of the body is checked as well.
	c.checkContentType(r, resp, format)
	for _, q := range a.Problems {
		r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
	}
	// JSON is decoded from the tape; XML was decoded above, strictly, its
	// problems kept for the structure layer.
	oo, err := xmlOutcome, xmlErr
	if format == operationoutcome.FormatJSON {
		oo, err = operationoutcome.DecodeTape(tape, operationoutcome.DecodeOptions{})
	}
	if oo == nil {
		msg, loc := "the body is not an OperationOutcome", "body 1:1"
		var de *operationoutcome.DecodeError
		if errors.As(err, &de) {
			msg = de.Msg
			if de.Line > 0 {
				loc = fmt.Sprintf("body %d:%d", de.Line, max(de.Column, 1))
			}
		} else if err != nil {
			msg = strings.TrimPrefix(err.Error(), "operationoutcome: ")
		}
		r.add(RuleFHIRResource, Error, loc, msg+"; an error response of these APIs carries a FHIR OperationOutcome")
		return r
	}
	r.Outcome = oo
	ids := firstIssue{issues: len(oo.Issue)}
	d = c.detect(r, resp, oo, &ids)
	version := fhirVersion(d, oo, format)
	c.checkStructure(r, tape, xmlErr, oo, version)
	if d != nil {
		c.checkDialect(r, d, oo, format)
	}
	c.checkCatalog(r, d, oo, &ids)
	return r
}

// checkHead checks a response to HEAD. It has no body, so only its
// Content-Type can be checked; no entry is named, because without the body
// nothing tells apart the entries documented for its status, and naming a
// wrong one would be worse than naming none.
func (c *Checker) checkHead(r *Report, resp Response) {
	b := catalog.BodyResponse{Status: resp.Status, API: resp.API, Method: resp.Method, URL: resp.URL}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, format, _ := operationoutcome.ParseContentType(ct)
		switch {
		case format != "":
			c.checkContentType(r, resp, format)
		case !c.documentsMediaType(b, mt):
			// Only for the advice: the type is reported as not FHIR.
			c.checkContentType(r, resp, operationoutcome.FormatJSON)
		}
	}
	// The catalogue names an entry for a HEAD response only when the API is
	// known and documents exactly one for the status on the request's surface.
	if e, ok := c.reg.IdentifyBody(b); ok {
		r.BodyEntry = e
		if e.Dialect != nil {
			r.Dialect = e.Dialect.Name
		}
		r.Reason = fmt.Sprintf("a response to HEAD with status %d: the only entry %s documents for it (%s)", resp.Status, resp.API, firstSource(e.Sources))
		r.add(RuleHead, Information, "body 1:1", fmt.Sprintf("a response to HEAD has no body, so only its status and headers were checked; status %d is what %s documents, the only %s entry for it", resp.Status, e.ID(), resp.API))
		return
	}
	r.add(RuleHead, Information, "body 1:1", "a response to HEAD has no body, so only its status and headers were checked and no catalogue entry is named; capture the same request with GET to check the OperationOutcome")
}

// documentsMediaType reports whether an entry documented for the status of
// a response to HEAD (on the request's surface) is sent without an
// OperationOutcome, as media type mt: GET would have had that body (an
// empty text/plain 403, an HTML 500), so the type is no fault.
func (c *Checker) documentsMediaType(b catalog.BodyResponse, mt string) bool {
	return slices.ContainsFunc(c.reg.DocumentedBodies(b), func(e *catalog.Entry) bool {
		return e.Body != catalog.BodyOperationOutcome && e.ContentType != "" && strings.EqualFold(mediaType(e.ContentType), mt)
	})
}

const utf8BOM = "\xef\xbb\xbf"

// formatOf says which format a well-formed body is in.
func formatOf(body []byte) operationoutcome.Format {
	if firstByte(body) == '<' {
		return operationoutcome.FormatXML
	}
	return operationoutcome.FormatJSON
}

func firstByte(b []byte) byte {
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// looksStructured reports whether a body that does not parse was meant to
// be JSON or XML, so that its syntax errors are worth reporting.
func looksStructured(b []byte) bool {
	switch firstByte(b) {
	case '{', '[', '<', '"':
		return true
	}
	return bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.IndexByte(b, 0) >= 0
}
