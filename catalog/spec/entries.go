package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

func (l *loader) buildEntries(pf *parsedFile) {
	seen := map[string]int{}
	for i, d := range pf.doc.Entries {
		ptr := fmt.Sprintf("/entries/%d", i)
		if k, dup := seen[d.Name]; dup && d.Name != "" {
			l.problem(pf, ptr+"/name", "entry %q is already defined at entries[%d]; give each entry its own name", d.Name, k)
		}
		seen[d.Name] = i
		e := &catalog.Entry{
			API: pf.doc.API, Name: d.Name, GoName: cmpOr(d.GoName, GoIdent(d.Name)),
			Status: d.Status, StatusNote: d.StatusNote,
			Body: catalog.BodyKind(cmpOr(d.Body, string(catalog.BodyOperationOutcome))), BodyText: d.BodyText, ContentType: d.ContentType,
			Severity: operationoutcome.Severity(d.Severity), IssueType: operationoutcome.IssueType(d.IssueType),
			Code: d.Code, CodeNote: d.CodeNote, Display: d.Display, Undocumented: d.Undocumented,
			Interactions: d.Interactions, Endpoints: d.Endpoints, Description: d.Description, Hint: d.Hint, Sources: d.Sources,
			Defects: l.defects(pf, ptr, d.Defects),
		}
		dl, ok := l.dialects[d.Dialect]
		if !ok && d.Dialect != "" {
			l.problem(pf, ptr+"/dialect", "unknown dialect %q", d.Dialect)
		}
		e.Dialect = dl
		if d.Status == 0 && d.StatusNote == "" {
			l.problem(pf, ptr, "no status: give status, or statusNote saying why the sources do not state one")
		}
		version := operationoutcome.R4
		if dl != nil {
			version = dl.FHIR
		}
		if d.IssueType != "" && !e.IssueType.ValidIn(version) {
			l.problem(pf, ptr+"/issueType", "%q is not a FHIR %s issue-type (record a misspelling the sources use as a variant)", d.IssueType, version)
		}
		if d.System != "" {
			cs, ok := l.systems[d.System]
			if !ok {
				l.problem(pf, ptr+"/system", "unknown code system %q%s", d.System, l.suggestSystem(d.System))
			} else {
				e.System = cs
				if _, defined := cs.Lookup(d.Code); defined && d.CodeNote != "" {
					l.problem(pf, ptr+"/codeNotInSystem", "code %q is defined in code system %q; drop codeNotInSystem", d.Code, d.System)
				} else if !defined && d.Code != "" && d.CodeNote == "" {
					l.problem(pf, ptr+"/code", "code %q is not defined in code system %q; add it to the system's concepts, correct the code, or say with codeNotInSystem why the service sends it anyway", d.Code, d.System)
				}
				if dl != nil && len(dl.Systems) > 0 && !slices.Contains(dl.Systems, cs.URL) {
					l.problem(pf, ptr+"/system", "dialect %q fixes the system to one of %s; record another system as a variant", dl.Name, strings.Join(dl.Systems, ", "))
				}
			}
		}
		// A code without a system is either a code the sources name without
		// its system (undocumented: [system]: the entry's under any system)
		// or one the service sends without a system (codeNotInSystem says
		// why): one of the two, never both.
		switch systemUndocumented := !e.Documented("system"); {
		case systemUndocumented && d.System != "":
			l.problem(pf, ptr+"/system", "the system is listed under undocumented: drop system, or take it off the list")
		case systemUndocumented && d.Code == "":
			l.problem(pf, ptr+"/undocumented", "an undocumented system is for a code the sources name without its system: give code")
		case systemUndocumented && d.CodeNote != "":
			l.problem(pf, ptr+"/codeNotInSystem", "the system is listed under undocumented, so no system is known to lack the code: drop codeNotInSystem, or take system off the list if the service sends the code without one")
		case d.System != "" && d.Code == "":
			l.problem(pf, ptr, "a system without a code: give the code too")
		case !systemUndocumented && d.System == "" && d.Code != "" && d.CodeNote == "":
			// A coding without a system is a defect of the source: say so.
			l.problem(pf, ptr, "code %q has no system: give the system, list system under undocumented when the sources name the code without one, or say with codeNotInSystem why the service sends the code without one", d.Code)
		}
		if e.Body == catalog.BodyOperationOutcome && d.BodyText != "" {
			l.problem(pf, ptr+"/bodyText", "bodyText is for text and html bodies; this entry's body is an OperationOutcome")
		}
		if dl != nil {
			if d.Display != "" && dl.Display == catalog.Prohibited {
				l.problem(pf, ptr+"/display", "dialect %q sends no display; drop it (record a display that a source shows as a variant)", dl.Name)
			}
			if d.Display == "" && dl.Display == catalog.Required && d.Code != "" && e.Documented("display") {
				l.problem(pf, ptr, "dialect %q requires a display: give display, or list it under undocumented", dl.Name)
			}
			if len(d.Expression) > 0 && dl.Expression == catalog.Prohibited {
				l.problem(pf, ptr+"/expression", "dialect %q prohibits expression", dl.Name)
			}
		}
		variantTemplates := l.buildParams(pf, ptr, d, e)
		l.buildVariants(pf, ptr, d, e, version, variantTemplates)
		pf.file.Entries = append(pf.file.Entries, e)
	}
}

// displayTemplate parses a display as a template when it has braces: a
// display with {placeholders} is built per request. Literal text is nil.
func (l *loader) displayTemplate(pf *parsedFile, ptr, s string) *catalog.Template {
	if !strings.ContainsAny(s, "{}") {
		return nil
	}
	return l.template(pf, ptr, s)
}

func (l *loader) template(pf *parsedFile, ptr, s string) *catalog.Template {
	if s == "" {
		return nil
	}
	t, err := catalog.ParseTemplate(s)
	if err != nil {
		l.problem(pf, ptr, "%v", err)
		return nil
	}
	return t
}

// variantTexts are a variant's templates, parsed with its entry's.
type variantTexts struct{ display, diagnostics *catalog.Template }

// buildParams parses the entry's and its variants' display and diagnostics
// templates (returning the variants', in order) and its expression
// templates, and checks the declared parameters against the placeholders
// they use.
func (l *loader) buildParams(pf *parsedFile, ptr string, d entryDoc, e *catalog.Entry) []variantTexts {
	// Each template with where it is written, for the placeholders' problems.
	type placed struct {
		t   *catalog.Template
		ptr string
	}
	parse := func(p, s string) placed { return placed{l.template(pf, p, s), p} }
	parseDisplay := func(p, s string) placed { return placed{l.displayTemplate(pf, p, s), p} }
	display, diag := parseDisplay(ptr+"/display", d.Display), parse(ptr+"/diagnostics", d.Diagnostics)
	e.DisplayTemplate, e.Diagnostics = display.t, diag.t
	templates := []placed{display, diag}
	for j, x := range d.Expression {
		if pt := parse(fmt.Sprintf("%s/expression/%d", ptr, j), x); pt.t != nil {
			e.Expression = append(e.Expression, pt.t)
			templates = append(templates, pt)
		}
	}
	variantTemplates := make([]variantTexts, len(d.Variants))
	for j, v := range d.Variants {
		vp := fmt.Sprintf("%s/variants/%d", ptr, j)
		vd, vdiag := parseDisplay(vp+"/display", v.Display), parse(vp+"/diagnostics", v.Diagnostics)
		variantTemplates[j] = variantTexts{display: vd.t, diagnostics: vdiag.t}
		templates = append(templates, vd, vdiag)
	}
	// The placeholders in the order they are first written, with where.
	var placeholders []string
	firstAt := map[string]string{}
	for _, pt := range templates {
		if pt.t == nil {
			continue
		}
		for _, p := range pt.t.Params() {
			if _, seen := firstAt[p]; !seen {
				firstAt[p] = pt.ptr
				placeholders = append(placeholders, p)
			}
		}
	}
	used := func(name string) bool { _, ok := firstAt[name]; return ok }
	declared := map[string]bool{}
	for j, p := range d.Params {
		pp := fmt.Sprintf("%s/params/%d", ptr, j)
		if declared[p.Name] {
			l.problem(pf, pp+"/name", "parameter %q is declared twice", p.Name)
			continue
		}
		declared[p.Name] = true
		if isGoKeyword(p.Name) {
			l.problem(pf, pp+"/name", "parameter %q is a Go keyword or predeclared name and cannot name a constructor argument; rename it in the template and here", p.Name)
		}
		if !used(p.Name) {
			l.problem(pf, pp+"/name", "parameter %q is not used by the display, diagnostics or expression template, nor by any variant's", p.Name)
		}
		typ := cmpOr(p.Type, "string")
		if t, ok := catalog.LookupParamType(typ); !ok {
			l.problem(pf, pp+"/type", "unknown parameter type %q%s", typ, suggestParamType(typ))
		} else if err := t.Validate(fmt.Sprint(p.Example)); err != nil && p.Example != nil {
			l.problem(pf, pp+"/example", "the example %v", err)
		}
		e.Params = append(e.Params, catalog.Param{Name: p.Name, Type: typ, Doc: p.Doc, Example: fmt.Sprint(p.Example)})
	}
	for _, name := range placeholders {
		if !declared[name] {
			l.problem(pf, firstAt[name], "placeholder {%s} has no parameter; declare it under params", name)
		}
	}
	return variantTemplates
}

func (l *loader) buildVariants(pf *parsedFile, ptr string, d entryDoc, e *catalog.Entry, version operationoutcome.Version, templates []variantTexts) {
	seen := map[string]bool{}
	for j, v := range d.Variants {
		vp := fmt.Sprintf("%s/variants/%d", ptr, j)
		if seen[v.Name] {
			l.problem(pf, vp+"/name", "variant %q is defined twice in this entry", v.Name)
		}
		seen[v.Name] = true
		cv := catalog.Variant{
			Name: v.Name, Note: v.Note, Sources: v.Sources, Status: v.Status,
			Severity: operationoutcome.Severity(v.Severity), IssueType: operationoutcome.IssueType(v.IssueType),
			Code: v.Code, Endpoints: v.Endpoints, Defects: l.defects(pf, vp, v.Defects),
		}
		if v.System != "" {
			if strings.Contains(v.System, "://") {
				cv.System = v.System
			} else if cs, ok := l.systems[v.System]; ok {
				cv.System = cs.URL
			} else {
				l.problem(pf, vp+"/system", "unknown code system %q%s", v.System, l.suggestSystem(v.System))
			}
		}
		if v.Display != "" && v.NoDisplay {
			l.problem(pf, vp, "give display or noDisplay, not both")
		}
		if v.Display != "" {
			s := v.Display
			cv.Display = &s
		} else if v.NoDisplay {
			s := ""
			cv.Display = &s
		}
		cv.DisplayTemplate, cv.Diagnostics = templates[j].display, templates[j].diagnostics
		if v.IssueType != "" && !cv.IssueType.ValidIn(version) && !strings.Contains(strings.ToLower(v.Note), "typo") && !strings.Contains(strings.ToLower(v.Note), "misspel") &&
			!documentsIssueType(cv.Defects, v.IssueType) && !documentsIssueType(e.Defects, v.IssueType) {
			l.problem(pf, vp+"/issueType", "%q is not a FHIR %s issue-type; if a source really sends it, say in the note that it is a typo, or record it as a defect (rule fhir.code, element issue.code, value %q)", v.IssueType, version, v.IssueType)
		}
		e.Variants = append(e.Variants, cv)
	}
}
