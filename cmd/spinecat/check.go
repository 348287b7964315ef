package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spinecat/spinecat/report"
)

const checkUsage = "check [--api NAME] [--format text|json|junit] [--max-body BYTES] [--verbose] [PATH...]"

// runCheck is "spinecat check".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkUsage, stderr)
	api := fs.String("api", "", "the API the captures come from ("+apiNames()+"); a .meta sidecar's api: wins; default: detect")
	format := fs.String("format", "text", "report format: text, json or junit")
	maxBody := fs.Int64("max-body", 0, "largest body checked, in bytes (default 1 MiB)")
	verbose := fs.Bool("verbose", false, "text format: also print information findings and each capture's request")
	fs.BoolVar(verbose, "v", false, "short for --verbose")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if !checkAPI(*api, stderr) {
		return exitUsage
	}
	switch *format {
	case "text", "json", "junit":
	default:
		fmt.Fprintf(stderr, "spinecat check: unknown format %q; use text, json or junit\n", *format)
		return exitUsage
	}
	if *maxBody < 0 {
		fmt.Fprintf(stderr, "spinecat check: --max-body must not be negative\n")
		return exitUsage
	}
	opts := report.CheckOptions{API: *api, MaxBodyBytes: *maxBody}

	var results []report.Result
	if len(paths) == 0 {
		if *format == "text" {
			fmt.Fprintf(stdout, "No PATH given: checking the %d sample captures built into spinecat (spinecat check DIR checks your own).\n", len(sampleNames()))
		}
		results = report.CheckCaptures(sampleCaptures(*maxBody), opts)
	} else {
		// A path that does not exist is a mistake in the command line: say
		// so before any work, rather than after a long run.
		bad := false
		for _, p := range paths {
			if _, err := os.Lstat(p); err != nil {
				fmt.Fprintf(stderr, "spinecat check: %v\n", err)
				bad = true
			}
		}
		if bad {
			return exitUsage
		}
		results, err = report.CheckPaths(paths, opts)
		if err != nil {
			// A path removed while the run went on.
			fmt.Fprintf(stderr, "spinecat check: %v\n", err)
			return exitUsage
		}
		if len(results) == 0 {
			fmt.Fprintf(stderr, "spinecat check: no captures found in %v (hidden files, .meta sidecars and README files are skipped)\n", paths)
			return exitUsage
		}
	}

	switch *format {
	case "json":
		err = report.WriteJSON(stdout, results)
	case "junit":
		err = report.WriteJUnit(stdout, results)
	default:
		err = report.WriteText(stdout, results, report.TextOptions{Color: useColor(stdout), Verbose: *verbose})
	}
	if err != nil {
		fmt.Fprintf(stderr, "spinecat check: writing the report: %v\n", err)
		return exitUsage
	}
	if report.Summarize(results).Nonconformant > 0 {
		return exitFailed
	}
	return exitOK
}

// useColor reports whether w is a terminal and the user has not asked for
// no colour (https://no-color.org).
func useColor(w io.Writer) bool {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
