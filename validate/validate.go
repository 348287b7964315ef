package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/fhirschema"
	"github.com/spinecat/spinecat/validate/syntax"
)

// DefaultMaxBodyBytes is the body cap when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 1 << 20

// Response is what is checked: an HTTP response as captured.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool   // the body was cut before it reached the checker
	API       string // the API it came from ("nrl", "nrlf", "ers"); "" to detect
	// URL is the request URL when the capture records it. It tells apart
	// responses documented without a body on both the R4 and the STU3 paths
	// of an API (e-RS's empty 403 for application-restricted calls).
	URL string
}

// Options configures a Checker.
type Options struct {
	// Registry is the catalogue to check against; all.Registry() when nil.
	Registry *catalog.Registry
	// MaxBodyBytes caps the body checked; DefaultMaxBodyBytes when zero.
	MaxBodyBytes int64
}

// Checker checks responses. It is safe for concurrent use.
type Checker struct {
	reg *catalog.Registry
	max int64
}

// New returns a Checker.
func New(opts Options) *Checker {
	c := &Checker{reg: opts.Registry, max: opts.MaxBodyBytes}
	if c.reg == nil {
		c.reg = all.Registry()
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
	r = &Report{Status: resp.Status, API: resp.API}
	defer func() {
		if p := recover(); p != nil {
			r.add(RuleInternalPanic, Error, "body 1:1", fmt.Sprintf("the checker failed on this response (%v); please report it with the capture:\n%s", p, debug.Stack()))
		}
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
	if resp.Truncated {
		r.add(RuleBodyTooLarge, Error, bodyPos(body, len(body)), fmt.Sprintf("the body was cut off before it reached the checker (%d bytes kept), so it was not checked; capture the whole response, or raise the capture's size limit", len(body)))
		return r
	}
	if resp.Status == 0 {
		r.add(RuleStatusUnknown, Information, "HTTP status", "the capture has no HTTP status, so the status was not checked; add a status line, or a .meta sidecar with status:")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		c.checkNonFHIR(r, resp, catalog.BodyNone)
		return r
	}
	// A JSON body that encoding/json takes whole needs no syntax diagnosis:
	// decode it once, for the schema layer too.
	var doc any
	if formatOf(body) == operationoutcome.FormatJSON && !bytes.HasPrefix(body, []byte(utf8BOM)) {
		doc = decodeWhole(body)
	}
	if doc == nil {
		p, problems := syntax.Analyze(body)
		if p != nil {
			if p.Rule == syntax.RuleHTML {
				c.checkNonFHIR(r, resp, catalog.BodyHTML)
				return r
			}
			if !looksStructured(body) {
				c.checkNonFHIR(r, resp, catalog.BodyText)
				return r
			}
			if p.Rule != syntax.RuleUTF16 {
				c.checkContentType(r, resp, formatOf(body))
			}
			for _, q := range problems {
				if q.Rule == syntax.RuleTemplate && q.Rule != p.Rule {
					continue
				}
				r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
			}
			if p.Rule != syntax.RuleBOM {
				return r
			}
			// A byte order mark is the only fault: check the rest.
			body = bytes.TrimPrefix(body, []byte(utf8BOM))
			if formatOf(body) == operationoutcome.FormatJSON {
				doc = decodeWhole(body)
			}
		}
	}
	format := formatOf(body)
	c.checkContentType(r, resp, format)
	for _, q := range syntax.Templates(body) {
		r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
	}
	oo, err := operationoutcome.Decode(body, operationoutcome.DecodeOptions{})
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
	var ids firstIssue
	d := c.detect(r, resp, oo, &ids)
	version := operationoutcome.R4
	if d != nil {
		version = d.FHIR
	} else if format == operationoutcome.FormatXML {
		version = operationoutcome.STU3
	}
	c.checkStructure(r, body, doc, oo, format, version)
	if d != nil {
		c.checkDialect(r, d, oo, format)
	}
	c.checkCatalog(r, d, oo, &ids)
	return r
}

const utf8BOM = "\xef\xbb\xbf"

// formatOf says which format a well-formed body is in.
func formatOf(body []byte) operationoutcome.Format {
	if firstByte(body) == '<' {
		return operationoutcome.FormatXML
	}
	return operationoutcome.FormatJSON
}

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

var (
	uuidRE       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	uuidDigitsRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-[0-9]{20}$`)
)

// checkStructure validates the body against the embedded FHIR schema of
// its release.
func (c *Checker) checkStructure(r *Report, body []byte, doc any, oo *operationoutcome.OperationOutcome, format operationoutcome.Format, version operationoutcome.Version) {
	seen := map[string]bool{}
	if format == operationoutcome.FormatXML {
		_, err := operationoutcome.DecodeXML(body, operationoutcome.DecodeOptions{Strict: true, Version: version})
		for _, de := range operationoutcome.AllDecodeErrors(err) {
			loc := de.Path
			if loc == "" {
				loc = fmt.Sprintf("body %d:%d", de.Line, de.Column)
			}
			seen[loc] = true
			r.add(xmlRule(de.Msg), Error, loc, fmt.Sprintf("%s (body %d:%d, FHIR %s)", de.Msg, de.Line, de.Column, version))
		}
		// The schema layer reads XML as the JSON of the outcome Check decoded.
		doc = decodeWhole(oo.AppendJSON(nil))
	}
	if doc == nil {
		return // the syntax layer has reported it
	}
	for _, v := range fhirschema.Validate(version, doc) {
		if seen[v.Location] {
			continue // the strict XML decoder has said it already
		}
		r.add(schemaRule(v.Keyword), Error, v.Location, v.Message+fmt.Sprintf(" (FHIR %s)", version))
	}
}

// xmlRule names the rule a strict XML decoding problem breaks.
func xmlRule(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unknown "):
		return RuleFHIRUnknownElement
	case strings.HasSuffix(msg, "is not an issue severity"), strings.Contains(msg, "is not an issue type"):
		return RuleFHIRCode
	}
	return RuleFHIRElement
}

// decodeWhole decodes a JSON body as the schema layer takes it (numbers
// kept exact), or returns nil when it is not one whole JSON value.
func decodeWhole(body []byte) any {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil // something follows the value: let the syntax layer say what
	}
	return doc
}

// schemaRule names the rule a schema keyword enforces.
func schemaRule(keyword string) string {
	switch keyword {
	case "additionalProperties":
		return RuleFHIRUnknownElement
	case "minItems", "maxItems":
		return RuleFHIRCardinality
	case "pattern", "format", "minimum", "maximum", "minLength", "maxLength":
		return RuleFHIRFormat
	case "enum", "const":
		return RuleFHIRCode
	case "required":
		return RuleFHIRRequired
	}
	return RuleFHIRType
}

// detect chooses the dialect: the one whose profile, systems and entries
// best explain the response, within the given API if any.
func (c *Checker) detect(r *Report, resp Response, oo *operationoutcome.OperationOutcome, ids *firstIssue) *catalog.Dialect {
	var profiles []string
	if oo.Meta != nil {
		profiles = oo.Meta.Profile
	}
	type scored struct {
		d       *catalog.Dialect
		score   int
		reasons []string
	}
	var best scored
	for _, d := range c.reg.Dialects() {
		if resp.API != "" && d.API != resp.API {
			continue
		}
		s := scored{d: d}
		if d.Profile != "" && slices.Contains(profiles, d.Profile) {
			s.score += 10
			s.reasons = append(s.reasons, fmt.Sprintf("meta.profile is %s", d.Profile))
		} else if d.Profile == "" && len(profiles) == 0 {
			s.score++
		}
		for _, v := range d.Variants {
			if v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile) {
				s.score += 8
				s.reasons = append(s.reasons, fmt.Sprintf("meta.profile is %s (variant %s)", *v.Profile, v.Name))
			}
		}
		for i := range oo.Issue {
			iss := &oo.Issue[i]
			if cd := iss.FirstCoding(); cd != nil && slices.Contains(d.Systems, cd.System) {
				s.score += 4
				s.reasons = append(s.reasons, fmt.Sprintf("the coding system %s", cd.System))
			}
			if m, ok := ids.identify(c.reg, iss, resp.Status, d.API); ok && m.Entry.Dialect == d {
				s.score += 6 - min(len(m.Differences), 3)
				s.reasons = append(s.reasons, fmt.Sprintf("%s is documented as %s", codeOf(iss), m.Entry.ID()))
			}
			break // the first issue decides
		}
		if (oo.Meta != nil && oo.Meta.LastUpdated != "") == (d.LastUpdated == catalog.Required) {
			s.score++
		}
		if (oo.ID == "") == (d.ID == catalog.IDNone) {
			s.score++
		}
		if s.score > best.score {
			best = s
		}
	}
	if best.d != nil && len(best.reasons) == 0 && resp.API != "" {
		// The API is given but nothing decisive matched: take its closest
		// dialect by the id, meta.lastUpdated and profile policies.
		best.reasons = []string{"no profile, system or code decides, so the " + resp.API + " dialect closest in its id, meta.lastUpdated and profile policies"}
	}
	if best.d == nil || len(best.reasons) == 0 {
		where := "any API spinecat knows"
		if resp.API != "" {
			where = "the " + resp.API + " API"
		}
		r.add(RuleDialectUnknown, Warning, "OperationOutcome", fmt.Sprintf("neither the profile, the coding system nor the code matches %s, so only FHIR structure was checked; pass the API (--api) if you know it", where))
		r.Reason = "no dialect detected: neither the profile, the coding system nor the code matches " + where
		return nil
	}
	r.Dialect = best.d.Name
	if r.API == "" {
		r.API = best.d.API
		r.Reason = "detected: " + strings.Join(uniq(best.reasons), "; ")
	} else {
		r.Reason = "API given; dialect detected: " + strings.Join(uniq(best.reasons), "; ")
	}
	return best.d
}

func uniq(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func codeOf(iss *operationoutcome.Issue) string {
	if cd := iss.FirstCoding(); cd != nil {
		return cd.Code
	}
	return string(iss.Code)
}

// permits reports whether some dialect variant allows what the base rule
// does not, naming it in an information finding.
func permits(r *Report, d *catalog.Dialect, loc string, ok func(v catalog.DialectVariant) bool) bool {
	for _, v := range d.Variants {
		if ok(v) {
			r.add(RuleDialectVariant, Information, loc, fmt.Sprintf("matches the documented %s variant %q: %s (%s)", d.Name, v.Name, v.Note, firstSource(v.Sources)))
			return true
		}
	}
	return false
}

func (c *Checker) checkDialect(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome, format operationoutcome.Format) {
	if len(d.Formats) > 0 && !slices.Contains(d.Formats, string(format)) {
		r.add(RuleDialectFormat, Error, "OperationOutcome", fmt.Sprintf("the body is %s; the %s dialect sends only %s", strings.ToUpper(string(format)), d.Name, strings.ToUpper(strings.Join(d.Formats, " or "))))
	}
	var profiles []string
	lastUpdated := ""
	if oo.Meta != nil {
		profiles, lastUpdated = oo.Meta.Profile, oo.Meta.LastUpdated
	}
	switch {
	case d.ProfileRule == catalog.Required && !slices.Contains(profiles, d.Profile):
		if !permits(r, d, "OperationOutcome.meta.profile", func(v catalog.DialectVariant) bool {
			return v.Profile != nil && (*v.Profile == "" && len(profiles) == 0 || slices.Contains(profiles, *v.Profile))
		}) {
			found := "no meta.profile"
			if len(profiles) > 0 {
				found = "meta.profile " + strings.Join(profiles, ", ")
			}
			r.add(RuleDialectProfile, Error, "OperationOutcome.meta.profile", fmt.Sprintf("found %s; the %s dialect sends %s. Set meta.profile to it", found, d.Name, d.Profile))
		}
	case d.ProfileRule == catalog.Prohibited && len(profiles) > 0:
		if !permits(r, d, "OperationOutcome.meta.profile", func(v catalog.DialectVariant) bool { return v.Profile != nil && slices.Contains(profiles, *v.Profile) }) {
			r.add(RuleDialectProfile, Warning, "OperationOutcome.meta.profile", fmt.Sprintf("found meta.profile %s; the %s dialect sends no profile", strings.Join(profiles, ", "), d.Name))
		}
	}
	for _, p := range profiles {
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") {
			r.add(RuleDialectProfileWebPage, Information, "OperationOutcome.meta.profile", fmt.Sprintf("%s is a web page, not a StructureDefinition canonical URL; validators that resolve profiles cannot use it", p))
		}
	}
	c.checkID(r, d, oo.ID)
	switch {
	case d.LastUpdated == catalog.Required && lastUpdated == "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Prohibited
		}) {
			r.add(RuleDialectLastUpdated, Error, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("missing; the %s dialect sends meta.lastUpdated", d.Name))
		}
	case d.LastUpdated == catalog.Prohibited && lastUpdated != "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Required
		}) {
			r.add(RuleDialectLastUpdated, Warning, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("present; the %s dialect does not send meta.lastUpdated", d.Name))
		}
	}
	if d.MaxIssues > 0 && len(oo.Issue) > d.MaxIssues {
		r.add(RuleDialectMaxIssues, Error, "OperationOutcome.issue", fmt.Sprintf("%d issues; the %s dialect sends at most %d", len(oo.Issue), d.Name, d.MaxIssues))
	}
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := fmt.Sprintf("OperationOutcome.issue[%d]", i)
		if len(iss.Expression) > 0 && d.Expression == catalog.Prohibited {
			r.add(RuleDialectExpression, Error, loc+".expression", fmt.Sprintf("the %s dialect prohibits issue.expression (0..0 in its profile); drop it", d.Name))
		}
		if iss.Details == nil {
			continue
		}
		for j, cd := range iss.Details.Coding {
			cloc := fmt.Sprintf("%s.details.coding[%d]", loc, j)
			if cd.Version != "" && d.CodingVersion == catalog.Prohibited &&
				!permits(r, d, cloc+".version", func(v catalog.DialectVariant) bool {
					return v.CodingVersion == catalog.Optional || v.CodingVersion == catalog.Required
				}) {
				r.add(RuleDialectCodingVersion, Error, cloc+".version", fmt.Sprintf("the %s dialect prohibits coding.version; drop it", d.Name))
			}
			switch {
			case cd.Display == "" && d.Display == catalog.Required:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Prohibited
				}) {
					r.add(RuleDialectDisplay, Error, cloc+".display", fmt.Sprintf("missing; the %s dialect requires display (1..1 in its profile)", d.Name))
				}
			case cd.Display != "" && d.Display == catalog.Prohibited:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Required
				}) {
					r.add(RuleDialectDisplay, Warning, cloc+".display", fmt.Sprintf("present; the %s dialect sends no display", d.Name))
				}
			}
		}
	}
}

func (c *Checker) checkID(r *Report, d *catalog.Dialect, id string) {
	const loc = "OperationOutcome.id"
	check := func(p catalog.IDPolicy) (bool, string) {
		switch p {
		case catalog.IDNone:
			return id == "", "sends no id"
		case catalog.IDAny:
			return id != "", "sends an id"
		case catalog.IDUUID:
			return uuidRE.MatchString(id), "sends a UUID as id"
		case catalog.IDUUIDDigits20:
			return uuidDigitsRE.MatchString(id), `sends a UUID, "-" and 20 digits as id`
		}
		return true, ""
	}
	ok, want := check(d.ID)
	if ok || permits(r, d, loc, func(v catalog.DialectVariant) bool {
		if v.ID == "" {
			return false
		}
		ok, _ := check(v.ID)
		return ok
	}) {
		return
	}
	found := "no id"
	if id != "" {
		found = strconv.Quote(id)
	}
	sev := Error
	if d.ID == catalog.IDNone {
		sev = Warning
	}
	r.add(RuleDialectID, sev, loc, fmt.Sprintf("found %s; the %s dialect %s", found, d.Name, want))
}

// firstIssue remembers the identification of the first issue per API:
// dialect detection scores every dialect by it, and the catalogue layer
// needs it again.
type firstIssue struct {
	done  bool
	cands []catalog.Match // every API's candidates, best first
}

func (f *firstIssue) identify(reg *catalog.Registry, iss *operationoutcome.Issue, status int, api string) (catalog.Match, bool) {
	if !f.done {
		// Candidates rank each entry on its own, so one ranking over all
		// APIs gives each API's best as its first candidate there.
		f.cands, f.done = reg.Candidates(iss, catalog.Context{Status: status}), true
	}
	for _, m := range f.cands {
		if api == "" || m.Entry.API == api {
			return m, true
		}
	}
	return catalog.Match{}, false
}

// checkCatalog identifies each issue and reports where it departs from its
// entry and every documented variant.
func (c *Checker) checkCatalog(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome, ids *firstIssue) {
	api := r.API
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := fmt.Sprintf("OperationOutcome.issue[%d]", i)
		out := Issue{}
		cd := iss.FirstCoding()
		if cd != nil {
			out.System, out.Code = cd.System, cd.Code
		}
		var m catalog.Match
		var ok bool
		if i == 0 {
			m, ok = ids.identify(c.reg, iss, r.Status, api)
		} else {
			m, ok = c.reg.Identify(iss, catalog.Context{Status: r.Status, API: api})
		}
		if !ok {
			r.Issues = append(r.Issues, out)
			c.unidentified(r, d, loc, iss)
			continue
		}
		out.Entry, out.Params, out.entry = m.Entry.ID(), m.Params, m.Entry
		for _, v := range m.Variants {
			out.Variants = append(out.Variants, v.Name)
			r.add(RuleCatalogVariant, Information, loc, fmt.Sprintf("matches the documented variant %q of %s: %s (%s)", v.Name, m.Entry.ID(), v.Note, firstSource(v.Sources)))
		}
		r.Issues = append(r.Issues, out)
		for _, diff := range m.Differences {
			c.difference(r, loc, m.Entry, diff)
		}
		if m.Entry.Status == 0 && r.Status != 0 {
			r.add(RuleCatalogStatusNotStated, Information, "HTTP status", fmt.Sprintf("%s documents no status (%s), so %d was not checked", m.Entry.ID(), m.Entry.StatusNote, r.Status))
		}
	}
}

var diffRule = map[string]string{
	"system": RuleCatalogSystem, "display": RuleCatalogDisplay, "severity": RuleCatalogSeverity,
	"issueType": RuleCatalogIssueType, "diagnostics": RuleCatalogDiagnostics, "status": RuleCatalogStatus,
}

var fieldLocation = map[string]string{
	"code": ".details.coding[0].code", "system": ".details.coding[0].system", "display": ".details.coding[0].display",
	"severity": ".severity", "issueType": ".code", "diagnostics": ".diagnostics",
}

func (c *Checker) difference(r *Report, loc string, e *catalog.Entry, diff catalog.Difference) {
	rule, ok := diffRule[diff.Field]
	if !ok {
		rule = RuleCatalogUnknownCode
	}
	where := loc + fieldLocation[diff.Field]
	if diff.Field == "status" {
		where = "HTTP status"
	}
	got := strconv.Quote(diff.Got)
	if diff.Got == "" {
		got = "missing"
	}
	want := diff.Want
	msg := fmt.Sprintf("%s is %s; %s documents %s", diff.Field, got, e.ID(), quoteAlts(want))
	switch diff.Field {
	case "system":
		if strings.Contains(diff.Got, "/ValueSet/") {
			msg += ". " + diff.Got + " is a ValueSet URL where a CodeSystem URL belongs"
		}
		msg += ". Send the documented system URL"
	case "diagnostics":
		msg += ". Send the diagnostics the template gives, filling each {placeholder}"
	case "status":
		msg = fmt.Sprintf("HTTP status %s; %s (%s) is documented with %s", diff.Got, e.ID(), e.Code, want)
	case "display":
		msg += ". Send the display exactly as documented"
	}
	for _, f := range r.Findings {
		if f.Location == where && f.Severity == Error && strings.HasPrefix(f.Rule, "fhir.") {
			return // the structure layer has said it already
		}
	}
	r.add(rule, Error, where, msg)
}

func quoteAlts(s string) string {
	parts := strings.Split(s, " | ")
	for i, p := range parts {
		parts[i] = strconv.Quote(p)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return parts[0] + " (or a documented variant: " + strings.Join(parts[1:], ", ") + ")"
}

// unidentified reports an issue no entry explains: an unknown code, a code
// of a known system that no entry uses, or an issue without a coding.
func (c *Checker) unidentified(r *Report, d *catalog.Dialect, loc string, iss *operationoutcome.Issue) {
	cd := iss.FirstCoding()
	scope := "any API"
	if r.API != "" {
		scope = r.API
	}
	if cd == nil {
		if iss.Severity == operationoutcome.SeverityInformation || iss.Severity == operationoutcome.SeverityWarning {
			return
		}
		if d != nil && len(d.Systems) > 0 {
			r.add(RuleDialectDetails, Error, loc+".details", fmt.Sprintf("no details.coding; the %s dialect codes every %s issue with %s", d.Name, iss.Severity, strings.Join(d.Systems, " or ")))
			return
		}
		r.add(RuleCatalogUnidentified, Warning, loc, fmt.Sprintf("an %s issue without details.coding that no %s catalogue entry explains (severity %q, issue type %q); send a coded issue", iss.Severity, scope, iss.Severity, iss.Code))
		return
	}
	if d != nil && len(d.Systems) > 0 && !slices.Contains(d.Systems, cd.System) {
		msg := fmt.Sprintf("system %q is not one the %s dialect uses (%s)", cd.System, d.Name, strings.Join(d.Systems, ", "))
		if strings.Contains(cd.System, "/ValueSet/") {
			msg += "; it is a ValueSet URL where a CodeSystem URL belongs"
		}
		r.add(RuleDialectSystem, Error, loc+".details.coding[0].system", msg)
	}
	cs, known := c.reg.CodeSystem(cd.System)
	switch {
	case !known:
		r.add(RuleCatalogUnknownSystem, Warning, loc+".details.coding[0].system", fmt.Sprintf("no catalogue knows the system %q, so code %q could not be checked", cd.System, cd.Code))
	case func() bool { _, ok := cs.Lookup(cd.Code); return !ok }():
		r.add(RuleCatalogUnknownCode, Error, loc+".details.coding[0].code", fmt.Sprintf("code %q is not defined in %s (%s); check the spelling against the code system", cd.Code, cs.Title, cs.URL))
	default:
		r.add(RuleCatalogUndocumented, Warning, loc+".details.coding[0].code", fmt.Sprintf("code %q is defined in %s, but no %s catalogue entry documents it", cd.Code, cs.Title, scope))
	}
}
