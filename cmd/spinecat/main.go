package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit statuses.
const (
	exitOK       = 0
	exitFailed   = 1 // a capture is not conformant; explain found nothing
	exitUsage    = 2 // bad usage, or an I/O error
	usageSummary = `spinecat checks error responses of NHS Spine-style FHIR APIs (NRL, NRLF, e-RS).

Usage:
  spinecat check [--api NAME] [--format text|json|junit] [--max-body BYTES] [--verbose] [PATH...]
        check captured responses (raw HTTP, HAR, bare .json/.xml bodies with .meta
        sidecars); with no PATH, check the sample captures built into spinecat
  spinecat list [--api NAME] [--format text|json|markdown]
        print the catalogue of documented errors
  spinecat explain CODE|ENTRY
        everything known about an error code or catalogue entry, with an example body
  spinecat serve [flags]
        serve a mock of an API's error responses
  spinecat version
        print the version
  spinecat help [COMMAND]
        print this help, or a command's flags

Exit status: 0 conformant, 1 not conformant (or nothing found), 2 usage or I/O error.
`
)

// run is the whole command, testable in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	_ = stdin // no command reads standard input yet
	if len(args) == 0 {
		fmt.Fprint(stderr, usageSummary)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(rest, stdout, stderr)
	case "list":
		return runList(rest, stdout, stderr)
	case "explain":
		return runExplain(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "spinecat", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" && !strings.HasPrefix(rest[0], "-") {
			return run([]string{rest[0], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usageSummary)
		return exitOK
	default:
		fmt.Fprintf(stderr, "spinecat: unknown command %q\n\n%s", cmd, usageSummary)
		return exitUsage
	}
}

// version is the module version the binary was built from ("(devel)" in a
// work tree), with the VCS revision when the toolchain recorded one.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
