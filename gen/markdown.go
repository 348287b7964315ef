package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spec"
)

// RenderMarkdown returns the reference page <docs>/<package>.md.
func (j *job) RenderMarkdown(f *spec.File) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- %s -->\n\n# %s\n\n", header(f.Path), f.Title)
	if f.Doc != "" {
		b.WriteString(strings.TrimSpace(f.Doc) + "\n\n")
	}
	fmt.Fprintf(&b, "Go package: `%s`. Data: [`%s`](%s).\n\n", j.importPath(f), f.Path, relPath(j.docs, f.Path))
	if len(f.CodeSystems) > 0 {
		b.WriteString("## Code systems\n\n| name | kind | URL | versions | codes |\n|---|---|---|---|---|\n")
		for _, cs := range f.CodeSystems {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %d |\n", cs.Name, cs.Kind, cs.URL, cell(strings.Join(cs.VersionNames(), ", ")), len(cs.Concepts))
		}
		b.WriteString("\n")
		for _, cs := range f.CodeSystems {
			writeCodeSystem(&b, cs)
		}
	}
	if len(f.Dialects) > 0 {
		b.WriteString("## Dialects\n\n| name | FHIR | profile | id | lastUpdated | display | expression | coding.version | max issues | formats |\n|---|---|---|---|---|---|---|---|---|---|\n")
		for _, d := range f.Dialects {
			maxIssues := "any"
			if d.MaxIssues > 0 {
				maxIssues = fmt.Sprint(d.MaxIssues)
			}
			version := string(d.CodingVersion)
			if d.CodingVersionSent != "" {
				version += fmt.Sprintf(" (%q)", d.CodingVersionSent)
			}
			formats := strings.Join(d.Formats, ", ")
			if d.MediaType != "" {
				formats += " (`" + d.MediaType + "`)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", d.Name, d.FHIR, cell(d.Profile), d.ID, d.LastUpdated, d.Display, d.Expression, version, maxIssues, formats)
		}
		b.WriteString("\n")
		for _, d := range f.Dialects {
			if d.StatusRule != nil {
				fmt.Fprintf(&b, "The status of a %s outcome with several issues: %s.\n\n", d.Name, d.StatusRule)
			}
		}
	}
	frontDoorMarkdown(&b, f.API)
	if len(f.Entries) > 0 {
		b.WriteString("## Entries\n\n| entry | status | severity | issue-type | code | display | diagnostics | endpoints |\n|---|---|---|---|---|---|---|---|\n")
		for _, e := range f.Entries {
			status := fmt.Sprint(e.Status)
			if e.Status == 0 {
				status = "not stated"
			}
			diag := ""
			if e.Diagnostics != nil {
				diag = "`" + e.Diagnostics.String() + "`"
			}
			for _, x := range e.Expression {
				diag += "; expression `" + x.String() + "`"
			}
			diag = strings.TrimPrefix(diag, "; ")
			if e.Body != catalog.BodyOperationOutcome {
				diag = fmt.Sprintf("(%s body)", e.Body)
			}
			where := append(append([]string{}, e.Endpoints...), e.Interactions...)
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | `%s` | %s | %s | %s |\n",
				e.Name, status, e.Severity, e.IssueType, cell(e.Code), cell(e.Display), cell(diag), cell(strings.Join(where, ", ")))
		}
		b.WriteString("\n## Variants\n\nDocumented departures: a response that matches one is conformant, and the checker names it.\n\n| entry | variant | differs in | note |\n|---|---|---|---|\n")
		for _, e := range f.Entries {
			for i := range e.Variants {
				v := &e.Variants[i]
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", e.Name, v.Name, cell(strings.Join(v.Changes(), "; ")), cell(v.Note))
			}
		}
	}
	writeDefects(&b, f)
	return []byte(b.String())
}

// writeDefects lists the file's documented defects: what its sources send
// that is not valid, which the checker names in its finding.
func writeDefects(b *strings.Builder, f *spec.File) {
	var rows []string
	add := func(where string, ds []catalog.Defect) {
		for _, d := range ds {
			rows = append(rows, fmt.Sprintf("| %s | %s | `%s` | %s | %s | %s |", where, d.Name, d.Rule, cell(code(d.Element)), cell(code(d.Value)), cell(withSources(d.Note, d.Sources))))
		}
	}
	for _, d := range f.Dialects {
		add("dialect "+d.Name, d.Defects)
		for _, v := range d.Variants {
			add(fmt.Sprintf("dialect %s, variant %s", d.Name, v.Name), v.Defects)
		}
	}
	for _, e := range f.Entries {
		add("`"+e.Name+"`", e.Defects)
		for _, v := range e.Variants {
			add(fmt.Sprintf("`%s`, variant %s", e.Name, v.Name), v.Defects)
		}
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n## Documented defects\n\nWhat the sources send that is not valid. The checker's finding for such a fault is still an error, and names the defect and its source.\n\n| where | defect | rule | element | value | note |\n|---|---|---|---|---|---|\n")
	b.WriteString(strings.Join(rows, "\n") + "\n")
}

// writeCodeSystem writes one code system: its published versions, then
// its concepts with the versions that define them and their displays and
// definitions where these changed.
func writeCodeSystem(b *strings.Builder, cs *catalog.CodeSystem) {
	fmt.Fprintf(b, "### %s\n\n`%s`\n\n", cs.Title, cs.URL)
	if len(cs.Versions) > 0 {
		b.WriteString("| version | published | source |\n|---|---|---|\n")
		for _, v := range cs.Versions {
			src := v.Source
			if v.Note != "" {
				src += " (" + v.Note + ")"
			}
			fmt.Fprintf(b, "| %s | %s | %s |\n", v.Version, v.Date, cell(src))
		}
		b.WriteString("\n")
	}
	versioned := len(cs.Versions) > 1
	if versioned {
		b.WriteString("| code | display | definition | versions |\n|---|---|---|---|\n")
	} else {
		b.WriteString("| code | display | definition |\n|---|---|---|\n")
	}
	for _, c := range cs.Concepts {
		display, def := cell(c.Display), cell(c.Definition)
		for _, e := range c.Earlier {
			in := strings.Join(e.Versions, ", ")
			if e.Display != "" {
				display += fmt.Sprintf(" (%s: %s)", in, cell(e.Display))
			}
			if e.Definition != "" {
				def += fmt.Sprintf(" (%s: %s)", in, cell(e.Definition))
			}
		}
		if versioned {
			versions := "all"
			if len(c.Versions) > 0 {
				versions = strings.Join(c.Versions, ", ")
			}
			if c.Unpublished != "" {
				versions = "none: " + cell(c.Unpublished)
			}
			fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", c.Code, display, def, versions)
		} else {
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", c.Code, display, def)
		}
	}
	b.WriteString("\n")
}

// cell makes text safe inside a markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", " ")
	if s == "" {
		return "–"
	}
	return s
}

// relPath is the slash path to target from the folder dir, both relative to
// the module root, for the link from a reference page to its data; target
// itself when dir is outside the module.
func relPath(dir, target string) string {
	rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(target))
	if err != nil {
		return target
	}
	return filepath.ToSlash(rel)
}
