package citation_test

import (
	"bytes"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/citation"
)

// root is the module root, two levels above this package.
const root = "../.."

// pending holds paths whose citations are rewritten separately; remove an
// entry once its files cite public sources.
var pending = []string{}

// quoting holds files that quote unfollowable citations on purpose.
var quoting = []string{"internal/citation/citation.go", "internal/citation/citation_test.go"}

// TestRepositoryCitations reads every text file of the repository (docs,
// godoc and other comments, test messages, catalogues, examples and test
// data) and fails on each citation a reader cannot open. In Go files it
// reads comments and string literals, and does not hold the literals that
// name reference files for the tests that read them to the folder-path rule.
func TestRepositoryCitations(t *testing.T) {
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the module root is not two levels up: %v", err)
	}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		if d.IsDir() {
			// Fuzz corpora are generated inputs, not prose.
			if path != root && (strings.HasPrefix(d.Name(), ".") || rel == "testdata/fuzz" || strings.HasSuffix(rel, "/testdata/fuzz")) {
				return filepath.SkipDir
			}
			return nil
		}
		if skipped(rel) || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
			return nil // not text
		}
		files++
		for _, f := range findings(rel, data) {
			t.Errorf("%s:%d:%d: %q: %s", rel, f.Line, f.Col, f.Text, f.Advice())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Errorf("read only %d text files under %s", files, root)
	}
}

func skipped(rel string) bool {
	if rel == "go.sum" || slices.Contains(quoting, rel) {
		return true
	}
	for _, p := range pending {
		if rel == p || strings.HasPrefix(rel, p) && strings.HasSuffix(p, "/") {
			return true
		}
	}
	return false
}

// findings scans a file: the whole of it, or a Go file's comments and
// string literals.
func findings(rel string, data []byte) []citation.Finding {
	all := citation.Scan(string(data))
	if !strings.HasSuffix(rel, ".go") {
		return all
	}
	comments, literals := goRanges(data)
	var out []citation.Finding
	for _, f := range all {
		switch {
		case within(comments, f):
			out = append(out, f)
		case within(literals, f) && f.Rule != citation.RuleSharedPath:
			out = append(out, f)
		}
	}
	return out
}

type span struct{ start, end int }

func goRanges(src []byte) (comments, literals []span) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return comments, literals
		}
		sp := span{file.Offset(pos), file.Offset(pos) + len(lit)}
		switch tok {
		case token.COMMENT:
			comments = append(comments, sp)
		case token.STRING, token.CHAR:
			literals = append(literals, sp)
		}
	}
}

func within(spans []span, f citation.Finding) bool {
	for _, sp := range spans {
		if f.Offset >= sp.start && f.Offset+len(f.Text) <= sp.end {
			return true
		}
	}
	return false
}
