package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/textdist"
	"github.com/spinecat/spinecat/operationoutcome"
)

// checkConcept reports what the code systems say of a coding that no entry
// identifies: a system no catalogue knows, a code no version of its system
// defines (or that another system defines), or, for a defined code, what it
// means and that no entry documents it. d is nil when no dialect was
// detected; then nothing is said of any API's entries.
func (c *Checker) checkConcept(r *Report, d *catalog.Dialect, loc string, cd *operationoutcome.Coding) {
	at := loc + ".details.coding[0]"
	if cd.System == "" {
		if d == nil {
			r.add(RuleCatalogUnknownSystem, Warning, at+".system", fmt.Sprintf("code %q has no system, so it could not be checked: a code means something only with its system", cd.Code))
		}
		return
	}
	cs, known := c.reg.CodeSystem(cd.System)
	if !known {
		msg := fmt.Sprintf("no catalogue knows the system %q, so code %q could not be checked", cd.System, cd.Code)
		if others := c.defining(d, cd.Code); len(others) > 0 {
			msg += fmt.Sprintf("; %q is a code of %s", cd.Code, systemList(others))
		}
		r.add(RuleCatalogUnknownSystem, Warning, at+".system", msg)
		return
	}
	concept, ok := cs.Concept(cd.Code)
	if !ok {
		if others := c.defining(d, cd.Code); len(others) > 0 {
			r.add(RuleCatalogOtherSystem, Warning, at+".code", fmt.Sprintf("code %q is not defined in %s (%s)%s; it is a code of %s. Check the system URL", cd.Code, cs.Title, cs.URL, inAnyVersion(cs), systemList(others)))
			return
		}
		msg := fmt.Sprintf("code %q is not defined in %s (%s)%s; check the spelling against the code system", cd.Code, cs.Title, cs.URL, inAnyVersion(cs))
		sev := Error
		if cs.Fragment {
			// Later versions were published without their concepts: the
			// code may be one of theirs.
			msg = fmt.Sprintf("code %q is not among the codes the catalogue knows of %s (%s), which it knows only in part (versions %s); check the spelling", cd.Code, cs.Title, cs.URL, strings.Join(cs.VersionNames(), ", "))
			sev = Warning
		}
		if s := textdist.Closest(cd.Code, conceptCodes(cs), max(2, len(cd.Code)/4)+1); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		r.add(RuleCatalogUnknownCode, sev, at+".code", msg)
		return
	}
	c.checkVersion(r, d, at, cs, concept, cd)
	if d == nil {
		r.add(RuleCatalogConcept, Information, at+".code", c.describeConcept(cs, concept, cd))
		return
	}
	msg := fmt.Sprintf("code %q is defined in %s (%s: display %q), but no %s catalogue entry documents it", cd.Code, cs.Title, conceptVersionsText(cs, concept), concept.Display, d.API)
	var elsewhere []string
	for _, e := range c.reg.ByCode(cd.Code) {
		if e.API == d.API && e.SystemURL() != cd.System && e.Code == cd.Code {
			elsewhere = append(elsewhere, fmt.Sprintf("%s documents it under %s", e.ID(), e.SystemURL()))
		}
	}
	if len(elsewhere) > 0 {
		msg += " under this system (" + strings.Join(uniq(elsewhere), "; ") + ")"
	}
	r.add(RuleCatalogUndocumented, Warning, at+".code", msg)
}

// checkVersion reports, as information, a code that the version the
// dialect pins, or the version coding.version names, does not define.
func (c *Checker) checkVersion(r *Report, d *catalog.Dialect, at string, cs *catalog.CodeSystem, concept *catalog.Concept, cd *operationoutcome.Coding) {
	if d != nil {
		if pin := d.Pinned(cs.URL); pin != "" && !concept.In(pin) {
			r.add(RuleCatalogCodeVersion, Information, at+".code", fmt.Sprintf("code %q is not in version %s of %s, the version the %s dialect uses; %s", cd.Code, pin, cs.URL, d.Name, definedIn(cs, concept)))
		}
	}
	if cd.Version == "" || !cs.Published() {
		return
	}
	named := cs.MatchVersions(cd.Version)
	switch {
	case len(named) == 0:
		r.add(RuleCatalogCodeVersion, Information, at+".version", fmt.Sprintf("coding.version %q names no published version of %s (its versions are %s); %s", cd.Version, cs.URL, strings.Join(cs.VersionNames(), ", "), definedIn(cs, concept)))
	case !slices.ContainsFunc(named, concept.In):
		r.add(RuleCatalogCodeVersion, Information, at+".version", fmt.Sprintf("coding.version %q names version %s of %s, which does not define %q; %s", cd.Version, strings.Join(named, ", "), cs.URL, cd.Code, definedIn(cs, concept)))
	}
}

// describeConcept says what is known of a code no catalogued entry is
// taken to document: its system, versions, display, definition and the
// catalogued APIs that use the system.
func (c *Checker) describeConcept(cs *catalog.CodeSystem, concept *catalog.Concept, cd *operationoutcome.Coding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q is a code of %s (%s)", cd.Code, cs.Title, cs.URL)
	if vs := concept.VersionsIn(cs); len(vs) > 0 {
		fmt.Fprintf(&b, ", %s %s", plural(len(vs), "version", "versions"), strings.Join(vs, ", "))
	}
	fmt.Fprintf(&b, ": display %s", strconv.Quote(concept.Display))
	if concept.Definition != "" {
		fmt.Fprintf(&b, "; definition: %s", strings.TrimSuffix(concept.Definition, "."))
	}
	if cd.Display != "" && !slices.Contains(concept.Displays(), cd.Display) {
		fmt.Fprintf(&b, " (this response's display is %q)", cd.Display)
	}
	users := c.reg.APIsUsing(cs.URL)
	switch len(users) {
	case 0:
		b.WriteString(". No catalogued API uses this system")
	default:
		fmt.Fprintf(&b, ". Catalogued APIs using this system: %s", strings.Join(users, ", "))
	}
	if documented := c.reg.Documenting(cd.System, cd.Code); len(documented) > 0 {
		fmt.Fprintf(&b, "; %s %s it, but no dialect was detected, so the response is not taken to be %s", entryIDs(documented), plural(len(documented), "documents", "document"), plural(len(documented), "its", "theirs"))
	} else {
		b.WriteString("; no catalogued entry documents this code")
	}
	return b.String()
}

// conceptVersionsText names the versions of cs that define the concept.
func conceptVersionsText(cs *catalog.CodeSystem, concept *catalog.Concept) string {
	switch vs := concept.VersionsIn(cs); {
	case concept.Unpublished != "":
		return "in no published version"
	case len(vs) == 0:
		return "never published at its URL"
	default:
		return plural(len(vs), "version ", "versions ") + strings.Join(vs, ", ")
	}
}

// definedIn says which versions of cs define the concept.
func definedIn(cs *catalog.CodeSystem, concept *catalog.Concept) string {
	if concept.Unpublished != "" {
		return "no published version defines it: " + concept.Unpublished
	}
	vs := concept.VersionsIn(cs)
	return fmt.Sprintf("%s %s %s it", plural(len(vs), "version", "versions"), strings.Join(vs, ", "), plural(len(vs), "defines", "define"))
}

// inAnyVersion names the versions searched, for a system that has several.
func inAnyVersion(cs *catalog.CodeSystem) string {
	if len(cs.Versions) < 2 {
		return ""
	}
	return " in any of its versions (" + strings.Join(cs.VersionNames(), ", ") + ")"
}

// defining returns the systems that define code, those of dialect d (or
// of its API) first: the likeliest the service meant.
func (c *Checker) defining(d *catalog.Dialect, code string) []*catalog.CodeSystem {
	out := c.reg.Defining(code)
	if d == nil {
		return out
	}
	rank := func(cs *catalog.CodeSystem) int {
		switch {
		case slices.Contains(d.Systems, cs.URL):
			return 0
		case slices.Contains(c.reg.APIsUsing(cs.URL), d.API):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b *catalog.CodeSystem) int { return rank(a) - rank(b) })
	return out
}

// systemList names code systems by URL, with their catalogue titles.
func systemList(css []*catalog.CodeSystem) string {
	parts := make([]string, len(css))
	for i, cs := range css {
		parts[i] = fmt.Sprintf("%s (%s)", cs.URL, cs.Title)
	}
	if len(parts) > 4 {
		parts = append(parts[:4], fmt.Sprintf("%d more", len(css)-4))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func conceptCodes(cs *catalog.CodeSystem) []string {
	out := make([]string, len(cs.Concepts))
	for i, c := range cs.Concepts {
		out[i] = c.Code
	}
	return out
}
