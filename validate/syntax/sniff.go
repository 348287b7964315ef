package syntax

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// utf16Kind describes body if it looks like UTF-16, else returns "".
func utf16Kind(body []byte) string {
	switch {
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "UTF-16 little-endian (it starts with the byte order mark FF FE)"
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "UTF-16 big-endian (it starts with the byte order mark FE FF)"
	}
	n := min(len(body), 64) &^ 1
	if n < 4 {
		return ""
	}
	var evenNUL, oddNUL int
	for i := 0; i < n; i += 2 {
		if body[i] == 0 {
			evenNUL++
		}
		if body[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := n / 2
	switch {
	case oddNUL*4 >= pairs*3 && evenNUL == 0:
		return "UTF-16 little-endian without a byte order mark (every other byte is NUL, 0x00)"
	case evenNUL*4 >= pairs*3 && oddNUL == 0:
		return "UTF-16 big-endian without a byte order mark (every other byte is NUL, 0x00)"
	}
	return ""
}

func isHTML(b []byte) bool {
	if hasPrefixFold(b, "<!doctype html") {
		return true
	}
	if hasPrefixFold(b, "<html") {
		return len(b) == 5 || b[5] == '>' || unicode.IsSpace(rune(b[5]))
	}
	return false
}

// hasPrefixFold reports whether b starts with the lower-case ASCII prefix,
// in any case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.{0,400}?)</title`)

func htmlTitle(body []byte) string {
	m := titleRE.FindSubmatch(body[:min(len(body), 64<<10)])
	if m == nil {
		return ""
	}
	t := strings.Join(strings.Fields(string(m[1])), " ")
	if !utf8.ValidString(t) {
		t = strings.ToValidUTF8(t, "?")
	}
	if utf8.RuneCountInString(t) > 80 {
		t = string([]rune(t)[:77]) + "..."
	}
	return t
}

// notUTF8 says that the byte at body[off], at line:col here, is not UTF-8,
// and how many such bytes the body has when there are more.
func notUTF8(body []byte, off int, here string, count int) string {
	msg := fmt.Sprintf("the byte 0x%02X at %s is not UTF-8; FHIR JSON and XML are UTF-8 — re-encode the body as UTF-8 "+
		"(was it written in another encoding, such as ISO-8859-1 or Windows-1252?)", body[off], here)
	if count > 1 {
		msg += fmt.Sprintf(" (%d bytes in all are not UTF-8)", count)
	}
	return msg
}
