package textdist

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 0, 0},
		{"severity", "sevrity", 0, 1},
		{"diagnostic", "diagnostics", 0, 1},
		{"kitten", "sitting", 0, 3},
		{"kitten", "sitting", 2, 2},
		{"NO_RECORD_FUOND", "NO_RECORD_FOUND", 0, 2},
		{"é", "e", 0, 1},
		{"abc", "abcdefgh", 3, 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"severity", "code", "details", "diagnostics"}
	for word, want := range map[string]string{"sevrity": "severity", "Diagnostic": "diagnostics", "expression": "", "cod": "code"} {
		if got := Closest(word, keys, 3); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}
