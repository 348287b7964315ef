package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spinecat/spinecat/catalog/spec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: gen [-check] [-docs DIR] [FILE.yaml ...]

With no FILE, gen generates the spinecat repository's own catalogue,
catalog/*/*.yaml under -root. With FILEs, it generates a team's own catalogue
in the team's module: the files build on the catalogue spinecat ships (they
name its code systems and dialects, such as spine-r4), and each package's
import path comes from the go.mod above it. Each FILE gets zz_generated.go and
doc.go beside it; -docs DIR also writes DIR/<package>.md, a reference page.

`

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(stderr, usage)
		fl.PrintDefaults()
	}
	check := fl.Bool("check", false, "check the catalogue and write nothing")
	root := fl.String("root", ".", "the repository root, when no FILE is given")
	docs := fl.String("docs", "", "also write each package's reference page to `DIR`/<package>.md")
	if err := fl.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	var (
		j   *job
		err error
	)
	if fl.NArg() == 0 {
		j, err = repositoryJob(*root)
	} else {
		j, err = ownJob(fl.Args())
	}
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 2
	}
	if *docs != "" {
		if err := j.setDocs(*docs); err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 2
		}
	}
	if err := j.load(); err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "gen: the catalogue has problems; nothing was written")
		return 1
	}
	if *check {
		n := 0
		for _, f := range j.set.Files {
			n += len(f.Entries)
		}
		fmt.Fprintf(stdout, "catalogue ok: %d files, %d entries\n", len(j.set.Files), n)
		return 0
	}
	outs, err := j.Outputs()
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 2
	}
	for _, o := range outs {
		if err := writeIfChanged(filepath.Join(j.root, filepath.FromSlash(o.Path)), o.Data); err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 2
		}
	}
	return 0
}

// A job is one run of the generator: the catalogue files of one module,
// that module's path, and what to write.
type job struct {
	root   string   // the module's root folder on disk
	module string   // its module path, from its go.mod
	paths  []string // the catalogue files, relative to root, with "/"
	docs   string   // the reference pages' folder relative to root, with "/"; "" for none
	base   *spec.Set
	set    *spec.Set
}

// repositoryJob is the spinecat repository's own catalogue: catalog/*/*.yaml
// under root, on nothing.
func repositoryJob(root string) (*job, error) {
	module, err := modulePath(root)
	if err != nil {
		return nil, err
	}
	paths, err := catalogFiles(root)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no catalogue files (catalog/*/*.yaml) under %s; run gen from the repository root, or name your own catalogue's files", root)
	}
	return &job{root: root, module: module, paths: paths}, nil
}

// ownJob is a team's own catalogue: the named files, which must be in one
// module, on the catalogue spinecat ships.
func ownJob(files []string) (*job, error) {
	j := &job{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("catalogue file %s: %v", f, err)
		}
		root, err := moduleRoot(filepath.Dir(abs))
		if err != nil {
			return nil, fmt.Errorf("catalogue file %s: %v", f, err)
		}
		if j.root == "" {
			j.root = root
		} else if root != j.root {
			return nil, fmt.Errorf("catalogue file %s is in the module at %s, not in the one at %s; generate each module's catalogue in its own run", f, root, j.root)
		}
		rel, _ := filepath.Rel(root, abs)
		j.paths = append(j.paths, filepath.ToSlash(rel))
	}
	module, err := modulePath(j.root)
	if err != nil {
		return nil, err
	}
	j.module = module
	base, err := shipped()
	if err != nil {
		return nil, err
	}
	j.base = base
	return j, nil
}

// setDocs sets the reference pages' folder, given relative to the working
// directory.
func (j *job) setDocs(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	rootAbs, err := filepath.Abs(j.root)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(rootAbs, abs)
	if err != nil {
		return fmt.Errorf("-docs %s: %v", dir, err)
	}
	j.docs = filepath.ToSlash(rel)
	return nil
}

// load reads and loads the job's files, over the base when there is one.
func (j *job) load() error {
	var srcs []spec.Source
	for _, p := range j.paths {
		data, err := os.ReadFile(filepath.Join(j.root, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		srcs = append(srcs, spec.Source{Path: p, Data: data})
	}
	var opts spec.Options
	if j.base != nil {
		opts.Base = j.base.Registry()
	}
	set, err := spec.LoadWith(opts, srcs...)
	j.set = set
	return err
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

// Output is one generated file, with its path relative to the module root.
type Output struct {
	Path string
	Data []byte
}

// Outputs renders every generated file of the loaded catalogue.
func (j *job) Outputs() ([]Output, error) {
	var outs []Output
	for _, f := range j.set.Files {
		dir := path.Dir(f.Path)
		code, err := j.Render(f)
		if err != nil {
			return nil, err
		}
		doc, err := j.RenderDoc(f)
		if err != nil {
			return nil, err
		}
		outs = append(outs, Output{path.Join(dir, "zz_generated.go"), code}, Output{path.Join(dir, "doc.go"), doc})
		if j.docs != "" {
			outs = append(outs, Output{path.Join(j.docs, f.Package+".md"), j.RenderMarkdown(f)})
		}
	}
	return outs, nil
}

// importPath is the Go import path of a catalogue file's package.
func (j *job) importPath(f *spec.File) string {
	if j.base != nil && slices.Contains(j.base.Files, f) {
		return shippedModule + "/" + path.Dir(f.Path)
	}
	if dir := path.Dir(f.Path); dir != "." {
		return j.module + "/" + dir
	}
	return j.module
}

// writeIfChanged writes data to name unless it holds data already. It never
// overwrites a file the generator did not write: a hand-written doc.go
// beside a catalogue file is a mistake to report, not to lose.
func writeIfChanged(name string, data []byte) error {
	old, err := os.ReadFile(name)
	if err == nil {
		if bytes.Equal(old, data) {
			return nil
		}
		if !generatedBefore(old) {
			return fmt.Errorf("%s exists and was not written by %s; move or remove it (a package comment belongs in the catalogue file's doc)", name, generatedBy)
		}
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// generatedBefore reports whether a file starts with the generator's header,
// as Go or as a Markdown comment.
func generatedBefore(data []byte) bool {
	first, _, _ := strings.Cut(string(data), "\n")
	return strings.Contains(first, "Code generated by "+generatedBy+" ")
}
