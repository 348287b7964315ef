package jsontape

import "unicode/utf8"

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

// IsTypoQuote reports whether r is a typographic quote (U+201C, U+201D,
// U+2018 or U+2019).
func IsTypoQuote(r rune) bool { return IsDoubleTypo(r) || IsSingleTypo(r) }

// IsDoubleTypo reports whether r is a typographic double quote.
func IsDoubleTypo(r rune) bool { return r == '\u201C' || r == '\u201D' }

// IsSingleTypo reports whether r is a typographic single quote.
func IsSingleTypo(r rune) bool { return r == '\u2018' || r == '\u2019' }
