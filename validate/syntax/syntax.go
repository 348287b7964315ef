package syntax

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
)

// The rule ids of the problems this package reports.
const (
	// RuleEmpty: the body is empty or holds only whitespace.
	RuleEmpty = "syntax.empty"
	// RuleBOM: the body starts with a UTF-8 byte order mark, which JSON
	// forbids and strict parsers (encoding/json among them) reject. Not
	// reported for XML, which allows it.
	RuleBOM = "syntax.bom"
	// RuleUTF16: the body is UTF-16 (a UTF-16 byte order mark, or ASCII
	// text interleaved with NUL bytes).
	RuleUTF16 = "syntax.utf16"
	// RuleTypographicQuotes: a typographic quote (U+201C, U+201D, U+2018 or
	// U+2019) stands where a JSON or XML quote belongs.
	RuleTypographicQuotes = "syntax.typographic-quotes"
	// RuleTrailingComma: a comma directly before } or ].
	RuleTrailingComma = "syntax.trailing-comma"
	// RuleTruncated: the body ends while an object, array, string or XML
	// element is still open.
	RuleTruncated = "syntax.truncated"
	// RuleHTML: the body is an HTML page.
	RuleHTML = "syntax.html"
	// RuleJSON: any other JSON syntax error.
	RuleJSON = "syntax.json"
	// RuleXML: any other XML well-formedness error.
	RuleXML = "syntax.xml"
	// RuleTemplate: an unrendered template placeholder such as {{code}},
	// ${code}, %code# (Apigee) or {request.header.x} (Apigee).
	RuleTemplate = "syntax.template"
)

// Problem is one thing wrong with the syntax of a body.
type Problem struct {
	// Rule is the rule id, one of the Rule constants.
	Rule string
	// Line and Col are the 1-based position of the problem. Col counts
	// characters (runes), not bytes; a leading byte order mark is not
	// counted. A problem at the end of the body is placed just after its
	// last character.
	Line, Col int
	// Offset is the 0-based byte offset of the problem in the body.
	Offset int
	// Message says what was found, where, and what to do.
	Message string
}

// String returns "line:col: rule: message".
func (p Problem) String() string {
	return fmt.Sprintf("%d:%d: %s: %s", p.Line, p.Col, p.Rule, p.Message)
}

// finding is a Problem with whether it stops a parser.
type finding struct {
	Problem
	fatal bool
}

// Check returns every syntax problem it finds in body, ordered by offset, or
// nil if there is none.
//
// Beyond the first error, Check repairs the mechanical mistakes it
// recognises (a byte order mark, typographic quotes, trailing commas) in a
// private copy and parses again, so that one run lists all of them; any
// other error ends the scan. Check also reports template placeholders found
// inside an otherwise well-formed body (such as "code": "{{issueType}}"):
// those do not stop a parser, so Diagnose ignores them.
func Check(body []byte) []Problem {
	_, all := Analyze(body)
	return all
}

// Diagnose returns nil when body is well-formed JSON or XML (and not an HTML
// page), and otherwise the one problem that best explains why it is not.
// That is the first problem in Check's order that stops a parser, except
// that a byte order mark is returned only when it is the sole such problem
// (removing it alone then makes the body parse). An empty body is a Problem
// with Rule syntax.empty.
func Diagnose(body []byte) *Problem {
	p, _ := Analyze(body)
	return p
}

// Analyze is Diagnose and Check from one pass over the body: the problem
// that best explains why the body does not parse (nil when it does), and
// every problem found.
func Analyze(body []byte) (diagnosis *Problem, all []Problem) {
	fs := check(body)
	var bom *Problem
	for _, f := range fs {
		all = append(all, f.Problem)
		if !f.fatal || diagnosis != nil {
			continue
		}
		if f.Rule == RuleBOM {
			if bom == nil {
				p := f.Problem
				bom = &p
			}
			continue
		}
		p := f.Problem
		diagnosis = &p
	}
	if diagnosis == nil {
		diagnosis = bom
	}
	return diagnosis, all
}

// Templates reports the unrendered template placeholders of a body known
// to parse: what Check adds to a well-formed body.
func Templates(body []byte) []Problem {
	fs := placeholderScan(body, nil)
	out := make([]Problem, len(fs))
	for i, f := range fs {
		out[i] = f.Problem
	}
	return out
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func check(body []byte) []finding {
	bom := bytes.HasPrefix(body, utf8BOM)
	start := 0
	if bom {
		start = len(utf8BOM)
	}
	if len(bytes.TrimSpace(body[start:])) == 0 {
		return []finding{{emptyProblem(body, bom), true}}
	}
	if kind := utf16Kind(body); kind != "" {
		return []finding{{Problem{
			Rule: RuleUTF16, Line: 1, Col: 1, Offset: 0,
			Message: "the body is " + kind + "; FHIR JSON and XML must be UTF-8 — re-encode it as UTF-8 " +
				"(check the charset the server declares and how the capture was saved: Windows PowerShell's > and Out-File write UTF-16)",
		}, true}}
	}
	first := start + (len(body[start:]) - len(bytes.TrimLeftFunc(body[start:], isJSONSpace)))
	var fs []finding
	switch {
	case isHTML(body[first:]):
		l, c := position(body, first)
		title := htmlTitle(body)
		what := "an HTML page"
		if title != "" {
			what += " (title " + strconv.Quote(title) + ")"
		}
		fs = []finding{{Problem{
			Rule: RuleHTML, Line: l, Col: c, Offset: first,
			Message: "the body is " + what + " where a FHIR body was expected; it probably came from a proxy, gateway, " +
				"load balancer or login page rather than the FHIR server — check the URL, the HTTP status and the Accept header",
		}, true}}
	case body[first] == '<':
		fs = checkXML(body)
	default:
		fs = checkJSON(body, bom)
	}
	fs = append(fs, placeholderScan(body, fs)...)
	slices.SortStableFunc(fs, func(a, b finding) int { return a.Offset - b.Offset })
	return fs
}

func emptyProblem(body []byte, bom bool) Problem {
	msg := "the body is empty"
	switch {
	case bom && len(body) > len(utf8BOM):
		msg = fmt.Sprintf("the body holds only a UTF-8 byte order mark and %d bytes of whitespace", len(body)-len(utf8BOM))
	case bom:
		msg = "the body holds only a UTF-8 byte order mark"
	case len(body) > 0:
		msg = fmt.Sprintf("the body holds only whitespace (%d bytes)", len(body))
	}
	return Problem{
		Rule: RuleEmpty, Line: 1, Col: 1, Offset: 0,
		Message: msg + "; an error response should carry an OperationOutcome — check that the capture kept the body and that the server sent one",
	}
}
