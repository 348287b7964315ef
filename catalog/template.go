package catalog

import (
	"fmt"
	"strings"
)

// Template is a diagnostics template such as
// "No record found for supplied DocumentReference identifier - {id}".
// Placeholders are {name}; "{{" and "}}" stand for literal braces.
//
// Matching is done without regular expressions: the literal text between
// placeholders is located left to right, each placeholder taking the
// shortest text that lets the rest match, and the last literal must end the
// string.
type Template struct {
	raw      string
	literals []string // len(literals) == len(params)+1
	params   []string
}

// ParseTemplate parses a diagnostics template. It fails on an unclosed or
// empty placeholder and on two placeholders with nothing between them, which
// could not be told apart when matching.
func ParseTemplate(s string) (*Template, error) {
	parts, berr := splitBraces(s)
	if berr != nil {
		if berr.unclosed {
			return nil, fmt.Errorf("placeholder at offset %d is not closed with '}'", berr.at)
		}
		return nil, fmt.Errorf("'}' at offset %d has no opening '{' (write '}}' for a literal brace)", berr.at)
	}
	t := &Template{raw: s}
	lit := ""
	for _, p := range parts {
		if !p.ref {
			lit = p.text
			continue
		}
		if !validParamName(p.text) {
			return nil, fmt.Errorf("placeholder {%s} at offset %d: a name is letters, digits and '_', starting with a letter", p.text, p.at)
		}
		if len(t.params) > 0 && lit == "" {
			return nil, fmt.Errorf("placeholders {%s} and {%s} have no text between them, so a message could not be split between them", t.params[len(t.params)-1], p.text)
		}
		t.literals = append(t.literals, lit)
		lit = ""
		t.params = append(t.params, p.text)
	}
	t.literals = append(t.literals, lit)
	return t, nil
}

// MustParseTemplate is ParseTemplate for templates known to be valid, such
// as those in generated code; it panics on a bad template.
func MustParseTemplate(s string) *Template {
	t, err := ParseTemplate(s)
	if err != nil {
		panic("catalog: bad template " + fmt.Sprintf("%q", s) + ": " + err.Error())
	}
	return t
}

func validParamName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r != '_' && (r < '0' || r > '9')) {
			return false
		}
	}
	return true
}

// String returns the template as written.
func (t *Template) String() string { return t.raw }

// Params returns the placeholder names in order of appearance (a name may
// appear more than once).
func (t *Template) Params() []string { return append([]string(nil), t.params...) }

// Specificity is the length of the template's literal text: how much of a
// message matching it is fixed rather than filled in.
func (t *Template) Specificity() int {
	n := 0
	for _, lit := range t.literals {
		n += len(lit)
	}
	return n
}

// Literal reports whether the template has no placeholders.
func (t *Template) Literal() bool { return len(t.params) == 0 }

// Expand fills the placeholders from values, in the order of Params. A
// missing value expands to the empty string.
func (t *Template) Expand(values ...string) string {
	var b strings.Builder
	for i, lit := range t.literals {
		b.WriteString(lit)
		if i < len(t.params) && i < len(values) {
			b.WriteString(values[i])
		}
	}
	return b.String()
}

// ExpandMap fills the placeholders by name.
func (t *Template) ExpandMap(values map[string]string) string {
	vals := make([]string, len(t.params))
	for i, p := range t.params {
		vals[i] = values[p]
	}
	return t.Expand(vals...)
}

// Match reports whether s is an expansion of the template and returns the
// placeholder values in the order of Params. A name that appears twice must
// take the same value both times.
//
// Each placeholder takes the shortest text that lets the rest match. Without
// repeated names the leftmost occurrence of each literal is always right;
// with them, later occurrences are tried too, up to a bounded amount of work
// beyond which s is taken not to match (no catalogue template repeats a
// name; the bound keeps a hostile template from stalling a check).
func (t *Template) Match(s string) ([]string, bool) {
	vals, ok, _ := t.match(s)
	return vals, ok
}

// maxMatchSteps bounds the backtracking of Match for templates that repeat
// a placeholder name.
const maxMatchSteps = 100000

// match is Match, also reporting whether it gave up at the work bound.
func (t *Template) match(s string) (vals []string, ok, exhausted bool) {
	if len(t.literals) == 0 { // the zero Template: no text at all
		return nil, s == "", false
	}
	if !strings.HasPrefix(s, t.literals[0]) {
		return nil, false, false
	}
	if len(t.params) == 0 {
		return nil, s == t.literals[0], false
	}
	last := t.literals[len(t.literals)-1]
	if len(s) < len(t.literals[0])+len(last) || !strings.HasSuffix(s, last) {
		return nil, false, false
	}
	rest := s[len(t.literals[0]) : len(s)-len(last)]
	values := make([]string, len(t.params))
	steps := 0
	if !t.matchFrom(0, rest, values, t.repeats(), &steps) {
		return nil, false, steps > maxMatchSteps
	}
	return values, true, false
}

// repeats reports whether some placeholder name appears more than once.
func (t *Template) repeats() bool {
	for i := range t.params {
		for j := i + 1; j < len(t.params); j++ {
			if t.params[i] == t.params[j] {
				return true
			}
		}
	}
	return false
}

// matchFrom assigns values[i:] from rest, the text between the end of
// literal i and the start of the last literal.
func (t *Template) matchFrom(i int, rest string, values []string, backtrack bool, steps *int) bool {
	*steps++
	if *steps > maxMatchSteps {
		return false
	}
	// A name seen before must take the same value: no choice to make.
	prev, seen := "", false
	for j := 0; j < i; j++ {
		if t.params[j] == t.params[i] {
			prev, seen = values[j], true
			break
		}
	}
	if i == len(t.params)-1 {
		values[i] = rest
		return !seen || rest == prev
	}
	next := t.literals[i+1]
	if seen {
		if !strings.HasPrefix(rest, prev) || !strings.HasPrefix(rest[len(prev):], next) {
			return false
		}
		values[i] = prev
		return t.matchFrom(i+1, rest[len(prev)+len(next):], values, backtrack, steps)
	}
	for from := 0; from <= len(rest); {
		at := strings.Index(rest[from:], next)
		if at < 0 {
			return false
		}
		at += from
		values[i] = rest[:at]
		if t.matchFrom(i+1, rest[at+len(next):], values, backtrack, steps) {
			return true
		}
		if !backtrack || *steps > maxMatchSteps {
			return false
		}
		from = at + 1
	}
	return false
}

// expandParams fills the placeholders from values aligned with params
// (an entry's parameter list, whose order may differ from the template's).
func (t *Template) expandParams(params []Param, values []string) string {
	return string(t.appendParams(nil, params, values))
}

// appendParams appends the expansion of expandParams to dst.
func (t *Template) appendParams(dst []byte, params []Param, values []string) []byte {
	for i, lit := range t.literals {
		dst = append(dst, lit...)
		if i >= len(t.params) {
			continue
		}
		for j, p := range params {
			if p.Name == t.params[i] && j < len(values) {
				dst = append(dst, values[j]...)
				break
			}
		}
	}
	return dst
}
