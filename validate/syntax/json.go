package syntax

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textpos"
)

// checkJSON scans a JSON body (after its byte order mark when bom) and
// explains what the scanner finds. It returns the tape too, which the
// caller releases. A well-formed body costs no allocation.
func checkJSON(body []byte, bom bool) ([]finding, *jsontape.Tape) {
	start := 0
	if bom {
		start = len(utf8BOM)
	}
	t := jsontape.Scan(body, start)
	if len(t.Faults) == 0 && !bom {
		return nil, t
	}
	e := explainer{body: body, Tally: t.Tally, cur: textpos.Cursor{Text: body}, ref: textpos.Cursor{Text: body}}
	var fs []finding
	if bom {
		fs = append(fs, finding{Problem{Rule: RuleBOM, Line: 1, Col: 1, Offset: 0}, lenient})
	}
	for _, f := range t.Faults {
		fs = append(fs, e.explain(f))
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
	return fs, t
}

// faultRules gives the rule and class of the faults with a rule of their
// own; any other fault is a syntax.json error that stops a parser.
var faultRules = [jsontape.NumFaultKinds]struct {
	rule  string
	class class
}{
	jsontape.FaultDuplicateKey:  {RuleDuplicateKey, lenient},
	jsontape.FaultUTF8:          {RuleUTF8, lenient},
	jsontape.FaultTypoQuote:     {RuleTypographicQuotes, fatal},
	jsontape.FaultTrailingComma: {RuleTrailingComma, fatal},
	jsontape.FaultEOF:           {RuleTruncated, fatal},
	jsontape.FaultTooDeep:       {RuleTooDeep, fatal},
}

// explainer turns the scanner's faults into problems with messages.
type explainer struct {
	body []byte
	jsontape.Tally
	// cur places the faults, in increasing order; ref places the other
	// offsets their messages name.
	cur, ref textpos.Cursor
	shown    [jsontape.NumFaultKinds]int
}

func (e *explainer) explain(f jsontape.Fault) finding {
	rc := faultRules[f.Kind]
	if rc.rule == "" {
		// A placeholder breaks the JSON where it stands unquoted.
		if start, end, ok := placeholderAround(e.body, f.Off); ok {
			return finding{templateProblem(e.body, start, end, ""), fatal}
		}
		rc.rule, rc.class = RuleJSON, fatal
	}
	l, c := e.cur.At(f.Off)
	msg := e.message(f, strconv.Itoa(l)+":"+strconv.Itoa(c))
	if rc.rule == RuleJSON {
		msg = "not valid JSON: " + msg
	}
	e.shown[f.Kind]++
	if n := e.Unlisted[f.Kind]; n > 0 && e.shown[f.Kind] == e.Listed[f.Kind] {
		msg += fmt.Sprintf(" (and %d more like it after this one, not listed)", n)
	}
	return finding{Problem{Rule: rc.rule, Line: l, Col: c, Offset: f.Off, Message: msg}, rc.class}
}

// message says what fault f, at line:col here, is and what to do.
func (e *explainer) message(f jsontape.Fault, here string) string {
	b := e.body
	found := describe(b, f.Off)
	switch f.Kind {
	case jsontape.FaultDuplicateKey:
		return fmt.Sprintf("duplicate property name %s at %s, first at %s in the same object; FHIR JSON allows each property once, "+
			"and readers disagree on which value counts (Go's encoding/json keeps the last, others the first or reject the body) — remove one of them",
			strconv.Quote(shorten(jsontape.AppendUnquoted(nil, b[f.Lo:f.Hi]))), here, e.ref.String(f.Ref))
	case jsontape.FaultUTF8:
		return notUTF8(b, f.Off, here, e.BadUTF8)
	case jsontape.FaultTypoQuote:
		r, _ := utf8.DecodeRune(b[f.Off:])
		msg := fmt.Sprintf("typographic quote %c (%s) at %s where a JSON quote belongs; the body was probably pasted from a word processor or chat — replace it with a straight quote \"", r, quoteNames[r], here)
		if n := e.Typos; n > 1 {
			msg += fmt.Sprintf(" (%d typographic quotes in all stand where JSON quotes belong)", n)
		}
		return msg
	case jsontape.FaultTrailingComma:
		return fmt.Sprintf("trailing comma at %s before the %c at %s; JSON allows no comma after the last member or item — remove it", here, b[f.Ref], e.ref.String(f.Ref))
	case jsontape.FaultEOF:
		return e.truncated(f, here)
	case jsontape.FaultTooDeep:
		return fmt.Sprintf("objects and arrays nest more than %d deep at %s, too deep to check (an OperationOutcome nests a few levels) — check that the capture holds the response you meant", MaxDepth, here)
	case jsontape.FaultKey, jsontape.FaultValue:
		switch {
		case b[f.Off] == '\'':
			return "a single quote ' at " + here + "; JSON strings and property names need double quotes \""
		case f.Kind == jsontape.FaultKey:
			return "expected a property name in double quotes at " + here + ", found " + found
		case f.Off == skipSpace(b, len(b)-len(trimBOM(b))):
			return "the body is neither JSON nor XML: it starts with " + strconv.Quote(firstLine(b, f.Off))
		}
		return "expected a value (a string, number, object, array, true, false or null) at " + here + ", found " + found
	case jsontape.FaultColon:
		return "expected : after the property name at " + here + ", found " + found
	case jsontape.FaultMemberEnd:
		return "expected , or } at " + here + ", found " + found + "; a comma may be missing between two members"
	case jsontape.FaultItemEnd:
		return "expected , or ] at " + here + ", found " + found + "; a comma may be missing between two items"
	case jsontape.FaultAfterValue:
		return "more content after the end of the JSON value, at " + here + " (found " + found + "); a body holds exactly one JSON value — were two bodies or a trailer captured together?"
	case jsontape.FaultControl:
		return found + " inside a string at " + here + "; escape it (\\n for a line break, \\t for a tab)"
	case jsontape.FaultEscape:
		return "an invalid escape sequence in a string at " + here + "; a backslash must be followed by one of \" \\ / b f n r t u (and \\u by four hex digits) — write \\\\ for a backslash itself"
	case jsontape.FaultLeadingZero:
		return "a number with a leading zero at " + here + "; JSON numbers cannot start with 0 unless they are 0 or 0.x — drop the zero, or send an identifier such as an ODS code as a string"
	case jsontape.FaultNumber:
		return "a malformed number at " + here + " (found " + found + "); a JSON number needs digits after its minus sign, its decimal point and its exponent"
	case jsontape.FaultLiteral:
		return "a misspelt literal at " + here + " (found " + found + "); JSON has only true, false and null, in lower case"
	case jsontape.FaultComment:
		return "a comment at " + here + "; JSON has no comments — remove it"
	case jsontape.FaultNonFinite:
		return fmt.Sprintf("%s at %s is not a JSON number; JSON has no NaN or Infinity — send null, or leave the element out", b[f.Off:f.Off+jsontape.NonFinite(b[f.Off:])], here)
	case jsontape.FaultMismatch:
		return fmt.Sprintf("the %c at %s cannot close the %s opened at %s; a bracket is missing or misplaced", b[f.Off], here, containerName(b[f.Ref] == '['), e.ref.String(f.Ref))
	}
	return "unexpected " + found + " at " + here
}

// truncated explains a body that ends too soon, naming what was open.
func (e *explainer) truncated(f jsontape.Fault, here string) string {
	var where string
	switch {
	case f.Ref >= 0:
		where = "inside a string that starts at " + e.ref.String(f.Ref)
	case f.Depth > 0:
		where = "inside an " + containerName(f.Open.Array) + " opened at " + e.ref.String(f.Open.At)
	default:
		where = "in the middle of a value"
	}
	if n := f.Depth; n > 1 || (f.Ref >= 0 && n > 0) {
		where += fmt.Sprintf(", with %d objects or arrays still open (the outermost opened at %s)", n, e.ref.String(f.Outer.At))
	}
	return fmt.Sprintf("the body ends at %s %s; it may have been cut off — check Content-Length or capture the whole body", here, where)
}

func containerName(array bool) string {
	if array {
		return "array"
	}
	return "object"
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

func trimBOM(b []byte) []byte {
	if len(b) >= len(utf8BOM) && string(b[:len(utf8BOM)]) == string(utf8BOM) {
		return b[len(utf8BOM):]
	}
	return b
}

// firstLine returns the line that starts at body[off], shortened.
func firstLine(body []byte, off int) string {
	rest := body[off:]
	if i := bytes.IndexAny(rest, "\r\n"); i >= 0 {
		rest = rest[:i]
	}
	return shorten(rest)
}

// shorten returns b as valid UTF-8, cut to 57 characters and "..." when
// it is longer than 60.
func shorten(b []byte) string {
	cut, i := 0, 0
	for n := 0; i < len(b); n++ {
		switch n {
		case 57:
			cut = i
		case 60:
			return strings.ToValidUTF8(string(b[:cut]), "?") + "..."
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return strings.ToValidUTF8(string(b), "?")
}
