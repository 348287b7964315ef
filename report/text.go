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
// dialect, the identified entries), its error and warning findings indented
// below it (information too with Verbose), and a summary line
// "N captures: N conformant, N not conformant".
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
		mark := paint(ansiGreen, "✓")
		if !r.Conformant {
			mark = paint(ansiRed, "✗")
		}
		status := "---"
		if r.Status != 0 {
			status = fmt.Sprint(r.Status)
		}
		line := fmt.Sprintf("%s %s  %s  %s", mark, r.Source, status, apiDialect(r))
		if what := identified(r); what != "" {
			line += "  " + what
		}
		ew.printf("%s\n", line)
		if opts.Verbose && r.Request != nil {
			ew.printf("    %s\n", paint(ansiDim, strings.TrimSpace(r.Request.Method+" "+r.Request.URL)))
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
			msg := f.Message
			if f.Location != "" {
				msg = f.Location + ": " + msg
			}
			// Keep multi-line messages (a stack trace) inside the indent.
			msg = strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\n              ")
			ew.printf("    %s %s %s\n", sev, f.Rule, msg)
		}
	}
	s := Summarize(results)
	sum := fmt.Sprintf("%d %s: %d conformant, %d not conformant", s.Captures, plural(s.Captures, "capture", "captures"), s.Conformant, s.Nonconformant)
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
