package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Hostile catalogue files, most generated: each gives exactly the problems
// listed, every one with a line and column, and no more. The work each
// costs is bounded by construction: the budgets on values, bytes and
// nesting of the expanded document.
func TestLoadHostileInput(t *testing.T) {
	const head = "package: shop\ntitle: x\n"
	aliasBomb := func() string {
		var b strings.Builder
		b.WriteString(head + "bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i < 9; i++ {
			fmt.Fprintf(&b, "  a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		}
		return b.String()
	}
	bigAlias := func() string {
		// 100 aliases of a 1 MiB scalar: few values, many bytes.
		return head + "doc: &s " + strings.Repeat("y", 1<<20) + "\nlist: [" + strings.TrimSuffix(strings.Repeat("*s, ", 100), ", ") + "]\n"
	}
	deep := func(n int) string {
		return head + "doc: " + strings.Repeat("{a: ", n) + "1" + strings.Repeat("}", n) + "\n"
	}
	cases := []struct {
		name string
		data string
		want []string
	}{
		{"alias bomb", aliasBomb(), []string{
			"shop/shop.yaml:4:39: the document expands to more than 1000000 values (aliases?); a catalogue file is far smaller"}},
		{"aliases of a large value", bigAlias(), []string{
			"shop/shop.yaml:3:6: the document expands to more than 64 MiB of keys and values (aliases?); a catalogue file is far smaller"}},
		{"nested past the budget", deep(150), []string{
			"shop/shop.yaml:3:406: the document nests more than 100 levels deep here; a catalogue file needs fewer than 10"}},
		{"nested past the parser's limit", deep(20000), []string{
			"shop/shop.yaml:3:40006: exceeded max depth of 10000"}},
		{"NUL", head + "doc: a\x00b\n", []string{
			"shop/shop.yaml:3:7: the file holds the control character U+0000 here, which YAML does not allow; a catalogue file is text: remove it"}},
		{"NUL on a long line after wide characters", head + "doc: " + strings.Repeat("é", 1000) + "\x01\n", []string{
			"shop/shop.yaml:3:1006: the file holds the control character U+0001 here, which YAML does not allow; a catalogue file is text: remove it"}},
		{"escape", head + "doc: \x1b[2J\n", []string{
			"shop/shop.yaml:3:6: the file holds the control character U+001B here, which YAML does not allow; a catalogue file is text: remove it"}},
		{"a second document", head + "---\npackage: other\ntitle: y\n", []string{
			`shop/shop.yaml:3:1: a second YAML document starts here (after "---"); a catalogue file holds one document: merge the two, or move this one to a file of its own`}},
		{"a second document after an end marker", head + "...\n---\ndoc: z\n", []string{
			`shop/shop.yaml:4:1: a second YAML document starts here (after "---"); a catalogue file holds one document: merge the two, or move this one to a file of its own`}},
		{"an empty second document", head + "---\n# nothing more\n", nil},
		{"a bad second document", head + "---\n[\n", []string{
			"shop/shop.yaml:5:1: did not find expected node content"}},
		{"a duplicate key behind many aliases", head + "doc: &d {k: 1, k: 2}\nlist: [" + strings.TrimSuffix(strings.Repeat("*d, ", 500), ", ") + "]\n", []string{
			"shop/shop.yaml:3:6: doc: expected string, but got object",
			`shop/shop.yaml:3:16: key "k" appears twice in this mapping; keep one`,
			`shop/shop.yaml:4:1: document: unknown key "list"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, "shop/shop.yaml", []byte(c.data))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
