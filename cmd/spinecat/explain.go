package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/textdist"
)

const explainUsage = "explain [--api NAME] [--format text|json] [--verbose] [--catalog FILE]... CODE|ENTRY   (e.g. NO_RECORD_FOUND, \"ACCESS DENIED\", nrl.INVALID_NHS_NUMBER, NoRecordFoundNHSNumber)"

// runExplain is "spinecat explain".
func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", explainUsage, stderr)
	api := fs.String("api", "", "explain only this API's entries, and the code systems it uses ("+apiNames()+", or one a --catalog file describes)")
	format := fs.String("format", "text", "output format: text or json")
	verbose := fs.Bool("verbose", false, "add descriptions, sources, each variant's changes and example bodies")
	catalogs := catalogFlag(fs)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(rest) == 0 {
		fs.Usage()
		return exitUsage
	}
	reg, ok := registry("explain", *catalogs, stderr)
	if !ok {
		return exitUsage
	}
	if !checkAPI(reg, *api, stderr) {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "spinecat explain: unknown format %q; use text or json\n", *format)
		return exitUsage
	}
	// An unquoted "explain ACCESS DENIED" arrives as two words.
	q := strings.TrimSpace(strings.Join(rest, " "))
	x := explainQuery(reg, q, *api)
	var werr error
	if *format == "json" {
		werr = writeExplainJSON(stdout, x)
	} else if x.found() {
		werr = writeExplainText(stdout, x, *verbose)
	}
	if werr != nil {
		fmt.Fprintf(stderr, "spinecat explain: %v\n", werr)
		return exitUsage
	}
	if !x.found() {
		if *format == "text" {
			scope := "the catalogue"
			if *api != "" {
				scope = "the " + *api + " catalogue or the code systems it uses"
			}
			fmt.Fprintf(stderr, "spinecat explain: no code or entry %q in %s.\n", q, scope)
			if len(x.Suggestions) > 0 {
				fmt.Fprintf(stderr, "Did you mean: %s\n", quoteAll(x.Suggestions))
			}
			fmt.Fprintln(stderr, "spinecat list shows every entry.")
		}
		return exitFailed
	}
	return exitOK
}

// explanation is what the catalogue knows of a query: the entries with that
// code, id or name, and the code systems that define that code.
type explanation struct {
	Query       string
	API         string
	Entries     []*catalog.Entry
	Concepts    []conceptHit
	Suggestions []string // close spellings, only when nothing matched

	reg *catalog.Registry // the catalogue asked
}

// conceptHit is a concept of one code system.
type conceptHit struct {
	System  *catalog.CodeSystem
	Concept *catalog.Concept
}

func (x *explanation) found() bool { return len(x.Entries)+len(x.Concepts) > 0 }

// explainQuery finds the entries whose code (or a documented variant's
// code), id, name or Go name is q, and the concepts with code q, within api
// and the code systems it uses when api is not empty. Exact matches (case
// aside) come first; only without them are spaces, hyphens and underscores
// taken alike, so that "access denied" finds both ACCESS DENIED and
// ACCESS_DENIED; only without any match are close spellings suggested.
func explainQuery(reg *catalog.Registry, q, api string) *explanation {
	x := &explanation{Query: q, API: api, reg: reg}
	for _, eq := range []func(a, b string) bool{strings.EqualFold, func(a, b string) bool { return normalize(a) == normalize(b) }} {
		for _, e := range reg.Entries() {
			if (api == "" || e.API == api) && entryMatches(e, q, eq) {
				x.Entries = append(x.Entries, e)
			}
		}
		for _, cs := range reg.CodeSystems() {
			if api != "" && !slices.Contains(reg.APIsUsing(cs.URL), api) {
				continue
			}
			for i := range cs.Concepts {
				if eq(cs.Concepts[i].Code, q) {
					x.Concepts = append(x.Concepts, conceptHit{cs, &cs.Concepts[i]})
				}
			}
		}
		if x.found() {
			return x
		}
	}
	x.Suggestions = suggestions(reg, q, api)
	return x
}

func entryMatches(e *catalog.Entry, q string, eq func(a, b string) bool) bool {
	if e.Code != "" && eq(e.Code, q) {
		return true
	}
	for _, v := range e.Variants {
		if v.Code != "" && eq(v.Code, q) {
			return true
		}
	}
	return eq(e.ID(), q) || eq(e.Name, q) || eq(e.GoName, q) || eq(e.API+"."+e.GoName, q)
}

func normalize(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// suggestions are the codes and entry ids spelt closest to q: at most a
// fifth of its letters (and at least one, at most three) differ.
func suggestions(reg *catalog.Registry, q, api string) []string {
	nq := normalize(q)
	limit := min(3, max(1, len([]rune(nq))/5))
	type cand struct {
		s string
		d int
	}
	seen := map[string]bool{}
	var cands []cand
	add := func(s string) {
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		if d := textdist.Distance(nq, normalize(s), limit+1); d <= limit {
			cands = append(cands, cand{s, d})
		}
	}
	for _, e := range reg.Entries() {
		if api == "" || e.API == api {
			add(e.Code)
			add(e.ID())
		}
	}
	for _, cs := range reg.CodeSystems() {
		if api == "" || slices.Contains(reg.APIsUsing(cs.URL), api) {
			for _, c := range cs.Concepts {
				add(c.Code)
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	var out []string
	for i := 0; i < len(cands) && i < 8; i++ {
		out = append(out, cands[i].s)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeExplainText prints the entries, then the code systems that define
// the code: concise by default, with descriptions, sources, variants and
// example bodies when verbose.
func writeExplainText(w io.Writer, x *explanation, verbose bool) error {
	ew := &errWriter{w: w}
	head := fmt.Sprintf("%d %s for %q", len(x.Entries), plural(len(x.Entries), "entry", "entries"), x.Query)
	if len(x.Entries) == 0 {
		head = fmt.Sprintf("no catalogued entry documents %q", x.Query)
	}
	if n := len(x.Concepts); n > 0 {
		head += fmt.Sprintf("; %d code %s %s it", n, plural(n, "system", "systems"), plural(n, "defines", "define"))
	}
	if x.API != "" {
		head += " (" + x.API + " only)"
	}
	ew.printf("%s\n", head)
	for _, e := range x.Entries {
		ew.printf("\n")
		explainEntry(ew, e, verbose)
	}
	if len(x.Concepts) > 0 {
		ew.printf("\n")
		if len(x.Entries) > 0 {
			ew.printf("The code systems that define it:\n\n")
		}
		explainConcepts(ew, x.reg, x.Concepts, verbose)
	}
	return ew.err
}

// field prints one labelled line, continuation lines indented under it.
func field(ew *errWriter, name, value string) {
	if value == "" {
		return
	}
	ew.printf("  %-13s %s\n", name, strings.ReplaceAll(value, "\n", "\n                "))
}

func explainEntry(ew *errWriter, e *catalog.Entry, verbose bool) {
	d := e.Dialect
	ew.printf("%s\n", e.ID())
	st := statusCell(e.Status)
	if e.Status == 0 && e.StatusNote != "" {
		st += " (" + e.StatusNote + ")"
	}
	field(ew, "status", fmt.Sprintf("%s, dialect %s (FHIR %s%s)", st, d.Name, d.FHIR, profileText(d)))
	if e.Body != catalog.BodyOperationOutcome && e.Body != "" {
		field(ew, "body", fmt.Sprintf("%s, not an OperationOutcome (%s)", e.Body, dash(e.ContentType)))
	} else {
		field(ew, "issue", fmt.Sprintf("severity %s, issue-type %s", dash(string(e.Severity)), dash(string(e.IssueType))))
	}
	if e.Code != "" {
		display := "no display"
		if e.Display != "" {
			display = fmt.Sprintf("%q", e.Display)
		}
		field(ew, "coding", fmt.Sprintf("%s %s, system %s", e.Code, display, e.SystemURL()))
	}
	field(ew, "diagnostics", templateText(e))
	for _, p := range e.Params {
		desc := p.Type
		if p.Doc != "" {
			desc += "; " + strings.TrimSpace(p.Doc)
		}
		if p.Example != "" {
			desc += " Example: " + p.Example
		}
		field(ew, "param", fmt.Sprintf("{%s}: %s", p.Name, desc))
	}
	field(ew, "hint", strings.TrimSpace(e.Hint))
	for _, u := range e.Undocumented {
		field(ew, "undocumented", u+" (the sources do not give it; any value is accepted)")
	}
	if !verbose {
		if len(e.Variants) > 0 {
			names := make([]string, len(e.Variants))
			for i, v := range e.Variants {
				names[i] = v.Name
			}
			field(ew, "variants", strings.Join(names, ", ")+" (--verbose: what each changes, and its source)")
		}
		return
	}
	field(ew, "Go", fmt.Sprintf("%s.%s(…) constructs it; errors.Is(err, %s.Err%s) detects it", e.API, e.GoName, e.API, e.GoName))
	field(ew, "interactions", strings.Join(e.Interactions, ", "))
	field(ew, "endpoints", strings.Join(e.Endpoints, ", "))
	field(ew, "description", strings.TrimSpace(e.Description))
	for _, s := range e.Sources {
		field(ew, "source", s)
	}
	explainDefects(ew, "  ", e.Defects)
	if len(e.Variants) > 0 {
		ew.printf("  variants (documented departures; a response matching one is conformant, unless it has a documented defect):\n")
		for _, v := range e.Variants {
			changes := strings.Join(v.Changes(), "; ")
			if changes == "" {
				changes = "(as the entry)"
			}
			ew.printf("    %s: %s\n", v.Name, changes)
			if v.Note != "" {
				ew.printf("      %s\n", v.Note)
			}
			for _, s := range v.Sources {
				ew.printf("      source: %s\n", s)
			}
			explainDefects(ew, "      ", v.Defects)
		}
	}
	explainExample(ew, e)
}

// explainDefects lists documented defects: what the sources send that is
// not valid, which the checker still reports as an error, naming it.
func explainDefects(ew *errWriter, indent string, ds []catalog.Defect) {
	for _, d := range ds {
		where := d.Rule
		if d.Element != "" {
			where += " at " + d.Element
		}
		if d.Value != "" {
			where += fmt.Sprintf(" (%q)", d.Value)
		}
		ew.printf("%sdefect %s: %s; %s (an error the checker names)\n", indent, d.Name, where, strings.TrimSuffix(d.Note, "."))
		for _, s := range d.Sources {
			ew.printf("%s  source: %s\n", indent, s)
		}
	}
}

func profileText(d *catalog.Dialect) string {
	if d.Profile == "" {
		return ", no meta.profile"
	}
	return ", profile " + d.Profile
}

// explainConcepts prints what the code systems say of a code, one block
// per meaning: the display and definition, then each system that gives
// them with the versions that define the code and who uses it.
func explainConcepts(ew *errWriter, reg *catalog.Registry, hits []conceptHit, verbose bool) {
	type group struct {
		c    *catalog.Concept
		hits []conceptHit
	}
	var groups []*group
	same := func(a, b *catalog.Concept) bool {
		return a.Code == b.Code && a.Display == b.Display && a.Definition == b.Definition && slices.EqualFunc(a.Earlier, b.Earlier, func(x, y catalog.ConceptText) bool {
			return x.Display == y.Display && x.Definition == y.Definition
		})
	}
	for _, h := range hits {
		i := slices.IndexFunc(groups, func(g *group) bool { return same(g.c, h.Concept) })
		if i < 0 {
			groups = append(groups, &group{c: h.Concept})
			i = len(groups) - 1
		}
		groups[i].hits = append(groups[i].hits, h)
	}
	for i, g := range groups {
		if i > 0 {
			ew.printf("\n")
		}
		c := g.c
		ew.printf("%s %q\n", c.Code, c.Display)
		field(ew, "definition", c.Definition)
		for _, e := range c.Earlier {
			if e.Display != "" {
				field(ew, "earlier", fmt.Sprintf("display %q in %s", e.Display, strings.Join(e.Versions, ", ")))
			}
			if e.Definition != "" {
				field(ew, "earlier", fmt.Sprintf("definition in %s: %s", strings.Join(e.Versions, ", "), e.Definition))
			}
		}
		for _, h := range g.hits {
			explainSystem(ew, reg, h, verbose)
		}
	}
}

// explainSystem prints one system that defines a concept: its URL, the
// versions that define the code, the APIs using it and the entries that
// document the code under it.
func explainSystem(ew *errWriter, reg *catalog.Registry, h conceptHit, verbose bool) {
	cs, c := h.System, h.Concept
	parts := []string{conceptVersions(cs, c)}
	if users := reg.APIsUsing(cs.URL); len(users) > 0 {
		parts = append(parts, "used by "+strings.Join(users, ", "))
	} else {
		parts = append(parts, "used by no catalogued API")
	}
	var ids []string
	for _, e := range reg.Documenting(cs.URL, c.Code) {
		ids = append(ids, e.ID())
	}
	if len(ids) > 0 {
		parts = append(parts, "documented by "+strings.Join(ids, ", "))
	}
	field(ew, "system", fmt.Sprintf("%s (%s): %s", cs.URL, cs.Name, strings.Join(parts, "; ")))
	if !verbose {
		return
	}
	for _, v := range cs.Versions {
		if c.In(v.Version) {
			src := v.Version + " (" + v.Date + "): " + v.Source
			if v.Note != "" {
				src += "; " + v.Note
			}
			field(ew, "  source", src)
		}
	}
	if len(cs.Versions) == 0 {
		for _, s := range cs.Sources {
			field(ew, "  source", s)
		}
	}
}

// conceptVersions says which published versions define the concept.
func conceptVersions(cs *catalog.CodeSystem, c *catalog.Concept) string {
	switch {
	case c.Unpublished != "":
		return "in no published version (" + c.Unpublished + ")"
	case len(cs.Versions) == 0:
		return "never published at this URL"
	}
	in := c.VersionsIn(cs)
	all := cs.VersionNames()
	word := plural(len(in), "version", "versions")
	if len(in) == len(all) {
		return word + " " + strings.Join(in, ", ")
	}
	return fmt.Sprintf("%s %s (of %s)", word, strings.Join(in, ", "), strings.Join(all, ", "))
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
