package main

import (
	"encoding/json"
	"io"

	"github.com/spinecat/spinecat/catalog"
)

// The JSON of "spinecat explain --format json": a stable interface for
// tools. Fields are never renamed or removed; docs/cli.md documents them.
type explainJSON struct {
	Query       string        `json:"query"`
	API         string        `json:"api"`
	Entries     []entryJSON   `json:"entries"`
	Concepts    []conceptJSON `json:"concepts"`
	Suggestions []string      `json:"suggestions"`
}

// entryJSON is the entry as spinecat list gives it, and the rest.
type entryJSON struct {
	listEntry
	Params       []paramJSON   `json:"params"`
	Hint         string        `json:"hint"`
	Description  string        `json:"description"`
	Interactions []string      `json:"interactions"`
	Endpoints    []string      `json:"endpoints"`
	Undocumented []string      `json:"undocumented"`
	Sources      []string      `json:"sources"`
	Defects      []defectJSON  `json:"defects"`
	Variants     []variantJSON `json:"variants"`
}

type paramJSON struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Doc     string `json:"doc"`
	Example string `json:"example"`
}

type variantJSON struct {
	Name    string       `json:"name"`
	Changes []string     `json:"changes"`
	Note    string       `json:"note"`
	Sources []string     `json:"sources"`
	Defects []defectJSON `json:"defects"`
}

// defectJSON is a documented defect: what a source sends that is not
// valid, which the checker still reports under rule, naming the defect.
type defectJSON struct {
	Name    string   `json:"name"`
	Rule    string   `json:"rule"`
	Element string   `json:"element"` // "" for anywhere
	Value   string   `json:"value"`   // "" for any
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
}

type conceptJSON struct {
	System       string           `json:"system"`
	Name         string           `json:"name"` // the code system's catalogue name
	Title        string           `json:"title"`
	Kind         string           `json:"kind"`
	Code         string           `json:"code"`
	Display      string           `json:"display"`
	Definition   string           `json:"definition"`
	Versions     []string         `json:"versions"`    // the published versions that define the code
	AllVersions  []string         `json:"allVersions"` // every version published at the system's URL
	Earlier      []earlierJSON    `json:"earlier"`
	Unpublished  string           `json:"unpublished"`
	UsedBy       []string         `json:"usedBy"`
	DocumentedBy []string         `json:"documentedBy"`
	Sources      []versionSrcJSON `json:"sources"`
}

type earlierJSON struct {
	Versions   []string `json:"versions"`
	Display    string   `json:"display"`
	Definition string   `json:"definition"`
}

type versionSrcJSON struct {
	Version string `json:"version"`
	Date    string `json:"date"`
	Source  string `json:"source"`
	Note    string `json:"note"`
}

func writeExplainJSON(w io.Writer, x *explanation) error {
	reg := x.reg
	out := explainJSON{Query: x.Query, API: x.API, Entries: []entryJSON{}, Concepts: []conceptJSON{}, Suggestions: x.Suggestions}
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	for _, e := range x.Entries {
		out.Entries = append(out.Entries, toEntryJSON(e))
	}
	for _, h := range x.Concepts {
		out.Concepts = append(out.Concepts, toConceptJSON(reg, h))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// nonNil keeps empty lists as [] in the JSON, so that tools need not tell
// null from empty.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toEntryJSON(e *catalog.Entry) entryJSON {
	j := entryJSON{
		listEntry: toListEntry(e), Params: []paramJSON{}, Hint: e.Hint, Description: e.Description,
		Interactions: nonNil(e.Interactions), Endpoints: nonNil(e.Endpoints), Undocumented: nonNil(e.Undocumented),
		Sources: nonNil(e.Sources), Defects: toDefectsJSON(e.Defects), Variants: []variantJSON{},
	}
	for _, p := range e.Params {
		j.Params = append(j.Params, paramJSON{p.Name, p.Type, p.Doc, p.Example})
	}
	for i := range e.Variants {
		v := &e.Variants[i]
		j.Variants = append(j.Variants, variantJSON{v.Name, nonNil(v.Changes()), v.Note, nonNil(v.Sources), toDefectsJSON(v.Defects)})
	}
	return j
}

func toDefectsJSON(ds []catalog.Defect) []defectJSON {
	out := make([]defectJSON, 0, len(ds))
	for _, d := range ds {
		out = append(out, defectJSON{d.Name, d.Rule, d.Element, d.Value, d.Note, nonNil(d.Sources)})
	}
	return out
}

func toConceptJSON(reg *catalog.Registry, h conceptHit) conceptJSON {
	cs, c := h.System, h.Concept
	j := conceptJSON{
		System: cs.URL, Name: cs.Name, Title: cs.Title, Kind: cs.Kind, Code: c.Code, Display: c.Display,
		Definition: c.Definition, Versions: nonNil(c.VersionsIn(cs)), AllVersions: nonNil(cs.VersionNames()),
		Earlier: []earlierJSON{}, Unpublished: c.Unpublished, UsedBy: nonNil(reg.APIsUsing(cs.URL)),
		DocumentedBy: []string{}, Sources: []versionSrcJSON{},
	}
	for _, e := range c.Earlier {
		j.Earlier = append(j.Earlier, earlierJSON{nonNil(e.Versions), e.Display, e.Definition})
	}
	for _, e := range reg.Documenting(cs.URL, c.Code) {
		j.DocumentedBy = append(j.DocumentedBy, e.ID())
	}
	for _, v := range cs.Versions {
		if c.In(v.Version) {
			j.Sources = append(j.Sources, versionSrcJSON{v.Version, v.Date, v.Source, v.Note})
		}
	}
	return j
}
