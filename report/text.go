package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/spinecat/spinecat/validate"
)

// TextOptions configures WriteText.
type TextOptions struct {
	// Color writes ANSI colours; the spinecat command asks for them only when
	// standard output is a terminal and NO_COLOR is not set.
	Color bool
	// Verbose also writes information findings and the request of each
	// capture.
	Verbose bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
	ansiBold   = "\x1b[1m"
)

// WriteText writes one line per capture (✓ or ✗, source, status, API and
// dialect, the identified entries; "-" and the reason for a skipped one),
// its error and warning findings indented below it (information too with
// Verbose), and a summary line "N captures: N conformant, N not conformant"
// (", N skipped" when some were). Control characters in file names and
// messages are written escaped, so that no name can forge a line or send
// escape sequences to the terminal; JSON and JUnit keep them exact.
func WriteText(w io.Writer, results []Result, opts TextOptions) error {
	ew := &errWriter{w: w}
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for i := range results {
		r := &results[i]
		status := "---"
		if r.Status != 0 {
			status = fmt.Sprint(r.Status)
		}
		source := quoteUnsafe(r.Source)
		if r.Skipped {
			ew.printf("%s\n", paint(ansiDim, fmt.Sprintf("- %s  %s  skipped: %s", source, status, escapeControls(r.SkipReason(), false))))
			if !opts.Verbose {
				continue
			}
		} else {
			mark := paint(ansiGreen, "✓")
			if !r.Conformant {
				mark = paint(ansiRed, "✗")
			}
			line := fmt.Sprintf("%s %s  %s  %s", mark, source, status, escapeControls(apiDialect(r), false))
			if what := identified(r); what != "" {
				line += "  " + escapeControls(what, false)
			}
			ew.printf("%s\n", line)
		}
		if opts.Verbose && r.Request != nil {
			ew.printf("    %s\n", paint(ansiDim, escapeControls(strings.TrimSpace(r.Request.Method+" "+r.Request.URL), false)))
		}
		for _, f := range r.Findings {
			var sev string
			switch f.Severity {
			case validate.Error:
				sev = paint(ansiRed, "error  ")
			case validate.Warning:
				sev = paint(ansiYellow, "warning")
			default:
				if !opts.Verbose {
					continue
				}
				sev = paint(ansiDim, "info   ")
			}
			msg := escapeControls(f.Message, true)
			if f.Location != "" {
				msg = escapeControls(f.Location, false) + ": " + msg
			}
			// Keep multi-line messages (a stack trace) inside the indent.
			msg = strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\n              ")
			ew.printf("    %s %s %s\n", sev, escapeControls(f.Rule, false), msg)
		}
	}
	s := Summarize(results)
	sum := fmt.Sprintf("%d %s: %d conformant, %d not conformant", s.Captures, plural(s.Captures, "capture", "captures"), s.Conformant, s.Nonconformant)
	if s.Skipped > 0 {
		sum += fmt.Sprintf(", %d skipped", s.Skipped)
	}
	ew.printf("%s\n", paint(ansiBold, sum))
	return ew.err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// apiDialect is "api/dialect", with "?" for what is unknown.
func apiDialect(r *Result) string {
	api, d := r.API, r.Dialect
	if api == "" {
		api = "?"
	}
	if d == "" {
		d = "?"
	}
	return api + "/" + d
}

// identified lists the entries of the issues (or the unidentified codes),
// or the entry that documents a body without an OperationOutcome.
func identified(r *Result) string {
	var parts []string
	for _, is := range r.Issues {
		switch {
		case is.Entry != "":
			parts = append(parts, is.Entry)
		case is.Code != "":
			parts = append(parts, fmt.Sprintf("%q?", is.Code))
		default:
			parts = append(parts, "(no code)")
		}
	}
	if len(parts) == 0 && r.BodyEntry != "" {
		parts = append(parts, r.BodyEntry)
	}
	return strings.Join(parts, ", ")
}

// errWriter keeps the first write error so the writers can report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
