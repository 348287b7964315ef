package validate

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
)

// TestIDForms holds the id matchers to the regular expressions of the id
// policies, on edge cases and random one-character changes.
func TestIDForms(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	uuidDigits := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-[0-9]{20}$`)
	base := []string{"8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a", "8E0C3F2A-5B71-4D9E-A6C4-2F1B0E9D8C7A", "8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a-40918273645566778899", ""}
	samples := slices.Clone(base)
	r := rand.New(rand.NewPCG(1, 9))
	for range 20000 {
		s := []byte(base[r.IntN(2)*2])
		i := r.IntN(len(s))
		s[i] = "0af-gG:9 "[r.IntN(9)]
		samples = append(samples, string(s), string(s[:i]), string(s)+"x")
	}
	for _, s := range samples {
		if got, want := isUUID(s), uuid.MatchString(s); got != want {
			t.Errorf("isUUID(%q) = %v, regexp says %v", s, got, want)
		}
		got := len(s) == 57 && isUUID(s[:36]) && s[36] == '-' && allDigits(s[37:])
		if want := uuidDigits.MatchString(s); got != want {
			t.Errorf("UUID and 20 digits %q: %v, regexp says %v", s, got, want)
		}
	}
}
