package catalog

import (
	"slices"
)

// Registry indexes entries and code systems for identification. Build one
// with NewRegistry; it is safe for concurrent use once built.
type Registry struct {
	entries  []*Entry
	systems  []*CodeSystem
	dialects []*Dialect
	byCode   map[string][]*Entry // by code, including variant codes; "" for entries without a coding
	bySystem map[string]*CodeSystem
	usedBy   map[string][]string // system URL to the APIs whose dialects or entries use it
}

// NewRegistry returns a registry of the given code systems and entries. The
// dialects are those the entries use.
func NewRegistry(systems []*CodeSystem, entries []*Entry) *Registry {
	r := &Registry{byCode: map[string][]*Entry{}, bySystem: map[string]*CodeSystem{}, usedBy: map[string][]string{}}
	r.add(systems, entries)
	return r
}

// Merge returns a registry holding everything in regs.
func Merge(regs ...*Registry) *Registry {
	out := NewRegistry(nil, nil)
	for _, r := range regs {
		out.add(r.systems, r.entries)
	}
	return out
}

func (r *Registry) addSystem(cs *CodeSystem) {
	if _, dup := r.bySystem[cs.URL]; !dup {
		r.bySystem[cs.URL] = cs
		r.systems = append(r.systems, cs)
	}
}

func (r *Registry) use(url, api string) {
	if url != "" && !slices.Contains(r.usedBy[url], api) {
		r.usedBy[url] = append(r.usedBy[url], api)
	}
}

func (r *Registry) add(systems []*CodeSystem, entries []*Entry) {
	for _, cs := range systems {
		r.addSystem(cs)
	}
	for _, e := range entries {
		if slices.Contains(r.entries, e) {
			continue
		}
		r.entries = append(r.entries, e)
		if e.System != nil {
			r.addSystem(e.System)
		}
		if e.Dialect != nil && !slices.Contains(r.dialects, e.Dialect) {
			r.dialects = append(r.dialects, e.Dialect)
			for _, url := range e.Dialect.Systems {
				r.use(url, e.API)
			}
		}
		r.use(e.SystemURL(), e.API)
		codes := []string{e.Code}
		for _, v := range e.Variants {
			r.use(v.System, e.API)
			if v.Code != "" && !slices.Contains(codes, v.Code) {
				codes = append(codes, v.Code)
			}
		}
		for _, c := range codes {
			r.byCode[c] = append(r.byCode[c], e)
		}
	}
}

// Entries returns every entry in the order added.
func (r *Registry) Entries() []*Entry { return slices.Clone(r.entries) }

// CodeSystems returns every code system in the order added.
func (r *Registry) CodeSystems() []*CodeSystem { return slices.Clone(r.systems) }

// Dialects returns the dialects of the registry's entries.
func (r *Registry) Dialects() []*Dialect { return slices.Clone(r.dialects) }

// CodeSystem returns the code system with that URL.
func (r *Registry) CodeSystem(url string) (*CodeSystem, bool) {
	cs, ok := r.bySystem[url]
	return cs, ok
}

// ByCode returns the entries with that code, or with a variant of that code.
func (r *Registry) ByCode(code string) []*Entry { return slices.Clone(r.byCode[code]) }

// Documenting returns the entries that document code under system, as their
// own coding or a documented variant's.
func (r *Registry) Documenting(system, code string) []*Entry {
	var out []*Entry
	for _, e := range r.byCode[code] {
		if e.Codes(system, code) {
			out = append(out, e)
		}
	}
	return out
}

// Defining returns the code systems, any version of which defines code.
func (r *Registry) Defining(code string) []*CodeSystem {
	var out []*CodeSystem
	for _, cs := range r.systems {
		if _, ok := cs.Concept(code); ok {
			out = append(out, cs)
		}
	}
	return out
}

// APIsUsing returns the APIs whose dialects or entries use the system URL,
// in the order they were added.
func (r *Registry) APIsUsing(url string) []string { return slices.Clone(r.usedBy[url]) }

// Owner returns the one API a system belongs to: a system that was never
// published at its URL and that only that API uses. Evidence from such a
// system is evidence of the API; a published system is shared (any API may
// use it), so Owner returns "" for it.
func (r *Registry) Owner(url string) string {
	cs, known := r.bySystem[url]
	if !known || cs.Published() || len(r.usedBy[url]) != 1 {
		return ""
	}
	return r.usedBy[url][0]
}

// Lookup returns the entry with the given id ("nrl.NO_RECORD_FOUND_...") or
// name (unqualified, when only one API has it).
func (r *Registry) Lookup(id string) (*Entry, bool) {
	var found *Entry
	for _, e := range r.entries {
		if e.ID() == id {
			return e, true
		}
		if e.Name == id || e.GoName == id {
			if found != nil {
				return nil, false
			}
			found = e
		}
	}
	return found, found != nil
}
