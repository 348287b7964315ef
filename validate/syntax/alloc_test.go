// The race detector makes sync.Pool drop items on purpose, so allocation
// counts mean nothing under it.

//go:build !race

package syntax

import (
	"strings"
	"testing"
)

// TestNoAllocation checks that a well-formed body of ordinary shape, the
// common case on every response checked, costs no allocation. (A key
// spelt with escapes costs one decode, to compare it with the others.)
func TestNoAllocation(t *testing.T) {
	bodies := map[string]string{
		"outcome":     valid,
		"deep":        strings.Repeat(`{"extension": [`, 20) + `{}` + strings.Repeat(`]}`, 20),
		"many issues": `{"resourceType": "OperationOutcome", "issue": [` + strings.Repeat(`{"severity": "error", "code": "invalid", "diagnostics": "x \u00e9 \"y\""}, `, 50) + `{}]}`,
		"scalars":     `[1, -2.5e+3, true, false, null, "s"]`,
	}
	for name, body := range bodies {
		b := []byte(body)
		if a := Analyze(b); len(a.Problems) != 0 {
			t.Fatalf("%s: test body has problems: %v", name, a.Problems)
		}
		if n := testing.AllocsPerRun(20, func() { Analyze(b) }); n != 0 {
			t.Errorf("%s: Analyze allocates %v times, want 0", name, n)
		}
	}
}
