package syntax

import (
	"strings"
	"testing"
	"time"
)

func benchBodies() map[string][]byte {
	issue := `{"severity": "error", "code": "invalid", "diagnostics": "Invalid query parameter (subject:identifier): expected {system}|{code} 100% sure #1"}`
	big := `{"resourceType": "OperationOutcome", "issue": [` + strings.Repeat(issue+", ", 8000) + issue + `]}`
	return map[string][]byte{
		"small-valid":   []byte(`{"resourceType": "OperationOutcome", "issue": [` + issue + `]}`),
		"1MB-valid":     []byte(big),
		"1MB-truncated": []byte(big[:len(big)-3]),
		"1MB-commas":    []byte("[" + strings.Repeat("[1,],", 200000) + "1]"),
		"1MB-braces":    []byte(strings.Repeat("{{{{", 250000)),
		"1MB-percent":   []byte(strings.Repeat("%a", 500000)),
		"1MB-typo":      []byte("[" + strings.Repeat("“a”,", 100000) + "1]"),
	}
}

// BenchmarkCheck measures Check on typical and adversarial bodies.
func BenchmarkCheck(b *testing.B) {
	for name, body := range benchBodies() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				_ = Check(body)
			}
		})
	}
}

// TestLargeBodiesFast guards against quadratic behaviour: every adversarial
// 1 MB body is checked in well under a few seconds.
func TestLargeBodiesFast(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for name, body := range benchBodies() {
		start := time.Now()
		_ = Check(body)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: Check took %v", name, d)
		}
	}
}
