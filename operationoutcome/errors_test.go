package operationoutcome

import (
	"strings"
	"testing"
	"time"
)

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
