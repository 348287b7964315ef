package catalog

import (
	"slices"
	"strings"
)

// CodeSystem is a set of codes under one URL, as the services use it in
// issue.details.coding.system. Kind is "ValueSet" where the services put a
// ValueSet URL where a CodeSystem belongs.
//
// One URL may have several published versions with different concepts (the
// R4 Spine-ErrorOrWarningCode URL has 1.4.0 and 2.0.0): Versions lists them,
// oldest first, and each concept records the versions that define it. A
// code of any published version is defined. A system that was never
// published at its URL (a URL only one service uses, say) has no Versions.
type CodeSystem struct {
	Name     string // catalogue name, e.g. "spine-stu3"
	URL      string
	Kind     string // "CodeSystem" or "ValueSet"
	Versions []CodeSystemVersion
	// Fragment is set when the catalogue knows only some of the system's
	// codes (later versions were published without their concepts), so
	// that a code it does not list may still be the system's.
	Fragment bool
	Title    string
	Doc      string
	Sources  []string
	Concepts []Concept
}

// CodeSystemVersion is one published version of a code system.
type CodeSystemVersion struct {
	Version string // as the resource states it, e.g. "2.0.0"
	Date    string // when it was published, YYYY-MM-DD
	Source  string // where it can be read: owner/repo@commit:path, or a published page
	Note    string
}

// Concept is one code of a code system.
type Concept struct {
	Code       string
	Display    string // as the latest version that defines the code gives it
	Definition string
	// Versions are the published versions that define the code, oldest
	// first; empty when the system records no versions.
	Versions []string
	// Earlier gives the display and definition of versions where they
	// differ from Display and Definition.
	Earlier []ConceptText
	// Unpublished, for a code that no published version defines, says why
	// it is listed (a service documents it under this URL) and where.
	Unpublished string
}

// ConceptText is the display and definition a concept has in some versions.
type ConceptText struct {
	Versions   []string
	Display    string
	Definition string
}

// Concept returns the concept with that code, in any version.
func (cs *CodeSystem) Concept(code string) (*Concept, bool) {
	for i := range cs.Concepts {
		if cs.Concepts[i].Code == code {
			return &cs.Concepts[i], true
		}
	}
	return nil, false
}

// Lookup returns the display of code and whether some version of the system
// defines it.
func (cs *CodeSystem) Lookup(code string) (display string, ok bool) {
	c, ok := cs.Concept(code)
	if !ok {
		return "", false
	}
	return c.Display, true
}

// Published reports whether a definition of the system was published at
// its URL. Published systems are shared: any API may use them.
func (cs *CodeSystem) Published() bool { return len(cs.Versions) > 0 }

// VersionNames returns the published version labels, oldest first.
func (cs *CodeSystem) VersionNames() []string {
	out := make([]string, len(cs.Versions))
	for i, v := range cs.Versions {
		out[i] = v.Version
	}
	return out
}

// MatchVersions returns the published versions that v names: the version
// labelled v, or else those v is a leading part of ("1" names 1.4.0, as
// services that send coding.version "1" mean it).
func (cs *CodeSystem) MatchVersions(v string) []string {
	var out []string
	for _, sv := range cs.Versions {
		if sv.Version == v {
			return []string{v}
		}
		if strings.HasPrefix(sv.Version, v+".") {
			out = append(out, sv.Version)
		}
	}
	return out
}

// In reports whether version defines the concept: every version does when
// the concept lists none, and none does when it is Unpublished.
func (c *Concept) In(version string) bool {
	return c.Unpublished == "" && (len(c.Versions) == 0 || slices.Contains(c.Versions, version))
}

// VersionsIn returns the versions of cs that define the concept.
func (c *Concept) VersionsIn(cs *CodeSystem) []string {
	switch {
	case c.Unpublished != "":
		return nil
	case len(c.Versions) > 0:
		return slices.Clone(c.Versions)
	}
	return cs.VersionNames()
}

// DisplayIn returns the concept's display in version.
func (c *Concept) DisplayIn(version string) string {
	for _, e := range c.Earlier {
		if slices.Contains(e.Versions, version) && e.Display != "" {
			return e.Display
		}
	}
	return c.Display
}

// Displays returns every display the concept has had, latest first.
func (c *Concept) Displays() []string {
	out := []string{c.Display}
	for _, e := range c.Earlier {
		if e.Display != "" && !slices.Contains(out, e.Display) {
			out = append(out, e.Display)
		}
	}
	return out
}

// Pin is a version of a code system that a dialect's sources fix.
type Pin struct {
	System  string // the system URL
	Version string
}
