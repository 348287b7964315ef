package syntax

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/sniff"
	"github.com/spinecat/spinecat/internal/textpos"
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
	// ${code}, #(code) (Karate), %code# (Apigee) or {request.header.x}
	// (Apigee).
	RuleTemplate = "syntax.template"
	// RuleDuplicateKey: a JSON object names the same property twice. JSON
	// parsers disagree on which value counts; FHIR JSON allows each
	// property once.
	RuleDuplicateKey = "syntax.duplicate-key"
	// RuleUTF8: bytes that are not UTF-8. FHIR JSON and XML are UTF-8.
	RuleUTF8 = "syntax.utf8"
	// RuleTooDeep: objects and arrays nest deeper than MaxDepth, too deep
	// to check.
	RuleTooDeep = "syntax.too-deep"
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

// class says how a problem bears on whether a body is well-formed.
type class uint8

const (
	// note: the body is well-formed all the same (a template placeholder
	// inside a string).
	note class = iota
	// lenient: the body is not well-formed, but a lenient reader takes it
	// whole (it skips a byte order mark, keeps the last of duplicate keys,
	// replaces bytes that are not UTF-8).
	lenient
	// fatal: the problem stops a parser.
	fatal
)

// finding is a Problem with its class.
type finding struct {
	Problem
	class class
}

// Analysis is what one scan of a body finds.
type Analysis struct {
	// Problems lists every problem found, ordered by offset; nil when
	// there is none.
	Problems []Problem
	// Diagnosis is the problem that best explains why the body is not
	// well-formed, nil when it is: the first problem that stops a parser,
	// or failing that the first that a lenient reader reads through (a
	// byte order mark, a duplicate key, a byte that is not UTF-8). An
	// empty body is a Problem with Rule syntax.empty; an HTML page one with
	// Rule syntax.html.
	Diagnosis *Problem
	// Readable reports whether nothing stops a parser: a lenient reader
	// takes the body whole, so the checks that follow can read it, though
	// Diagnosis may say why it is not well-formed.
	Readable bool
}

// Analyze scans body once and reports what is wrong with its syntax.
//
// A JSON body is read by the package's own scanner, in one pass and in
// time linear in its size. Beyond the first error the scanner repairs the
// mechanical mistakes it recognises (typographic quotes, trailing commas)
// and reads on, so that one run lists all of them; any other error ends
// the scan. Duplicate keys, bytes that are not UTF-8 and a byte order mark
// are reported without ending it. An XML body is read with encoding/xml.
// Template placeholders found inside an otherwise well-formed body (such as
// "code": "{{issueType}}") are reported too; they do not stop a parser.
func Analyze(body []byte) Analysis {
	a, t := Scan(body)
	t.Release()
	return a
}

// Scan is Analyze for spinecat's checker: it also returns the tape the
// scan of a JSON body recorded (nil for any other body), from which the
// checker decodes the OperationOutcome and checks its structure without
// reading the bytes again. The tape's type is internal to this module; the
// caller releases it (Release is safe on nil).
func Scan(body []byte) (Analysis, *jsontape.Tape) {
	fs, t := check(body)
	return analysisOf(fs), t
}

// ScanDecodedXML is Scan for an XML body that a strict decoder has already
// read to its end (operationoutcome.DecodeXML returned an outcome) and so
// found well-formed: its markup is not read a second time. What such a
// decoder does not look for, template placeholders, is found as Scan finds
// it, and so is a byte that is not UTF-8.
func ScanDecodedXML(body []byte) Analysis {
	var fs []finding
	if f, ok := checkUTF8(body); !ok {
		fs = append(fs, f)
	}
	fs = append(fs, placeholderScan(body)...)
	slices.SortStableFunc(fs, func(a, b finding) int { return a.Offset - b.Offset })
	return analysisOf(fs)
}

// analysisOf makes the Analysis of findings ordered by offset.
func analysisOf(fs []finding) Analysis {
	a := Analysis{Readable: true}
	if len(fs) > 0 {
		a.Problems = make([]Problem, len(fs))
	}
	firstLenient := -1
	for i, f := range fs {
		a.Problems[i] = f.Problem
		switch {
		case f.class == fatal && a.Readable:
			a.Readable = false
			a.Diagnosis = &a.Problems[i]
		case f.class == lenient && firstLenient < 0:
			firstLenient = i
		}
	}
	if a.Readable && firstLenient >= 0 {
		a.Diagnosis = &a.Problems[firstLenient]
	}
	return a
}

// Problems returns every syntax problem Analyze finds in body, ordered by
// offset, or nil if there is none.
func Problems(body []byte) []Problem { return Analyze(body).Problems }

// Diagnose returns nil when body is well-formed JSON or XML (and not an HTML
// page), and otherwise the one problem that best explains why it is not:
// Analyze's Diagnosis.
func Diagnose(body []byte) *Problem { return Analyze(body).Diagnosis }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// check finds the problems of body, ordered by offset, and returns the
// tape of a JSON body.
func check(body []byte) ([]finding, *jsontape.Tape) {
	bom := bytes.HasPrefix(body, utf8BOM)
	start := 0
	if bom {
		start = len(utf8BOM)
	}
	if len(bytes.TrimSpace(body[start:])) == 0 {
		return []finding{{emptyProblem(body, bom), fatal}}, nil
	}
	if kind := utf16Kind(body); kind != "" {
		return []finding{{Problem{
			Rule: RuleUTF16, Line: 1, Col: 1, Offset: 0,
			Message: "the body is " + kind + "; FHIR JSON and XML must be UTF-8 — re-encode it as UTF-8 " +
				"(check the charset the server declares and how the capture was saved: Windows PowerShell's > and Out-File write UTF-16)",
		}, fatal}}, nil
	}
	first := skipSpace(body, start)
	if sniff.HTML(body[first:]) {
		l, c := textpos.Of(body, first)
		title := htmlTitle(body)
		what := "an HTML page"
		if title != "" {
			what += " (title " + strconv.Quote(title) + ")"
		}
		return []finding{{Problem{
			Rule: RuleHTML, Line: l, Col: c, Offset: first,
			Message: "the body is " + what + " where a FHIR body was expected; it probably came from a proxy, gateway, " +
				"load balancer or login page rather than the FHIR server — check the URL, the HTTP status and the Accept header",
		}, fatal}}, nil
	}
	var fs []finding
	var t *jsontape.Tape
	if body[first] == '<' {
		fs = checkXML(body)
	} else {
		fs, t = checkJSON(body, bom)
	}
	// A well-formed JSON body whose strings hold no byte a placeholder
	// starts with holds no placeholder: the scan has said so.
	noMarks := t != nil && t.Readable() && !t.Placeholder
	if !noMarks && !slices.ContainsFunc(fs, func(f finding) bool { return f.Rule == RuleTemplate }) {
		fs = append(fs, placeholderScan(body)...)
	}
	slices.SortStableFunc(fs, func(a, b finding) int { return a.Offset - b.Offset })
	return fs, t
}

// MaxDepth is how deeply objects and arrays may nest in a JSON body that is
// checked, as deep as package operationoutcome's decoders follow. An
// OperationOutcome nests a handful of levels; a deeper body is reported as
// too deep to check (RuleTooDeep), not as malformed.
const MaxDepth = jsontape.MaxDepth

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace returns the offset of the first byte at or after i that is
// not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
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
