package syntax

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
