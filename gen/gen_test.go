package main

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden loads each case under testdata: a bad catalogue must give
// exactly the problems in want.txt; a good one must generate exactly the
// files stored beside it.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range cases {
		if filepath.Base(dir) == "own" {
			continue // a module of its own: TestOwnGolden
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			j := testJob(t, dir)
			err := j.load()
			wantFile := filepath.Join(dir, "want.txt")
			if _, statErr := os.Stat(wantFile); statErr == nil || err != nil {
				got := ""
				if err != nil {
					got = err.Error() + "\n"
				}
				golden(t, wantFile, []byte(got))
				return
			}
			outs, err := j.Outputs()
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outs {
				golden(t, filepath.Join(dir, filepath.FromSlash(o.Path)), o.Data)
			}
		})
	}
}

// testJob is the job for a repository-shaped folder of test catalogue files
// (catalog/*/*.yaml), generated as if it were the spinecat module, with
// reference pages under docs/catalog as go generate writes them.
func testJob(t *testing.T, dir string) *job {
	t.Helper()
	paths, err := catalogFiles(dir)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no catalogue files in %s: %v", dir, err)
	}
	return &job{root: dir, module: shippedModule, paths: paths, docs: "docs/catalog"}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./gen -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got; go test ./gen -update rewrites it):\n%s", path, diff)
	}
}

// TestBadCatalogueReportsEveryKind checks that one run reports many
// distinct kinds of mistake, each with a line and column.
func TestBadCatalogueReportsEveryKind(t *testing.T) {
	err := testJob(t, "testdata/bad").load()
	ps, ok := err.(spec.Problems)
	if !ok {
		t.Fatalf("load error = %v, want spec.Problems", err)
	}
	kinds := map[string]bool{}
	for _, p := range ps {
		if p.Line == 0 || p.Col == 0 {
			t.Errorf("problem without a position: %s", p)
		}
		msg := p.Msg[strings.Index(p.Msg, ": ")+2:]
		kinds[strings.Fields(msg)[0]+" "+strings.Fields(msg)[1]] = true
	}
	if len(ps) < 10 || len(kinds) < 10 {
		t.Errorf("got %d problems of %d kinds, want at least 10 of 10: %v", len(ps), len(kinds), kinds)
	}
}

// TestCommittedUpToDate renders the repository's own catalogue in process
// and compares it with the committed generated files.
func TestCommittedUpToDate(t *testing.T) {
	root := filepath.Join("..")
	j := testJob(t, root)
	if err := j.load(); err != nil {
		t.Fatalf("the committed catalogue has problems:\n%v", err)
	}
	outs, err := j.Outputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(o.Path)))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", o.Path, err)
			continue
		}
		if !bytes.Equal(got, o.Data) {
			t.Errorf("%s is stale: run go generate ./... and commit the result", o.Path)
		}
	}
}

// TestHeaderIsGenerated checks that go/ast.IsGenerated accepts every
// generated Go file, golden and committed.
func TestHeaderIsGenerated(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/catalog/*/*.go")
	own, _ := filepath.Glob("testdata/own/*/*.go")
	files = append(files, own...)
	committed, _ := filepath.Glob("../catalog/*/zz_generated.go")
	files = append(files, committed...)
	if len(files) == 0 {
		t.Fatal("no generated files found")
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !ast.IsGenerated(f) {
			t.Errorf("%s: go/ast.IsGenerated does not accept its header", name)
		}
	}
}

const e2eProgram = `package main

import (
	"errors"
	"fmt"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/shop"
)

func main() {
	err := fmt.Errorf("handler: %w", shop.OutOfStockAtStore("apple", 3))
	fmt.Println(errors.Is(err, shop.ErrOutOfStockAtStore), errors.Is(err, shop.ErrAccessDenied), catalog.HTTPStatus(err))
	oo := shop.OutOfStockAtStore("pear", 12).OperationOutcome()
	fmt.Println(oo.Issue[0].Diagnostics, oo.Issue[0].Details.Coding[0].Display, oo.Meta.Profile[0])
	back := shop.Registry().FromOutcome(404, oo, catalog.Evidence{})
	p, ok := shop.OutOfStockAtStoreParamsOf(back)
	fmt.Println(ok, p.Item, p.StoreCount, errors.Is(back, shop.ErrOutOfStockAtStore))
	fmt.Println(shop.EmptyUnauthorised().OperationOutcome() == nil, catalog.HTTPStatus(shop.AccessDenied()))
	api, ok := shop.Registry().API("shop")
	fmt.Println(ok, api == shop.API, catalog.APIOf(shop.ErrAccessDenied.Entry()) == shop.API, len(api.Rules), api.Surface("/x").Serves(shop.DialectShopSTU3))
	wm := shop.WrongMethod("PATCH", "customer")
	wp, ok := shop.WrongMethodParamsOf(shop.Registry().FromOutcome(403, wm.OperationOutcome(), catalog.Evidence{}))
	fmt.Println(wm.Display(), wm.OperationOutcome().Issue[0].Details.Coding[0].Version, ok, wp.Verb, wp.AccessMode)
}
`

// TestEndToEnd compiles and runs a program that uses the golden generated
// packages, placed into the module with a build overlay so nothing is
// written into the source tree.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	replace := map[string]string{}
	add := func(target, content string) {
		src := filepath.Join(tmp, strings.ReplaceAll(target, string(filepath.Separator), "_"))
		if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, target)] = src
	}
	for _, pkg := range []string{"core", "shop"} {
		for _, f := range []string{"zz_generated.go", "doc.go"} {
			data, err := os.ReadFile(filepath.Join("testdata", "good", "catalog", pkg, f))
			if err != nil {
				t.Fatal(err)
			}
			add(filepath.Join("catalog", pkg, f), string(data))
		}
	}
	add(filepath.Join("internal", "e2eprogram", "main.go"), e2eProgram)
	var ov strings.Builder
	ov.WriteString(`{"Replace":{`)
	first := true
	for k, v := range replace {
		if !first {
			ov.WriteString(",")
		}
		first = false
		ov.WriteString(`"` + filepath.ToSlash(k) + `":"` + filepath.ToSlash(v) + `"`)
	}
	ov.WriteString("}}")
	overlay := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlay, []byte(ov.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "-overlay", overlay, "./internal/e2eprogram")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	want := "true false 404\n" +
		"Item pear is out of stock at 12 stores Out of stock https://example.org/StructureDefinition/Shop-OperationOutcome-1\n" +
		"true pear 12 true\n" +
		"true 500\n" +
		"true true true 6 true\n" +
		"Cannot PATCH with a customer token 1 true PATCH customer\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("program output (-want +got):\n%s", diff)
	}
}

// TestOwnGolden generates a team's own catalogue, in a module of its own
// (testdata/own, module example.org/ward), as the generator does when named
// its files: two files, one naming the other's code system and the shipped
// catalogue's code system and dialect, with reference pages asked for.
func TestOwnGolden(t *testing.T) {
	j, err := ownJob([]string{"testdata/own/ward/ward.yaml", "testdata/own/codes/codes.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.setDocs("testdata/own/docs"); err != nil {
		t.Fatal(err)
	}
	if err := j.load(); err != nil {
		t.Fatal(err)
	}
	outs, err := j.Outputs()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, o := range outs {
		paths = append(paths, o.Path)
		golden(t, filepath.Join("testdata", "own", filepath.FromSlash(o.Path)), o.Data)
	}
	want := []string{"ward/zz_generated.go", "ward/doc.go", "docs/ward.md", "codes/zz_generated.go", "codes/doc.go", "docs/codes.md"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}
