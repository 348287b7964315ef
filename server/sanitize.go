package server

import (
	"crypto/rand"
	"fmt"
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
func Sanitize(s string) string { return sanitize(s, DefaultMaxParamRunes) }

func sanitize(s string, max int) string {
	if max <= 0 {
		max = DefaultMaxParamRunes
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			r = ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), isNonCharacter(r):
			continue
		}
		b.WriteRune(r)
		n++
	}
	out := b.String()
	if n <= max {
		return out
	}
	// Keep max-1 runes and mark the cut.
	cut := 0
	for i := range out {
		if cut == max-1 {
			return out[:i] + "…"
		}
		cut++
	}
	return out
}

// isNonCharacter reports whether r is a Unicode noncharacter (U+FDD0..U+FDEF
// and the last two code points of every plane), which XML 1.0 forbids in part
// and no client should display.
func isNonCharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

// sanitizeHeader is Sanitize for a header value echoed back (X-Correlation-ID):
// the same rules, so that a value cannot split the response header.
func sanitizeHeader(s string) string { return strings.TrimSpace(sanitize(s, DefaultMaxParamRunes)) }

// newUUID returns a random version 4 UUID, the e-RS transaction id.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
