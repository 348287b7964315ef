package validate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// bodyPos returns "body L:C" for byte offset off of body, counting
// characters. It reads at most off bytes.
func bodyPos(body []byte, off int) string {
	off = min(max(off, 0), len(body))
	head := body[:off]
	line := 1 + bytes.Count(head, []byte{'\n'})
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[i+1:]
	}
	return fmt.Sprintf("body %d:%d", line, utf8.RuneCount(head)+1)
}

// checkNonFHIR handles a body that is empty, HTML or plain text: conformant
// only where the API documents exactly that.
func (c *Checker) checkNonFHIR(r *Report, resp Response, kind catalog.BodyKind) {
	ct := resp.Header.Get("Content-Type")
	mt, _, _, _ := operationoutcome.ParseContentType(ct)
	var candidates []*catalog.Entry
	for _, e := range c.reg.ForBody(resp.Status, resp.API) {
		// A text body whose text is not documented may well be empty.
		emptyText := kind == catalog.BodyNone && e.Body == catalog.BodyText && strings.TrimSpace(e.BodyText) == ""
		if e.Body == kind || emptyText {
			candidates = append(candidates, e)
		}
	}
	what := map[catalog.BodyKind]string{catalog.BodyNone: "an empty body", catalog.BodyHTML: "an HTML page", catalog.BodyText: "a plain-text body"}[kind]
	if len(candidates) > 1 && resp.URL != "" {
		candidates = preferPathVersion(candidates, resp.URL)
	}
	if len(candidates) > 0 {
		e := candidates[0]
		for _, cand := range candidates {
			if cand.BodyText != "" && strings.TrimSpace(cand.BodyText) == strings.TrimSpace(string(resp.Body)) {
				e = cand
				break
			}
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

// preferPathVersion moves the entries whose FHIR release the request path
// names (e-RS routes /FHIR/R4/... to R4, everything else to STU3) first.
func preferPathVersion(entries []*catalog.Entry, url string) []*catalog.Entry {
	want := operationoutcome.STU3
	if strings.Contains(url, "/R4/") {
		want = operationoutcome.R4
	}
	out := make([]*catalog.Entry, 0, len(entries))
	for _, e := range entries {
		if e.Dialect != nil && e.Dialect.FHIR == want {
			out = append(out, e)
		}
	}
	for _, e := range entries {
		if e.Dialect == nil || e.Dialect.FHIR != want {
			out = append(out, e)
		}
	}
	return out
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
