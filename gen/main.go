package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/spinecat/spinecat/catalog/spec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	check := fl.Bool("check", false, "check the catalogue and write nothing")
	root := fl.String("root", ".", "the repository root")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	paths, err := catalogFiles(*root)
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 2
	}
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "gen: no catalogue files (catalog/*/*.yaml) under %s; run gen from the repository root\n", *root)
		return 2
	}
	set, err := load(*root, paths)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "gen: the catalogue has problems; nothing was written")
		return 1
	}
	if *check {
		n := 0
		for _, f := range set.Files {
			n += len(f.Entries)
		}
		fmt.Fprintf(stdout, "catalogue ok: %d files, %d entries\n", len(set.Files), n)
		return 0
	}
	outs, err := Outputs(set)
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 2
	}
	for _, o := range outs {
		if err := writeIfChanged(filepath.Join(*root, filepath.FromSlash(o.Path)), o.Data); err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 2
		}
	}
	return 0
}

// catalogFiles lists catalog/*/*.yaml under root, relative and sorted.
func catalogFiles(root string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "catalog", "*", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var rel []string
	for _, m := range matches {
		r, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	sort.Strings(rel)
	return rel, nil
}

// load reads the files relative to root, keeping the relative paths in
// problems and generated headers.
func load(root string, paths []string) (*spec.Set, error) {
	var srcs []spec.Source
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, spec.Source{Path: p, Data: data})
	}
	return spec.Load(srcs...)
}

// Output is one generated file, with its path relative to the root.
type Output struct {
	Path string
	Data []byte
}

// Outputs renders every generated file of a loaded catalogue.
func Outputs(set *spec.Set) ([]Output, error) {
	var outs []Output
	for _, f := range set.Files {
		dir := path.Dir(f.Path)
		code, err := Render(set, f)
		if err != nil {
			return nil, err
		}
		doc, err := RenderDoc(f)
		if err != nil {
			return nil, err
		}
		outs = append(outs,
			Output{dir + "/zz_generated.go", code},
			Output{dir + "/doc.go", doc},
			Output{"docs/catalog/" + f.Package + ".md", RenderMarkdown(set, f)},
		)
	}
	return outs, nil
}

func writeIfChanged(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}
