package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/report"
	"github.com/spinecat/spinecat/validate"
)

const checkUsage = "check [flags] [PATH...]\n\n" +
	"Checks captured responses: raw HTTP (curl -i, curl -v, editors' saved responses), HAR files\n" +
	"(file.har, or file.har#N for one entry), bare .json/.xml bodies with .meta sidecars. A\n" +
	"directory is walked (a .spinecatignore in it lists what to leave out); - reads one capture\n" +
	"from standard input; with no PATH, the sample captures built into spinecat are checked."

// stdinSource is the source of the capture read from standard input.
const stdinSource = "(stdin)"

// failOn maps --fail-on to the findings that fail a capture.
var failOn = map[string]func(r *report.Result) bool{
	"error": func(r *report.Result) bool { return !r.Skipped && !r.Conformant },
	"warning": func(r *report.Result) bool {
		if r.Skipped {
			return false
		}
		for _, f := range r.Findings {
			if f.Severity == validate.Error || f.Severity == validate.Warning {
				return true
			}
		}
		return false
	},
}

// runCheck is "spinecat check".
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkUsage, stderr)
	api := fs.String("api", "", "`"+strings.ReplaceAll(apiNames(), ", ", "|")+"` the API the captures come from (or one a --catalog file describes; a .meta sidecar's api: wins); default: detect")
	format := fs.String("format", "text", "`text|json|junit` the report's format")
	maxBody := fs.Int64("max-body", 0, "the largest body checked, in `BYTES` (default 1 MiB)")
	verbose := fs.Bool("verbose", false, "text format: also print information findings and each capture's request")
	fs.BoolVar(verbose, "v", false, shortFor+"verbose")
	errorsOnly := fs.Bool("errors-only", false, "check only responses with a status of 400 or more (or none): leave out the rest of a browser's HAR")
	var urls listFlag
	fs.Var(&urls, "url", "check only responses to requests whose host or path matches `PATTERN` (api.service.nhs.uk, /FHIR/R4/, *.nhs.uk/x; may be repeated)")
	fail := &choiceFlag{value: "error", choices: []string{"error", "warning"}}
	fs.Var(fail, "fail-on", "`error|warning` exit 1 when a capture has a finding of this severity or worse")
	catalogs := catalogFlag(fs)
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	reg, ok := registry("check", *catalogs, stderr)
	if !ok {
		return exitUsage
	}
	if !checkAPI(reg, *api, stderr) {
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
	stdinPath := false
	for _, p := range paths {
		stdinPath = stdinPath || p == "-"
	}
	if stdinPath && len(paths) > 1 {
		fmt.Fprintf(stderr, "spinecat check: - reads one capture from standard input; give it alone, or save the capture to a file\n")
		return exitUsage
	}
	// Count what the filters leave out, to say so: a filter that leaves out
	// everything is a mistake worth a word.
	var left atomic.Int64
	sel := report.Selection{ErrorsOnly: *errorsOnly, URLs: urls}
	opts := report.CheckOptions{API: *api, MaxBodyBytes: *maxBody, Registry: reg, Select: func(c capture.Capture) bool {
		ok := sel.Match(c)
		if !ok {
			left.Add(1)
		}
		return ok
	}}
	copts := capture.Options{MaxBodyBytes: *maxBody}

	var results []report.Result
	var missing error
	switch {
	case stdinPath:
		results = report.CheckCaptures(capture.ReadFrom(stdinSource, stdin, copts), opts)
	case len(paths) == 0:
		if *format == "text" {
			fmt.Fprintf(stdout, "No PATH given: checking the %d sample captures built into spinecat (spinecat check DIR checks your own).\n", len(sampleNames()))
		}
		results = report.CheckCaptures(sampleCaptures(*maxBody), opts)
	default:
		results, missing = report.CheckPaths(paths, opts)
	}
	if len(results) == 0 {
		what := fmt.Sprintf("no captures found in %v (hidden files, .meta sidecars, README files and what .spinecatignore lists are skipped)", paths)
		if n := left.Load(); n > 0 {
			what = fmt.Sprintf("none of the %d captures in %v matches %s", n, paths, filterNames(sel))
		}
		fmt.Fprintf(stderr, "spinecat check: %s\n", what)
		return exitUsage
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
	if n := left.Load(); n > 0 {
		fmt.Fprintf(stderr, "spinecat check: %d %s left out by %s\n", n, plural(int(n), "capture", "captures"), filterNames(sel))
	}
	if missing != nil {
		for _, err := range unjoin(missing) {
			fmt.Fprintf(stderr, "spinecat check: %v\n", err)
		}
		return exitUsage
	}
	for i := range results {
		if failOn[fail.value](&results[i]) {
			return exitFailed
		}
	}
	return exitOK
}

// filterNames names the filters in use, for messages.
func filterNames(sel report.Selection) string {
	var names []string
	if sel.ErrorsOnly {
		names = append(names, "--errors-only")
	}
	for _, u := range sel.URLs {
		names = append(names, "--url "+u)
	}
	return strings.Join(names, " and ")
}

// unjoin splits an errors.Join error into its errors.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
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
