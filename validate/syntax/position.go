package syntax

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// position returns the 1-based line and column (in runes) of byte offset off.
func position(body []byte, off int) (line, col int) {
	off = max(0, min(off, len(body)))
	line = 1 + bytes.Count(body[:off], []byte{'\n'})
	ls := bytes.LastIndexByte(body[:off], '\n') + 1
	col = 1 + utf8.RuneCount(body[ls:off])
	if ls == 0 && off >= len(utf8BOM) && bytes.HasPrefix(body, utf8BOM) {
		col--
	}
	return line, col
}

func at(body []byte, off int) string {
	l, c := position(body, off)
	return strconv.Itoa(l) + ":" + strconv.Itoa(c)
}
