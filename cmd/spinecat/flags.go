package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/internal/flagtext"
)

// newFlagSet returns a flag set that reports to stderr, does not exit, and
// prints its flags in the --flag form the documentation uses.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: spinecat %s\n", usage)
		printFlags(stderr, fs)
	}
	return fs
}

// shortFor is how the usage of a one-letter alias starts ("short for
// --verbose"); printFlags prints the alias beside its long flag.
const shortFor = flagtext.ShortFor

// printFlags prints the flags in the --flag form, as every spinecat command
// does.
func printFlags(w io.Writer, fs *flag.FlagSet) { flagtext.Print(w, fs) }

// parseInterleaved parses flags wherever they are among the arguments
// ("check dir --format json" as well as "check --format json dir"), and
// returns the other arguments in order. "--" ends the flags; a lone "-"
// is an argument (standard input).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// flag stops at "--" (consumed) or at the first non-flag.
		if consumedDashDash(args, rest) {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// consumedDashDash reports whether Parse stopped at a "--" terminator: the
// argument just before the remaining ones is "--".
func consumedDashDash(args, rest []string) bool {
	i := len(args) - len(rest)
	return i > 0 && args[i-1] == "--"
}

// errHelp is returned for -h so the caller can exit 0.
var errHelp = flag.ErrHelp

// usageExit maps a flag parsing error to an exit status: 0 for -h (the
// usage is already printed), 2 otherwise.
func usageExit(err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	return exitUsage
}

// apiNames lists the APIs spinecat ships, for help texts.
func apiNames() string { return strings.Join(all.Registry().APINames(), ", ") }

// checkAPI reports whether name is an API of reg ("" is fine).
func checkAPI(reg *catalog.Registry, name string, stderr io.Writer) bool {
	if _, ok := reg.API(name); name == "" || ok {
		return true
	}
	fmt.Fprintf(stderr, "spinecat: unknown API %q; the APIs are: %s\n", name, strings.Join(reg.APINames(), ", "))
	return false
}

// listFlag is a flag that may be given more than once ("--url a --url b").
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// choiceFlag is a string flag with a fixed set of values.
type choiceFlag struct {
	value   string
	choices []string
}

func (c *choiceFlag) String() string { return c.value }
func (c *choiceFlag) Set(v string) error {
	if !slices.Contains(c.choices, v) {
		return fmt.Errorf("%q is not one of %s", v, strings.Join(c.choices, ", "))
	}
	c.value = v
	return nil
}
