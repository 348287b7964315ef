package jsontape

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind uint8

// The token kinds. An object's token is followed by its members, each a Key
// token and then the value's tokens; an array's by its items.
const (
	Null Kind = iota + 1
	False
	True
	Number
	String
	Object
	Array
	Key
)

var kindNames = [...]string{Null: "null", False: "boolean", True: "boolean", Number: "number", String: "string", Object: "object", Array: "array", Key: "key"}

// String names the kind as JSON does: "object", "boolean", ...
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "invalid"
}

// Flags say more about a string or key token.
type Flags uint8

const (
	// Escaped: the text has escape sequences or bytes that are not UTF-8,
	// so it must be decoded (AppendText) to be read.
	Escaped Flags = 1 << iota
	// Shadowed: a later member of the same object has the same name. JSON
	// leaves repeated names to the reader; readers of the tape keep the
	// last, as encoding/json does.
	Shadowed
)

// Token is one value or key of the body.
type Token struct {
	Kind  Kind
	Flags Flags
	// Start and End delimit the token's bytes in the body: a string or key
	// with its quotes, an object or array with its brackets.
	Start, End int
	// Next is the index of the token after this one and everything in it:
	// skipping a value is one step.
	Next int
	// Len is how many members an object has, or items an array.
	Len int
}

// Raw returns the bytes of token i.
func (t *Tape) Raw(i int) []byte {
	tok := &t.Tokens[i]
	return t.Body[tok.Start:tok.End]
}

// Content returns the raw text of string or key token i, without its
// quotes and undecoded.
func (t *Tape) Content(i int) []byte {
	tok := &t.Tokens[i]
	return t.Body[tok.Start+1 : tok.End-1]
}

// AppendText appends the text of string or key token i to dst, decoded
// as encoding/json decodes it.
func (t *Tape) AppendText(dst []byte, i int) []byte {
	if t.Tokens[i].Flags&Escaped == 0 {
		return append(dst, t.Content(i)...)
	}
	return AppendUnquoted(dst, t.Content(i))
}

// Text returns the text of string or key token i, decoded.
func (t *Tape) Text(i int) string {
	if t.Tokens[i].Flags&Escaped == 0 {
		return string(t.Content(i))
	}
	return string(AppendUnquoted(nil, t.Content(i)))
}

// Is reports whether the text of string or key token i is s.
func (t *Tape) Is(i int, s string) bool {
	if t.Tokens[i].Flags&Escaped == 0 {
		return string(t.Content(i)) == s
	}
	var buf [64]byte
	return string(AppendUnquoted(buf[:0], t.Content(i))) == s
}

// Member finds the value of the member called name of object token i, the
// last when the name is repeated, and returns its index, or -1.
func (t *Tape) Member(i int, name string) int {
	found := -1
	for k, j := 0, i+1; k < t.Tokens[i].Len; k++ {
		if t.Is(j, name) {
			found = j + 1
		}
		j = t.Tokens[j+1].Next
	}
	return found
}

// Item returns the index of item n of array token i, or -1.
func (t *Tape) Item(i, n int) int {
	if n < 0 || n >= t.Tokens[i].Len {
		return -1
	}
	j := i + 1
	for range n {
		j = t.Tokens[j].Next
	}
	return j
}

// AppendUnquoted appends the text of a JSON string whose raw content (what
// stands between the quotes, already checked by the scanner) is raw,
// decoded as encoding/json decodes it: a byte that is not UTF-8, or a lone
// surrogate, becomes U+FFFD.
func AppendUnquoted(dst, raw []byte) []byte { return unquote(dst, raw, false) }

// AppendUnescaped is AppendUnquoted, but keeps bytes that are not UTF-8 as
// they are, for a reader that reports them itself (a body inside a HAR
// file). A lone surrogate still becomes U+FFFD.
func AppendUnescaped(dst, raw []byte) []byte { return unquote(dst, raw, true) }

func unquote(dst, raw []byte, keepInvalid bool) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			e := raw[i+1]
			i += 2
			switch e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r, ok := hex4(raw, i)
				if !ok {
					dst = append(dst, '\\', 'u')
					continue
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						r2, ok = hex4(raw, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				dst = utf8.AppendRune(dst, r)
			default: // " \ /
				dst = append(dst, e)
			}
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 && !keepInvalid {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = append(dst, raw[i:i+size]...)
			}
			i += size
		}
	}
	return dst
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// IsNumber reports whether b is exactly one number by the JSON grammar.
func IsNumber(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	t := Tape{Body: b}
	end, ok := t.number(0)
	return ok && end == len(b)
}
