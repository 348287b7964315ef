package operationoutcome

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 256

// DecodeJSON decodes a FHIR JSON OperationOutcome. See [Decode] for the
// options and the errors returned.
func DecodeJSON(data []byte, opts DecodeOptions) (*OperationOutcome, error) {
	d := jsonDecoder{data: data, pos: skipBOM(data), strict: opts.Strict, version: opts.Version}
	d.path = d.pathBuf[:0]
	o, err := d.decode()
	if err != nil {
		return nil, err
	}
	return o, joinDecodeErrors(d.errs)
}

// UnmarshalJSON decodes FHIR JSON into o, leniently (unknown elements are
// ignored). Use [DecodeJSON] for strict decoding.
func (o *OperationOutcome) UnmarshalJSON(data []byte) error {
	v, err := DecodeJSON(data, DecodeOptions{})
	if v != nil {
		*o = *v
	}
	return err
}

// errSyntax stops decoding; the *DecodeError itself is in jsonDecoder.fatal.
var errSyntax = errors.New("syntax error")

// jsonDecoder is a small single-pass JSON tokenizer specialised to the
// OperationOutcome: it never builds a generic tree and allocates only the
// strings and slices that end up in the result.
type jsonDecoder struct {
	data    []byte
	pos     int
	strict  bool
	version Version
	depth   int
	path    pathStack
	pathBuf [8]pathSeg
	errs    []*DecodeError
	fatal   *DecodeError
	scratch []byte
	lines   lineIndex
}

func (d *jsonDecoder) push(name string, index int) { d.path = append(d.path, pathSeg{name, index}) }
func (d *jsonDecoder) pop()                        { d.path = d.path[:len(d.path)-1] }

// errAt records a problem of kind k at offset off for the current path.
func (d *jsonDecoder) errAt(off int, k DecodeErrorKind, path, msg string) {
	line, col := d.lines.at(d.data, off)
	d.errs = append(d.errs, &DecodeError{Kind: k, Path: path, Line: line, Column: col, Msg: msg})
}

// syntax records a fatal syntax error at the current position.
func (d *jsonDecoder) syntax(format string, args ...any) error {
	return d.stop(KindSyntax, format, args...)
}

// stop records a problem of kind k at the current position that ends
// decoding.
func (d *jsonDecoder) stop(k DecodeErrorKind, format string, args ...any) error {
	if d.fatal == nil {
		line, col := lineCol(d.data, d.pos)
		d.fatal = &DecodeError{Kind: k, Path: d.path.String(), Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	return errSyntax
}

func (d *jsonDecoder) decode() (*OperationOutcome, error) {
	o, err := d.outcome()
	if err == nil {
		d.ws()
		if d.pos < len(d.data) {
			d.path = d.path[:0]
			err = d.syntax("unexpected data after the resource")
		}
	}
	if err != nil {
		if d.fatal != nil {
			return nil, d.fatal
		}
		return nil, err
	}
	return o, nil
}

func (d *jsonDecoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	d.ws()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func kindName(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "number"
	}
	return "invalid value"
}

// object walks the members of an object: it calls member for each key with
// the value as the next token. The key slice is only valid during the call.
func (d *jsonDecoder) object(member func(key []byte, keyOff int) error) error {
	if d.peek() != '{' {
		return d.syntax("expected object")
	}
	d.depth++
	if d.depth > maxDepth {
		return d.stop(KindTooDeep, "nesting deeper than %d", maxDepth)
	}
	d.pos++
	if d.peek() == '}' {
		d.pos++
		d.depth--
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.syntax("expected string key")
		}
		keyOff := d.pos
		key, err := d.rawString()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.syntax("expected ':' after object key")
		}
		d.pos++
		d.ws()
		if err := member(key, keyOff); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			d.depth--
			return nil
		default:
			return d.syntax("expected ',' or '}' after object member")
		}
	}
}

// array walks the items of an array, calling item with the index.
func (d *jsonDecoder) array(item func(i int) error) error {
	if d.peek() != '[' {
		return d.syntax("expected array")
	}
	d.depth++
	if d.depth > maxDepth {
		return d.stop(KindTooDeep, "nesting deeper than %d", maxDepth)
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		d.depth--
		return nil
	}
	for i := 0; ; i++ {
		d.ws()
		if err := item(i); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.depth--
			return nil
		default:
			return d.syntax("expected ',' or ']' after array item")
		}
	}
}

// rawString reads a string token. Without escapes it returns a sub-slice of
// the input; otherwise the unescaped bytes in d.scratch.
func (d *jsonDecoder) rawString() ([]byte, error) {
	start := d.pos + 1
	i := start
	for i < len(d.data) {
		c := d.data[i]
		if c == '"' {
			d.pos = i + 1
			return d.data[start:i], nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(d.data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
			continue
		}
		i++
	}
	// Slow path: escapes, control characters or invalid UTF-8.
	buf := append(d.scratch[:0], d.data[start:i]...)
	for {
		if i >= len(d.data) {
			d.pos = i
			return nil, d.syntax("unterminated string")
		}
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			d.scratch = buf
			return buf, nil
		case c < 0x20:
			d.pos = i
			return nil, d.syntax("control character in string")
		case c == '\\':
			if i+1 >= len(d.data) {
				d.pos = i
				return nil, d.syntax("unterminated string")
			}
			e := d.data[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := hex4(d.data, i)
				if !ok {
					d.pos = i - 2
					return nil, d.syntax("invalid \\u escape")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if i+6 <= len(d.data) && d.data[i] == '\\' && d.data[i+1] == 'u' {
						r2, ok = hex4(d.data, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				d.pos = i - 2
				return nil, d.syntax("invalid escape \\%c", e)
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(d.data[i:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, d.data[i:i+size]...)
			}
			i += size
		}
	}
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

// skip consumes one value of any type, checking its syntax.
func (d *jsonDecoder) skip() error {
	switch c := d.peek(); c {
	case '{':
		return d.object(func([]byte, int) error { return d.skip() })
	case '[':
		return d.array(func(int) error { return d.skip() })
	case '"':
		_, err := d.rawString()
		return err
	default:
		_, _, err := d.literal()
		return err
	}
}

// literal consumes true, false, null or a number and returns its text and
// its first byte.
func (d *jsonDecoder) literal() ([]byte, byte, error) {
	start := d.pos
	if start >= len(d.data) {
		return nil, 0, d.syntax("unexpected end of input")
	}
	c := d.data[start]
	for _, lit := range [...]string{"true", "false", "null"} {
		if c == lit[0] {
			if !bytes.HasPrefix(d.data[start:], []byte(lit)) {
				return nil, c, d.syntax("invalid literal")
			}
			d.pos += len(lit)
			return d.data[start:d.pos], c, nil
		}
	}
	if c != '-' && (c < '0' || c > '9') {
		return nil, c, d.syntax("invalid character %q looking for a value", c)
	}
	end := start
	for end < len(d.data) {
		b := d.data[end]
		if '0' <= b && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E' {
			end++
			continue
		}
		break
	}
	if !validJSONNumber(string(d.data[start:end])) {
		d.pos = start
		return nil, c, d.syntax("invalid number")
	}
	d.pos = end
	return d.data[start:end], c, nil
}

// wrongType records that the value at the current position has the wrong JSON
// type and skips it.
func (d *jsonDecoder) wrongType(name, want string) error {
	off := d.pos
	got := kindName(d.peek())
	if err := d.skip(); err != nil {
		return err
	}
	if got == "null" && !d.strict {
		return nil // encoding/json treats null as absent; so do we, leniently
	}
	d.errAt(off, KindWrongType, d.path.child(name), "expected "+want+", got "+got)
	return nil
}

// str decodes a string member called name.
func (d *jsonDecoder) str(name string, dst *string) error {
	if d.peek() != '"' {
		return d.wrongType(name, "string")
	}
	b, err := d.rawString()
	if err != nil {
		return err
	}
	*dst = intern(b)
	return nil
}

// intern returns the constant for a severity or issue type, so those
// strings cost no allocation, and a copy of b otherwise.
func intern(b []byte) string {
	if len(b) >= 4 && len(b) <= 16 {
		for _, v := range severities {
			if string(v) == string(b) {
				return string(v)
			}
		}
		for _, v := range issueTypesR4 {
			if string(v) == string(b) {
				return string(v)
			}
		}
	}
	return string(b)
}

// strs decodes an array of strings.
func (d *jsonDecoder) strs(name string, dst *[]string) error {
	if d.peek() != '[' {
		return d.wrongType(name, "array")
	}
	var out []string
	err := d.array(func(i int) error {
		if d.peek() == 'n' { // nulls align with "_name" siblings
			_, _, err := d.literal()
			return err
		}
		if d.peek() != '"' {
			return d.wrongType(name+"["+strconv.Itoa(i)+"]", "string")
		}
		b, err := d.rawString()
		if err != nil {
			return err
		}
		out = append(out, string(b))
		return nil
	})
	*dst = out
	return err
}
