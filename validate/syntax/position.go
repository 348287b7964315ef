package syntax

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// cursor turns byte offsets of a body into 1-based lines and columns that
// count characters (runes); a leading UTF-8 byte order mark is not counted.
// It carries on from the offset asked for last, so that offsets asked for
// in increasing order cost one pass over the body in all.
type cursor struct {
	body           []byte
	off, line, col int
}

func (c *cursor) at(off int) (line, col int) {
	off = max(0, min(off, len(c.body)))
	if c.line == 0 || off < c.off {
		c.off, c.line, c.col = 0, 1, 1
		if bytes.HasPrefix(c.body, utf8BOM) {
			c.off = len(utf8BOM)
		}
		if off < c.off {
			return 1, 1 // inside the byte order mark
		}
	}
	seg := c.body[c.off:off]
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		c.line += bytes.Count(seg, []byte{'\n'})
		c.col = 1 + utf8.RuneCount(seg[i+1:])
	} else {
		c.col += utf8.RuneCount(seg)
	}
	c.off = off
	return c.line, c.col
}

// pos returns "line:col" for offset off.
func (c *cursor) pos(off int) string {
	l, col := c.at(off)
	return strconv.Itoa(l) + ":" + strconv.Itoa(col)
}

// position returns the 1-based line and column (in characters) of byte
// offset off of body.
func position(body []byte, off int) (line, col int) {
	c := cursor{body: body}
	return c.at(off)
}

// at returns "line:col" for byte offset off of body.
func at(body []byte, off int) string {
	c := cursor{body: body}
	return c.pos(off)
}
