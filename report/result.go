package report

import (
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/validate"
)

// The rules of the findings the report adds besides the reader's notes
// and the checker's findings.
const (
	// RuleUnreadable is the rule of the finding a capture that could not be
	// read at all carries: a path that does not exist, a file that cannot be
	// opened, a malformed HAR file or status line.
	RuleUnreadable = "capture.unreadable"
	// RuleNotAnError is the rule of the finding of a 1xx, 2xx or 3xx response
	// whose body is not an OperationOutcome (a preflight, a search Bundle, a
	// script): not an error response, so it is skipped.
	RuleNotAnError = "capture.not-an-error"
)

// Result is one checked capture.
type Result struct {
	// Source is the capture's path as given, with "#n" for the n-th response
	// of a HAR file.
	Source string `json:"source"`
	// Status is the HTTP status; 0 when the capture has none.
	Status int `json:"status"`
	// Conformant says that no finding has severity error. A skipped capture
	// is not conformant: it was not checked.
	Conformant bool `json:"conformant"`
	// Skipped says the capture holds nothing to check: a file that is not a
	// capture, a HAR entry with no response, a response that is not an
	// error (a Bundle, a script, a preflight). A finding says why. It counts
	// neither as conformant nor as not.
	Skipped bool `json:"skipped"`
	// API and Dialect are as identified by the checker, or as given.
	API     string `json:"api"`
	Dialect string `json:"dialect"`
	// Issues has one element per OperationOutcome.issue, in order.
	// Params is never nil.
	Issues []validate.Identification `json:"issues"`
	// Findings are the reader's notes, then the checker's findings.
	Findings []validate.Finding `json:"findings"`
	// Request is the request that produced the response, when the capture
	// records it (HAR, raw HTTP with a request section); nil otherwise. It is
	// context for people and is not part of the JSON report.
	Request *capture.Request `json:"-"`
	// BodyEntry names the entry that documents a response without an OperationOutcome
	// (an empty 401, an HTML 500), for the text report; nil otherwise.
	BodyEntry string `json:"-"`
}

// Errors returns the findings of severity error.
func (r *Result) Errors() []validate.Finding {
	var out []validate.Finding
	for _, f := range r.Findings {
		if f.Severity == validate.Error {
			out = append(out, f)
		}
	}
	return out
}

// Summary counts results: Captures = Conformant + Nonconformant + Skipped.
type Summary struct {
	Captures      int `json:"captures"`
	Conformant    int `json:"conformant"`
	Nonconformant int `json:"nonconformant"`
	Skipped       int `json:"skipped"`
}

// Summarize counts the results.
func Summarize(results []Result) Summary {
	s := Summary{Captures: len(results)}
	for i := range results {
		switch {
		case results[i].Skipped:
			s.Skipped++
		case results[i].Conformant:
			s.Conformant++
		default:
			s.Nonconformant++
		}
	}
	return s
}

// skipRules are the rules of the findings that say why a capture was
// skipped.
var skipRules = map[string]bool{capture.RuleNotCapture: true, capture.RuleNoResponse: true, RuleNotAnError: true}

// SkipReason returns the message of the finding that says why the result
// was skipped, or "".
func (r *Result) SkipReason() string {
	if !r.Skipped {
		return ""
	}
	for i := len(r.Findings) - 1; i >= 0; i-- {
		if skipRules[r.Findings[i].Rule] {
			return r.Findings[i].Message
		}
	}
	return ""
}

// skip makes the result skipped, with the finding that says why.
func (r *Result) skip(why string) {
	r.Skipped, r.Conformant = true, false
	r.Findings = append(r.Findings, validate.Finding{Rule: RuleNotAnError, Severity: validate.Information, Location: "HTTP status", Message: why})
}

// newResult builds the result of one capture from its report. rep may be nil
// when the capture was not checked (c.Err is set); a capture with Err is
// non-conformant whatever rep says.
func newResult(c capture.Capture, rep *validate.Report) Result {
	res := Result{Source: c.Source, Status: c.Status, API: c.API, Issues: []validate.Identification{}, Findings: []validate.Finding{}}
	res.Request = c.Request
	for _, n := range c.Notes {
		res.Findings = append(res.Findings, noteFinding(n))
	}
	if c.Err != nil {
		res.Findings = append(res.Findings, unreadable(c.Err))
		res.Conformant = false
		return res
	}
	if c.Skipped {
		res.Skipped = true
		return res
	}
	if rep == nil {
		res.Conformant = true
		for _, f := range res.Findings {
			if f.Severity == validate.Error {
				res.Conformant = false
			}
		}
		return res
	}
	if rep.Status != 0 {
		res.Status = rep.Status
	}
	if rep.API != "" {
		res.API = rep.API
	}
	res.Dialect = rep.Dialect
	for _, is := range rep.Issues {
		p := map[string]string{}
		maps.Copy(p, is.Params)
		is.Params = p
		res.Issues = append(res.Issues, is)
	}
	if rep.BodyEntry != nil {
		res.BodyEntry = rep.BodyEntry.ID()
	}
	res.Findings = append(res.Findings, rep.Findings...)
	// Conformance is the checker's verdict plus any error among the notes
	// (none today: notes map to warning or information).
	res.Conformant = rep.Conformant
	for _, f := range res.Findings {
		if f.Severity == validate.Error {
			res.Conformant = false
		}
	}
	return res
}

// unreadable turns a capture error into a finding with its position.
func unreadable(err error) validate.Finding {
	f := validate.Finding{Rule: RuleUnreadable, Severity: validate.Error, Location: "file", Message: err.Error()}
	var ce *capture.Error
	if errors.As(err, &ce) {
		f.Message = ce.Msg
		switch {
		case ce.Line > 0 && ce.Col > 0:
			f.Location = fmt.Sprintf("line %d:%d", ce.Line, ce.Col)
		case ce.Line > 0:
			f.Location = fmt.Sprintf("line %d", ce.Line)
		}
	}
	return f
}

// noteSeverity says how much each reader note matters. A repair that a
// server could have caused (a byte order mark, UTF-16, a short body) is a
// warning; what a capturing tool does (LF line endings, a skipped 100
// Continue, a decoded chunked body) is information.
var noteSeverity = map[string]validate.Severity{
	capture.RuleBOM:            validate.Warning,
	capture.RuleBodyBOM:        validate.Warning,
	capture.RuleUTF16:          validate.Warning,
	capture.RuleUTF16NoBOM:     validate.Warning,
	capture.RuleBodyCharset:    validate.Warning,
	capture.RuleEmpty:          validate.Information,
	capture.RuleNotCapture:     validate.Information,
	capture.RuleNoResponse:     validate.Information,
	capture.RuleNotesCapped:    validate.Warning,
	capture.RuleTranscript:     validate.Information,
	capture.RuleFileTruncated:  validate.Warning,
	capture.RuleBodyTruncated:  validate.Warning,
	capture.RuleLineEndings:    validate.Information,
	capture.RuleInterim:        validate.Information,
	capture.RuleHeaderSyntax:   validate.Warning,
	capture.RuleNoBlankLine:    validate.Warning,
	capture.RuleChunked:        validate.Information,
	capture.RuleContentCoding:  validate.Information,
	capture.RuleContentLength:  validate.Warning,
	capture.RuleRequestSection: validate.Information,
	capture.RuleHARContent:     validate.Warning,
	capture.RuleMetaUnknownKey: validate.Warning,
	capture.RuleMetaSyntax:     validate.Warning,
	capture.RuleMetaIgnored:    validate.Information,
}

// noteAdvice is added to a note's message where the reader's sentence says
// what was done but not why it matters.
var noteAdvice = map[string]string{
	capture.RuleUTF16:      "FHIR bodies are UTF-8; if the server sent this, clients that expect UTF-8 cannot read it",
	capture.RuleUTF16NoBOM: "FHIR bodies are UTF-8; if the server sent this, clients that expect UTF-8 cannot read it",
	capture.RuleBOM:        "JSON and FHIR bodies must not start with a byte order mark (RFC 8259 §8.1); strict parsers reject it. If an editor added it to the capture, save the file as UTF-8 without BOM",
	capture.RuleBodyBOM:    "JSON and FHIR bodies must not start with a byte order mark (RFC 8259 §8.1); strict parsers reject it",
}

// noteFinding maps a reader note onto a finding with the note's rule.
func noteFinding(n capture.Note) validate.Finding {
	sev, ok := noteSeverity[n.Rule]
	if !ok {
		sev = validate.Information
	}
	msg := n.Message
	if a := noteAdvice[n.Rule]; a != "" {
		msg = strings.TrimSuffix(msg, ".") + ". " + a
	}
	loc := "file"
	switch {
	case n.Line > 0 && n.Col > 0:
		loc = fmt.Sprintf("line %d:%d", n.Line, n.Col)
	case n.Line > 0:
		loc = fmt.Sprintf("line %d", n.Line)
	}
	if n.File != "" {
		if loc == "file" {
			loc = n.File
		} else {
			loc = n.File + " " + loc
		}
	}
	return validate.Finding{Rule: n.Rule, Severity: sev, Location: loc, Message: msg}
}
