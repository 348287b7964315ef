package spinecat_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog/all"
)

// An API is data: outside catalog/ no Go code names an API, switches on
// one, or imports a catalogue package other than catalog/all (and
// catalog/spec, the loader). Tests may, and so may the example programs
// (a user's code calls its API's constructors); the benchmark fixtures
// import catalogue packages for their constructors, but name no API.
func TestNoAPINamesOutsideTheCatalogue(t *testing.T) {
	names := all.Registry().APINames()
	if len(names) == 0 {
		t.Fatal("the registry holds no API")
	}
	skip := map[string]bool{".git": true, "catalog": true, "examples": true, "testdata": true}
	mayImport := map[string]bool{"bench": true}
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[d.Name()] && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if mayImport[filepath.Dir(path)] {
				break
			}
			if rest, ok := strings.CutPrefix(p, "github.com/spinecat/spinecat/catalog/"); ok && rest != "all" && rest != "spec" {
				t.Errorf("%s imports %s: take a catalog.API or a registry (catalog/all) instead", fset.Position(imp.Pos()), p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if _, ok := n.(*ast.ImportSpec); ok {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, name := range names {
				if s == name || strings.HasPrefix(s, name+".") || strings.HasPrefix(s, name+"-") {
					t.Errorf("%s: the string %q names the API %q; describe the behaviour in its catalogue instead", fset.Position(lit.Pos()), s, name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Errorf("checked only %d files; is the test run from the module root?", checked)
	}
}
