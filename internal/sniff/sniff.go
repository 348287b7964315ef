package sniff

import (
	"bytes"
)

// window is how much of the start of a text the UTF-16 test reads.
const window = 1024

// UTF16 reports whether b is UTF-16 and in which byte order: by its byte
// order mark (FF FE little-endian, FE FF big-endian), or without one by the
// NUL bytes of mostly-ASCII text: in the first kilobyte, at least 70 % of
// the two-byte units have a NUL in one half and at most 10 % in the other.
func UTF16(b []byte) (bigEndian, bom, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return false, true, true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return true, true, true
	}
	n := min(len(b), window) &^ 1
	if n < 4 || bytes.IndexByte(b[:n], 0) < 0 {
		return false, false, false // UTF-16 of mostly ASCII text is full of NULs
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	units := n / 2
	switch {
	case odd*10 >= units*7 && even*10 <= units:
		return false, false, true
	case even*10 >= units*7 && odd*10 <= units:
		return true, false, true
	}
	return false, false, false
}

// HTML reports whether b, after a UTF-8 byte order mark and white space,
// starts an HTML page: "<!doctype html" or "<html" followed by white
// space, '>' or the end, in any case.
func HTML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	b = bytes.TrimLeft(b, " \t\r\n\f\v")
	if hasPrefixFold(b, "<!doctype html") {
		return true
	}
	if hasPrefixFold(b, "<html") {
		return len(b) == 5 || b[5] == '>' || isSpace(b[5])
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// hasPrefixFold reports whether b starts with the lower-case ASCII prefix,
// in any case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
