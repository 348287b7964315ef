package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// unsafeRune reports whether r must not reach a terminal as it is: C0 and
// C1 control characters and DEL (a newline forges a report line, ESC starts
// an escape sequence), and the bidirectional controls that reorder what is
// shown (Trojan Source, CVE-2021-42574).
func unsafeRune(r rune) bool {
	return r < 0x20 || 0x7f <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 || r == 0x200e || r == 0x200f
}

// escapeControls writes the unsafe characters and invalid UTF-8 of s as Go
// escapes (\n, \x1b, \u202e, \xff). keepNewlines keeps "\n" in a multi-line
// message, which WriteText indents.
func escapeControls(s string, keepNewlines bool) string {
	if !needsEscape(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case unsafeRune(r):
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || unsafeRune(r) && !(r == '\n' && keepNewlines) {
			return true
		}
		i += n
	}
	return false
}

// quoteUnsafe returns a file name as it is when it is safe to print, and
// quoted with its unsafe characters escaped when not, so that an escaped
// name cannot be taken for another file's.
func quoteUnsafe(name string) string {
	if !needsEscape(name, false) {
		return name
	}
	return `"` + escapeControls(strings.ReplaceAll(strings.ReplaceAll(name, `\`, `\\`), `"`, `\"`), false) + `"`
}
