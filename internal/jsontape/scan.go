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

// MaxListed bounds the faults of one kind listed for a body (trailing
// commas, duplicate keys); the rest are counted in Tally.Unlisted.
const MaxListed = 100

// smallObject is how many keys of one object each new key is compared with
// one by one; beyond that the object's keys go into a map, so that finding
// duplicates stays linear in the size of the body.
const smallObject = 16

// FaultKind is a kind of thing the scanner finds wrong.
type FaultKind uint8

// The fault kinds, in three groups: what a lenient reader reads through,
// what stops a parser but the scanner repairs and reads on from, and what
// ends the scan.
const (
	FaultNone FaultKind = iota
	// A lenient reader reads through these.
	FaultDuplicateKey // a key repeated in one object
	FaultUTF8         // a byte that is not UTF-8, inside a string
	// These stop a parser, but the scanner repairs them and reads on.
	FaultTypoQuote     // a typographic quote where a JSON quote belongs
	FaultTrailingComma // a comma before } or ]
	// These end the scan.
	FaultEOF         // the body ends inside a value
	FaultTooDeep     // nesting deeper than MaxDepth
	FaultKey         // not a key where one belongs
	FaultColon       // not a colon after a key
	FaultMemberEnd   // neither , nor } after a member
	FaultItemEnd     // neither , nor ] after an item
	FaultValue       // not a value where one belongs
	FaultAfterValue  // content after the top-level value
	FaultControl     // a raw control character inside a string
	FaultEscape      // an invalid escape sequence
	FaultLeadingZero // a number such as 01
	FaultNumber      // any other malformed number
	FaultLiteral     // a misspelt true, false or null
	FaultComment     // a // or /* comment
	FaultNonFinite   // NaN or Infinity
	FaultMismatch    // a } closing an array, or a ] an object
	NumFaultKinds
)

// Stops reports whether a fault of kind k stops a parser.
func (k FaultKind) Stops() bool { return k >= FaultTypoQuote }

// faultWords says in a few words what each kind of fault is.
var faultWords = [NumFaultKinds]string{
	FaultDuplicateKey: "a property named twice in one object", FaultUTF8: "a byte that is not UTF-8",
	FaultTypoQuote: "a typographic quote where a JSON quote belongs", FaultTrailingComma: "a trailing comma",
	FaultEOF: "the body ends inside a value", FaultTooDeep: "objects and arrays nest too deep",
	FaultKey: "expected a property name in double quotes", FaultColon: "expected : after a property name",
	FaultMemberEnd: "expected , or } after an object member", FaultItemEnd: "expected , or ] after an array item",
	FaultValue: "expected a value", FaultAfterValue: "more content after the JSON value",
	FaultControl: "a control character inside a string", FaultEscape: "an invalid escape sequence",
	FaultLeadingZero: "a number with a leading zero", FaultNumber: "a malformed number",
	FaultLiteral: "a misspelt literal", FaultComment: "a comment", FaultNonFinite: "NaN or Infinity",
	FaultMismatch: "a bracket that does not close what is open",
}

// String says in a few words what the fault is, for a short error message;
// package validate/syntax explains faults at length.
func (k FaultKind) String() string {
	if k < NumFaultKinds && faultWords[k] != "" {
		return faultWords[k]
	}
	return "a JSON syntax error"
}

// Fault is one thing the scanner found wrong, at byte offset Off.
type Fault struct {
	Kind FaultKind
	Off  int
	// Ref is a second offset a message names: the closer after a trailing
	// comma, the first occurrence of a duplicate key, the opener a
	// mismatched closer does not close, the start of the string the body
	// ends in; -1 when there is none.
	Ref int
	// Lo and Hi delimit the raw text of a duplicate key.
	Lo, Hi int
	// Depth, Open and Outer describe the objects and arrays still open
	// when the body ends: how many, the innermost and the outermost.
	Depth       int
	Open, Outer Frame
}

// Frame is an open object or array.
type Frame struct {
	At    int // offset of its { or [
	Array bool
	keys  int // where its keys start in Tape.keys
	tok   int // its token
	n     int // its members or items so far
}

// keyRef is a key of an open object: its token, its opening quote at at,
// its raw text b[lo:hi], whether that text must be decoded before
// comparing (it has escapes, or bytes that are not UTF-8), and then the
// name it stands for.
type keyRef struct {
	tok, at, lo, hi int
	slow            bool
	name            string
}

// bigKey is a key of an object with more than smallObject keys, the object
// named by the offset of its {.
type bigKey struct {
	object int
	name   string
}

// seenKey is where a key of a big object was seen first and last.
type seenKey struct{ firstAt, lastTok int }

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

// Tally counts what the scanner found more than once.
type Tally struct {
	Typos    int // typographic quotes standing for JSON quotes
	BadUTF8  int // bytes inside strings that are not UTF-8
	Listed   [NumFaultKinds]int
	Unlisted [NumFaultKinds]int // faults beyond MaxListed, by kind
}

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

// key reads the key that starts at b[i] and checks it against the other
// keys of its object.
func (t *Tape) key(i int) (int, bool) {
	b := t.Body
	k := keyRef{at: i, tok: len(t.Tokens)}
	var end int
	var ok bool
	r, size := utf8.DecodeRune(b[i:])
	switch {
	case r == '"':
		k.lo = i + 1
		k.hi, k.slow, ok = t.content(i+1, -1, i)
		end = k.hi + 1
	case IsTypoQuote(r):
		k.lo, k.hi, end, k.slow, ok = t.typoString(i, r, size)
	default:
		t.stop(FaultKey, i, -1)
		return i, false
	}
	if !ok {
		return i, false
	}
	t.emit(Key, flagsOf(k.slow), i, end)
	t.stack[len(t.stack)-1].n++
	t.addKey(k)
	return end, true
}

// addKey records key k of the innermost object, and a fault if the object
// already has it; the earlier occurrences are marked Shadowed, since a
// reader keeps the last.
func (t *Tape) addKey(k keyRef) {
	if k.slow {
		k.name = string(AppendUnquoted(nil, t.Body[k.lo:k.hi]))
	}
	top := &t.stack[len(t.stack)-1]
	mine := t.keys[top.keys:]
	first := -1
	if len(mine) < smallObject {
		for _, o := range mine {
			if (o.slow || k.slow || o.hi-o.lo == k.hi-k.lo) && t.sameKey(o, k) {
				if first < 0 {
					first = o.at
				}
				t.Tokens[o.tok].Flags |= Shadowed
			}
		}
	} else {
		if t.bigKeys == nil {
			t.bigKeys = map[bigKey]seenKey{}
		}
		if len(mine) == smallObject {
			for _, o := range mine {
				bk := bigKey{top.At, t.keyName(o)}
				if s, dup := t.bigKeys[bk]; dup {
					s.lastTok = o.tok
					t.bigKeys[bk] = s
				} else {
					t.bigKeys[bk] = seenKey{o.at, o.tok}
				}
			}
		}
		bk := bigKey{top.At, t.keyName(k)}
		if s, dup := t.bigKeys[bk]; dup {
			first = s.firstAt
			t.Tokens[s.lastTok].Flags |= Shadowed
			s.lastTok = k.tok
			t.bigKeys[bk] = s
		} else {
			t.bigKeys[bk] = seenKey{k.at, k.tok}
		}
	}
	if first >= 0 {
		t.record(Fault{Kind: FaultDuplicateKey, Off: k.at, Ref: first, Lo: k.lo, Hi: k.hi})
	}
	t.keys = append(t.keys, k)
}

func (t *Tape) sameKey(a, b keyRef) bool {
	switch {
	case !a.slow && !b.slow:
		return bytes.Equal(t.Body[a.lo:a.hi], t.Body[b.lo:b.hi])
	case a.slow && b.slow:
		return a.name == b.name
	case a.slow:
		return string(t.Body[b.lo:b.hi]) == a.name
	}
	return string(t.Body[a.lo:a.hi]) == b.name
}

// keyName returns the name key k stands for.
func (t *Tape) keyName(k keyRef) string {
	if k.slow {
		return k.name
	}
	return string(t.Body[k.lo:k.hi])
}

// plain marks the bytes that stand for themselves inside a string and
// cannot start a template placeholder: ASCII but for the quote, the
// backslash, control characters and { $ # % <.
var plain = func() (p [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		p[c] = c != '"' && c != '\\' && !isMark(byte(c))
	}
	return p
}()

// isMark reports whether c can start a template placeholder.
func isMark(c byte) bool { return c == '{' || c == '$' || c == '#' || c == '%' || c == '<' }

// content reads the text of a string from b[i] up to its closing quote, or
// up to end when end >= 0 (the partner of a typographic quote). open is the
// offset of the opening quote. It returns where the text ends and whether
// it must be decoded (escapes, or bytes that are not UTF-8) to be read.
func (t *Tape) content(i, end, open int) (int, bool, bool) {
	b := t.Body
	lim := len(b)
	if end >= 0 {
		lim = end
	}
	slow := false
	for i < lim {
		for i < lim && plain[b[i]] {
			i++
		}
		if i >= lim {
			break
		}
		switch c := b[i]; {
		case c == '"':
			return i, slow, true
		case c == '\\':
			n, ok := t.escape(i, lim, open)
			if !ok {
				return i, slow, false
			}
			i, slow = n, true
			continue
		case isMark(c):
			t.Placeholder = true
			i++
			continue
		case c < utf8.RuneSelf:
			t.stop(FaultControl, i, -1)
			return i, slow, false
		}
		r, size := utf8.DecodeRune(b[i:lim])
		if r == utf8.RuneError && size == 1 {
			t.BadUTF8++
			if t.BadUTF8 == 1 {
				t.Faults = append(t.Faults, Fault{Kind: FaultUTF8, Off: i, Ref: -1})
			}
			slow = true
		}
		i += size
	}
	if end >= 0 {
		return end, slow, true
	}
	t.eof(open)
	return i, slow, false
}

// escape checks the escape sequence at b[i] (a backslash) within b[:lim]
// and returns the offset after it.
func (t *Tape) escape(i, lim, open int) (int, bool) {
	b := t.Body
	if i+1 >= lim {
		return t.cut(i, lim, open)
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2, true
	case 'u':
		for k := i + 2; k < i+6; k++ {
			if k >= lim {
				return t.cut(i, lim, open)
			}
			if !isHex(b[k]) {
				t.stop(FaultEscape, i, -1)
				return i, false
			}
		}
		return i + 6, true
	}
	t.stop(FaultEscape, i, -1)
	return i, false
}

// cut records an escape sequence at b[i] cut short by the end of the body,
// or by the partner of a typographic quote at lim.
func (t *Tape) cut(i, lim, open int) (int, bool) {
	if lim == len(t.Body) {
		t.eof(open)
	} else {
		t.stop(FaultEscape, i, -1)
	}
	return i, false
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// typoString reads a string that opens with the typographic quote r at
// b[i]. Its partner, the next typographic quote of the same kind on the
// line before any straight quote, closes it; without one a straight quote
// does. It returns the text's bounds, the offset after the string and
// whether the text must be decoded. The tape gets no token: the body is
// not readable.
func (t *Tape) typoString(i int, r rune, size int) (lo, hi, end int, slow, ok bool) {
	t.Typos++
	if t.Typos == 1 {
		t.Faults = append(t.Faults, Fault{Kind: FaultTypoQuote, Off: i, Ref: -1})
	}
	lo = i + size
	p, psize := t.partner(lo, r)
	if p < 0 {
		hi, slow, ok = t.content(lo, -1, i)
		return lo, hi, hi + 1, slow, ok
	}
	t.Typos++
	hi, slow, ok = t.content(lo, p, i)
	return lo, hi, p + psize, slow, ok
}

// partner finds the typographic quote of r's kind that closes the string
// whose text starts at b[from], or returns -1.
func (t *Tape) partner(from int, r rune) (int, int) {
	b := t.Body
	for k := from; k < len(b); {
		switch c := b[k]; {
		case c == '\n' || c == '"':
			return -1, 0
		case c == '\\':
			k += 2
		case c < utf8.RuneSelf:
			k++
		default:
			pr, n := utf8.DecodeRune(b[k:])
			if IsDoubleTypo(r) && IsDoubleTypo(pr) || IsSingleTypo(r) && IsSingleTypo(pr) {
				return k, n
			}
			k += n
		}
	}
	return -1, 0
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

// IsTypoQuote reports whether r is a typographic quote (U+201C, U+201D,
// U+2018 or U+2019).
func IsTypoQuote(r rune) bool { return IsDoubleTypo(r) || IsSingleTypo(r) }

// IsDoubleTypo reports whether r is a typographic double quote.
func IsDoubleTypo(r rune) bool { return r == '\u201C' || r == '\u201D' }

// IsSingleTypo reports whether r is a typographic single quote.
func IsSingleTypo(r rune) bool { return r == '\u2018' || r == '\u2019' }
