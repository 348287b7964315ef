package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/internal/textdist"
)

const explainUsage = "explain CODE|ENTRY   (e.g. NO_RECORD_FOUND, \"ACCESS DENIED\", nrl.INVALID_NHS_NUMBER, NoRecordFoundNHSNumber)"

// runExplain is "spinecat explain".
func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", explainUsage, stderr)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(rest) == 0 {
		fs.Usage()
		return exitUsage
	}
	// An unquoted "explain ACCESS DENIED" arrives as two words.
	q := strings.TrimSpace(strings.Join(rest, " "))
	reg := all.Registry()
	entries := findEntries(reg, q)
	if len(entries) == 0 {
		fmt.Fprintf(stderr, "spinecat explain: no code or entry %q in the catalogue.\n", q)
		if s := suggestions(reg, q); len(s) > 0 {
			fmt.Fprintf(stderr, "Did you mean: %s\n", strings.Join(s, ", "))
		}
		fmt.Fprintln(stderr, "spinecat list shows every entry.")
		return exitFailed
	}
	ew := &errWriter{w: stdout}
	ew.printf("%d %s for %q\n", len(entries), plural(len(entries), "entry", "entries"), q)
	for _, e := range entries {
		ew.printf("\n")
		explainEntry(ew, e)
	}
	if ew.err != nil {
		fmt.Fprintf(stderr, "spinecat explain: %v\n", ew.err)
		return exitUsage
	}
	return exitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// findEntries returns the entries whose code (or a documented variant's
// code) is q, or whose id, name or Go name is q, case-insensitively; failing
// that, with spaces, hyphens and underscores treated alike, so that
// "access denied" finds both ACCESS DENIED and ACCESS_DENIED.
func findEntries(reg *catalog.Registry, q string) []*catalog.Entry {
	match := func(eq func(a, b string) bool) []*catalog.Entry {
		var out []*catalog.Entry
		for _, e := range reg.Entries() {
			if entryMatches(e, q, eq) {
				out = append(out, e)
			}
		}
		return out
	}
	if out := match(strings.EqualFold); len(out) > 0 {
		return out
	}
	return match(func(a, b string) bool { return normalize(a) == normalize(b) })
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

// suggestions are codes and entry ids close to q.
func suggestions(reg *catalog.Registry, q string) []string {
	nq := normalize(q)
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
		ns := normalize(s)
		d := textdist.Distance(nq, ns, 0)
		limit := max(2, len(nq)/4)
		if d <= limit || (len(nq) >= 4 && strings.Contains(ns, nq)) {
			cands = append(cands, cand{s, d})
		}
	}
	for _, e := range reg.Entries() {
		add(e.Code)
	}
	for _, e := range reg.Entries() {
		add(e.ID())
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	var out []string
	for i := 0; i < len(cands) && i < 8; i++ {
		out = append(out, fmt.Sprintf("%q", cands[i].s))
	}
	return out
}

// exampleTime and exampleID make example bodies the same on every run.
var exampleTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func exampleID(p catalog.IDPolicy) string {
	const uuid = "3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f"
	if p == catalog.IDUUIDDigits20 {
		return uuid + "-12345678901234567890"
	}
	return uuid
}

func explainEntry(ew *errWriter, e *catalog.Entry) {
	d := e.Dialect
	field := func(name, value string) {
		if value == "" {
			return
		}
		ew.printf("  %-13s %s\n", name, strings.ReplaceAll(value, "\n", "\n                "))
	}
	ew.printf("%s\n", e.ID())
	field("Go", fmt.Sprintf("%s.%s(…) constructs it; errors.Is(err, %s.Err%s) detects it", e.API, e.GoName, e.API, e.GoName))
	field("API", e.API)
	field("dialect", fmt.Sprintf("%s (FHIR %s%s)", d.Name, d.FHIR, profileText(d)))
	st := statusCell(e.Status)
	if e.Status == 0 && e.StatusNote != "" {
		st += " (" + e.StatusNote + ")"
	}
	field("status", st)
	if e.Body != catalog.BodyOperationOutcome && e.Body != "" {
		field("body", fmt.Sprintf("%s, not an OperationOutcome", e.Body))
		field("content-type", e.ContentType)
	}
	field("severity", string(e.Severity))
	field("issue-type", string(e.IssueType))
	field("system", e.SystemURL())
	field("code", e.Code)
	field("display", e.Display)
	if e.Body == catalog.BodyOperationOutcome && e.Display == "" && e.Code != "" {
		field("display", "(none)")
	}
	field("diagnostics", templateText(e))
	for _, p := range e.Params {
		desc := p.Type
		if p.Doc != "" {
			desc += "; " + strings.TrimSpace(p.Doc)
		}
		if p.Example != "" {
			desc += " Example: " + p.Example
		}
		field("param", fmt.Sprintf("{%s}: %s", p.Name, desc))
	}
	field("expression", strings.Join(e.Expression, ", "))
	field("interactions", strings.Join(e.Interactions, ", "))
	field("endpoints", strings.Join(e.Endpoints, ", "))
	field("description", strings.TrimSpace(e.Description))
	field("hint", strings.TrimSpace(e.Hint))
	for _, s := range e.Sources {
		field("source", s)
	}
	for _, u := range e.Undocumented {
		field("undocumented", u+" (the sources do not give it; any value is accepted)")
	}
	if len(e.Variants) > 0 {
		ew.printf("  variants (documented departures; a response matching one is conformant):\n")
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
		}
	}
	explainExample(ew, e)
}

func profileText(d *catalog.Dialect) string {
	if d.Profile == "" {
		return ", no meta.profile"
	}
	return ", profile " + d.Profile
}

// explainExample prints the body the entry's constructor produces, with a
// fixed clock and id, in each format of its dialect.
func explainExample(ew *errWriter, e *catalog.Entry) {
	switch e.Body {
	case catalog.BodyNone:
		ew.printf("  example: status %s with an empty body\n", statusCell(e.Status))
		return
	case catalog.BodyText, catalog.BodyHTML:
		ew.printf("  example: status %s, Content-Type %s:\n", statusCell(e.Status), dash(e.ContentType))
		ew.printf("%s\n", indent(e.BodyText, "    "))
		return
	}
	values := make([]string, len(e.Params))
	for i, p := range e.Params {
		values[i] = p.Example
		if values[i] == "" {
			values[i] = "example-" + p.Name
		}
	}
	oo := catalog.New(e, values...).OperationOutcome(catalog.WithClock(func() time.Time { return exampleTime }), catalog.WithIDSource(exampleID))
	if oo == nil {
		return
	}
	var js bytes.Buffer
	if err := json.Indent(&js, oo.AppendJSON(nil), "    ", "  "); err == nil {
		ew.printf("  example body (JSON), from %s.%s(%s):\n    %s\n", e.API, e.GoName, quoteAll(values), js.String())
	}
	if slices.Contains(e.Dialect.Formats, "xml") {
		ew.printf("  example body (XML):\n    %s\n", indentXML(oo.AppendXML(nil), "    "))
	}
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// indentXML re-indents compact XML for reading, with empty elements
// written "<x/>" as FHIR examples are; on any error it returns the input
// unchanged.
func indentXML(data []byte, prefix string) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var toks []xml.Token
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return string(data)
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	var out bytes.Buffer
	esc := func(s string) {
		_ = xml.EscapeText(&out, []byte(s))
	}
	name := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	depth := 0
	newline := func() {
		if out.Len() > 0 {
			out.WriteString("\n" + prefix + strings.Repeat("  ", depth))
		}
	}
	for i := 0; i < len(toks); i++ {
		switch t := toks[i].(type) {
		case xml.StartElement:
			newline()
			out.WriteString("<" + name(t.Name))
			for _, a := range t.Attr {
				out.WriteString(" " + name(a.Name) + `="`)
				esc(a.Value)
				out.WriteString(`"`)
			}
			if i+1 < len(toks) {
				if _, ok := toks[i+1].(xml.EndElement); ok {
					out.WriteString("/>")
					i++
					continue
				}
			}
			out.WriteString(">")
			depth++
		case xml.EndElement:
			depth--
			newline()
			out.WriteString("</" + name(t.Name) + ">")
		case xml.CharData:
			esc(string(t))
		default:
			// Comments, processing instructions: the constructor writes none.
		}
	}
	return out.String()
}
