package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/spinecat/spinecat/validate"
)

// The JUnit XML schema as Jenkins, GitLab, GitHub test reporters and
// Azure DevOps read it: testsuites > testsuite > testcase > failure.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// junitText is element content written as CDATA, so that findings read as
// they are in the file (newlines, quotes), not as character references.
type junitText struct {
	Text string `xml:",cdata"`
}

// WriteJUnit writes the results as JUnit XML: one testsuite named
// "spinecat check", one testcase per capture (named by its source, with the
// directory of the source as classname so that dashboards group captures by
// folder). A non-conformant capture has a failure that carries its error
// findings, one a line; a capture that could not be read (a missing path, a
// malformed file) has an error instead, as JUnit marks a test that could
// not run; a skipped capture has skipped, with the reason. Warnings, and
// the API and dialect, go to system-out. Times are 0 so that the file is
// deterministic.
func WriteJUnit(w io.Writer, results []Result) error {
	s := Summarize(results)
	suite := junitSuite{Name: "spinecat check", Tests: s.Captures, Skipped: s.Skipped, Time: "0"}
	for i := range results {
		r := &results[i]
		c := junitCase{Name: xmlSafe(r.Source), Classname: xmlSafe(classname(r.Source)), Time: "0"}
		var out strings.Builder
		fmt.Fprintf(&out, "status %s, %s", statusText(r.Status), apiDialect(r))
		if id := identified(r); id != "" {
			fmt.Fprintf(&out, ", %s", id)
		}
		out.WriteString("\n")
		for _, f := range r.Findings {
			if f.Severity == validate.Warning {
				fmt.Fprintf(&out, "warning %s\n", findingLine(f))
			}
		}
		c.SystemOut = &junitText{Text: xmlSafe(out.String())}
		switch {
		case r.Skipped:
			c.Skipped = &junitSkipped{Message: xmlSafe(r.SkipReason())}
		case !r.Conformant:
			errs := r.Errors()
			var text strings.Builder
			rules := make([]string, 0, len(errs))
			unreadable := false
			for _, f := range errs {
				fmt.Fprintf(&text, "%s\n", findingLine(f))
				rules = append(rules, f.Rule)
				unreadable = unreadable || f.Rule == RuleUnreadable
			}
			f := &junitFailure{
				Message: fmt.Sprintf("%d %s: %s", len(errs), plural(len(errs), "error", "errors"), strings.Join(uniq(rules), ", ")),
				Type:    "nonconformant",
				Text:    xmlSafe(text.String()),
			}
			if unreadable {
				f.Type = "unreadable"
				c.Error = f
				suite.Errors++
			} else {
				c.Failure = f
				suite.Failures++
			}
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "spinecat", Tests: s.Captures, Failures: suite.Failures, Errors: suite.Errors, Time: "0", Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// findingLine is "rule location: message".
func findingLine(f validate.Finding) string {
	if f.Location == "" {
		return f.Rule + " " + f.Message
	}
	return f.Rule + " " + f.Location + ": " + f.Message
}

func statusText(s int) string {
	if s == 0 {
		return "none"
	}
	return fmt.Sprint(s)
}

// classname is the source's directory in the dotted form JUnit readers
// expect ("testdata.captures.nrl"), or "spinecat" for a bare file name.
func classname(source string) string {
	src, _, _ := strings.Cut(source, "#")
	dir := path.Dir(strings.ReplaceAll(src, "\\", "/"))
	dir = strings.Trim(strings.ReplaceAll(dir, "/", "."), ".")
	if dir == "" {
		return "spinecat"
	}
	return dir
}

// xmlSafe replaces the characters XML 1.0 cannot carry, even in CDATA
// (control characters, invalid UTF-8), with U+FFFD, as encoding/xml does
// for attributes and character data.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == utf8.RuneError, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
