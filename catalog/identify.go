package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Evidence is what is known of a response besides the issue being identified.
type Evidence struct {
	Status int    // HTTP status; 0: unknown
	API    string // the API the response came from; "": unknown
	// Exact admits only entries the issue matches without a difference:
	// with nothing known of where a response came from, an entry whose
	// coding it shares but whose status or display it does not is another
	// API's error, not evidence of this one. Identify then names no entry
	// when entries of two APIs fit equally well.
	Exact bool
	// Issues is the number of issues in the OperationOutcome; 0: unknown.
	// An outcome of several issues in a dialect with a StatusRule has the
	// rule's status, so no one entry's status is compared with it.
	Issues int
	// Profiles is the OperationOutcome's meta.profile, and NoProfile says
	// that it has none (FromOutcome sets both); with neither, nothing is
	// known of it. Two APIs may document the same coding, each under its
	// profile: of candidates that fit equally well, those of a dialect
	// whose own profile was received come first, then those whose dialect
	// (its policy, or one of its variants) allows what was received.
	Profiles  []string
	NoProfile bool
}

// Difference is one field where an issue departs from the entry it was
// identified as and from all of its documented variants.
type Difference struct {
	Field string   // "status", "severity", "issueType", "display", "diagnostics", "expression"
	Want  []string // what the entry documents, then what its variants document
	Got   string
	Note  string // why the value departs, where Want and Got do not say (a parameter that breaks its type)
}

// Match is the identification of one issue.
type Match struct {
	Entry       *Entry
	Variants    []*Variant        // the documented variants the issue needed to match
	Params      map[string]string // parameter values, read from the display, diagnostics and expression
	Differences []Difference      // departures no variant covers
	Template    *Template         // the diagnostics template the issue matched, nil for none
	values      []string
	paramField  []string // per entry parameter, the field its value was read from
	specificity int
}

// Error returns the match as a catalogue error that carries what was received.
func (m Match) Error(status int, received *operationoutcome.OperationOutcome, issue int) *Error {
	return &Error{entry: m.Entry, variants: m.Variants, values: m.values, status: status, received: received, issue: issue}
}

// Identify returns the entry that best explains the issue, with its
// parameter values. ok is false when no entry documents the issue's code
// under its system (or, for an issue without a coding, no coding-less entry
// fits), and, with ev.Exact, when entries of two APIs fit it equally well.
// A match may still carry Differences; a conformant issue has none.
func (r *Registry) Identify(iss *operationoutcome.Issue, ev Evidence) (Match, bool) {
	ms := r.Candidates(iss, ev)
	if len(ms) == 0 {
		return Match{}, false
	}
	if ev.Exact && len(ms) > 1 && ms[1].Entry.API != ms[0].Entry.API && ev.rank(ms[0], ms[1]) == 0 {
		// Nothing known of where the response came from, and two APIs
		// document it just as well (a proxy template one copied from the
		// other): it is evidence of neither.
		return Match{}, false
	}
	return ms[0], true
}

// Candidates returns every entry that could explain the issue, best first.
// An issue with a coding is only ever an entry that documents its code
// under its system, as its own coding or a documented variant's: a code
// under another system, however close, is not that entry.
func (r *Registry) Candidates(iss *operationoutcome.Issue, ev Evidence) []Match {
	code, system := "", ""
	if c := iss.FirstCoding(); c != nil {
		code, system = c.Code, c.System
	}
	admits := func(e *Entry) bool {
		switch {
		case ev.API != "" && e.API != ev.API:
			// The API is known: an entry of another API does not explain
			// the issue, however close it is.
			return false
		case e.Body != BodyOperationOutcome && e.Body != "":
			return false
		}
		return code == "" || e.Codes(system, code) // not another system's code, however close
	}
	// Counted first, so that the matches take one allocation of their size
	// rather than one for every entry with the code.
	n := 0
	for _, e := range r.byCode[code] {
		if admits(e) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Match, 0, n)
	for _, e := range r.byCode[code] {
		if !admits(e) {
			continue
		}
		m := compare(e, iss, system, code, ev)
		if code == "" && len(m.Differences) > 1 || ev.Exact && len(m.Differences) > 0 {
			continue // without a coding only a close fit says anything
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, ev.rank)
	return out
}

// rank orders two candidates: fewer differences, then the better fit to the
// received profile, fewer variants, more literal text matched.
func (ev Evidence) rank(a, b Match) int {
	return cmp.Or(
		cmp.Compare(len(a.Differences), len(b.Differences)),
		cmp.Compare(ev.profileRank(a.Entry.Dialect), ev.profileRank(b.Entry.Dialect)),
		cmp.Compare(len(a.Variants), len(b.Variants)),
		cmp.Compare(b.specificity, a.specificity),
	)
}

// profileRank says how well the received meta.profile fits dialect d
// (ProfileOwn when nothing is known of it).
func (ev Evidence) profileRank(d *Dialect) ProfileFit {
	if len(ev.Profiles) == 0 && !ev.NoProfile || d == nil {
		return ProfileOwn
	}
	return d.FitProfiles(ev.Profiles)
}

// compare scores issue iss against entry e and its variants field by field:
// a field matches when it equals the entry's value or any variant's.
func compare(e *Entry, iss *operationoutcome.Issue, system, code string, ev Evidence) Match {
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
	if ev.Status != 0 && e.Status != 0 && ev.Status != e.Status && !outcomeStatus(e.Dialect, ev.Issues) {
		field("status", strconv.Itoa(ev.Status), strconv.Itoa(e.Status), func(v *Variant) string {
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
	switch {
	case e.Diagnostics != nil && e.Documented("diagnostics"):
		matchText(&m, e, "diagnostics", iss.Diagnostics, text{t: e.Diagnostics}, func(v *Variant) (text, bool) {
			if v.Diagnostics == nil || !applies(v) {
				return text{}, false
			}
			return text{t: v.Diagnostics, v: v}, true
		}, used)
	case e.Diagnostics != nil && iss.Diagnostics != "":
		// Diagnostics the sources leave undocumented are never a
		// difference, but when they fit the template its values are still
		// read, so that a client gets the parameters back.
		if vals, ok := e.Diagnostics.Match(iss.Diagnostics); ok {
			for i, name := range e.Diagnostics.params {
				m.setParam(e, "diagnostics", name, vals[i])
			}
		}
	}
	matchExpression(&m, e, iss.Expression)
	m.fillParams(e)
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
	for i, name := range best.t.params {
		if note := m.setParam(e, field, name, bestVals[i]); note != "" {
			m.Differences = append(m.Differences, Difference{Field: field, Want: []string{best.String()}, Got: got, Note: note})
			return
		}
	}
	for i, name := range best.t.params {
		if p, ok := e.Param(name); ok {
			if err := p.Validate(bestVals[i]); err != nil {
				m.Differences = append(m.Differences, Difference{Field: field, Want: []string{best.String()}, Got: got, Note: err.Error()})
				break
			}
		}
	}
}

// setParam records the value field gives the entry's parameter name. A
// parameter written in two fields (the display and the diagnostics) must
// have one value: a second, different one is returned as a note.
func (m *Match) setParam(e *Entry, field, name, value string) (note string) {
	j := slices.IndexFunc(e.Params, func(p Param) bool { return p.Name == name })
	if j < 0 {
		// A placeholder without a parameter (an entry built in Go rather
		// than loaded): known by its name alone.
		if m.Params == nil {
			m.Params = map[string]string{}
		}
		if prev, seen := m.Params[name]; seen && prev != value {
			return fmt.Sprintf("{%s} is %q in another field and %q in the %s", name, prev, value, field)
		}
		m.Params[name] = value
		return ""
	}
	if m.values == nil {
		n := len(e.Params)
		both := make([]string, 2*n) // values and fields in one allocation
		m.values, m.paramField = both[:n:n], both[n:]
	}
	if prevField := m.paramField[j]; prevField != "" {
		if m.values[j] != value {
			return fmt.Sprintf("{%s} is %q in the %s and %q in the %s", name, m.values[j], prevField, value, field)
		}
		return ""
	}
	m.values[j], m.paramField[j] = value, field
	return ""
}

// fillParams makes Params from the values read, once the comparison is
// done: one map, made once.
func (m *Match) fillParams(e *Entry) {
	if m.values == nil {
		return
	}
	if m.Params == nil {
		m.Params = make(map[string]string, len(e.Params))
	}
	for j, f := range m.paramField {
		if f != "" {
			m.Params[e.Params[j].Name] = m.values[j]
		}
	}
}

// matchExpression compares issue.expression, when the issue has one, with
// the expressions the entry documents: as many, in order, each an expansion
// of its template, and a parameter the diagnostics also carry taking the
// same value in both ("MedicationRequest.{field} must be {value}." with
// "Bundle.entry.resource.ofType(MedicationRequest).{field}"). An issue
// without expression is not compared: specifications' examples leave it out,
// and whether it must be sent is the dialect's rule. The expression adds
// nothing to a match's specificity: the diagnostics say more of which
// entry an issue is than the path of the field it names.
func matchExpression(m *Match, e *Entry, got []string) {
	if len(e.Expression) == 0 || len(got) == 0 || !e.Documented("expression") {
		return
	}
	want := make([]string, len(e.Expression))
	for i, t := range e.Expression {
		want[i] = t.String()
	}
	diff := Difference{Field: "expression", Want: []string{strings.Join(want, ", ")}, Got: strings.Join(got, ", ")}
	if len(got) != len(e.Expression) {
		m.Differences = append(m.Differences, diff)
		return
	}
	for i, t := range e.Expression {
		vals, ok := t.Match(got[i])
		if !ok {
			m.Differences = append(m.Differences, diff)
			return
		}
		for j, name := range t.params {
			if note := m.setParam(e, "expression", name, vals[j]); note != "" {
				diff.Note = note
				m.Differences = append(m.Differences, diff)
				return
			}
		}
	}
}

// FromOutcome turns a received OperationOutcome into an error: the first
// issue of severity error or fatal (else the first issue) identified in the
// registry. An issue no entry identifies still gives an *Error, with a nil
// Entry, that carries the OperationOutcome and the status.
func (r *Registry) FromOutcome(status int, oo *operationoutcome.OperationOutcome, ev Evidence) *Error {
	ev.Status = status
	if oo != nil {
		ev.Issues = len(oo.Issue)
		ev.Profiles, ev.NoProfile = nil, true
		if oo.Meta != nil && len(oo.Meta.Profile) > 0 {
			ev.Profiles, ev.NoProfile = oo.Meta.Profile, false
		}
	}
	idx := firstErrorIssue(oo)
	if idx < 0 {
		return Unidentified(status, oo)
	}
	m, ok := r.Identify(&oo.Issue[idx], ev)
	if !ok {
		return Unidentified(status, oo)
	}
	return m.Error(status, oo, idx)
}
