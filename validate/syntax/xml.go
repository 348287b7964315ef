package syntax

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textpos"
)

// checkXML checks that body is well-formed XML with one root element, and
// explains the first problem if not.
func checkXML(body []byte) []finding {
	if f, ok := checkUTF8(body); !ok {
		return []finding{f}
	}
	d := xml.NewDecoder(&endReader{b: body})
	d.Strict = true
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	type open struct {
		name string
		off  int
	}
	var stack []open
	roots := 0
	fail := func(off int, msg string) []finding {
		l, c := textpos.Of(body, off)
		return []finding{{Problem{Rule: RuleXML, Line: l, Col: c, Offset: off, Message: fmt.Sprintf("not well-formed XML at %d:%d: %s", l, c, msg)}, fatal}}
	}
	for {
		tokOff := int(d.InputOffset())
		tok, err := d.Token()
		if err == errEnd && len(stack) == 0 && int(d.InputOffset()) == tokOff {
			break // the body ends between tokens, outside the root element
		}
		if err != nil {
			errOff := max(tokOff, min(int(d.InputOffset()), len(body))-1)
			if err == errEnd {
				end := len(body)
				l, c := textpos.Of(body, end)
				where := fmt.Sprintf("in the middle of the markup that starts at %s", textpos.String(body, tokOff))
				if n := len(stack); n > 0 {
					top := stack[n-1]
					where = fmt.Sprintf("inside element <%s> opened at %s", top.name, textpos.String(body, top.off))
					if n > 1 {
						where += fmt.Sprintf(", with %d elements still open (the outermost <%s> opened at %s)", n, stack[0].name, textpos.String(body, stack[0].off))
					}
				}
				return []finding{{Problem{
					Rule: RuleTruncated, Line: l, Col: c, Offset: end,
					Message: fmt.Sprintf("the body ends at %d:%d %s; it may have been cut off — check Content-Length or capture the whole body", l, c, where),
				}, fatal}}
			}
			if q, r := findTypoQuote(body, tokOff, min(len(body), errOff+4)); q >= 0 {
				l, c := textpos.Of(body, q)
				return []finding{{Problem{
					Rule: RuleTypographicQuotes, Line: l, Col: c, Offset: q,
					Message: fmt.Sprintf("typographic quote %c (%s) at %d:%d where an XML attribute quote belongs; the body was probably pasted from a word processor or chat — replace it with a straight quote \"", r, quoteNames[r], l, c),
				}, fatal}}
			}
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			if bytes.HasPrefix(body[tokOff:], []byte("</")) {
				errOff = tokOff // a problem with an end tag: point at its start
			} else if i := bytes.LastIndexByte(body[tokOff:min(len(body), errOff+1)], '&'); i >= 0 && bytes.IndexByte(body[tokOff+i:errOff], ';') < 0 {
				errOff = tokOff + i // a reference not closed before the error: point at its &
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
		if jsontape.IsTypoQuote(r) {
			return i, r
		}
		i += size
	}
	return -1, 0
}

// checkUTF8 reports the first byte of an XML body that is not UTF-8, which
// XML parsers reject (JSON's scanner finds these itself).
func checkUTF8(body []byte) (finding, bool) {
	if utf8.Valid(body) {
		return finding{}, true
	}
	first, count := -1, 0
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			count++
			if first < 0 {
				first = i
			}
		}
		i += size
	}
	l, c := textpos.Of(body, first)
	here := fmt.Sprintf("%d:%d", l, c)
	return finding{Problem{Rule: RuleUTF8, Line: l, Col: c, Offset: first, Message: notUTF8(body, first, here, count)}, fatal}, false
}

// errEnd is what the decoder's reader returns at the end of the body in
// place of io.EOF: encoding/xml passes a reader's own error on as it is, so
// the end of the body is told apart from a syntax error by value.
var errEnd = errors.New("end of the body")

// endReader reads b, then returns errEnd.
type endReader struct {
	b   []byte
	off int
}

func (r *endReader) Read(p []byte) (int, error) {
	if r.off == len(r.b) {
		return 0, errEnd
	}
	n := copy(p, r.b[r.off:])
	r.off += n
	return n, nil
}
