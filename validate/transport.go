package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/textpos"
	"github.com/spinecat/spinecat/operationoutcome"
)

// bodyPos returns "body L:C" for byte offset off of body, counting
// characters. It reads at most off bytes.
func bodyPos(body []byte, off int) string { return "body " + textpos.String(body, off) }

// checkNonFHIR handles a body that is empty, HTML or plain text: conformant
// only where the API documents exactly that. The catalogue identifies the
// entry (catalog.Registry.IdentifyBody), as the client does; when several
// entries document such a response and nothing tells them apart, none is
// named.
func (c *Checker) checkNonFHIR(r *Report, resp Response, kind catalog.BodyKind) {
	ct := resp.Header.Get("Content-Type")
	mt, _, _, _ := operationoutcome.ParseContentType(ct)
	b := catalog.BodyResponse{Status: resp.Status, API: resp.API, Method: resp.Method, URL: resp.URL, ContentType: ct, Body: resp.Body, Kind: kind}
	what := kind.Describe()
	if candidates := c.reg.DocumentedBodies(b); len(candidates) > 0 {
		e, ok := c.reg.IdentifyBody(b)
		if !ok {
			c.documentedByOneOf(r, resp, what, candidates)
			return
		}
		r.BodyEntry = e
		if r.API == "" {
			r.API = e.API
		}
		if e.Dialect != nil {
			r.Dialect = e.Dialect.Name
		}
		r.Reason = fmt.Sprintf("%s with status %d is what %s documents (%s)", what, resp.Status, e.ID(), firstSource(e.Sources))
		r.add(RuleDocumentedBody, Information, "body 1:1", fmt.Sprintf("%s with status %d is documented as %s: %s", what, resp.Status, e.ID(), strings.TrimSpace(e.Description)))
		if e.ContentType != "" && mt != "" && !strings.EqualFold(mediaType(e.ContentType), mt) {
			r.add(RuleContentType, Warning, "Content-Type", fmt.Sprintf("Content-Type is %q; %s documents %q", ct, e.ID(), e.ContentType))
		}
		return
	}
	if resp.Status >= 200 && resp.Status < 300 && kind == catalog.BodyNone {
		r.add(RuleNoBody, Information, "body 1:1", "a success response with no body; nothing to check")
		return
	}
	scope := ""
	if resp.API != "" {
		scope = " of " + resp.API
	}
	if kind == catalog.BodyNone {
		msg := "the body is empty"
		if resp.Status != 0 {
			msg = fmt.Sprintf("the body is empty, and no catalogue entry%s documents an empty body for status %d", scope, resp.Status)
		}
		r.add(RuleBodyMissing, Error, "body 1:1", msg+"; these APIs send an OperationOutcome with their errors. If the capture lost the body, capture it again")
		return
	}
	msg := fmt.Sprintf("%s where an OperationOutcome was expected", what)
	if resp.Status != 0 {
		msg += fmt.Sprintf(", and no catalogue entry%s documents %s for status %d", scope, what, resp.Status)
	}
	if kind == catalog.BodyHTML {
		msg += " (an HTML page usually comes from a proxy or load balancer in front of the API, not the API itself)"
	}
	r.add(RuleNotFHIR, Error, "body 1:1", msg+"; these APIs answer errors with a FHIR OperationOutcome (application/fhir+json or +xml)")
}

// documentedByOneOf reports a response that several entries document, with
// nothing (the request URL, the body's text) to tell which: conformant, and
// no entry named.
func (c *Checker) documentedByOneOf(r *Report, resp Response, what string, candidates []*catalog.Entry) {
	ids := make([]string, len(candidates))
	for i, e := range candidates {
		ids[i] = e.ID()
	}
	if r.API == "" && !slices.ContainsFunc(candidates, func(e *catalog.Entry) bool { return e.API != candidates[0].API }) {
		r.API = candidates[0].API
	}
	alternatives := strings.Join(ids, " or ")
	r.Reason = fmt.Sprintf("%s with status %d is what %s documents", what, resp.Status, alternatives)
	r.add(RuleDocumentedBody, Information, "body 1:1", fmt.Sprintf("%s with status %d is documented as %s; the capture does not say which (a request line with its URL would)", what, resp.Status, alternatives))
}

func mediaType(ct string) string {
	mt, _, _, _ := operationoutcome.ParseContentType(ct)
	return mt
}

func firstSource(s []string) string {
	if len(s) == 0 {
		return "no source recorded"
	}
	return s[0]
}

// checkContentType compares the Content-Type header with the body.
func (c *Checker) checkContentType(r *Report, resp Response, body operationoutcome.Format) {
	ct := resp.Header.Get("Content-Type")
	if resp.Header == nil {
		return // a bare body: nothing is known of the header
	}
	if ct == "" {
		r.add(RuleContentType, Warning, "Content-Type", fmt.Sprintf("no Content-Type header; send %s", body.ContentType()))
		return
	}
	mt, charset, format, legacy := operationoutcome.ParseContentType(ct)
	switch {
	case format == "":
		r.add(RuleContentType, Error, "Content-Type", fmt.Sprintf("Content-Type %q is not a FHIR media type; send %s", mt, body.ContentType()))
	case format != body:
		r.add(RuleContentType, Error, "Content-Type", fmt.Sprintf("Content-Type %q says %s but the body is %s; send %s", mt, strings.ToUpper(string(format)), strings.ToUpper(string(body)), body.ContentType()))
	case legacy:
		r.add(RuleContentTypeLegacy, Warning, "Content-Type", fmt.Sprintf("%q is the DSTU2-era FHIR media type; current clients expect application/fhir+%s", mt, body))
	case !strings.HasPrefix(mt, "application/fhir+"):
		r.add(RuleContentTypeGeneric, Information, "Content-Type", fmt.Sprintf("%q is accepted, though application/fhir+%s is the FHIR media type", mt, body))
	}
	if charset != "" && charset != "utf-8" && charset != "utf8" {
		r.add(RuleCharset, Error, "Content-Type", fmt.Sprintf("charset %s: FHIR bodies are UTF-8; send charset=utf-8", charset))
	}
}
