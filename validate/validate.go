package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

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

// Check checks a response against every catalogue spinecat knows.
func Check(resp Response) *Report { return defaultChecker.Check(resp) }

// Check checks one response through every layer: transport, syntax, FHIR
// structure, dialect and catalogue. It never panics: an internal failure
// becomes a finding.
func (c *Checker) Check(resp Response) (r *Report) {
	r = &Report{Status: resp.Status, API: resp.API}
	defer func() {
		if p := recover(); p != nil {
			r.add("internal.panic", Error, "", fmt.Sprintf("the checker failed on this response (%v); please report it with the capture:\n%s", p, debug.Stack()))
		}
		r.Conformant = len(r.Errors()) == 0
	}()
	body := resp.Body
	if int64(len(body)) > c.max {
		body = body[:c.max]
		resp.Truncated = true
	}
	if resp.Truncated {
		r.add("transport.body-too-large", Error, "body", fmt.Sprintf("the body is larger than the %d-byte cap, or was cut off before it was captured; it was not checked further. Capture the whole response, or raise the cap if the body really is this large", c.max))
		return r
	}
	if resp.Status == 0 {
		r.add("transport.status-unknown", Information, "HTTP status", "the capture has no HTTP status, so the status was not checked; add a status line, or a .meta sidecar with status:")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		c.checkNonFHIR(r, resp, catalog.BodyNone)
		return r
	}
	if p := syntax.Diagnose(body); p != nil {
		if p.Rule == syntax.RuleHTML {
			c.checkNonFHIR(r, resp, catalog.BodyHTML)
			return r
		}
		if !looksStructured(body) {
			c.checkNonFHIR(r, resp, catalog.BodyText)
			return r
		}
		for _, q := range syntax.Check(body) {
			if q.Rule == syntax.RuleTemplate && q.Rule != p.Rule {
				continue
			}
			r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
		}
		return r
	}
	format := operationoutcome.FormatJSON
	if firstByte(body) == '<' {
		format = operationoutcome.FormatXML
	}
	c.checkContentType(r, resp, format)
	for _, q := range syntax.Check(body) {
		if q.Rule == syntax.RuleTemplate {
			r.add(q.Rule, Error, fmt.Sprintf("body %d:%d", q.Line, q.Col), q.Message)
		}
	}
	oo, err := operationoutcome.Decode(body, operationoutcome.DecodeOptions{})
	if oo == nil {
		msg := "the body is not an OperationOutcome"
		if err != nil {
			msg = err.Error()
		}
		r.add("fhir.resource", Error, "body", msg+"; an error response of these APIs carries an OperationOutcome")
		return r
	}
	r.Outcome = oo
	d := c.detect(r, resp, oo)
	version := operationoutcome.R4
	if d != nil {
		version = d.FHIR
	} else if format == operationoutcome.FormatXML {
		version = operationoutcome.STU3
	}
	c.checkStructure(r, body, format, version)
	if d != nil {
		c.checkDialect(r, d, oo)
	}
	c.checkCatalog(r, d, oo)
	return r
}

func firstByte(b []byte) byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
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
		if e.Body == kind {
			candidates = append(candidates, e)
		}
	}
	what := map[catalog.BodyKind]string{catalog.BodyNone: "an empty body", catalog.BodyHTML: "an HTML page", catalog.BodyText: "a plain-text body"}[kind]
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
		r.add("transport.documented-body", Information, "body", fmt.Sprintf("%s with status %d is documented as %s: %s", what, resp.Status, e.ID(), e.Description))
		if e.ContentType != "" && mt != "" && !strings.EqualFold(mediaType(e.ContentType), mt) {
			r.add("transport.content-type", Warning, "Content-Type", fmt.Sprintf("Content-Type is %q; %s documents %q", ct, e.ID(), e.ContentType))
		}
		return
	}
	if resp.Status >= 200 && resp.Status < 300 && kind == catalog.BodyNone {
		r.add("transport.no-body", Information, "body", "a success response with no body; nothing to check")
		return
	}
	msg := fmt.Sprintf("%s where an OperationOutcome was expected", what)
	if resp.Status != 0 {
		msg += fmt.Sprintf(", and no catalogue entry documents %s for status %d", what, resp.Status)
	}
	if resp.API != "" {
		msg += " in " + resp.API
	}
	r.add("transport.not-fhir", Error, "body", msg+"; these APIs answer errors with a FHIR OperationOutcome (application/fhir+json or +xml)")
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
		r.add("transport.content-type", Warning, "Content-Type", fmt.Sprintf("no Content-Type header; send %s", body.ContentType()))
		return
	}
	mt, charset, format, legacy := operationoutcome.ParseContentType(ct)
	switch {
	case format == "":
		r.add("transport.content-type", Error, "Content-Type", fmt.Sprintf("Content-Type %q is not a FHIR media type; send %s", mt, body.ContentType()))
	case format != body:
		r.add("transport.content-type", Error, "Content-Type", fmt.Sprintf("Content-Type says %s but the body is %s", format, body))
	case legacy:
		r.add("transport.content-type-legacy", Warning, "Content-Type", fmt.Sprintf("%q is the DSTU2-era FHIR media type; current clients expect application/fhir+%s", mt, body))
	case !strings.HasPrefix(mt, "application/fhir+"):
		r.add("transport.content-type-generic", Information, "Content-Type", fmt.Sprintf("%q is accepted, though application/fhir+%s is the FHIR media type", mt, body))
	}
	if charset != "" && !strings.EqualFold(charset, "utf-8") {
		r.add("transport.charset", Error, "Content-Type", fmt.Sprintf("charset %s: FHIR bodies are UTF-8", charset))
	}
}

var (
	uuidRE       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	uuidDigitsRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-[0-9]{20}$`)
)

// checkStructure validates the body against the embedded FHIR schema of
// its release.
func (c *Checker) checkStructure(r *Report, body []byte, format operationoutcome.Format, version operationoutcome.Version) {
	var doc any
	if format == operationoutcome.FormatXML {
		_, err := operationoutcome.DecodeXML(body, operationoutcome.DecodeOptions{Strict: true, Version: version})
		for _, de := range operationoutcome.AllDecodeErrors(err) {
			r.add("fhir.element", Error, de.Path, fmt.Sprintf("%s (body %d:%d)", de.Msg, de.Line, de.Column))
		}
		oo, _ := operationoutcome.DecodeXML(body, operationoutcome.DecodeOptions{})
		if oo == nil {
			return
		}
		body = oo.AppendJSON(nil)
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return // the syntax layer has reported it
	}
	for _, v := range fhirschema.Validate(version, doc) {
		r.add(schemaRule(v.Keyword), Error, v.Location, v.Message+fmt.Sprintf(" (FHIR %s)", version))
	}
}

// schemaRule names the rule a schema keyword enforces.
func schemaRule(keyword string) string {
	switch keyword {
	case "additionalProperties":
		return "fhir.unknown-element"
	case "minItems", "maxItems":
		return "fhir.cardinality"
	case "pattern", "format":
		return "fhir.format"
	case "enum", "const":
		return "fhir.code"
	case "required", "type":
		return "fhir." + keyword
	}
	return "fhir.structure"
}

// detect chooses the dialect: the one whose profile, systems and entries
// best explain the response, within the given API if any.
func (c *Checker) detect(r *Report, resp Response, oo *operationoutcome.OperationOutcome) *catalog.Dialect {
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
			if m, ok := c.reg.Identify(iss, catalog.Context{Status: resp.Status, API: d.API}); ok && m.Entry.Dialect == d {
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
	if best.d == nil || len(best.reasons) == 0 {
		where := "any API spinecat knows"
		if resp.API != "" {
			where = "the " + resp.API + " API"
		}
		r.add("dialect.unknown", Warning, "OperationOutcome", fmt.Sprintf("neither the profile, the coding system nor the code matches %s, so only FHIR structure was checked; pass the API (--api) if you know it", where))
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
			r.add("dialect.variant", Information, loc, fmt.Sprintf("matches the documented %s variant %q: %s (%s)", d.Name, v.Name, v.Note, firstSource(v.Sources)))
			return true
		}
	}
	return false
}

func (c *Checker) checkDialect(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome) {
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
			r.add("dialect.profile", Error, "OperationOutcome.meta.profile", fmt.Sprintf("found %s; the %s dialect sends %s. Set meta.profile to it", found, d.Name, d.Profile))
		}
	case d.ProfileRule == catalog.Prohibited && len(profiles) > 0:
		if !permits(r, d, "OperationOutcome.meta.profile", func(v catalog.DialectVariant) bool { return v.Profile != nil && slices.Contains(profiles, *v.Profile) }) {
			r.add("dialect.profile", Warning, "OperationOutcome.meta.profile", fmt.Sprintf("found meta.profile %s; the %s dialect sends no profile", strings.Join(profiles, ", "), d.Name))
		}
	}
	for _, p := range profiles {
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") {
			r.add("dialect.profile-web-page", Information, "OperationOutcome.meta.profile", fmt.Sprintf("%s is a web page, not a StructureDefinition canonical URL; validators that resolve profiles cannot use it", p))
		}
	}
	c.checkID(r, d, oo.ID)
	switch {
	case d.LastUpdated == catalog.Required && lastUpdated == "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Prohibited
		}) {
			r.add("dialect.last-updated", Error, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("missing; the %s dialect sends meta.lastUpdated", d.Name))
		}
	case d.LastUpdated == catalog.Prohibited && lastUpdated != "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Required
		}) {
			r.add("dialect.last-updated", Warning, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("present; the %s dialect does not send meta.lastUpdated", d.Name))
		}
	}
	if d.MaxIssues > 0 && len(oo.Issue) > d.MaxIssues {
		r.add("dialect.max-issues", Error, "OperationOutcome.issue", fmt.Sprintf("%d issues; the %s dialect sends at most %d", len(oo.Issue), d.Name, d.MaxIssues))
	}
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := fmt.Sprintf("OperationOutcome.issue[%d]", i)
		if len(iss.Expression) > 0 && d.Expression == catalog.Prohibited {
			r.add("dialect.expression", Error, loc+".expression", fmt.Sprintf("the %s dialect prohibits issue.expression (0..0 in its profile); drop it", d.Name))
		}
		if iss.Details == nil {
			continue
		}
		for j, cd := range iss.Details.Coding {
			cloc := fmt.Sprintf("%s.details.coding[%d]", loc, j)
			if cd.Version != "" && d.CodingVersion == catalog.Prohibited {
				r.add("dialect.coding-version", Error, cloc+".version", fmt.Sprintf("the %s dialect prohibits coding.version; drop it", d.Name))
			}
			switch {
			case cd.Display == "" && d.Display == catalog.Required:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Prohibited
				}) {
					r.add("dialect.display", Error, cloc+".display", fmt.Sprintf("missing; the %s dialect requires display (1..1 in its profile)", d.Name))
				}
			case cd.Display != "" && d.Display == catalog.Prohibited:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Required
				}) {
					r.add("dialect.display", Warning, cloc+".display", fmt.Sprintf("present; the %s dialect sends no display", d.Name))
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
	r.add("dialect.id", sev, loc, fmt.Sprintf("found %s; the %s dialect %s", found, d.Name, want))
}

// checkCatalog identifies each issue and reports where it departs from its
// entry and every documented variant.
func (c *Checker) checkCatalog(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome) {
	api := r.API
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := fmt.Sprintf("OperationOutcome.issue[%d]", i)
		out := Issue{}
		cd := iss.FirstCoding()
		if cd != nil {
			out.System, out.Code = cd.System, cd.Code
		}
		m, ok := c.reg.Identify(iss, catalog.Context{Status: r.Status, API: api})
		if !ok {
			r.Issues = append(r.Issues, out)
			c.unidentified(r, d, loc, iss)
			continue
		}
		out.Entry, out.Params, out.entry = m.Entry.ID(), m.Params, m.Entry
		for _, v := range m.Variants {
			out.Variants = append(out.Variants, v.Name)
			r.add("catalog.variant", Information, loc, fmt.Sprintf("matches the documented variant %q of %s: %s (%s)", v.Name, m.Entry.ID(), v.Note, firstSource(v.Sources)))
		}
		r.Issues = append(r.Issues, out)
		for _, diff := range m.Differences {
			c.difference(r, loc, m.Entry, diff)
		}
		if m.Entry.Status == 0 && r.Status != 0 {
			r.add("catalog.status-not-stated", Information, "HTTP status", fmt.Sprintf("%s documents no status (%s), so %d was not checked", m.Entry.ID(), m.Entry.StatusNote, r.Status))
		}
	}
}

var fieldLocation = map[string]string{
	"code": ".details.coding[0].code", "system": ".details.coding[0].system", "display": ".details.coding[0].display",
	"severity": ".severity", "issueType": ".code", "diagnostics": ".diagnostics",
}

func (c *Checker) difference(r *Report, loc string, e *catalog.Entry, diff catalog.Difference) {
	rule := "catalog." + map[string]string{"issueType": "issue-type"}[diff.Field]
	if rule == "catalog." {
		rule += diff.Field
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
			r.add("dialect.details", Error, loc+".details", fmt.Sprintf("no details.coding; the %s dialect codes every issue with %s", d.Name, strings.Join(d.Systems, " or ")))
		}
		return
	}
	if d != nil && len(d.Systems) > 0 && !slices.Contains(d.Systems, cd.System) {
		msg := fmt.Sprintf("system %q is not one the %s dialect uses (%s)", cd.System, d.Name, strings.Join(d.Systems, ", "))
		if strings.Contains(cd.System, "/ValueSet/") {
			msg += "; it is a ValueSet URL where a CodeSystem URL belongs"
		}
		r.add("dialect.system", Error, loc+".details.coding[0].system", msg)
	}
	cs, known := c.reg.CodeSystem(cd.System)
	switch {
	case !known:
		r.add("catalog.unknown-system", Warning, loc+".details.coding[0].system", fmt.Sprintf("no catalogue knows the system %q, so code %q could not be checked", cd.System, cd.Code))
	case func() bool { _, ok := cs.Lookup(cd.Code); return !ok }():
		r.add("catalog.unknown-code", Error, loc+".details.coding[0].code", fmt.Sprintf("code %q is not defined in %s (%s); check the spelling against the code system", cd.Code, cs.Title, cs.URL))
	default:
		r.add("catalog.undocumented", Warning, loc+".details.coding[0].code", fmt.Sprintf("code %q is defined in %s, but no %s catalogue entry documents it", cd.Code, cs.Title, scope))
	}
}
