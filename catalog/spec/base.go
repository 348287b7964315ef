package spec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spinecat/spinecat/catalog"
)

// Options configures LoadWith and LoadFilesWith.
type Options struct {
	// Base is a catalogue the files build on, such as all.Registry(), the
	// one spinecat ships: the files name its code systems and dialects
	// ("spine-r4", "ers-r4-backend") as they name their own, and may not
	// define a code system, dialect or api of the same name (or a code
	// system at the same URL). Nil for none.
	Base *catalog.Registry
	// AnyFolder says the files are loaded to be used, not generated into Go
	// packages, so a file's package need not equal its folder's name.
	AnyFolder bool
}

// LoadWith is Load over a base catalogue. The Set holds only the files'
// own code systems, dialects and entries; their entries point at the
// base's code systems and dialects where they name them.
func LoadWith(opts Options, srcs ...Source) (*Set, error) {
	l := newLoader()
	l.anyFolder = opts.AnyFolder
	if b := opts.Base; b != nil {
		for _, cs := range b.CodeSystems() {
			l.baseSystems[cs] = true
			if cs.Name != "" {
				l.systems[cs.Name] = cs
			}
		}
		for _, d := range b.Dialects() {
			l.baseDialects[d] = true
			l.dialects[d.Name] = d
		}
		for _, name := range b.APINames() {
			l.baseAPIs[name] = true
		}
	}
	return l.load(srcs)
}

// LoadFilesWith reads catalogue files from disk and loads them over a base
// catalogue, as LoadWith does. A file that cannot be read is a problem like
// any other.
func LoadFilesWith(opts Options, paths ...string) (*Set, error) {
	var srcs []Source
	var probs Problems
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			probs = append(probs, Problem{File: p, Msg: "cannot read the file (" + readError(err) + "); check that it exists and is readable"})
			continue
		}
		srcs = append(srcs, Source{Path: filepath.ToSlash(p), Data: data})
	}
	set, err := LoadWith(opts, srcs...)
	if len(probs) > 0 {
		if ps, ok := err.(Problems); ok {
			probs = append(probs, ps...)
		}
		return set, probs.sorted()
	}
	return set, err
}

// readError says why a file could not be read, without repeating its name.
func readError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Extend loads catalogue files over base and returns one registry of both:
// what "spinecat check --catalog FILE" checks against. On any mistake in
// the files it returns Problems, every one as file:line:col: message, and
// no registry.
func Extend(base *catalog.Registry, paths ...string) (*catalog.Registry, error) {
	set, err := LoadFilesWith(Options{Base: base, AnyFolder: true}, paths...)
	if err != nil {
		return nil, err
	}
	if base == nil {
		return set.Registry(), nil
	}
	return catalog.Merge(base, set.Registry()), nil
}

// inBase says, for a problem message, that a name belongs to the base
// catalogue rather than to another of the files.
func (l *loader) inBase(what, name string) string {
	return fmt.Sprintf("%s %q is defined by the catalogue these files build on; use it by its name, or give yours another name", what, name)
}
