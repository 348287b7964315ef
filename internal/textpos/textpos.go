package textpos

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Of returns the line and column of byte offset off of text. An offset
// past the end is placed just after the last character.
func Of(text []byte, off int) (line, col int) {
	c := Cursor{Text: text}
	return c.At(off)
}

// String returns "line:col" for byte offset off of text.
func String(text []byte, off int) string {
	line, col := Of(text, off)
	return strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// Cursor places offsets of one text, carrying on from the offset it placed
// last, so that offsets asked for in increasing order cost one pass over
// the text in all, however long its lines (a minified body is one line).
// An offset before the last starts again from the beginning. The zero
// Cursor with Text set is ready to use.
type Cursor struct {
	Text           []byte
	off, line, col int
}

// At returns the line and column of byte offset off. An offset inside a
// character is placed at the character.
func (c *Cursor) At(off int) (line, col int) {
	off = runeStart(c.Text, max(0, min(off, len(c.Text))))
	if c.line == 0 || off < c.off {
		c.off, c.line, c.col = 0, 1, 1
		if bytes.HasPrefix(c.Text, bom) {
			c.off = len(bom)
		}
		if off < c.off {
			return 1, 1 // inside the byte order mark
		}
	}
	seg := c.Text[c.off:off]
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		c.line += bytes.Count(seg, []byte{'\n'})
		c.col = 1 + utf8.RuneCount(seg[i+1:])
	} else {
		c.col += utf8.RuneCount(seg)
	}
	c.off = off
	return c.line, c.col
}

// runeStart returns the start of the character of text that holds offset
// off, or off when it starts one or is a byte that is not UTF-8.
func runeStart(text []byte, off int) int {
	for s := off - 1; s >= 0 && s > off-utf8.UTFMax; s-- {
		if utf8.RuneStart(text[s]) {
			if _, size := utf8.DecodeRune(text[s:]); size > off-s {
				return s
			}
			break
		}
	}
	return off
}

// String returns "line:col" for byte offset off.
func (c *Cursor) String(off int) string {
	line, col := c.At(off)
	return strconv.Itoa(line) + ":" + strconv.Itoa(col)
}
