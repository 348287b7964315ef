package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Context is what is known of a response besides the issue being identified.
type Context struct {
	Status int    // HTTP status; 0: unknown
	API    string // the API the response came from; "": unknown

	// The received meta.profile, set by FromOutcome: among equally good
	// matches of several APIs, an entry whose dialect's profile it is
	// ranks first.
	profiles      []string
	profilesKnown bool
}

// Difference is one field where an issue departs from the entry it was
// identified as and from all of its documented variants.
type Difference struct {
	Field string   // "status", "severity", "issueType", "display", "diagnostics"
	Want  []string // what the entry documents, then what its variants document
	Got   string
	Note  string // why the value departs, where Want and Got do not say (a parameter that breaks its type)
}

// Match is the identification of one issue.
type Match struct {
	Entry       *Entry
	Variants    []*Variant        // the documented variants the issue needed to match
	Params      map[string]string // diagnostics parameter values
	Differences []Difference      // departures no variant covers
	Template    *Template         // the diagnostics template the issue matched, nil for none
	values      []string
	specificity int
}

// Error returns the match as a catalogue error that carries what was received.
func (m Match) Error(status int, received *operationoutcome.OperationOutcome, issue int) *Error {
	return &Error{entry: m.Entry, variants: m.Variants, values: m.values, status: status, received: received, issue: issue}
}

// Identify returns the entry that best explains the issue, with its
// parameter values. ok is false when no entry documents the issue's code
// under its system (or, for an issue without a coding, no coding-less entry
// fits). A match may still carry Differences; a conformant issue has none.
func (r *Registry) Identify(iss *operationoutcome.Issue, ctx Context) (Match, bool) {
	ms := r.Candidates(iss, ctx)
	if len(ms) == 0 {
		return Match{}, false
	}
	return ms[0], true
}

// Candidates returns every entry that could explain the issue, best first.
// An issue with a coding is only ever an entry that documents its code
// under its system, as its own coding or a documented variant's: a code
// under another system, however close, is not that entry.
func (r *Registry) Candidates(iss *operationoutcome.Issue, ctx Context) []Match {
	code, system := "", ""
	if c := iss.FirstCoding(); c != nil {
		code, system = c.Code, c.System
	}
	var out []Match
	for _, e := range r.byCode[code] {
		if ctx.API != "" && e.API != ctx.API {
			// The API is known: an entry of another API does not explain
			// the issue, however close it is.
			continue
		}
		if e.Body != BodyOperationOutcome && e.Body != "" {
			continue
		}
		if code != "" && !e.Codes(system, code) {
			continue // another system's code, however close
		}
		m := compare(e, iss, system, code, ctx)
		if code == "" && len(m.Differences) > 1 {
			continue // without a coding only a close fit says anything
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		return cmp.Or(
			cmp.Compare(len(a.Differences), len(b.Differences)),
			cmp.Compare(len(a.Variants), len(b.Variants)),
			cmp.Compare(ctx.profileRank(a.Entry.Dialect), ctx.profileRank(b.Entry.Dialect)),
			cmp.Compare(b.specificity, a.specificity),
		)
	})
	return out
}

// profileRank says how well the received meta.profile fits dialect d: 0
// when it is d's own profile (or nothing is known of it), 1 when d's
// profile policy or one of its variants allows it, 2 when it contradicts d.
func (ctx Context) profileRank(d *Dialect) int {
	if !ctx.profilesKnown || d == nil {
		return 0
	}
	if d.Profile != "" && slices.Contains(ctx.profiles, d.Profile) {
		return 0
	}
	fits := func(profile *string, rule Rule) bool {
		switch {
		case profile != nil && *profile == "":
			return len(ctx.profiles) == 0
		case profile != nil:
			return slices.Contains(ctx.profiles, *profile)
		}
		return len(ctx.profiles) == 0 && rule != Required
	}
	if fits(nil, d.ProfileRule) || slices.ContainsFunc(d.Variants, func(v DialectVariant) bool { return v.Profile != nil && fits(v.Profile, "") }) {
		return 1
	}
	return 2
}

// compare scores issue iss against entry e and its variants field by field:
// a field matches when it equals the entry's value or any variant's.
func compare(e *Entry, iss *operationoutcome.Issue, system, code string, ctx Context) Match {
	m := Match{Entry: e}
	// A variant that changes the code or the system describes another
	// coding: its other fields apply only to issues with that coding.
	appliesFor := func(v *Variant, field string) bool {
		return (field == "code" || v.Code == "" || v.Code == code) && (field == "system" || v.System == "" || v.System == system)
	}
	applies := func(v *Variant) bool { return appliesFor(v, "") }
	used := func(v *Variant) {
		if !slices.Contains(m.Variants, v) {
			m.Variants = append(m.Variants, v)
		}
	}
	field := func(name, got, want string, variantValue func(*Variant) string) {
		if got == want || !e.Documented(name) {
			return
		}
		wants := []string{want}
		for i := range e.Variants {
			v := &e.Variants[i]
			if !appliesFor(v, name) {
				continue
			}
			if vv := variantValue(v); vv != "" {
				if vv == got {
					used(v)
					return
				}
				if !slices.Contains(wants, vv) {
					wants = append(wants, vv)
				}
			}
		}
		m.Differences = append(m.Differences, Difference{Field: name, Want: wants, Got: got})
	}
	if code != "" || e.Code != "" {
		// Candidates admits only entries documenting the coding: these
		// record the variant that documents it, if any.
		field("code", code, e.Code, func(v *Variant) string { return v.Code })
		field("system", system, e.SystemURL(), func(v *Variant) string { return v.System })
	}
	field("severity", string(iss.Severity), string(e.Severity), func(v *Variant) string { return string(v.Severity) })
	field("issueType", string(iss.Code), string(e.IssueType), func(v *Variant) string { return string(v.IssueType) })
	if ctx.Status != 0 && e.Status != 0 {
		field("status", strconv.Itoa(ctx.Status), strconv.Itoa(e.Status), func(v *Variant) string {
			if v.Status == 0 {
				return ""
			}
			return strconv.Itoa(v.Status)
		})
	}
	if c := iss.FirstCoding(); c != nil && c.Display != "" && e.Display != "" && e.Documented("display") {
		own := text{t: e.DisplayTemplate, lit: e.Display}
		matchText(&m, e, "display", c.Display, own, func(v *Variant) (text, bool) {
			if v.Display == nil || *v.Display == "" || !applies(v) {
				return text{}, false
			}
			return text{t: v.DisplayTemplate, lit: *v.Display, v: v}, true
		}, used)
	}
	if e.Diagnostics != nil && e.Documented("diagnostics") {
		matchText(&m, e, "diagnostics", iss.Diagnostics, text{t: e.Diagnostics}, func(v *Variant) (text, bool) {
			if v.Diagnostics == nil || !applies(v) {
				return text{}, false
			}
			return text{t: v.Diagnostics, v: v}, true
		}, used)
	}
	return m
}

// text is what an entry or a variant documents for a text field (display,
// diagnostics): a template, or literal text.
type text struct {
	t   *Template // nil: lit is the whole text
	lit string
	v   *Variant // the variant documenting it; nil for the entry's own
}

func (x text) String() string {
	if x.t != nil {
		return x.t.String()
	}
	return x.lit
}

// match reports whether got is the text, with the placeholder values in the
// order of the template's Params.
func (x text) match(got string) ([]string, bool) {
	if x.t == nil {
		return nil, got == x.lit
	}
	return x.t.Match(got)
}

// specificity is how much of the text is fixed.
func (x text) specificity() int {
	if x.t == nil {
		return len(x.lit)
	}
	return x.t.Specificity()
}

// matchText matches got against what the entry and its variants document
// for field. When several match, the most specific (the most literal text)
// wins, the entry's own on a tie: "... - {id}." is the trailing-full-stop
// variant, not an id ending in a full stop. The values of the matched
// template's placeholders become the match's parameters; a value that
// breaks its parameter's type (an int that is "two"), or that differs from
// the value another field gave the same parameter, is a difference. An
// empty got is a difference too: the entry sends the field.
func matchText(m *Match, e *Entry, field, got string, own text, variant func(*Variant) (text, bool), used func(*Variant)) {
	// What the entry documents, listed only when the issue departs from it.
	want := func() []string {
		w := []string{own.String()}
		for i := range e.Variants {
			if x, ok := variant(&e.Variants[i]); ok && !slices.Contains(w, x.String()) {
				w = append(w, x.String())
			}
		}
		return w
	}
	if got == "" {
		m.Differences = append(m.Differences, Difference{Field: field, Want: want(), Got: ""})
		return
	}
	var (
		best     text
		bestVals []string
		bestSpec = -1
	)
	try := func(x text) {
		vals, ok := x.match(got)
		if !ok {
			return
		}
		if spec := x.specificity(); spec > bestSpec {
			best, bestVals, bestSpec = x, vals, spec
		}
	}
	try(own)
	for i := range e.Variants {
		if x, ok := variant(&e.Variants[i]); ok {
			try(x)
		}
	}
	if bestSpec < 0 {
		m.Differences = append(m.Differences, Difference{Field: field, Want: want(), Got: got})
		return
	}
	if best.v != nil {
		used(best.v)
	}
	if field == "diagnostics" {
		m.Template = best.t
	}
	m.specificity += bestSpec
	if best.t == nil {
		return // literal text: no parameters
	}
	if m.Params == nil {
		m.Params = map[string]string{}
		m.values = make([]string, len(e.Params))
	}
	for i, name := range best.t.params {
		val := bestVals[i]
		if prev, set := m.Params[name]; set && prev != val {
			m.Differences = append(m.Differences, Difference{Field: field, Want: []string{best.String()}, Got: got,
				Note: fmt.Sprintf("{%s} is %q here and %q in another field", name, val, prev)})
			return
		}
		m.Params[name] = val
		for j, p := range e.Params {
			if p.Name == name {
				m.values[j] = val
			}
		}
	}
	for i, name := range best.t.params {
		if p, ok := e.Param(name); ok {
			if err := CheckParam(p, bestVals[i]); err != nil {
				m.Differences = append(m.Differences, Difference{Field: field, Want: []string{best.String()}, Got: got, Note: err.Error()})
				break
			}
		}
	}
}

// FromOutcome turns a received OperationOutcome into an error: the first
// issue of severity error or fatal (else the first issue) identified in the
// registry. An issue no entry identifies still gives an *Error, with a nil
// Entry, that carries the OperationOutcome and the status.
func (r *Registry) FromOutcome(status int, oo *operationoutcome.OperationOutcome, ctx Context) *Error {
	ctx.Status = status
	if oo != nil {
		ctx.profilesKnown = true
		if oo.Meta != nil {
			ctx.profiles = oo.Meta.Profile
		}
	}
	idx := firstErrorIssue(oo)
	if idx < 0 {
		return Unidentified(status, oo)
	}
	m, ok := r.Identify(&oo.Issue[idx], ctx)
	if !ok {
		return Unidentified(status, oo)
	}
	return m.Error(status, oo, idx)
}
