package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/report"
)

const listUsage = "list [--api NAME] [--rules] [--format text|json|markdown] [--catalog FILE]..."

// runList is "spinecat list".
func runList(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("list", listUsage, stderr)
	api := fs.String("api", "", "`"+strings.ReplaceAll(apiNames(), ", ", "|")+"` list only this API's entries (or those of an API a --catalog file describes)")
	format := fs.String("format", "text", "`text|json|markdown` the output's format")
	rules := fs.Bool("rules", false, "list the checker's rules instead of the catalogue")
	catalogs := catalogFlag(fs)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "spinecat list: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	reg, ok := registry("list", *catalogs, stderr)
	if !ok {
		return exitUsage
	}
	if !checkAPI(reg, *api, stderr) {
		return exitUsage
	}
	if *rules {
		if err := listRules(stdout, *format); err != nil {
			fmt.Fprintf(stderr, "spinecat list: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	var entries []*catalog.Entry
	for _, e := range reg.Entries() {
		if *api == "" || e.API == *api {
			entries = append(entries, e)
		}
	}
	switch *format {
	case "text":
		err = listText(stdout, entries)
	case "json":
		err = listJSON(stdout, entries)
	case "markdown", "md":
		err = listMarkdown(stdout, entries)
	default:
		fmt.Fprintf(stderr, "spinecat list: unknown format %q; use text, json or markdown\n", *format)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "spinecat list: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// listEntry is one entry in the JSON listing.
type listEntry struct {
	ID          string `json:"id"`
	API         string `json:"api"`
	Dialect     string `json:"dialect"`
	Status      int    `json:"status"`
	Body        string `json:"body"`
	Severity    string `json:"severity"`
	IssueType   string `json:"issueType"`
	System      string `json:"system"`
	Code        string `json:"code"`
	Display     string `json:"display"`
	Diagnostics string `json:"diagnostics"`
}

func toListEntry(e *catalog.Entry) listEntry {
	return listEntry{
		ID: e.ID(), API: e.API, Dialect: e.Dialect.Name, Status: e.Status, Body: string(e.Body),
		Severity: string(e.Severity), IssueType: string(e.IssueType), System: e.SystemURL(),
		Code: e.Code, Display: e.Display, Diagnostics: templateText(e),
	}
}

func templateText(e *catalog.Entry) string {
	if e.Diagnostics == nil {
		return ""
	}
	return e.Diagnostics.String()
}

func statusCell(s int) string {
	if s == 0 {
		return "-"
	}
	return fmt.Sprint(s)
}

// codeCell is the code, or what the body is when it is not an
// OperationOutcome.
func codeCell(e *catalog.Entry) string {
	if e.Body != catalog.BodyOperationOutcome && e.Body != "" {
		return "(" + string(e.Body) + " body)"
	}
	if e.Code == "" {
		return "(no code)"
	}
	return e.Code
}

func listText(w io.Writer, entries []*catalog.Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ENTRY\tSTATUS\tSEVERITY\tISSUE-TYPE\tSYSTEM\tCODE\tDISPLAY\tDIAGNOSTICS")
	for _, e := range entries {
		sys := "-"
		if e.System != nil {
			sys = e.System.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID(), statusCell(e.Status), dash(string(e.Severity)),
			dash(string(e.IssueType)), sys, codeCell(e), dash(e.Display), dash(oneLine(templateText(e))))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d entries. SYSTEM is the code system's catalogue name; spinecat list --format json gives the URLs.\n", len(entries))
	return err
}

func listJSON(w io.Writer, entries []*catalog.Entry) error {
	out := make([]listEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, toListEntry(e))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func listMarkdown(w io.Writer, entries []*catalog.Entry) error {
	ew := &errWriter{w: w}
	api := ""
	for _, e := range entries {
		if e.API != api {
			if api != "" {
				ew.printf("\n")
			}
			api = e.API
			ew.printf("## %s\n\n", api)
			ew.printf("| entry | status | severity | issue-type | system | code | display | diagnostics |\n")
			ew.printf("|---|---|---|---|---|---|---|---|\n")
		}
		ew.printf("| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", e.ID(), statusCell(e.Status), dash(string(e.Severity)),
			dash(string(e.IssueType)), mdCell(e.SystemURL()), mdCell(codeCell(e)), mdCell(e.Display), mdCell(templateText(e)))
	}
	return ew.err
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }

// mdCell escapes a table cell: pipes, newlines, and markup that a renderer
// would interpret.
func mdCell(s string) string {
	if s == "" {
		return "-"
	}
	r := strings.NewReplacer("|", `\|`, "\n", "<br>", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`)
	return r.Replace(s)
}

// errWriter keeps the first write error.
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

// listRules prints report.Rules: what each finding's rule id means, the
// capture reader's and the checker's.
func listRules(w io.Writer, format string) error {
	rules := report.Rules()
	switch format {
	case "text":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "LAYER\tRULE\tFIRES WHEN")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Layer, r.ID, r.Description)
		}
		return tw.Flush()
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rules)
	case "markdown", "md":
		fmt.Fprintln(w, "| layer | rule | fires when |\n|---|---|---|")
		for _, r := range rules {
			fmt.Fprintf(w, "| %s | `%s` | %s |\n", r.Layer, r.ID, strings.ReplaceAll(r.Description, "|", "\\|"))
		}
		return nil
	}
	return fmt.Errorf("unknown format %q; use text, json or markdown", format)
}
