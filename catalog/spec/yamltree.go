package spec

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// The budgets of a catalogue file's document once its aliases are
// expanded: values, bytes (keys, scalars and the paths recorded for
// positions) and nesting. The largest shipped catalogue, e-RS's, is 3,500
// values and 0.2 MB on these measures, nested 8 deep.
const (
	maxNodes = 1_000_000
	maxBytes = 64 << 20
	maxDepth = 100
)

// pos is a line and column in a YAML file.
type pos struct{ line, col int }

// tree is a YAML document as JSON-shaped values, with the position of every
// value and every mapping key, keyed by JSON pointer.
type tree struct {
	value  any
	values map[string]pos
	keys   map[string]pos // pointer of the value whose key this is
}

// toTree converts a YAML node into JSON-shaped values for the JSON Schema
// validator, recording positions so that schema errors point into the YAML.
// It stops at the first budget exceeded, with one problem saying so and
// stopped set: the rest of the document is not converted, so nothing more
// should be checked. The work is bounded by the budgets, whatever the
// aliases multiply.
func toTree(n *yaml.Node) (t *tree, errs []posError, stopped bool) {
	t = &tree{values: map[string]pos{}, keys: map[string]pos{}}
	seen := map[posError]bool{} // an alias repeats its target's problems
	report := func(n *yaml.Node, msg string) {
		pe := posError{pos{n.Line, n.Column}, msg}
		if !seen[pe] {
			seen[pe] = true
			errs = append(errs, pe)
		}
	}
	stop := func(n *yaml.Node, msg string) {
		if !stopped {
			stopped = true
			report(n, msg)
		}
	}
	// Aliases can refer to themselves or multiply a small document into a
	// huge one; catalogue files have no need of them beyond a few uses.
	expanding := map[*yaml.Node]bool{}
	nodes, size := maxNodes, maxBytes
	var conv func(n *yaml.Node, ptr string, depth int) any
	conv = func(n *yaml.Node, ptr string, depth int) any {
		nodes--
		size -= len(ptr) + len(n.Value)
		switch {
		case stopped:
			return nil
		case nodes < 0:
			stop(n, fmt.Sprintf("the document expands to more than %d values (aliases?); a catalogue file is far smaller", maxNodes))
			return nil
		case size < 0:
			stop(n, fmt.Sprintf("the document expands to more than %d MiB of keys and values (aliases?); a catalogue file is far smaller", maxBytes>>20))
			return nil
		case depth > maxDepth:
			stop(n, fmt.Sprintf("the document nests more than %d levels deep here; a catalogue file needs fewer than 10", maxDepth))
			return nil
		}
		t.values[ptr] = pos{n.Line, n.Column}
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			return conv(n.Content[0], ptr, depth)
		case yaml.AliasNode:
			if expanding[n.Alias] {
				report(n, "this alias refers to a value that contains it; remove the cycle")
				return nil
			}
			expanding[n.Alias] = true
			defer delete(expanding, n.Alias)
			return conv(n.Alias, ptr, depth)
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content) && !stopped; i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Kind != yaml.ScalarNode {
					report(k, "a mapping key must be a plain scalar")
					continue
				}
				child := ptr + "/" + escapePointer(k.Value)
				if _, dup := m[k.Value]; dup {
					report(k, fmt.Sprintf("key %q appears twice in this mapping; keep one", clip(k.Value)))
				}
				t.keys[child] = pos{k.Line, k.Column}
				m[k.Value] = conv(v, child, depth+1)
			}
			return m
		case yaml.SequenceNode:
			s := make([]any, len(n.Content))
			for i, c := range n.Content {
				if stopped {
					break
				}
				s[i] = conv(c, ptr+"/"+strconv.Itoa(i), depth+1)
			}
			return s
		case yaml.ScalarNode:
			if typographicQuoted(n.Value) {
				report(n, fmt.Sprintf("the value %s is wrapped in typographic quotes, probably pasted from a document; use straight quotes \" or none", clip(n.Value)))
			}
			switch n.ShortTag() {
			case "!!int", "!!float":
				return json.Number(strings.ReplaceAll(n.Value, "_", ""))
			case "!!bool":
				return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
			case "!!null":
				return nil
			}
			return n.Value
		}
		return nil
	}
	t.value = conv(n, "", 0)
	return t, errs, stopped
}

// clip shortens a value quoted in a message to 80 characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:79]) + "…"
}

type posError struct {
	at  pos
	msg string
}

func (e posError) Error() string { return e.msg }

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func unescapePointer(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

// at returns the position of the value at ptr, or of its nearest ancestor.
func (t *tree) at(ptr string) pos {
	for {
		if p, ok := t.values[ptr]; ok {
			return p
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return pos{}
		}
		ptr = ptr[:i]
	}
}

// keyAt returns the position of the key of the value at ptr, else of the value.
func (t *tree) keyAt(ptr string) pos {
	if p, ok := t.keys[ptr]; ok {
		return p
	}
	return t.at(ptr)
}

// label turns "/entries/3/params/0/name" into "entries[3].params[0].name".
func label(ptr string) string {
	var b strings.Builder
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if seg == "" {
			continue
		}
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(unescapePointer(seg))
	}
	if b.Len() == 0 {
		return "document"
	}
	return b.String()
}

// typographicQuoted reports a value wrapped in curly quotes, which YAML
// keeps as part of the string.
func typographicQuoted(s string) bool {
	for _, q := range [][2]string{{"\u201c", "\u201d"}, {"\u2018", "\u2019"}, {"\u201e", "\u201c"}} {
		if strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) && len(s) > len(q[0])+len(q[1]) {
			return true
		}
	}
	return false
}
