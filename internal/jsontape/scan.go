package jsontape

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest in a body that is
// scanned: deeper is a fault (FaultTooDeep), so that hostile input costs
// neither stack nor time beyond its length. An OperationOutcome nests a
// handful of levels.
const MaxDepth = 256

// Frame is an open object or array.
type Frame struct {
	At    int // offset of its { or [
	Array bool
	keys  int // where its keys start in Tape.keys
	tok   int // its token
	n     int // its members or items so far
}

// state is what the scanner expects next.
type state uint8

const (
	wantValue     state = iota // a value: at the start, or after a colon
	wantFirstItem              // a value or ]: after [
	wantItem                   // a value: after a comma in an array
	wantFirstKey               // a key or }: after {
	wantKey                    // a key: after a comma in an object
	wantColon                  // a colon: after a key
	wantMore                   // a comma or the closer: after a member or item
	wantEnd                    // nothing: after the top-level value
)

// Tape is what one scan of a body records. Tapes are reused (Scan takes one
// from a pool, Release gives it back), so that a well-formed body of
// ordinary shape costs no allocation.
type Tape struct {
	// Body is the body scanned.
	Body []byte
	// Tokens are the values and keys in document order, the top-level
	// value first. They are complete only when no fault stops a parser
	// (Readable).
	Tokens []Token
	// Faults lists what the scanner found wrong, in the order found. A
	// fault that stops a parser and is not repaired is the last.
	Faults []Fault
	Tally
	// Placeholder reports whether the text of a string or key holds a byte
	// a template placeholder starts with: { $ # % or <. Outside strings a
	// well-formed body cannot hold one, so without such a byte package
	// syntax need not look for unrendered templates.
	Placeholder bool

	stack []Frame
	keys  []keyRef
	// bigKeys holds the keys of objects with more than smallObject keys.
	bigKeys map[bigKey]seenKey
}

var tapes = sync.Pool{New: func() any { return new(Tape) }}

// maxKept bounds the buffers a tape keeps for reuse, so that one huge body
// does not pin its memory.
const maxKept = 4096

// Scan reads body from offset start (after a byte order mark) and returns
// its tape. The caller may Release it when done.
func Scan(body []byte, start int) *Tape {
	t := tapes.Get().(*Tape)
	t.scan(body, start)
	return t
}

// Release returns t to the pool; t must not be used after. It is safe on a
// nil Tape.
func (t *Tape) Release() {
	if t == nil || cap(t.keys) > maxKept || cap(t.Faults) > maxKept || cap(t.Tokens) > 16*maxKept || len(t.bigKeys) > maxKept {
		return
	}
	clear(t.bigKeys)
	*t = Tape{Tokens: t.Tokens[:0], Faults: t.Faults[:0], stack: t.stack[:0], keys: t.keys[:0], bigKeys: t.bigKeys}
	tapes.Put(t)
}

// Readable reports whether nothing stops a parser: the tape is complete and
// holds exactly one value, though a lenient fault (a duplicate key, a byte
// that is not UTF-8) may have been found.
func (t *Tape) Readable() bool {
	for _, f := range t.Faults {
		if f.Kind.Stops() {
			return false
		}
	}
	return len(t.Tokens) > 0
}

// Stop returns the first fault that stops a parser, if any.
func (t *Tape) Stop() (Fault, bool) {
	for _, f := range t.Faults {
		if f.Kind.Stops() {
			return f, true
		}
	}
	return Fault{}, false
}

// scan reads b from offset start, recording what it finds wrong in
// t.Faults. A fault that stops a parser and cannot be repaired is the last.
func (t *Tape) scan(b []byte, start int) {
	t.Body = b
	i, st, comma := start, wantValue, -1
	ok := true
	for ok {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			if st != wantEnd {
				t.eof(-1)
			}
			return
		}
		c := b[i]
		if c == '/' && i+1 < len(b) && (b[i+1] == '/' || b[i+1] == '*') {
			t.stop(FaultComment, i, -1)
			return
		}
		switch st {
		case wantValue, wantFirstItem, wantItem:
			if (c == ']' || c == '}') && st != wantValue {
				i, st, ok = t.close(i, st == wantItem, comma)
				continue
			}
			i, st, ok = t.value(i)
		case wantFirstKey, wantKey:
			if c == '}' || c == ']' {
				i, st, ok = t.close(i, st == wantKey, comma)
				continue
			}
			i, ok = t.key(i)
			st = wantColon
		case wantColon:
			if c != ':' {
				t.stop(FaultColon, i, -1)
				return
			}
			i, st = i+1, wantValue
		case wantMore:
			switch {
			case c == ',':
				comma, st = i, wantKey
				if t.stack[len(t.stack)-1].Array {
					st = wantItem
				}
				i++
			case c == '}' || c == ']':
				i, st, ok = t.close(i, false, -1)
			case t.stack[len(t.stack)-1].Array:
				t.stop(FaultItemEnd, i, -1)
				return
			default:
				t.stop(FaultMemberEnd, i, -1)
				return
			}
		case wantEnd:
			t.stop(FaultAfterValue, i, -1)
			return
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// emit records a scalar or a key.
func (t *Tape) emit(k Kind, f Flags, start, end int) {
	n := len(t.Tokens)
	t.Tokens = append(t.Tokens, Token{Kind: k, Flags: f, Start: start, End: end, Next: n + 1})
}

// after is the state after a complete value, which it counts in its
// container.
func (t *Tape) after() state {
	n := len(t.stack)
	if n == 0 {
		return wantEnd
	}
	if t.stack[n-1].Array {
		t.stack[n-1].n++
	}
	return wantMore
}

// stop records a fault that ends the scan.
func (t *Tape) stop(k FaultKind, off, ref int) {
	t.Faults = append(t.Faults, Fault{Kind: k, Off: off, Ref: ref})
}

// record records a fault the scan reads on from, listing at most MaxListed
// of each kind.
func (t *Tape) record(f Fault) {
	if t.Listed[f.Kind] == MaxListed {
		t.Unlisted[f.Kind]++
		return
	}
	t.Listed[f.Kind]++
	t.Faults = append(t.Faults, f)
}

// eof records that the body ends inside a value, inside the string that
// starts at str when str >= 0.
func (t *Tape) eof(str int) {
	f := Fault{Kind: FaultEOF, Off: len(t.Body), Ref: str, Depth: len(t.stack)}
	if n := len(t.stack); n > 0 {
		f.Open, f.Outer = t.stack[n-1], t.stack[0]
	}
	t.Faults = append(t.Faults, f)
}

// close reads the } or ] at b[i], after a comma at comma when afterComma.
func (t *Tape) close(i int, afterComma bool, comma int) (int, state, bool) {
	top := t.stack[len(t.stack)-1]
	if (t.Body[i] == ']') != top.Array {
		t.stop(FaultMismatch, i, top.At)
		return i, 0, false
	}
	if afterComma {
		t.record(Fault{Kind: FaultTrailingComma, Off: comma, Ref: i})
	}
	t.stack = t.stack[:len(t.stack)-1]
	t.keys = t.keys[:top.keys]
	tok := &t.Tokens[top.tok]
	tok.End, tok.Next, tok.Len = i+1, len(t.Tokens), top.n
	return i + 1, t.after(), true
}

// NonFinite returns the length of the NaN, Infinity or -Infinity that b
// starts with, or 0.
func NonFinite(b []byte) int {
	for _, w := range [...]string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(b, []byte(w)) {
			return len(w)
		}
	}
	return 0
}

// value reads the value that starts at b[i], or opens the object or array
// that does.
func (t *Tape) value(i int) (int, state, bool) {
	b := t.Body
	c := b[i]
	switch {
	case c == '{' || c == '[':
		if len(t.stack) == MaxDepth {
			t.stop(FaultTooDeep, i, -1)
			return i, 0, false
		}
		k := Object
		if c == '[' {
			k = Array
		}
		t.stack = append(t.stack, Frame{At: i, keys: len(t.keys), Array: c == '[', tok: len(t.Tokens)})
		t.Tokens = append(t.Tokens, Token{Kind: k, Start: i})
		if c == '[' {
			return i + 1, wantFirstItem, true
		}
		return i + 1, wantFirstKey, true
	case c == '"':
		end, slow, ok := t.content(i+1, -1, i)
		if ok {
			t.emit(String, flagsOf(slow), i, end+1)
		}
		return end + 1, t.after(), ok
	case (c == 'N' || c == 'I' || c == '-') && NonFinite(b[i:]) > 0:
		t.stop(FaultNonFinite, i, -1)
		return i, 0, false
	case c == '-' || isDigit(c):
		j, ok := t.number(i)
		if ok {
			t.emit(Number, 0, i, j)
		}
		return j, t.after(), ok
	case c == 't':
		return t.literal(i, "true", True)
	case c == 'f':
		return t.literal(i, "false", False)
	case c == 'n':
		return t.literal(i, "null", Null)
	case c >= utf8.RuneSelf:
		if r, size := utf8.DecodeRune(b[i:]); IsTypoQuote(r) {
			_, _, end, _, ok := t.typoString(i, r, size)
			return end, t.after(), ok
		}
	}
	t.stop(FaultValue, i, -1)
	return i, 0, false
}

func flagsOf(slow bool) Flags {
	if slow {
		return Escaped
	}
	return 0
}

// number reads the number that starts at b[i].
func (t *Tape) number(i int) (int, bool) {
	b := t.Body
	j := i
	if b[j] == '-' {
		j++
	}
	digits := func(what FaultKind) bool {
		if j == len(b) {
			t.eof(-1)
			return false
		}
		if !isDigit(b[j]) {
			t.stop(what, j, -1)
			return false
		}
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		return true
	}
	if j < len(b) && b[j] == '0' {
		j++
		if j < len(b) && isDigit(b[j]) {
			t.stop(FaultLeadingZero, j-1, -1)
			return j, false
		}
	} else if !digits(FaultNumber) {
		return j, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits(FaultNumber) {
			return j, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits(FaultNumber) {
			return j, false
		}
	}
	return j, true
}

// literal reads lit, which b[i] starts.
func (t *Tape) literal(i int, lit string, k Kind) (int, state, bool) {
	for n := 1; n < len(lit); n++ {
		switch {
		case i+n == len(t.Body):
			t.eof(-1)
			return i, 0, false
		case t.Body[i+n] != lit[n]:
			t.stop(FaultLiteral, i+n, -1)
			return i, 0, false
		}
	}
	t.emit(k, 0, i, i+len(lit))
	return i + len(lit), t.after(), true
}
