package citation_test

import (
	"fmt"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/internal/citation"
)

// TestCatalogueSources checks what explain, the reference pages and the
// checker's messages show: every source of every code system, dialect,
// dialect variant, entry and variant names something a reader can open, and
// no description, note or hint cites what a reader cannot.
func TestCatalogueSources(t *testing.T) {
	reg := all.Registry()
	items := 0
	check := func(owner string, sources []string, texts ...string) {
		items++
		for _, s := range sources {
			if !citation.Followable(s) {
				t.Errorf("%s: source %q names nothing a reader can open: cite owner/repo@<commit>:path, an https:// page, or a page's exact title in quotes with the https:// address of its site (docs/catalog-format.md, \"Sources\")", owner, s)
			}
			texts = append(texts, s)
		}
		for _, text := range texts {
			for _, f := range citation.Scan(text) {
				t.Errorf("%s: %q in %q: %s", owner, f.Text, text, f.Advice())
			}
		}
	}
	for _, cs := range reg.CodeSystems() {
		check("code system "+cs.Name, cs.Sources, cs.Title, cs.Doc)
		for _, v := range cs.Versions {
			var src []string
			if v.Source != "" {
				src = []string{v.Source}
			}
			check(fmt.Sprintf("code system %s version %s", cs.Name, v.Version), src, v.Note)
		}
	}
	defects := func(owner string, ds []catalog.Defect) {
		for _, d := range ds {
			check(owner+" defect "+d.Name, d.Sources, d.Note)
		}
	}
	for _, d := range reg.Dialects() {
		check("dialect "+d.Name, d.Sources, d.Title, d.Doc)
		defects("dialect "+d.Name, d.Defects)
		for _, v := range d.Variants {
			check(fmt.Sprintf("dialect %s variant %s", d.Name, v.Name), v.Sources, v.Note)
			defects(fmt.Sprintf("dialect %s variant %s", d.Name, v.Name), v.Defects)
		}
	}
	for _, e := range reg.Entries() {
		check(e.ID(), e.Sources, e.Description, e.Hint, e.StatusNote, e.CodeNote)
		defects(e.ID(), e.Defects)
		for _, v := range e.Variants {
			check(fmt.Sprintf("%s variant %s", e.ID(), v.Name), v.Sources, v.Note)
			defects(fmt.Sprintf("%s variant %s", e.ID(), v.Name), v.Defects)
		}
	}
	if items < 300 {
		t.Errorf("checked only %d catalogue items", items)
	}
}
