package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/spec"
)

// catalogUsage is the help of --catalog, the same in every command.
const catalogUsage = "also load the catalogue `FILE`, a team's own API in YAML on the shipped catalogue (docs/own-catalog.md); may be repeated"

// catalogFlag adds --catalog FILE, repeatable, to a command's flags.
func catalogFlag(fs *flag.FlagSet) *listFlag {
	var files listFlag
	fs.Var(&files, "catalog", catalogUsage)
	return &files
}

// registry returns the shipped catalogue extended with the --catalog files,
// loaded with catalog/spec so that they name the shipped code systems and
// dialects as their own. A mistake in a file is printed as file:line:col:
// message, every one, and ok is false.
func registry(cmd string, files []string, stderr io.Writer) (reg *catalog.Registry, ok bool) {
	if len(files) == 0 {
		return all.Registry(), true
	}
	reg, err := spec.Extend(all.Registry(), files...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "spinecat %s: the --catalog files have problems (above); fix them and run again\n", cmd)
		return nil, false
	}
	return reg, true
}
