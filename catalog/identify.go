package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Context is what is known of a response besides the issue being identified.
type Context struct {
	Status int    // HTTP status; 0: unknown
	API    string // the API the response came from; "": unknown
	// Exact admits only entries the issue matches without a difference:
	// with nothing known of where a response came from, an entry whose
	// coding it shares but whose status or display it does not is another
	// API's error, not evidence of this one.
	Exact bool
	// Issues is the number of issues in the OperationOutcome; 0: unknown.
	// An outcome of several issues in a dialect with a StatusRule has the
	// rule's status, so no one entry's status is compared with it.
	Issues int
	// Profiles is the OperationOutcome's meta.profile. Of candidates that
	// fit equally well, those of a dialect with one of these profiles come
	// first: two APIs may document the same coding, each under its profile.
	Profiles []string
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
		if code == "" && len(m.Differences) > 1 || ctx.Exact && len(m.Differences) > 0 {
			continue // without a coding only a close fit says anything
		}
		out = append(out, m)
	}
	ownProfile := func(m Match) int {
		if d := m.Entry.Dialect; d != nil && d.Profile != "" && slices.Contains(ctx.Profiles, d.Profile) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		return cmp.Or(
			cmp.Compare(len(a.Differences), len(b.Differences)),
			cmp.Compare(ownProfile(a), ownProfile(b)),
			cmp.Compare(len(a.Variants), len(b.Variants)),
			cmp.Compare(b.specificity, a.specificity),
		)
	})
	return out
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
	if ctx.Status != 0 && e.Status != 0 && !outcomeStatus(e.Dialect, ctx.Issues) {
		field("status", strconv.Itoa(ctx.Status), strconv.Itoa(e.Status), func(v *Variant) string {
			if v.Status == 0 {
				return ""
			}
			return strconv.Itoa(v.Status)
		})
	}
	if c := iss.FirstCoding(); c != nil && c.Display != "" && e.Display != "" && e.Documented("display") {
		field("display", c.Display, e.Display, func(v *Variant) string {
			if v.Display == nil {
				return ""
			}
			return *v.Display
		})
	}
	matchDiagnostics(&m, e, iss.Diagnostics, applies, used)
	matchExpression(&m, e, iss.Expression)
	return m
}

// matchDiagnostics matches got against the entry's template and its
// variants' templates. When several match, the most specific (the most
// literal text) wins, the entry's own on a tie: "... - {id}." is the
// trailing-full-stop variant, not an id ending in a full stop. A value that
// breaks its parameter's type (an int that is "two") is a difference.
// Diagnostics the sources leave undocumented are never a difference, but
// when they fit the template its values are still read, so that a client
// gets the parameters back.
func matchDiagnostics(m *Match, e *Entry, got string, applies func(*Variant) bool, used func(*Variant)) {
	if e.Diagnostics == nil {
		return
	}
	if !e.Documented("diagnostics") {
		if vals, ok := e.Diagnostics.Match(got); ok && got != "" {
			m.initParams(e)
			for i, name := range e.Diagnostics.params {
				m.setParam(e, name, vals[i])
			}
		}
		return
	}
	var (
		best     *Template
		bestV    *Variant
		bestVals []string
		bestSpec = -1
	)
	try := func(t *Template, v *Variant) {
		vals, ok := t.Match(got)
		if !ok {
			return
		}
		if spec := t.Specificity(); spec > bestSpec {
			best, bestV, bestVals, bestSpec = t, v, vals, spec
		}
	}
	// What the entry documents, listed only when the issue departs from it.
	want := func() []string {
		w := []string{e.Diagnostics.String()}
		for i := range e.Variants {
			v := &e.Variants[i]
			if v.Diagnostics != nil && applies(v) && !slices.Contains(w, v.Diagnostics.String()) {
				w = append(w, v.Diagnostics.String())
			}
		}
		return w
	}
	if got == "" {
		// The entry sends diagnostics; an issue without them is another
		// entry's, or departs from this one.
		m.Differences = append(m.Differences, Difference{Field: "diagnostics", Want: want(), Got: ""})
		return
	}
	try(e.Diagnostics, nil)
	for i := range e.Variants {
		if v := &e.Variants[i]; v.Diagnostics != nil && applies(v) {
			try(v.Diagnostics, v)
		}
	}
	if best == nil {
		m.Differences = append(m.Differences, Difference{Field: "diagnostics", Want: want(), Got: got})
		return
	}
	if bestV != nil {
		used(bestV)
	}
	m.Template = best
	m.initParams(e)
	for i, name := range best.params {
		m.setParam(e, name, bestVals[i])
	}
	for i, name := range best.params {
		if p, ok := e.Param(name); ok {
			if err := CheckParam(p, bestVals[i]); err != nil {
				m.Differences = append(m.Differences, Difference{Field: "diagnostics", Want: []string{best.String()}, Got: got, Note: err.Error()})
				break
			}
		}
	}
	m.specificity += bestSpec
}

// initParams makes the parameter maps once a template has matched.
func (m *Match) initParams(e *Entry) {
	if m.Params == nil {
		m.Params = map[string]string{}
		m.values = make([]string, len(e.Params))
	}
}

// setParam records the value of the entry's parameter name.
func (m *Match) setParam(e *Entry, name, value string) {
	m.initParams(e)
	m.Params[name] = value
	for j, p := range e.Params {
		if p.Name == name {
			m.values[j] = value
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
			if prev, seen := m.Params[name]; seen && prev != vals[j] {
				diff.Note = fmt.Sprintf("{%s} is %q in the diagnostics and %q in the expression", name, prev, vals[j])
				m.Differences = append(m.Differences, diff)
				return
			}
			m.setParam(e, name, vals[j])
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
		ctx.Issues = len(oo.Issue)
		if oo.Meta != nil {
			ctx.Profiles = oo.Meta.Profile
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
