package textpos

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// naive places an offset by walking the text from the start, rune by rune.
func naive(text string, off int) (line, col int) {
	off = max(0, min(off, len(text)))
	start := 0
	if strings.HasPrefix(text, "\uFEFF") {
		start = 3
		if off < start {
			return 1, 1
		}
	}
	line, col = 1, 1
	for i := start; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size > off {
			break // an offset inside a character is placed at it
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func TestOf(t *testing.T) {
	tests := []struct {
		text      string
		off       int
		line, col int
	}{
		{"", 0, 1, 1},
		{"abc", 2, 1, 3},
		{"ab\ncd", 3, 2, 1},
		{"ab\ncd", 5, 2, 3},
		{"ab\r\ncd", 4, 2, 1},
		{"é😀x", 6, 1, 3},      // characters, not bytes
		{"\uFEFF{}", 3, 1, 1}, // the byte order mark is not counted
		{"\uFEFF{}", 1, 1, 1},
		{"a\xffb", 2, 1, 3}, // a byte that is not UTF-8 is one column
		{"a\xa3\xa3b", 2, 1, 3},
		{"a😀b", 3, 1, 2}, // inside a character: at the character
		{"abc", 99, 1, 4},
		{"abc", -1, 1, 1},
	}
	for _, tt := range tests {
		line, col := Of([]byte(tt.text), tt.off)
		if line != tt.line || col != tt.col {
			t.Errorf("Of(%q, %d) = %d:%d, want %d:%d", tt.text, tt.off, line, col, tt.line, tt.col)
		}
	}
}

// TestCursorMatchesNaive holds the cursor, asked offsets in any order, to
// a walk from the start.
func TestCursorMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	pieces := []string{"a", "é", "😀", "\n", "\r\n", "\xff", "\uFEFF", "  "}
	for range 500 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		c := Cursor{Text: []byte(text)}
		var got, want []int
		for range 20 {
			off := r.IntN(len(text) + 2)
			l, col := c.At(off)
			wl, wc := naive(text, off)
			got, want = append(got, l, col), append(want, wl, wc)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%q (-naive +cursor):\n%s", text, diff)
		}
	}
}

// TestCursorLinear: offsets asked in order on one line of 8 MB cost one
// pass, not one pass each (which for 100,000 offsets would not finish).
func TestCursorLinear(t *testing.T) {
	text := bytes.Repeat([]byte("x"), 8<<20)
	c := Cursor{Text: text}
	for off := 0; off < len(text); off += 80 {
		if line, col := c.At(off); line != 1 || col != off+1 {
			t.Fatalf("At(%d) = %d:%d", off, line, col)
		}
	}
	text[100], text[200] = '\n', '\n'
	c = Cursor{Text: text}
	for _, tc := range [][3]int{{50, 1, 51}, {150, 2, 50}, {250, 3, 50}, {120, 2, 20}} {
		if line, col := c.At(tc[0]); line != tc[1] || col != tc[2] {
			t.Errorf("At(%d) = %d:%d, want %d:%d", tc[0], line, col, tc[1], tc[2])
		}
	}
}
