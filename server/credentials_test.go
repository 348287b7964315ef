package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedact(t *testing.T) {
	long := strings.Repeat("Ab9", 100)
	cases := []struct {
		name  string
		auth  []string
		in    string
		want  string
		limit int
	}{
		{"none", nil, "abc", "abc", 0},
		{"whole value first", []string{"Bearer k"}, "x Bearer k y k", "x [redacted] y [redacted]", 0},
		{"a letter of the marker", []string{"Bearer e"}, "e[redacted]e", "[redacted][redacted][redacted]", 0},
		{"twice is once", []string{"d"}, "[redacted]", "[redacted]", 0},
		{"control characters inside", []string{"Bearer ab"}, "a\x00b", "[redacted]", 0},
		{"before the cut", []string{"Bearer " + long}, "x" + long + long, "x[redacted][redacted]", 25},
		{"cut after", []string{"Bearer q"}, strings.Repeat("z", 10), "zzzz…", 5},
		{"several headers", []string{"Bearer a1", "b2"}, "a1 b2", "[redacted] [redacted]", 0},
		{"too many headers", []string{"a", "b", "c", "d", "e"}, "anything", "[redacted]", 0},
		{"too many headers, empty value", []string{"a", "b", "c", "d", "e"}, "", "", 0},
		{"blank header", []string{"  "}, "a  b", "a  b", 0},
		{"a short secret alone", []string{"Bearer tok"}, "tok, 'tok' and tok", "[redacted], '[redacted]' and [redacted]", 0},
		{"a short secret inside a word", []string{"bearer tok"}, "Invalid token type 'bearer'", "Invalid token type 'bearer'", 0},
		{"a long secret inside a word", []string{"Bearer tok12345"}, "xtok12345x", "x[redacted]x", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			for _, a := range c.auth {
				r.Header.Add("Authorization", a)
			}
			cs := credentialsOf(r)
			got := cleanValue(c.in, &cs, c.limit)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if again := cleanValue(got, &cs, c.limit); again != got {
				t.Errorf("cleaning twice gives %q, once %q", again, got)
			}
		})
	}
}
