package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// firstIssue remembers the identification of the first issue per API:
// dialect detection scores every dialect by it, and the catalogue layer
// needs it again.
type firstIssue struct {
	issues int // how many issues the outcome has
	done   bool
	cands  []catalog.Match // every API's candidates, best first
}

func (f *firstIssue) identify(reg *catalog.Registry, iss *operationoutcome.Issue, status int, api string) (catalog.Match, bool) {
	if !f.done {
		// Candidates rank each entry on its own, so one ranking over all
		// APIs gives each API's best as its first candidate there.
		f.cands, f.done = reg.Candidates(iss, catalog.Evidence{Status: status, Issues: f.issues}), true
	}
	for _, m := range f.cands {
		if api == "" || m.Entry.API == api {
			return m, true
		}
	}
	return catalog.Match{}, false
}

// exactElsewhere reports whether an entry of an API other than api
// explains the first issue without a difference, in a dialect the
// response's profiles fit, and fit as well as d (catalog.Dialect.FitProfiles):
// an issue another API documents just as exactly is evidence for neither.
func (f *firstIssue) exactElsewhere(api string, d *catalog.Dialect, profiles []string) bool {
	fit := d.FitProfiles(profiles)
	for _, m := range f.cands {
		if m.Entry.API == api || len(m.Differences) > 0 {
			continue
		}
		if m.Entry.Dialect == nil {
			return true
		}
		if other := m.Entry.Dialect.FitProfiles(profiles); other != catalog.ProfileContrary && other <= fit {
			return true
		}
	}
	return false
}

// exactAPIs returns the first entry of each API that explains the first
// issue without a difference.
func (f *firstIssue) exactAPIs() []*catalog.Entry {
	var out []*catalog.Entry
	for _, m := range f.cands {
		if len(m.Differences) == 0 && !slices.ContainsFunc(out, func(e *catalog.Entry) bool { return e.API == m.Entry.API }) {
			out = append(out, m.Entry)
		}
	}
	return out
}

// identifyIn is identify within one dialect as one API uses it, for
// detection.
func (f *firstIssue) identifyIn(reg *catalog.Registry, iss *operationoutcome.Issue, status int, api string, d *catalog.Dialect) (catalog.Match, bool) {
	f.identify(reg, iss, status, api)
	for _, m := range f.cands {
		if m.Entry.Dialect == d && m.Entry.API == api {
			return m, true
		}
	}
	return catalog.Match{}, false
}

// checkCatalog identifies each issue and reports where it departs from its
// entry and every documented variant. With no dialect detected nothing is
// identified: each coding is checked against its code system alone.
func (c *Checker) checkCatalog(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome, ids *firstIssue) {
	api := r.API
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := issueLoc(i)
		out := Identification{}
		cd := iss.FirstCoding()
		if cd != nil {
			out.System, out.Code = cd.System, cd.Code
		}
		if d == nil {
			r.Issues = append(r.Issues, out)
			c.unidentified(r, nil, loc, iss)
			continue
		}
		var m catalog.Match
		var ok bool
		if i == 0 {
			m, ok = ids.identify(c.reg, iss, r.Status, api)
		} else {
			m, ok = c.reg.Identify(iss, catalog.Evidence{Status: r.Status, API: api, Issues: len(oo.Issue)})
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
		if cs, ok := c.reg.CodeSystem(out.System); ok && cd != nil {
			if concept, ok := cs.Concept(cd.Code); ok {
				c.checkVersion(r, d, loc+".details.coding[0]", cs, concept, cd)
			}
		}
		if m.Entry.Status == 0 && r.Status != 0 {
			r.add(RuleCatalogStatusNotStated, Information, "HTTP status", fmt.Sprintf("%s documents no status (%s), so %d was not checked", m.Entry.ID(), m.Entry.StatusNote, r.Status))
		}
	}
}

// article is "an" before a word that starts with a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// The rule and location of each field an identified issue can depart in
// (its code and system never do: they identified it).
var diffRule = map[string]string{
	"display": RuleCatalogDisplay, "severity": RuleCatalogSeverity,
	"issueType": RuleCatalogIssueType, "diagnostics": RuleCatalogDiagnostics, "status": RuleCatalogStatus,
	"expression": RuleCatalogExpression,
}

var fieldLocation = map[string]string{
	"display": ".details.coding[0].display", "severity": ".severity", "issueType": ".code", "diagnostics": ".diagnostics",
	"expression": ".expression",
}

func (c *Checker) difference(r *Report, loc string, e *catalog.Entry, diff catalog.Difference) {
	rule := diffRule[diff.Field]
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
	case "diagnostics":
		if diff.Note != "" {
			msg += "; it matches the template, but " + diff.Note
		}
		msg += ". Send the diagnostics the template gives, filling each {placeholder}"
	case "status":
		msg = fmt.Sprintf("HTTP status %s; %s (%s) is documented with %s", diff.Got, e.ID(), e.Code, strings.Join(want, " or "))
	case "display":
		msg += ". Send the display exactly as documented"
	case "expression":
		if diff.Note != "" {
			msg += "; " + diff.Note
		}
		msg += ". Send the FHIRPath the entry documents, filling each {placeholder} as in the diagnostics"
	}
	for _, f := range r.Findings {
		if f.Location == where && f.Severity == Error && strings.HasPrefix(f.Rule, "fhir.") {
			return // the structure layer has said it already
		}
	}
	r.add(rule, Error, where, msg)
}

// quoteAlts quotes what an entry documents, its own value first.
func quoteAlts(want []string) string {
	parts := make([]string, len(want))
	for i, p := range want {
		parts[i] = strconv.Quote(p)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return parts[0] + " (or a documented variant: " + strings.Join(parts[1:], ", ") + ")"
}

// unidentified reports an issue no entry explains: a coding the code
// systems are asked about, or an issue without a coding. d is nil when no
// dialect was detected.
func (c *Checker) unidentified(r *Report, d *catalog.Dialect, loc string, iss *operationoutcome.Issue) {
	cd := iss.FirstCoding()
	if cd == nil {
		if iss.Severity == operationoutcome.SeverityInformation || iss.Severity == operationoutcome.SeverityWarning {
			return
		}
		if d != nil && len(d.Systems) > 0 {
			r.add(RuleDialectDetails, Error, loc+".details", fmt.Sprintf("no details.coding; the %s dialect codes every %s issue with %s", d.Name, iss.Severity, strings.Join(d.Systems, " or ")))
			return
		}
		scope := "catalogued"
		if d != nil {
			scope = d.API
		}
		r.add(RuleCatalogUnidentified, Warning, loc, fmt.Sprintf("%s %s issue without details.coding that no %s entry explains (severity %q, issue type %q); send a coded issue", article(string(iss.Severity)), iss.Severity, scope, iss.Severity, iss.Code))
		return
	}
	if d != nil && len(d.Systems) > 0 && !slices.Contains(d.Systems, cd.System) {
		msg := fmt.Sprintf("system %q is not one the %s dialect uses (%s)", cd.System, d.Name, strings.Join(d.Systems, ", "))
		switch {
		case cd.System == "":
			msg = fmt.Sprintf("no system; the %s dialect codes with %s", d.Name, strings.Join(d.Systems, " or "))
		case strings.Contains(cd.System, "/ValueSet/"):
			msg += "; it is a ValueSet URL where a CodeSystem URL belongs"
		}
		r.add(RuleDialectSystem, Error, loc+".details.coding[0].system", msg)
	}
	c.checkConcept(r, d, loc, cd)
}
