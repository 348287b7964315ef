package syntax

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isJSONSpace reports the white space JSON allows between tokens.
func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

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
	head := strings.ToLower(string(b[:min(len(b), 16)]))
	if strings.HasPrefix(head, "<!doctype html") {
		return true
	}
	if strings.HasPrefix(head, "<html") {
		return len(head) == 5 || head[5] == '>' || unicode.IsSpace(rune(head[5]))
	}
	return false
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
