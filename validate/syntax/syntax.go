package syntax

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// utf16Kind describes body if it looks like UTF-16, else returns "".
func utf16Kind(body []byte) string {
	switch {
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "UTF-16 little-endian (it starts with the byte order mark FF FE)"
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "UTF-16 big-endian (it starts with the byte order mark FE FF)"
	}
	n := min(len(body), 64) &^ 1
	if n < 4 {
		return ""
	}
	var evenNUL, oddNUL int
	for i := 0; i < n; i += 2 {
		if body[i] == 0 {
			evenNUL++
		}
		if body[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := n / 2
	switch {
	case oddNUL*4 >= pairs*3 && evenNUL == 0:
		return "UTF-16 little-endian without a byte order mark (every other byte is NUL, 0x00)"
	case evenNUL*4 >= pairs*3 && oddNUL == 0:
		return "UTF-16 big-endian without a byte order mark (every other byte is NUL, 0x00)"
	}
	return ""
}

func isHTML(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 16)]))
	if strings.HasPrefix(head, "<!doctype html") {
		return true
	}
	if strings.HasPrefix(head, "<html") {
		return len(head) == 5 || head[5] == '>' || unicode.IsSpace(rune(head[5]))
	}
	return false
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.{0,400}?)</title`)

func htmlTitle(body []byte) string {
	m := titleRE.FindSubmatch(body[:min(len(body), 64<<10)])
	if m == nil {
		return ""
	}
	t := strings.Join(strings.Fields(string(m[1])), " ")
	if !utf8.ValidString(t) {
		t = strings.ToValidUTF8(t, "?")
	}
	if utf8.RuneCountInString(t) > 80 {
		t = string([]rune(t)[:77]) + "..."
	}
	return t
}

// position returns the 1-based line and column (in runes) of byte offset off.
func position(body []byte, off int) (line, col int) {
	off = max(0, min(off, len(body)))
	line = 1 + bytes.Count(body[:off], []byte{'\n'})
	ls := bytes.LastIndexByte(body[:off], '\n') + 1
	col = 1 + utf8.RuneCount(body[ls:off])
	if ls == 0 && off >= len(utf8BOM) && bytes.HasPrefix(body, utf8BOM) {
		col--
	}
	return line, col
}

func at(body []byte, off int) string {
	l, c := position(body, off)
	return strconv.Itoa(l) + ":" + strconv.Itoa(c)
}

// describe names the character at body[off] for a message.
func describe(body []byte, off int) string {
	if off >= len(body) {
		return "the end of the body"
	}
	r, _ := utf8.DecodeRune(body[off:])
	switch {
	case r == utf8.RuneError:
		return fmt.Sprintf("the byte 0x%02X, which is not UTF-8 (is the body in another encoding, such as ISO-8859-1 or Windows-1252?)", body[off])
	case r < 0x20 || r == 0x7F:
		return fmt.Sprintf("the control character U+%04X", r)
	case r == '\'':
		return `'`
	case r > 0x7F:
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return strconv.QuoteRune(r)
}

var quoteNames = map[rune]string{
	'\u201C': "U+201C LEFT DOUBLE QUOTATION MARK",
	'\u201D': "U+201D RIGHT DOUBLE QUOTATION MARK",
	'\u2018': "U+2018 LEFT SINGLE QUOTATION MARK",
	'\u2019': "U+2019 RIGHT SINGLE QUOTATION MARK",
}

func isDoubleTypo(r rune) bool { return r == '\u201C' || r == '\u201D' }
func isSingleTypo(r rune) bool { return r == '\u2018' || r == '\u2019' }

// --- JSON ---

// maxRepairs bounds the parse-repair-parse loop of checkJSON; the bound
// shrinks with the body so that a huge body costs at most a few hundred
// megabytes of scanning.
func maxRepairs(n int) int {
	return max(2, min(200, (64<<20)/max(n, 1)))
}

func checkJSON(body []byte, bom bool) []finding {
	work := bytes.Clone(body)
	var fs []finding
	if bom {
		copy(work, "   ")
		fs = append(fs, finding{Problem{Rule: RuleBOM, Line: 1, Col: 1, Offset: 0}, true})
	}
	typoIdx, typoCount := -1, 0
	lastOff := -1
	for range maxRepairs(len(body)) {
		err := json.Unmarshal(work, new(json.RawMessage))
		if err == nil {
			break
		}
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			l, c := position(body, 0)
			fs = append(fs, finding{Problem{Rule: RuleJSON, Line: l, Col: c, Message: "not valid JSON: " + err.Error()}, true})
			break
		}
		if se.Error() == "unexpected end of JSON input" || endsInsideLiteral(work, se) {
			fs = append(fs, finding{truncatedJSON(body, work), true})
			break
		}
		off := max(0, min(int(se.Offset)-1, len(work)-1))
		if off <= lastOff {
			// A repair made no progress: report what is there and stop.
			fs = append(fs, finding{genericJSON(body, work, off, se.Error()), true})
			break
		}
		lastOff = off
		r, size := utf8.DecodeRune(work[off:])
		if isDoubleTypo(r) || isSingleTypo(r) {
			typoCount++
			if typoIdx < 0 {
				typoIdx = len(fs)
				l, c := position(body, off)
				fs = append(fs, finding{Problem{Rule: RuleTypographicQuotes, Line: l, Col: c, Offset: off}, true})
				fs[typoIdx].Message = fmt.Sprintf("typographic quote %c (%s) at %d:%d where a JSON quote belongs; the body was probably pasted from a word processor or chat — replace it with a straight quote \"", r, quoteNames[r], l, c)
			}
			typoCount += repairQuote(work, off, size, r)
			continue
		}
		if work[off] == '}' || work[off] == ']' {
			if q := prevNonSpace(work, off); q >= 0 && work[q] == ',' {
				l, c := position(body, q)
				fs = append(fs, finding{Problem{
					Rule: RuleTrailingComma, Line: l, Col: c, Offset: q,
					Message: fmt.Sprintf("trailing comma at %d:%d before the %c at %s; JSON allows no comma after the last member or item — remove it", l, c, work[off], at(body, off)),
				}, true})
				work[q] = ' '
				continue
			}
		}
		if start, end, ok := placeholderAround(work, off); ok {
			fs = append(fs, finding{templateProblem(body, start, end, ""), true})
			break
		}
		fs = append(fs, finding{genericJSON(body, work, off, se.Error()), true})
		break
	}
	if typoIdx >= 0 && typoCount > 1 {
		fs[typoIdx].Message += fmt.Sprintf(" (%d typographic quotes in all stand where JSON quotes belong)", typoCount)
	}
	if bom {
		if len(fs) == 1 {
			fs[0].Message = "the body starts with a UTF-8 byte order mark (EF BB BF); otherwise it is well-formed JSON, " +
				"but JSON must not begin with one (RFC 8259 §8.1) and strict parsers such as Go's encoding/json reject it — remove the three bytes"
		} else {
			fs[0].Message = "the body starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow (RFC 8259 §8.1) " +
				"and strict parsers such as Go's encoding/json reject — remove the three bytes (the body has other problems too)"
		}
	}
	return fs
}

// endsInsideLiteral reports whether se is encoding/json's report of a number
// or literal (true, false, null) cut off by the end of the body: the scanner
// then complains about the space it feeds itself at the end.
func endsInsideLiteral(work []byte, se *json.SyntaxError) bool {
	n := len(work)
	return n > 0 && int(se.Offset) == n && !isJSONSpace(rune(work[n-1])) &&
		strings.HasPrefix(se.Error(), "invalid character ' '")
}

// repairQuote replaces the typographic quote at work[off:off+size] with a
// straight quote and spaces (keeping offsets), and its partner, the next
// typographic quote of the same kind on the same line, if there is one. It
// returns 1 if it also replaced a partner.
func repairQuote(work []byte, off, size int, r rune) int {
	blank(work[off : off+size])
	work[off] = '"'
	for i := off + size; i < len(work) && work[i] != '\n' && work[i] != '"'; {
		pr, psize := utf8.DecodeRune(work[i:])
		if (isDoubleTypo(r) && isDoubleTypo(pr)) || (isSingleTypo(r) && isSingleTypo(pr)) {
			blank(work[i : i+psize])
			work[i] = '"'
			return 1
		}
		if pr == '\\' {
			psize++
		}
		i += psize
	}
	return 0
}

func blank(b []byte) {
	for i := range b {
		b[i] = ' '
	}
}

func prevNonSpace(b []byte, off int) int {
	for i := off - 1; i >= 0; i-- {
		if !isJSONSpace(rune(b[i])) {
			return i
		}
	}
	return -1
}

// truncatedJSON explains a body that ends too soon, naming what was open.
func truncatedJSON(body, work []byte) Problem {
	type open struct {
		kind byte
		off  int
	}
	var stack []open
	inString, escaped := false, false
	strStart := 0
	for i, b := range work {
		if inString {
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
			continue
		}
		switch b {
		case '"':
			inString, strStart = true, i
		case '{', '[':
			stack = append(stack, open{b, i})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	end := len(body)
	l, c := position(body, end)
	var where string
	switch {
	case inString:
		where = "inside a string that starts at " + at(body, strStart)
	case len(stack) > 0:
		top := stack[len(stack)-1]
		kind := "an object"
		if top.kind == '[' {
			kind = "an array"
		}
		where = "inside " + kind + " opened at " + at(body, top.off)
	default:
		where = "in the middle of a value"
	}
	if n := len(stack); n > 1 || (inString && n > 0) {
		where += fmt.Sprintf(", with %d objects or arrays still open (the outermost opened at %s)", n, at(body, stack[0].off))
	}
	return Problem{
		Rule: RuleTruncated, Line: l, Col: c, Offset: end,
		Message: fmt.Sprintf("the body ends at %d:%d %s; it may have been cut off — check Content-Length or capture the whole body", l, c, where),
	}
}

func genericJSON(body, work []byte, off int, msg string) Problem {
	if strings.Contains(msg, "in string escape code") {
		// Point at the backslash that starts the bad escape sequence.
		if i := bytes.LastIndexByte(work[max(0, off-5):off], '\\'); i >= 0 {
			off = max(0, off-5) + i
		}
	}
	l, c := position(body, off)
	found := describe(work, off)
	pos := fmt.Sprintf("%d:%d", l, c)
	var text string
	single := off < len(work) && work[off] == '\''
	switch {
	case single && (strings.Contains(msg, "looking for beginning of object key string") || strings.Contains(msg, "looking for beginning of value")):
		text = "a single quote ' at " + pos + "; JSON strings and property names need double quotes \""
	case strings.Contains(msg, "looking for beginning of object key string"):
		text = "expected a property name in double quotes at " + pos + ", found " + found
	case leadingZero(work, off):
		text = "a number with a leading zero at " + at(body, off-1) + "; JSON numbers cannot start with 0 unless they are 0 or 0.x — drop the zero, or send an identifier such as an ODS code as a string"
	case strings.Contains(msg, "after object key:value pair"):
		text = "expected , or } at " + pos + ", found " + found + "; a comma may be missing between two members"
	case strings.Contains(msg, "after object key"):
		text = "expected : after the property name at " + pos + ", found " + found
	case strings.Contains(msg, "after array element"):
		text = "expected , or ] at " + pos + ", found " + found + "; a comma may be missing between two items"
	case strings.Contains(msg, "looking for beginning of value") && off == firstContent(work):
		text = "the body is neither JSON nor XML: it starts with " + strconv.Quote(firstLine(body, off))
	case strings.Contains(msg, "looking for beginning of value"):
		text = "expected a value (a string, number, object, array, true, false or null) at " + pos + ", found " + found
	case strings.Contains(msg, "after top-level value"):
		text = "more content after the end of the JSON value, at " + pos + " (found " + found + "); a body holds exactly one JSON value — were two bodies or a trailer captured together?"
	case strings.Contains(msg, "in string literal"):
		text = found + " inside a string at " + pos + "; escape it (\\n for a line break, \\t for a tab)"
	case strings.Contains(msg, "in string escape code"):
		text = "an invalid escape sequence in a string at " + pos + "; a backslash must be followed by one of \" \\ / b f n r t u — write \\\\ for a backslash itself"
	case strings.Contains(msg, "in numeric literal"):
		text = "a malformed number at " + pos + " (found " + found + "); JSON numbers have no leading zeros or +, and need digits after a decimal point"
	case strings.Contains(msg, "in literal"):
		text = "a misspelt literal at " + pos + " (found " + found + "); JSON has only true, false and null, in lower case"
	default:
		text = msg + " at " + pos
	}
	return Problem{Rule: RuleJSON, Line: l, Col: c, Offset: off, Message: "not valid JSON: " + text}
}

// leadingZero reports whether the error at off is a digit after a lone 0
// that starts a number, as in 01.
func leadingZero(b []byte, off int) bool {
	if off < 1 || off >= len(b) || b[off] < '0' || b[off] > '9' || b[off-1] != '0' {
		return false
	}
	if off >= 2 {
		switch p := b[off-2]; {
		case p >= '0' && p <= '9', p == '.', p == 'e', p == 'E', p == '+':
			return false
		}
	}
	return true
}

func firstContent(b []byte) int {
	return len(b) - len(bytes.TrimLeftFunc(b, isJSONSpace))
}

func firstLine(body []byte, off int) string {
	rest := body[off:]
	if i := bytes.IndexAny(rest, "\r\n"); i >= 0 {
		rest = rest[:i]
	}
	s := strings.ToValidUTF8(string(rest), "?")
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return s
}

// --- templates ---

// Template placeholders that are unlikely in real text: {{x}}, ${x} and
// Apigee's %x#. They are matched by hand (nextPlaceholder), since a regular
// expression with bounded repetition is slow on large bodies.
const maxPlaceholder = 200

func isNameStart(b byte) bool {
	return b == '_' || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')
}

func isNameByte(b byte) bool {
	return isNameStart(b) || (b >= '0' && b <= '9') || b == '.' || b == '-'
}

// placeholderAt returns the end of the placeholder that starts at b[i], if
// one does.
func placeholderAt(b []byte, i int) (int, bool) {
	n := len(b)
	switch {
	case b[i] == '{' && i+1 < n && b[i+1] == '{':
		for j := i + 2; j < n && j <= i+2+maxPlaceholder; j++ {
			switch b[j] {
			case '}':
				if j+1 < n && b[j+1] == '}' {
					return j + 2, true
				}
				return 0, false
			case '{', '\n':
				return 0, false
			}
		}
	case b[i] == '$' && i+2 < n && b[i+1] == '{' && isNameStart(b[i+2]):
		for j := i + 3; j < n && j <= i+2+maxPlaceholder; j++ {
			switch b[j] {
			case '}':
				return j + 1, true
			case '{', '\n':
				return 0, false
			}
		}
	case b[i] == '%' && i+1 < n && isNameStart(b[i+1]):
		for j := i + 2; j < n && j <= i+1+maxPlaceholder; j++ {
			if b[j] == '#' {
				return j + 1, true
			}
			if !isNameByte(b[j]) {
				return 0, false
			}
		}
	}
	return 0, false
}

// nextPlaceholder finds the first placeholder in b at or after from.
func nextPlaceholder(b []byte, from int) (start, end int, ok bool) {
	for i := from; i < len(b); i++ {
		k := bytes.IndexAny(b[i:], "{$%")
		if k < 0 {
			return 0, 0, false
		}
		i += k
		if e, ok := placeholderAt(b, i); ok {
			return i, e, true
		}
	}
	return 0, 0, false
}

// apigeeRefRE matches Apigee's {flow.variable} references. They are only
// looked for where they break the JSON, since prose such as
// "expected {system}|{code}" is common in diagnostics.
var apigeeRefRE = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\}`)

// wholeValueRE matches a quoted value that is nothing but a variable
// reference: Apigee's {flow.variable} or {escapeJSON(flow.variable)}, AWS API Gateway's $context.x.y, or a
// test fixture's <identifier>. Inside longer text such forms are common
// prose, so only whole values count.
var wholeValueRE = regexp.MustCompile(`"(\{[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*(?:\([A-Za-z0-9_.\-]*\))?\}|<[A-Za-z_][A-Za-z0-9_\-]*>|\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)"`)

// wholeValues runs wholeValueRE only on bodies that could match it: a
// quoted value starting with '{', '<' or '$'.
func wholeValues(body []byte) [][]int {
	if !bytes.Contains(body, []byte(`"{`)) && !bytes.Contains(body, []byte(`"<`)) && !bytes.Contains(body, []byte(`"$`)) {
		return nil
	}
	return wholeValueRE.FindAllSubmatchIndex(body, 1001)
}

// placeholderAround finds a placeholder whose span holds offset off.
func placeholderAround(b []byte, off int) (start, end int, ok bool) {
	lo, hi := max(0, off-256), min(len(b), off+256)
	for i := lo; i < hi; {
		s, e, ok := nextPlaceholder(b[:hi], i)
		if !ok || s > off {
			break
		}
		if off < e {
			return s, e, true
		}
		i = s + 1
	}
	for _, m := range apigeeRefRE.FindAllIndex(b[lo:hi], -1) {
		if s, e := lo+m[0], lo+m[1]; s <= off && off < e {
			return s, e, true
		}
	}
	return 0, 0, false
}

func templateProblem(body []byte, start, end int, more string) Problem {
	l, c := position(body, start)
	text := strings.ToValidUTF8(string(body[start:end]), "?")
	if utf8.RuneCountInString(text) > 60 {
		text = string([]rune(text)[:57]) + "..."
	}
	return Problem{
		Rule: RuleTemplate, Line: l, Col: c, Offset: start,
		Message: fmt.Sprintf("unrendered template placeholder %s at %d:%d%s; the body is a template that was never filled in (an Apigee AssignMessage policy, a mock or a test fixture) — fix whatever produced it", text, l, c, more),
	}
}

// placeholderScan reports the placeholders of a body that has no template
// problem yet: one finding for the first, counting the rest. It does not
// stop a parser, so it is not fatal.
func placeholderScan(body []byte, fs []finding) []finding {
	for _, f := range fs {
		if f.Rule == RuleTemplate || f.Rule == RuleHTML || f.Rule == RuleUTF16 || f.Rule == RuleEmpty {
			return nil
		}
	}
	var ms [][2]int
	for i := 0; i < len(body) && len(ms) < 1001; {
		s, e, ok := nextPlaceholder(body, i)
		if !ok {
			break
		}
		ms = append(ms, [2]int{s, e})
		i = e
	}
	for _, m := range wholeValues(body) {
		if !slices.ContainsFunc(ms, func(x [2]int) bool { return x[0] < m[3] && m[2] < x[1] }) {
			ms = append(ms, [2]int{m[2], m[3]})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	slices.SortFunc(ms, func(a, b [2]int) int { return a[0] - b[0] })
	more := ""
	switch n := len(ms) - 1; {
	case n > 999:
		more = " (and more than 999 others)"
	case n > 1:
		more = fmt.Sprintf(" (and %d others)", n)
	case n == 1:
		more = " (and 1 other)"
	}
	return []finding{{templateProblem(body, ms[0][0], ms[0][1], more), false}}
}

// --- XML ---

func checkXML(body []byte) []finding {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	type open struct {
		name string
		off  int
	}
	var stack []open
	roots := 0
	fail := func(off int, msg string) []finding {
		l, c := position(body, off)
		return []finding{{Problem{Rule: RuleXML, Line: l, Col: c, Offset: off, Message: fmt.Sprintf("not well-formed XML at %d:%d: %s", l, c, msg)}, true}}
	}
	for {
		tokOff := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			errOff := max(tokOff, min(int(d.InputOffset()), len(body))-1)
			var se *xml.SyntaxError
			if errors.As(err, &se) && se.Msg == "unexpected EOF" {
				end := len(body)
				l, c := position(body, end)
				where := fmt.Sprintf("in the middle of the markup that starts at %s", at(body, tokOff))
				if n := len(stack); n > 0 {
					top := stack[n-1]
					where = fmt.Sprintf("inside element <%s> opened at %s", top.name, at(body, top.off))
					if n > 1 {
						where += fmt.Sprintf(", with %d elements still open (the outermost <%s> opened at %s)", n, stack[0].name, at(body, stack[0].off))
					}
				}
				return []finding{{Problem{
					Rule: RuleTruncated, Line: l, Col: c, Offset: end,
					Message: fmt.Sprintf("the body ends at %d:%d %s; it may have been cut off — check Content-Length or capture the whole body", l, c, where),
				}, true}}
			}
			if q, r := findTypoQuote(body, tokOff, min(len(body), errOff+4)); q >= 0 {
				l, c := position(body, q)
				return []finding{{Problem{
					Rule: RuleTypographicQuotes, Line: l, Col: c, Offset: q,
					Message: fmt.Sprintf("typographic quote %c (%s) at %d:%d where an XML attribute quote belongs; the body was probably pasted from a word processor or chat — replace it with a straight quote \"", r, quoteNames[r], l, c),
				}, true}}
			}
			msg := err.Error()
			if se != nil {
				msg = se.Msg
			}
			if strings.Contains(msg, "closed by") {
				errOff = tokOff // the start of the end tag
			}
			if strings.Contains(msg, "entity") {
				// Point at the & that starts the entity reference.
				if i := bytes.LastIndexByte(body[tokOff:min(len(body), errOff+1)], '&'); i >= 0 {
					errOff = tokOff + i
				}
			}
			return fail(errOff, msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if roots > 1 {
					return fail(tokOff, fmt.Sprintf("a second root element <%s>; an XML body holds exactly one root element", t.Name.Local))
				}
			}
			stack = append(stack, open{t.Name.Local, tokOff})
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(bytes.TrimPrefix(t, utf8BOM))) > 0 {
				off := tokOff + (len(t) - len(bytes.TrimLeftFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })))
				where := "after the root element"
				if roots == 0 {
					where = "before the root element"
				}
				return fail(off, "text "+where+"; an XML body holds one root element and nothing else but comments and processing instructions")
			}
		}
	}
	if roots == 0 {
		return fail(len(body), "no root element; the body has an XML declaration or comments but no element")
	}
	return nil
}

// findTypoQuote returns the offset and rune of the first typographic quote in
// body[from:to], or -1.
func findTypoQuote(body []byte, from, to int) (int, rune) {
	for i := max(0, from); i < to && i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if isDoubleTypo(r) || isSingleTypo(r) {
			return i, r
		}
		i += size
	}
	return -1, 0
}
