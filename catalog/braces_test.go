package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// splitBracesByByte is splitBraces as first written, a byte at a time: the
// oracle the substring-taking splitBraces is held to.
func splitBracesByByte(s string) ([]braceText, *braceError) {
	var out []braceText
	var lit strings.Builder
	litAt := 0
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, braceText{text: lit.String(), at: litAt})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if lit.Len() == 0 {
			litAt = i
		}
		switch c := s[i]; {
		case (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c:
			lit.WriteByte(c)
			i++
		case c == '}':
			return nil, &braceError{at: i}
		case c == '{':
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				return nil, &braceError{unclosed: true, at: i}
			}
			flush()
			out = append(out, braceText{ref: true, text: s[i+1 : i+1+end], at: i})
			i += end + 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out, nil
}

var braceSeeds = []string{
	"", "plain", "{a}", "x{a}y{b}z", "{{", "}}", "a{{b}}c", "{{{a}}}", "{a}{{", "}}{a}", "{a", "a}", "{}",
	"No record found for supplied DocumentReference identifier - {id}", "{{literal}} and {ref} and }}",
	"{a}}}", "x}}{{y", "{{}", "{{{", "}}}",
}

func TestSplitBraces(t *testing.T) {
	for _, s := range braceSeeds {
		compareSplit(t, s)
	}
}

func FuzzSplitBraces(f *testing.F) {
	for _, s := range braceSeeds {
		f.Add(s)
	}
	f.Fuzz(compareSplit)
}

func compareSplit(t *testing.T, s string) {
	got, gotErr := splitBraces(s)
	want, wantErr := splitBracesByByte(s)
	opt := cmp.AllowUnexported(braceText{}, braceError{})
	if d := cmp.Diff(want, got, opt); d != "" {
		t.Fatalf("splitBraces(%q) pieces (-byte by byte +got):\n%s", s, d)
	}
	if d := cmp.Diff(wantErr, gotErr, opt); d != "" {
		t.Fatalf("splitBraces(%q) error (-byte by byte +got):\n%s", s, d)
	}
}
