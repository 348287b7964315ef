package operationoutcome

import (
	"strings"
	"testing"
	"time"
)

func TestLineIndexMatchesLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nefg\nh")
	var li lineIndex
	// In order, out of order, and at the edges.
	for _, off := range []int{0, 1, 2, 3, 5, 6, 7, 8, 11, 12, 4, 0, 13, 99, -1} {
		wl, wc := lineCol(data, off)
		gl, gc := li.at(data, off)
		if gl != wl || gc != wc {
			t.Errorf("offset %d: got %d:%d, want %d:%d", off, gl, gc, wl, wc)
		}
	}
}

// TestManyUnknownElementsIsLinear guards against quadratic position
// reporting: a large body full of unknown elements must still decode fast.
func TestManyUnknownElementsIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"resourceType":"OperationOutcome"`)
	for i := 0; i < 40000; i++ {
		b.WriteString(",\n\"x\":1")
	}
	b.WriteString("}")
	start := time.Now()
	_, err := DecodeJSON([]byte(b.String()), DecodeOptions{Strict: true})
	if n := len(AllDecodeErrors(err)); n != 40000 {
		t.Fatalf("got %d problems", n)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
