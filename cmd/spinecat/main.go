package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit statuses, stated for users once, in usageSummary.
const (
	exitOK     = 0
	exitFailed = 1 // a capture is not conformant; explain found nothing; serve failed
	exitUsage  = 2 // bad usage, a path that does not exist, no captures, or an I/O error
)

const usageSummary = `spinecat checks error responses of NHS Spine-style FHIR APIs
(NRL, NRLF, e-RS and its Patient Care API, PDS FHIR, GP Connect, EPS).

Usage:
  spinecat check [flags] [PATH...]    check captured responses (raw HTTP, curl -v, HAR, bare
                                      bodies with .meta sidecars; - for standard input); with no
                                      PATH, check the sample captures built into spinecat
  spinecat list [flags]               print the catalogue of documented errors, or the rules
  spinecat explain CODE|ENTRY         everything known about an error code or catalogue entry
  spinecat serve [flags]              serve a mock of an API's error responses
  spinecat completion bash|zsh|fish   print a shell completion script
  spinecat version                    print the version (also --version)
  spinecat help [COMMAND]             print this help, or a command's flags

Exit status:
  0  success: every capture checked is conformant (skipped captures do not count)
  1  a capture is not conformant (or has a warning, with check --fail-on warning);
     explain found no such code; serve failed
  2  a usage error, a PATH that does not exist, no captures found, or an I/O error
`

// run is the whole command, testable in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageSummary)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return runCheck(rest, stdin, stdout, stderr)
	case "list":
		return runList(rest, stdout, stderr)
	case "explain":
		return runExplain(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "completion":
		return runCompletion(rest, stdout, stderr)
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

// version is the module version the binary was built from, from its build
// information: a release tag when installed with go install …@version, a
// pseudo-version or "(devel)" when built in a work tree, then the VCS
// revision (with "+modified" for uncommitted changes) and the Go release.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: the binary has no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var extra []string
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		rev = rev[:min(len(rev), 12)]
		if settings["vcs.modified"] == "true" {
			rev += "+modified"
		}
		extra = append(extra, rev)
	}
	extra = append(extra, bi.GoVersion)
	return v + " (" + strings.Join(extra, ", ") + ")"
}
