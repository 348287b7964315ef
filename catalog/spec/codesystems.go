package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// buildSystems builds the file's code systems: their published versions
// and concepts, each concept with the versions that define it.
func (l *loader) buildSystems(pf *parsedFile) {
	for i, d := range pf.doc.CodeSystems {
		ptr := fmt.Sprintf("/codeSystems/%d", i)
		cs := &catalog.CodeSystem{Name: d.Name, URL: d.URL, Kind: d.Kind, Fragment: d.Content == "fragment", Title: d.Title, Doc: d.Doc, Sources: d.Sources}
		for j, v := range d.Versions {
			if slices.Contains(cs.VersionNames(), v.Version) {
				l.problem(pf, fmt.Sprintf("%s/versions/%d/version", ptr, j), "version %q is listed twice; list each published version once", v.Version)
				continue
			}
			cs.Versions = append(cs.Versions, catalog.CodeSystemVersion{Version: v.Version, Date: v.Date, Source: v.Source, Note: v.Note})
		}
		for j := 1; j < len(cs.Versions); j++ {
			if cs.Versions[j].Date < cs.Versions[j-1].Date {
				l.problem(pf, fmt.Sprintf("%s/versions/%d/date", ptr, j), "version %s (%s) is listed after %s (%s); list versions oldest first", cs.Versions[j].Version, cs.Versions[j].Date, cs.Versions[j-1].Version, cs.Versions[j-1].Date)
			}
		}
		if len(d.Include) > 0 && d.Kind != "ValueSet" {
			l.problem(pf, ptr+"/include", "only a ValueSet includes other systems; this is a %s", d.Kind)
		}
		seen := map[string]int{}
		for j, c := range d.Concepts {
			cp := fmt.Sprintf("%s/concepts/%d", ptr, j)
			if k, dup := seen[c.Code]; dup {
				l.problem(pf, cp+"/code", "code %q is already defined at concepts[%d]", c.Code, k)
				continue
			}
			seen[c.Code] = j
			cs.Concepts = append(cs.Concepts, l.concept(pf, cp, cs, c))
		}
		if len(d.Concepts) == 0 && len(d.Include) == 0 {
			l.problem(pf, ptr, "no concepts: list the codes under concepts (or, for a ValueSet, the systems it includes under include)")
		}
		if d.Name == "" {
			continue
		}
		if prev, dup := l.systems[d.Name]; dup {
			if l.baseSystems[prev] {
				l.problem(pf, ptr+"/name", "%s", l.inBase("code system", d.Name))
			} else {
				l.problem(pf, ptr+"/name", "code system %q is defined twice; names are global across catalogue files", d.Name)
			}
			continue
		}
		for other := range l.baseSystems {
			if other.URL == d.URL {
				l.problem(pf, ptr+"/url", "code system %q has the same URL as %q, which the catalogue these files build on defines; use %q by its name", d.Name, other.Name, other.Name)
			}
		}
		for _, other := range l.systems {
			if other.URL == d.URL && !l.baseSystems[other] {
				l.problem(pf, ptr+"/url", "code system %q has the same URL as %q; define each URL once, with every version published at it under versions", d.Name, other.Name)
			}
		}
		l.systems[d.Name] = cs
		pf.file.CodeSystems = append(pf.file.CodeSystems, cs)
		l.set.SystemFile[cs] = pf.file
		l.set.SystemGo[cs] = cmpOr(d.GoName, GoIdent(d.Name))
	}
}

// concept builds one concept, checking its versions against the system's.
func (l *loader) concept(pf *parsedFile, ptr string, cs *catalog.CodeSystem, c conceptDoc) catalog.Concept {
	known := cs.VersionNames()
	checkVersions := func(at string, vs []string) {
		for k, v := range vs {
			if len(known) == 0 {
				l.problem(pf, fmt.Sprintf("%s/%d", at, k), "version %q: the system lists no published versions; add them under versions, or drop the concept's versions", v)
				return
			}
			if !slices.Contains(known, v) {
				l.problem(pf, fmt.Sprintf("%s/%d", at, k), "version %q is not one of the system's versions (%s)", v, strings.Join(known, ", "))
			}
		}
	}
	checkVersions(ptr+"/versions", c.Versions)
	out := catalog.Concept{Code: c.Code, Display: c.Display, Definition: c.Definition, Versions: c.Versions, Unpublished: c.Unpub}
	if c.Unpub != "" && (len(c.Versions) > 0 || len(known) == 0) {
		l.problem(pf, ptr+"/unpublished", "unpublished is for a code that none of the system's published versions defines: drop versions, or unpublished for a system that lists no versions")
	}
	if len(c.Versions) == len(known) && len(known) > 0 {
		out.Versions = nil // in every version: say so by listing none
	}
	for k, e := range c.Earlier {
		ep := fmt.Sprintf("%s/earlier/%d", ptr, k)
		checkVersions(ep+"/versions", e.Versions)
		for _, v := range e.Versions {
			if len(c.Versions) > 0 && !slices.Contains(c.Versions, v) {
				l.problem(pf, ep+"/versions", "version %q does not define the concept (its versions are %s)", v, strings.Join(c.Versions, ", "))
			}
		}
		if e.Display == "" && e.Definition == "" {
			l.problem(pf, ep, "give the display or definition these versions have")
		}
		if e.Display == c.Display && e.Definition == c.Definition {
			l.problem(pf, ep, "the same display and definition as the latest version; drop this item")
		}
		out.Earlier = append(out.Earlier, catalog.ConceptText{Versions: e.Versions, Display: e.Display, Definition: e.Definition})
	}
	return out
}

// includeSystems adds to each ValueSet the concepts of the systems it
// includes. It runs once every file's systems are built, since a ValueSet
// may include a system of another file.
func (l *loader) includeSystems(pf *parsedFile) {
	for i, d := range pf.doc.CodeSystems {
		cs, ok := l.systems[d.Name]
		if !ok || cs.URL != d.URL {
			continue
		}
		for j, name := range d.Include {
			ptr := fmt.Sprintf("/codeSystems/%d/include/%d", i, j)
			inc, ok := l.systems[name]
			if !ok {
				l.problem(pf, ptr, "unknown code system %q%s", name, l.suggestSystem(name))
				continue
			}
			if len(inc.Concepts) == 0 {
				l.problem(pf, ptr, "code system %q has no concepts of its own to include", name)
			}
			// A ValueSet defined inline with its system has the system's
			// versions, and the codes keep theirs; otherwise the included
			// codes are in every version of the ValueSet, as the latest
			// version of their system gives them.
			sameVersions := slices.Equal(cs.VersionNames(), inc.VersionNames())
			for _, c := range inc.Concepts {
				if _, dup := cs.Concept(c.Code); dup {
					l.problem(pf, ptr, "code %q of %q is already a concept of %q", c.Code, name, d.Name)
					continue
				}
				if sameVersions {
					cs.Concepts = append(cs.Concepts, c)
					continue
				}
				cs.Concepts = append(cs.Concepts, catalog.Concept{Code: c.Code, Display: c.Display, Definition: c.Definition})
			}
		}
	}
}

// systemRef resolves a dialect's reference to a code system: its name, or
// name@version to pin a published version.
func (l *loader) systemRef(pf *parsedFile, ptr, ref string) (*catalog.CodeSystem, string, bool) {
	name, version, pinned := strings.Cut(ref, "@")
	cs, ok := l.systems[name]
	if !ok {
		l.problem(pf, ptr, "unknown code system %q%s", name, l.suggestSystem(name))
		return nil, "", false
	}
	if pinned && !slices.Contains(cs.VersionNames(), version) {
		published := "it lists no published versions"
		if len(cs.Versions) > 0 {
			published = "its versions are " + strings.Join(cs.VersionNames(), ", ")
		}
		l.problem(pf, ptr, "code system %q has no version %q; %s", name, version, published)
		return cs, "", true
	}
	return cs, version, true
}

func (l *loader) suggestSystem(name string) string {
	if base, _, pinned := strings.Cut(name, "@"); pinned {
		if _, ok := l.systems[base]; ok {
			return " (only a dialect's systems pin a version with @; an entry or variant names the system alone)"
		}
	}
	var names []string
	for n := range l.systems {
		names = append(names, n)
	}
	slices.Sort(names)
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return " (define it under codeSystems in any catalogue file)"
}

func suggestParamType(name string) string {
	names := make([]string, len(catalog.ParamTypes))
	for i, t := range catalog.ParamTypes {
		names[i] = t.Name
	}
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return " (the types are " + strings.Join(names, ", ") + ")"
}
