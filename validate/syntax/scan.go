package syntax

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest in a JSON body that is
// checked, as deep as package operationoutcome's decoders follow. An
// OperationOutcome nests a handful of levels; a deeper body is reported as
// too deep to check (RuleTooDeep), not as malformed.
const MaxDepth = 256

// maxListed bounds the problems of one kind listed for a body (trailing
// commas, duplicate keys); the rest are counted.
const maxListed = 100

// smallObject is how many keys of one object each new key is compared with
// one by one; beyond that the object's keys go into a map, so that finding
// duplicates stays linear in the size of the body.
const smallObject = 16

// faultKind is a kind of thing the scanner finds wrong.
type faultKind uint8

const (
	faultNone faultKind = iota
	// A lenient reader reads through these.
	faultDuplicateKey // a key repeated in one object
	faultUTF8         // a byte that is not UTF-8, inside a string
	// These stop a parser, but the scanner repairs them and reads on.
	faultTypoQuote     // a typographic quote where a JSON quote belongs
	faultTrailingComma // a comma before } or ]
	// These end the scan.
	faultEOF         // the body ends inside a value
	faultTooDeep     // nesting deeper than MaxDepth
	faultKey         // not a key where one belongs
	faultColon       // not a colon after a key
	faultMemberEnd   // neither , nor } after a member
	faultItemEnd     // neither , nor ] after an item
	faultValue       // not a value where one belongs
	faultAfterValue  // content after the top-level value
	faultControl     // a raw control character inside a string
	faultEscape      // an invalid escape sequence
	faultLeadingZero // a number such as 01
	faultNumber      // any other malformed number
	faultLiteral     // a misspelt true, false or null
	faultComment     // a // or /* comment
	faultNonFinite   // NaN or Infinity
	faultMismatch    // a } closing an array, or a ] an object
	numFaultKinds
)

// fault is one thing the scanner found wrong, at byte offset off.
type fault struct {
	kind faultKind
	off  int
	// ref is a second offset the message names: the closer after a
	// trailing comma, the first occurrence of a duplicate key, the opener a
	// mismatched closer does not close, the start of the string the body
	// ends in; -1 when there is none.
	ref int
	// lo and hi delimit the raw text of a duplicate key.
	lo, hi int
	// depth, open and outer describe the objects and arrays still open
	// when the body ends: how many, the innermost and the outermost.
	depth       int
	open, outer frame
}

// frame is an open object or array.
type frame struct {
	at    int // offset of its { or [
	keys  int // where its keys start in scanner.keys
	array bool
}

// keyRef is a key of an open object: its opening quote at at, its raw text
// b[lo:hi], and whether that text must be unescaped before comparing (it
// has escapes, or bytes that are not UTF-8), and then the name it stands
// for.
type keyRef struct {
	at, lo, hi int
	slow       bool
	name       string
}

// bigKey is a key of an object with more than smallObject keys, the object
// named by the offset of its {.
type bigKey struct {
	object int
	name   string
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

// scanner reads a JSON body once, front to back, keeping the open objects
// and arrays on an explicit stack. Scanners are reused (getScanner), so a
// well-formed body of ordinary shape costs no allocation.
type scanner struct {
	b      []byte
	faults []fault
	stack  []frame
	keys   []keyRef
	// bigKeys holds the keys of objects with more than smallObject keys,
	// each with the offset of its first occurrence.
	bigKeys map[bigKey]int
	tally
}

var scanners = sync.Pool{New: func() any { return new(scanner) }}

// getScanner returns a scanner ready to scan; putScanner takes it back.
func getScanner() *scanner { return scanners.Get().(*scanner) }

// maxKept bounds the buffers a scanner keeps for reuse, so that one huge
// body does not pin its memory.
const maxKept = 4096

func putScanner(s *scanner) {
	if cap(s.keys) > maxKept || cap(s.faults) > maxKept || len(s.bigKeys) > maxKept {
		return
	}
	clear(s.bigKeys)
	*s = scanner{faults: s.faults[:0], stack: s.stack[:0], keys: s.keys[:0], bigKeys: s.bigKeys}
	scanners.Put(s)
}

// tally counts what the scanner found more than once.
type tally struct {
	typos    int // typographic quotes standing for JSON quotes
	badUTF8  int // bytes inside strings that are not UTF-8
	listed   [numFaultKinds]int
	unlisted [numFaultKinds]int // faults beyond maxListed, by kind
}

// scan reads b from offset start, recording what it finds wrong in
// s.faults. A fault that stops a parser and cannot be repaired is the last.
func (s *scanner) scan(b []byte, start int) {
	s.b = b
	i, st, comma := start, wantValue, -1
	ok := true
	for ok {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			if st != wantEnd {
				s.eof(-1)
			}
			return
		}
		c := b[i]
		if c == '/' && i+1 < len(b) && (b[i+1] == '/' || b[i+1] == '*') {
			s.stop(faultComment, i, -1)
			return
		}
		switch st {
		case wantValue, wantFirstItem, wantItem:
			if (c == ']' || c == '}') && st != wantValue {
				i, st, ok = s.close(i, st == wantItem, comma)
				continue
			}
			i, st, ok = s.value(i)
		case wantFirstKey, wantKey:
			if c == '}' || c == ']' {
				i, st, ok = s.close(i, st == wantKey, comma)
				continue
			}
			i, ok = s.key(i)
			st = wantColon
		case wantColon:
			if c != ':' {
				s.stop(faultColon, i, -1)
				return
			}
			i, st = i+1, wantValue
		case wantMore:
			switch {
			case c == ',':
				comma, st = i, wantKey
				if s.stack[len(s.stack)-1].array {
					st = wantItem
				}
				i++
			case c == '}' || c == ']':
				i, st, ok = s.close(i, false, -1)
			case s.stack[len(s.stack)-1].array:
				s.stop(faultItemEnd, i, -1)
				return
			default:
				s.stop(faultMemberEnd, i, -1)
				return
			}
		case wantEnd:
			s.stop(faultAfterValue, i, -1)
			return
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// after is the state after a complete value.
func (s *scanner) after() state {
	if len(s.stack) == 0 {
		return wantEnd
	}
	return wantMore
}

// stop records a fault that ends the scan.
func (s *scanner) stop(k faultKind, off, ref int) {
	s.faults = append(s.faults, fault{kind: k, off: off, ref: ref})
}

// record records a fault the scan reads on from, listing at most maxListed
// of each kind.
func (s *scanner) record(f fault) {
	if s.listed[f.kind] == maxListed {
		s.unlisted[f.kind]++
		return
	}
	s.listed[f.kind]++
	s.faults = append(s.faults, f)
}

// eof records that the body ends inside a value, inside the string that
// starts at str when str >= 0.
func (s *scanner) eof(str int) {
	f := fault{kind: faultEOF, off: len(s.b), ref: str, depth: len(s.stack)}
	if n := len(s.stack); n > 0 {
		f.open, f.outer = s.stack[n-1], s.stack[0]
	}
	s.faults = append(s.faults, f)
}

// close reads the } or ] at b[i], after a comma at comma when afterComma.
func (s *scanner) close(i int, afterComma bool, comma int) (int, state, bool) {
	top := s.stack[len(s.stack)-1]
	if (s.b[i] == ']') != top.array {
		s.stop(faultMismatch, i, top.at)
		return i, 0, false
	}
	if afterComma {
		s.record(fault{kind: faultTrailingComma, off: comma, ref: i})
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.keys = s.keys[:top.keys]
	return i + 1, s.after(), true
}

// nonFinite returns the length of the NaN, Infinity or -Infinity that b
// starts with, or 0.
func nonFinite(b []byte) int {
	for _, w := range [...]string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(b, []byte(w)) {
			return len(w)
		}
	}
	return 0
}

// value reads the value that starts at b[i], or opens the object or array
// that does.
func (s *scanner) value(i int) (int, state, bool) {
	b := s.b
	c := b[i]
	switch {
	case c == '{' || c == '[':
		if len(s.stack) == MaxDepth {
			s.stop(faultTooDeep, i, -1)
			return i, 0, false
		}
		s.stack = append(s.stack, frame{at: i, keys: len(s.keys), array: c == '['})
		if c == '[' {
			return i + 1, wantFirstItem, true
		}
		return i + 1, wantFirstKey, true
	case c == '"':
		end, _, ok := s.content(i+1, -1, i)
		return end + 1, s.after(), ok
	case (c == 'N' || c == 'I' || c == '-') && nonFinite(b[i:]) > 0:
		s.stop(faultNonFinite, i, -1)
		return i, 0, false
	case c == '-' || isDigit(c):
		j, ok := s.number(i)
		return j, s.after(), ok
	case c == 't':
		return s.literal(i, "true")
	case c == 'f':
		return s.literal(i, "false")
	case c == 'n':
		return s.literal(i, "null")
	case c >= utf8.RuneSelf:
		if r, size := utf8.DecodeRune(b[i:]); isTypoQuote(r) {
			_, _, end, _, ok := s.typoString(i, r, size)
			return end, s.after(), ok
		}
	}
	s.stop(faultValue, i, -1)
	return i, 0, false
}

// key reads the key that starts at b[i] and checks it against the other
// keys of its object.
func (s *scanner) key(i int) (int, bool) {
	b := s.b
	k := keyRef{at: i}
	var end int
	var ok bool
	r, size := utf8.DecodeRune(b[i:])
	switch {
	case r == '"':
		k.lo = i + 1
		k.hi, k.slow, ok = s.content(i+1, -1, i)
		end = k.hi + 1
	case isTypoQuote(r):
		k.lo, k.hi, end, k.slow, ok = s.typoString(i, r, size)
	default:
		s.stop(faultKey, i, -1)
		return i, false
	}
	if !ok {
		return i, false
	}
	s.addKey(k)
	return end, true
}

// addKey records key k of the innermost object, and a fault if the object
// already has it.
func (s *scanner) addKey(k keyRef) {
	if k.slow {
		k.name = unquote(s.b[k.lo:k.hi])
	}
	top := s.stack[len(s.stack)-1]
	mine := s.keys[top.keys:]
	first := -1
	if len(mine) < smallObject {
		for _, o := range mine {
			if s.sameKey(o, k) {
				first = o.at
				break
			}
		}
	} else {
		if s.bigKeys == nil {
			s.bigKeys = map[bigKey]int{}
		}
		if len(mine) == smallObject {
			for _, o := range mine {
				bk := bigKey{top.at, s.keyName(o)}
				if _, dup := s.bigKeys[bk]; !dup {
					s.bigKeys[bk] = o.at
				}
			}
		}
		bk := bigKey{top.at, s.keyName(k)}
		if at, dup := s.bigKeys[bk]; dup {
			first = at
		} else {
			s.bigKeys[bk] = k.at
		}
	}
	if first >= 0 {
		s.record(fault{kind: faultDuplicateKey, off: k.at, ref: first, lo: k.lo, hi: k.hi})
	}
	s.keys = append(s.keys, k)
}

func (s *scanner) sameKey(a, b keyRef) bool {
	switch {
	case !a.slow && !b.slow:
		return bytes.Equal(s.b[a.lo:a.hi], s.b[b.lo:b.hi])
	case a.slow && b.slow:
		return a.name == b.name
	case a.slow:
		return string(s.b[b.lo:b.hi]) == a.name
	}
	return string(s.b[a.lo:a.hi]) == b.name
}

// keyName returns the name key k stands for.
func (s *scanner) keyName(k keyRef) string {
	if k.slow {
		return k.name
	}
	return string(s.b[k.lo:k.hi])
}

// unquote returns the name the raw text of a key stands for, as
// encoding/json reads it (a byte that is not UTF-8, or a lone surrogate,
// becomes U+FFFD). The scan has checked the text's escapes.
func unquote(raw []byte) string {
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	var name string
	if json.Unmarshal(q, &name) != nil {
		return string(raw)
	}
	return name
}

// plain marks the ASCII bytes that stand for themselves inside a string.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// content reads the text of a string from b[i] up to its closing quote, or
// up to end when end >= 0 (the partner of a typographic quote). open is the
// offset of the opening quote. It returns where the text ends and whether
// it must be unescaped (escapes, or bytes that are not UTF-8) to be read.
func (s *scanner) content(i, end, open int) (int, bool, bool) {
	b := s.b
	lim := len(b)
	if end >= 0 {
		lim = end
	}
	slow := false
	for i < lim {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case plain[c]:
				i++
			case c == '"':
				return i, slow, true
			case c == '\\':
				n, ok := s.escape(i, lim, open)
				if !ok {
					return i, slow, false
				}
				i, slow = n, true
			default:
				s.stop(faultControl, i, -1)
				return i, slow, false
			}
			continue
		}
		r, size := utf8.DecodeRune(b[i:lim])
		if r == utf8.RuneError && size == 1 {
			s.badUTF8++
			if s.badUTF8 == 1 {
				s.faults = append(s.faults, fault{kind: faultUTF8, off: i, ref: -1})
			}
			slow = true
		}
		i += size
	}
	if end >= 0 {
		return end, slow, true
	}
	s.eof(open)
	return i, slow, false
}

// escape checks the escape sequence at b[i] (a backslash) within b[:lim]
// and returns the offset after it.
func (s *scanner) escape(i, lim, open int) (int, bool) {
	b := s.b
	if i+1 >= lim {
		return s.cut(i, lim, open)
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2, true
	case 'u':
		for k := i + 2; k < i+6; k++ {
			if k >= lim {
				return s.cut(i, lim, open)
			}
			if !isHex(b[k]) {
				s.stop(faultEscape, i, -1)
				return i, false
			}
		}
		return i + 6, true
	}
	s.stop(faultEscape, i, -1)
	return i, false
}

// cut records an escape sequence at b[i] cut short by the end of the body,
// or by the partner of a typographic quote at lim.
func (s *scanner) cut(i, lim, open int) (int, bool) {
	if lim == len(s.b) {
		s.eof(open)
	} else {
		s.stop(faultEscape, i, -1)
	}
	return i, false
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// typoString reads a string that opens with the typographic quote r at
// b[i]. Its partner, the next typographic quote of the same kind on the
// line before any straight quote, closes it; without one a straight quote
// does. It returns the text's bounds, the offset after the string and
// whether the text must be unescaped.
func (s *scanner) typoString(i int, r rune, size int) (lo, hi, end int, slow, ok bool) {
	s.typos++
	if s.typos == 1 {
		s.faults = append(s.faults, fault{kind: faultTypoQuote, off: i, ref: -1})
	}
	lo = i + size
	p, psize := s.partner(lo, r)
	if p < 0 {
		hi, slow, ok = s.content(lo, -1, i)
		return lo, hi, hi + 1, slow, ok
	}
	s.typos++
	hi, slow, ok = s.content(lo, p, i)
	return lo, hi, p + psize, slow, ok
}

// partner finds the typographic quote of r's kind that closes the string
// whose text starts at b[from], or returns -1.
func (s *scanner) partner(from int, r rune) (int, int) {
	b := s.b
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
			if isDoubleTypo(r) && isDoubleTypo(pr) || isSingleTypo(r) && isSingleTypo(pr) {
				return k, n
			}
			k += n
		}
	}
	return -1, 0
}

// number reads the number that starts at b[i].
func (s *scanner) number(i int) (int, bool) {
	b := s.b
	j := i
	if b[j] == '-' {
		j++
	}
	digits := func(what faultKind) bool {
		if j == len(b) {
			s.eof(-1)
			return false
		}
		if !isDigit(b[j]) {
			s.stop(what, j, -1)
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
			s.stop(faultLeadingZero, j-1, -1)
			return j, false
		}
	} else if !digits(faultNumber) {
		return j, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits(faultNumber) {
			return j, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits(faultNumber) {
			return j, false
		}
	}
	return j, true
}

// literal reads lit, which b[i] starts.
func (s *scanner) literal(i int, lit string) (int, state, bool) {
	for k := 1; k < len(lit); k++ {
		switch {
		case i+k == len(s.b):
			s.eof(-1)
			return i, 0, false
		case s.b[i+k] != lit[k]:
			s.stop(faultLiteral, i+k, -1)
			return i, 0, false
		}
	}
	return i + len(lit), s.after(), true
}

func isTypoQuote(r rune) bool { return isDoubleTypo(r) || isSingleTypo(r) }
