package server

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes a request value safe to put in a diagnostics text: invalid
// UTF-8 becomes U+FFFD, tabs and line breaks become spaces, other control and
// format characters (C0, DEL, C1, bidirectional overrides, zero-width marks,
// U+2028/U+2029, noncharacters) are removed, and the result is cut to
// DefaultMaxParamRunes runes, ending in "…" when cut. Request input can then
// neither break the JSON or XML it lands in nor fake lines in a log or a
// client's display.
//
// Sanitize knows nothing of the request the value came from; the answers
// this package builds use RequestSanitizer, which also takes out the
// request's credentials.
func Sanitize(s string) string { return cut(clean(s), DefaultMaxParamRunes) }

// clean is Sanitize without the cut. It is a map rune by rune, so an
// occurrence of t in s is an occurrence of clean(t) in clean(s).
func clean(s string) string {
	if plainASCII(s) {
		return s // the common case, without a copy
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			r = ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), isNonCharacter(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainASCII reports whether s is printable ASCII only, which clean keeps
// as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// cut cuts s to max runes (DefaultMaxParamRunes when max is 0 or less), the
// last being "…" when s was longer.
func cut(s string, max int) string {
	if max <= 0 {
		max = DefaultMaxParamRunes
	}
	if len(s) <= max {
		return s // no more runes than bytes
	}
	n := 0
	for i := range s {
		if n == max-1 {
			if utf8.RuneCountInString(s[i:]) == 1 {
				return s // exactly max runes
			}
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// isNonCharacter reports whether r is a Unicode noncharacter (U+FDD0..U+FDEF
// and the last two code points of every plane), which XML 1.0 forbids in part
// and no client should display.
func isNonCharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

// newUUID returns a random version 4 UUID, the e-RS transaction id, in one
// allocation (it is made for every response).
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		hex.Encode(out[j:j+2], []byte{c})
		j += 2
	}
	return string(out[:])
}
