package syntax

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sync"

	"github.com/spinecat/spinecat/internal/textpos"
)

// Template placeholders that are unlikely in real text: {{x}}, ${x},
// Karate's #(x) (and ##(x)) and Apigee's %x#. They are matched by hand
// (nextPlaceholder), since a regular expression with bounded repetition is
// slow on large bodies.
const maxPlaceholder = 200

func isNameStart(b byte) bool {
	return b == '_' || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')
}

func isNameByte(b byte) bool {
	return isNameStart(b) || (b >= '0' && b <= '9') || b == '.' || b == '-'
}

// placeholderAt returns the end of the placeholder that starts at b[i], if
// one does.
func placeholderAt(b []byte, i int) (int, bool) {
	n := len(b)
	switch {
	case b[i] == '{' && i+1 < n && b[i+1] == '{':
		for j := i + 2; j < n && j <= i+2+maxPlaceholder; j++ {
			switch b[j] {
			case '}':
				if j+1 < n && b[j+1] == '}' {
					return j + 2, true
				}
				return 0, false
			case '{', '\n':
				return 0, false
			}
		}
	case b[i] == '$' && i+2 < n && b[i+1] == '{' && isNameStart(b[i+2]):
		for j := i + 3; j < n && j <= i+2+maxPlaceholder; j++ {
			switch b[j] {
			case '}':
				return j + 1, true
			case '{', '\n':
				return 0, false
			}
		}
	case b[i] == '#' && i+2 < n && b[i+1] == '#' && b[i+2] == '(':
		if e, ok := placeholderAt(b, i+1); ok {
			return e, true
		}
	case b[i] == '#' && i+2 < n && b[i+1] == '(' && isNameStart(b[i+2]):
		for j := i + 3; j < n && j <= i+2+maxPlaceholder; j++ {
			if b[j] == ')' {
				return j + 1, true
			}
			if !isNameByte(b[j]) {
				return 0, false
			}
		}
	case b[i] == '%' && i+1 < n && isNameStart(b[i+1]):
		for j := i + 2; j < n && j <= i+1+maxPlaceholder; j++ {
			if b[j] == '#' {
				return j + 1, true
			}
			if !isNameByte(b[j]) {
				return 0, false
			}
		}
	}
	return 0, false
}

// placeholderStart marks the bytes a placeholder can start with.
var placeholderStart = [256]bool{'{': true, '$': true, '#': true, '%': true}

// nextPlaceholder finds the first placeholder in b at or after from.
func nextPlaceholder(b []byte, from int) (start, end int, ok bool) {
	for i := from; i < len(b); i++ {
		if !placeholderStart[b[i]] {
			continue
		}
		if e, ok := placeholderAt(b, i); ok {
			return i, e, true
		}
	}
	return 0, 0, false
}

// apigeeRefRE matches Apigee's {flow.variable} references. They are only
// looked for where they break the JSON, since prose such as
// "expected {system}|{code}" is common in diagnostics.
// It is compiled on first use, as wholeValueRE is.
var apigeeRefRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\}`)
})

// wholeValueRE matches a quoted value that is nothing but a variable
// reference: Apigee's {flow.variable} or {escapeJSON(flow.variable)}, AWS API Gateway's $context.x.y, or a
// test fixture's <identifier>. Inside longer text such forms are common
// prose, so only whole values count.
// It is compiled on first use: a well-formed body whose strings cannot hold
// a placeholder is never searched.
var wholeValueRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(\{[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*(?:\([A-Za-z0-9_.\-]*\))?\}|<[A-Za-z_][A-Za-z0-9_\-]*>|\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)"`)
})

// wholeValues runs wholeValueRE only on bodies that could match it: a
// quoted value starting with '{', '<' or '$'.
func wholeValues(body []byte) [][]int {
	if !bytes.Contains(body, []byte(`"{`)) && !bytes.Contains(body, []byte(`"<`)) && !bytes.Contains(body, []byte(`"$`)) {
		return nil
	}
	return wholeValueRE().FindAllSubmatchIndex(body, 1001)
}

// placeholderAround finds a placeholder whose span holds offset off.
func placeholderAround(b []byte, off int) (start, end int, ok bool) {
	lo, hi := max(0, off-256), min(len(b), off+256)
	for i := lo; i < hi; {
		s, e, ok := nextPlaceholder(b[:hi], i)
		if !ok || s > off {
			break
		}
		if off < e {
			return s, e, true
		}
		i = s + 1
	}
	for _, m := range apigeeRefRE().FindAllIndex(b[lo:hi], -1) {
		if s, e := lo+m[0], lo+m[1]; s <= off && off < e {
			return s, e, true
		}
	}
	return 0, 0, false
}

func templateProblem(body []byte, start, end int, more string) Problem {
	l, c := textpos.Of(body, start)
	text := shorten(body[start:end])
	return Problem{
		Rule: RuleTemplate, Line: l, Col: c, Offset: start,
		Message: fmt.Sprintf("unrendered template placeholder %s at %d:%d%s; the body is a template that was never filled in (an Apigee AssignMessage policy, a mock or a test fixture) — fix whatever produced it", text, l, c, more),
	}
}

// placeholderScan reports the placeholders of a body: one finding for the
// first, counting the rest. A placeholder inside a string does not stop a
// parser, so the finding is a note.
func placeholderScan(body []byte) []finding {
	var ms [][2]int
	for i := 0; i < len(body) && len(ms) < 1001; {
		s, e, ok := nextPlaceholder(body, i)
		if !ok {
			break
		}
		ms = append(ms, [2]int{s, e})
		i = e
	}
	for _, m := range wholeValues(body) {
		if !slices.ContainsFunc(ms, func(x [2]int) bool { return x[0] < m[3] && m[2] < x[1] }) {
			ms = append(ms, [2]int{m[2], m[3]})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	slices.SortFunc(ms, func(a, b [2]int) int { return a[0] - b[0] })
	more := ""
	switch n := len(ms) - 1; {
	case n > 999:
		more = " (and more than 999 others)"
	case n > 1:
		more = fmt.Sprintf(" (and %d others)", n)
	case n == 1:
		more = " (and 1 other)"
	}
	return []finding{{templateProblem(body, ms[0][0], ms[0][1], more), note}}
}
