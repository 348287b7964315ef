package spec

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
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
func toTree(n *yaml.Node) (*tree, []error) {
	t := &tree{values: map[string]pos{}, keys: map[string]pos{}}
	var errs []error
	var conv func(n *yaml.Node, ptr string) any
	conv = func(n *yaml.Node, ptr string) any {
		t.values[ptr] = pos{n.Line, n.Column}
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			return conv(n.Content[0], ptr)
		case yaml.AliasNode:
			return conv(n.Alias, ptr)
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Kind != yaml.ScalarNode {
					errs = append(errs, posError{pos{k.Line, k.Column}, "a mapping key must be a plain scalar"})
					continue
				}
				child := ptr + "/" + escapePointer(k.Value)
				if _, dup := m[k.Value]; dup {
					errs = append(errs, posError{pos{k.Line, k.Column}, fmt.Sprintf("key %q appears twice in this mapping; keep one", k.Value)})
				}
				t.keys[child] = pos{k.Line, k.Column}
				m[k.Value] = conv(v, child)
			}
			return m
		case yaml.SequenceNode:
			s := make([]any, len(n.Content))
			for i, c := range n.Content {
				s[i] = conv(c, ptr+"/"+strconv.Itoa(i))
			}
			return s
		case yaml.ScalarNode:
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
	t.value = conv(n, "")
	return t, errs
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
