package capture

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/jsontape"
)

// The reader scans HAR files with a JSON scanner of its own rather than
// encoding/json: it needs the offset of every value (to place notes and
// errors in the file), one pass over the text whatever its layout (a
// minified export is one line), and error messages and positions that do
// not change with the Go release.

// jsonError is a JSON syntax error at a byte offset of the text.
type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return e.msg }

// errJSONEnd is the message of a text that ends inside a value.
const errJSONEnd = "the JSON ends early: the file is cut short, or an object, array or string is not closed"

// maxJSONDepth bounds nesting, so that "[[[[…" costs neither stack nor time
// beyond the text's length.
const maxJSONDepth = 10000

type jsonKind byte

// The kinds of JSON value; a value's kind names it in messages.
const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

var jsonKindNames = [...]string{"null", "a boolean", "a number", "a string", "an object", "an array"}

func (k jsonKind) String() string { return jsonKindNames[k] }

// jsonValue is a value kept by jsonScanner.value: its kind, where it is,
// and for an object or array what it holds. A string's text is decoded on
// demand (text), so that keeping a value costs little beyond its members.
type jsonValue struct {
	kind     jsonKind
	off, end int // the value's bytes: text[off:end]
	members  []jsonMember
	items    []jsonValue
}

type jsonMember struct {
	name string
	val  jsonValue
}

// member returns the value of the last member called name (JSON leaves
// repeated names to the reader; the last one wins, as in encoding/json).
func (v jsonValue) member(name string) (jsonValue, bool) {
	for i := len(v.members) - 1; i >= 0; i-- {
		if v.members[i].name == name {
			return v.members[i].val, true
		}
	}
	return jsonValue{}, false
}

// jsonScanner reads one JSON text from the start. Every method is linear in
// the bytes it consumes.
type jsonScanner struct {
	text  []byte
	off   int
	depth int
}

func (s *jsonScanner) ws() {
	for s.off < len(s.text) {
		switch s.text[s.off] {
		case ' ', '\t', '\r', '\n':
			s.off++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (s *jsonScanner) peek() byte {
	s.ws()
	if s.off >= len(s.text) {
		return 0
	}
	return s.text[s.off]
}

// fail is an error at the next byte: "<what is there> where <want> belongs".
func (s *jsonScanner) fail(want string) error {
	if s.off >= len(s.text) {
		return &jsonError{off: len(s.text), msg: errJSONEnd}
	}
	return &jsonError{off: s.off, msg: describeByte(s.text[s.off:]) + " where " + want + " belongs"}
}

func describeByte(b []byte) string {
	r, n := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && n <= 1:
		return fmt.Sprintf("the byte 0x%02X", b[0])
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("the control character U+%04X", r)
	}
	return strconv.QuoteRune(r)
}

// expect consumes the byte c after white space.
func (s *jsonScanner) expect(c byte, want string) error {
	if s.peek() != c {
		return s.fail(want)
	}
	s.off++
	return nil
}

// object reads an object, calling member for each member with the scanner
// at the member's value; member must consume the value.
func (s *jsonScanner) object(member func(name string) error) error {
	if err := s.expect('{', "an object"); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.off++
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.fail("a member name (a string in double quotes)")
		}
		name, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':', "':' after the member name"); err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.off++
		case '}':
			s.off++
			return nil
		default:
			return s.fail("',' or '}'")
		}
	}
}

// array reads an array, calling item for each element with the scanner at
// the element; item must consume it.
func (s *jsonScanner) array(item func() error) error {
	if err := s.expect('[', "an array"); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.off++
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.off++
		case ']':
			s.off++
			return nil
		default:
			return s.fail("',' or ']'")
		}
	}
}

// value reads one value. With keep it returns the value's tree; without,
// it only checks the syntax and allocates nothing.
func (s *jsonScanner) value(keep bool) (jsonValue, error) {
	c := s.peek()
	v := jsonValue{off: s.off}
	var err error
	switch {
	case c == '{' || c == '[':
		if s.depth++; s.depth > maxJSONDepth {
			return v, &jsonError{off: s.off, msg: fmt.Sprintf("values nested more than %d deep", maxJSONDepth)}
		}
		if c == '{' {
			v.kind = jsonObject
			err = s.object(func(name string) error {
				m, err := s.value(keep)
				if keep {
					v.members = append(v.members, jsonMember{name: name, val: m})
				}
				return err
			})
		} else {
			v.kind = jsonArray
			err = s.array(func() error {
				it, err := s.value(keep)
				if keep {
					v.items = append(v.items, it)
				}
				return err
			})
		}
		s.depth--
	case c == '"':
		v.kind = jsonString
		err = s.skipStr()
	case c == '-' || '0' <= c && c <= '9':
		v.kind = jsonNumber
		err = s.number()
	case c == 't':
		v.kind, err = jsonBool, s.literal("true")
	case c == 'f':
		v.kind, err = jsonBool, s.literal("false")
	case c == 'n':
		v.kind, err = jsonNull, s.literal("null")
	default:
		err = s.fail("a value")
	}
	v.end = s.off
	return v, err
}

func (s *jsonScanner) literal(lit string) error {
	for i := 0; i < len(lit); i++ {
		if s.off >= len(s.text) || s.text[s.off] != lit[i] {
			return s.fail(strconv.Quote(lit))
		}
		s.off++
	}
	return nil
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *jsonScanner) number() error {
	digits := func() bool {
		start := s.off
		for s.off < len(s.text) && '0' <= s.text[s.off] && s.text[s.off] <= '9' {
			s.off++
		}
		return s.off > start
	}
	at := func(c byte) bool { return s.off < len(s.text) && s.text[s.off] == c }
	if at('-') {
		s.off++
	}
	if at('0') {
		s.off++
	} else if !digits() {
		return s.fail("a digit")
	}
	if at('.') {
		s.off++
		if !digits() {
			return s.fail("a digit after the decimal point")
		}
	}
	if at('e') || at('E') {
		s.off++
		if at('+') || at('-') {
			s.off++
		}
		if !digits() {
			return s.fail("a digit of the exponent")
		}
	}
	return nil
}

// skipStr checks the string at the scanner and moves past it.
func (s *jsonScanner) skipStr() error {
	s.off++ // the opening quote
	for s.off < len(s.text) {
		c := s.text[s.off]
		switch {
		case c == '"':
			s.off++
			return nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return err
			}
		case c < 0x20:
			return &jsonError{off: s.off, msg: fmt.Sprintf("the control character U+%04X inside a string, where JSON requires an escape such as \\n", c)}
		default:
			s.off++
		}
	}
	return s.fail("the closing '\"' of a string")
}

func (s *jsonScanner) escape() error {
	if s.off+1 >= len(s.text) {
		s.off = len(s.text)
		return s.fail("an escape")
	}
	switch s.text[s.off+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.off += 2
		return nil
	case 'u':
		for i := 2; i < 6; i++ {
			if s.off+i >= len(s.text) || !isHex(s.text[s.off+i]) {
				return &jsonError{off: s.off, msg: "a \\u escape without four hexadecimal digits"}
			}
		}
		s.off += 6
		return nil
	}
	return &jsonError{off: s.off, msg: fmt.Sprintf("the escape \\%c, which JSON does not have", s.text[s.off+1])}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// str reads a string and returns its text.
func (s *jsonScanner) str() (string, error) {
	start := s.off
	if err := s.skipStr(); err != nil {
		return "", err
	}
	return string(unquoteJSON(s.text[start:s.off])), nil
}

// unquoteJSON decodes a string literal that skipStr has checked. A literal
// without escapes is returned as a slice of lit, without a copy, so that a
// HAR body of megabytes costs nothing more. A lone surrogate becomes
// U+FFFD; invalid UTF-8 is kept as it is (the checker reports it).
func unquoteJSON(lit []byte) []byte {
	lit = lit[1 : len(lit)-1]
	if bytes.IndexByte(lit, '\\') < 0 {
		return lit
	}
	return jsontape.AppendUnescaped(make([]byte, 0, len(lit)), lit)
}

// text returns a string value's text, or for a number or boolean its
// literal: HAR files edited by hand put numbers where strings belong.
func (v jsonValue) text(src []byte) string { return string(v.bytes(src)) }

// bytes is text without a copy where the value's bytes in src are its
// text.
func (v jsonValue) bytes(src []byte) []byte {
	if v.kind == jsonString {
		return unquoteJSON(src[v.off:v.end])
	}
	if v.kind == jsonNull {
		return nil
	}
	return src[v.off:v.end]
}
