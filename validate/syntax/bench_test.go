package syntax

import (
	"strings"
	"testing"

	"github.com/spinecat/spinecat/internal/jsontape"
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
		"1MB-deep":      []byte(strings.Repeat("[", 1<<20)),
		"1MB-dup-keys":  []byte("{" + strings.Repeat(`"a": 1, `, 130000) + `"a": 1}`),
		"1MB-keys":      []byte("{" + manyKeys(70000) + "}"),
		"1MB-latin1":    []byte(`["` + strings.Repeat("caf\xe9 ", 200000) + `"]`),
	}
}

// BenchmarkCheck measures Check on typical and adversarial bodies.
func BenchmarkCheck(b *testing.B) {
	for name, body := range benchBodies() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				_ = Problems(body)
			}
		})
	}
}

// TestLargeBodies checks what Check reports for large adversarial bodies:
// the first problem, and how many are listed. The scan is linear by
// construction (BenchmarkCheck measures it).
func TestLargeBodies(t *testing.T) {
	type want struct {
		Rule string
		N    int
	}
	wants := map[string]want{
		"small-valid": {}, "1MB-valid": {}, "1MB-keys": {},
		"1MB-truncated": {RuleTruncated, 1},
		"1MB-commas":    {RuleTrailingComma, jsontape.MaxListed},
		"1MB-braces":    {RuleJSON, 1},
		"1MB-percent":   {RuleJSON, 1},
		"1MB-typo":      {RuleTypographicQuotes, 1},
		"1MB-deep":      {RuleTooDeep, 1},
		"1MB-dup-keys":  {RuleDuplicateKey, jsontape.MaxListed},
		"1MB-latin1":    {RuleUTF8, 1},
	}
	for name, body := range benchBodies() {
		ps := Problems(body)
		var got want
		if len(ps) > 0 {
			got = want{ps[0].Rule, len(ps)}
		}
		if got != wants[name] {
			t.Errorf("%s: first rule and count %v, want %v", name, got, wants[name])
		}
	}
}
