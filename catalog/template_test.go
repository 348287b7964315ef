package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"a {id", "placeholder at offset 2 is not closed with '}'"},
		{"a {} b", "placeholder {} at offset 2: a name is letters, digits and '_', starting with a letter"},
		{"a {1x} b", "placeholder {1x} at offset 2: a name is letters, digits and '_', starting with a letter"},
		{"a {x}{y}", "placeholders {x} and {y} have no text between them, so a message could not be split between them"},
		{"a } b", "'}' at offset 2 has no opening '{' (write '}}' for a literal brace)"},
	}
	for _, tt := range tests {
		_, err := ParseTemplate(tt.in)
		if err == nil {
			t.Errorf("ParseTemplate(%q) = nil error, want %q", tt.in, tt.want)
			continue
		}
		if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
			t.Errorf("ParseTemplate(%q) error (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestTemplateMatch(t *testing.T) {
	tests := []struct {
		tmpl, in string
		want     []string
		ok       bool
	}{
		{"No record found for supplied DocumentReference identifier - {id}", "No record found for supplied DocumentReference identifier - abc-123", []string{"abc-123"}, true},
		{"No record found for supplied DocumentReference identifier - {id}", "No record found for supplied DocumentReference identifier – abc", nil, false},
		{"Duplicate masterIdentifier value: {value} system: {system}", "Duplicate masterIdentifier value: 1.2 system: urn:ietf:rfc:3986", []string{"1.2", "urn:ietf:rfc:3986"}, true},
		{"No Legitimate Relationship for {resourceType} with ID {id}.", "No Legitimate Relationship for Binary with ID att-1.", []string{"Binary", "att-1"}, true},
		{"No Legitimate Relationship for {resourceType} with ID {id}.", "No Legitimate Relationship for Binary with ID att-1", nil, false},
		{"fixed text", "fixed text", nil, true},
		{"fixed text", "fixed text!", nil, false},
		{"{a} and {a}", "x and x", []string{"x", "x"}, true},
		{"{a} and {a}", "x and y", nil, false},
		{"literal {{braces}} {x}", "literal {braces} 42", []string{"42"}, true},
		{"{detail}", "", []string{""}, true},
		{"ab{x}ba", "aba", nil, false}, // prefix and suffix overlap
	}
	for _, tt := range tests {
		tm := MustParseTemplate(tt.tmpl)
		got, ok := tm.Match(tt.in)
		if ok != tt.ok {
			t.Errorf("%q.Match(%q) ok = %v, want %v", tt.tmpl, tt.in, ok, tt.ok)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q.Match(%q) (-want +got):\n%s", tt.tmpl, tt.in, diff)
		}
		if ok {
			if back := tm.Expand(got...); back != tt.in {
				t.Errorf("Expand(Match(%q)) = %q", tt.in, back)
			}
		}
	}
}

func FuzzTemplateMatch(f *testing.F) {
	f.Add("No record found - {id}", "No record found - 123")
	f.Add("{a} x {b} y {c}", "1 x 2 y 3")
	f.Add("{{lit}} {a}", "{lit} q")
	f.Fuzz(func(t *testing.T, tmpl, s string) {
		tm, err := ParseTemplate(tmpl)
		if err != nil {
			return
		}
		vals, ok := tm.Match(s)
		if ok && tm.Expand(vals...) != s {
			t.Fatalf("Expand(Match(%q)) = %q, template %q", s, tm.Expand(vals...), tmpl)
		}
		// Whatever values are put in, a match of the expansion must give
		// an expansion equal to it.
		in := make([]string, len(tm.Params()))
		for i := range in {
			in[i] = s
		}
		exp := tm.Expand(in...)
		if _, _, exhausted := tm.match(exp); exhausted {
			return // a repeated name and a long text: Match gave up at its work bound
		}
		if vals, ok := tm.Match(exp); !ok || tm.Expand(vals...) != exp {
			t.Fatalf("template %q does not match its own expansion %q", tmpl, exp)
		}
	})
}
