package fhirschema

import (
	"encoding/json"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spinecat/spinecat/internal/jsontape"
)

// The schema walk.
//
// The embedded schemas use a dozen keywords and nine patterns, so the
// package compiles them, from their parsed source, into a small tree of
// fnodes, and walks the scanner's tape of a body against it: no generic
// decode, no regular expression, no allocation when the body conforms. It
// reports what a JSON Schema draft 7 validator reports: each failing keyword
// as a leaf with the instance location and the node of the keyword, which
// explain turns into Violations. The differential test (fast_test.go) and
// FuzzFastAgrees hold it to jsonschema/v5 on the same schemas, violation
// for violation.

// fnode is one schema object of the embedded source.
type fnode struct {
	loc      []string // schema tokens of this node, from the document root
	title    string   // what messages call a value of this node
	types    []string // "type", in order
	accepts  uint16   // the token kinds the types accept, one bit per jsontape.Kind
	integer  bool     // "integer" is among the types: a number must be whole
	hasConst bool
	constVal string
	enum     []string // string enumerations only
	pattern  func([]byte) bool
	required []string
	props    map[string]*fnode
	names    []string // the keys of props, sorted, for "did you mean"
	noExtra  bool     // additionalProperties: false
	items    *fnode
	minItems int // -1: none
	minimum  *big.Rat
	maximum  *big.Rat
	ref      *fnode
}

// fastSchema is the compiled tree of one version's schema.
type fastSchema struct {
	root *fnode
}

// errUnsupported is why buildFast refuses a schema.
type errUnsupported struct{ where, what string }

func (e errUnsupported) Error() string { return e.where + ": " + e.what }

// buildFast compiles doc (the parsed source, numbers as json.Number) for the
// schema walk, targeting #/definitions/OperationOutcome.
func buildFast(doc any) (fs *fastSchema, err error) {
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errUnsupported{"", "the schema is not an object"}
	}
	defs, _ := root["definitions"].(map[string]any)
	b := &fbuilder{defs: defs, named: map[string]*fnode{}}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(errUnsupported)
			if !ok {
				panic(r)
			}
			fs, err = nil, e
		}
	}()
	return &fastSchema{root: b.def("OperationOutcome")}, nil
}

type fbuilder struct {
	defs  map[string]any
	named map[string]*fnode
}

func (b *fbuilder) def(name string) *fnode {
	if n := b.named[name]; n != nil {
		return n
	}
	raw, ok := b.defs[name].(map[string]any)
	if !ok {
		panic(errUnsupported{"#/definitions/" + name, "missing definition"})
	}
	n := &fnode{}
	b.named[name] = n // before filling: definitions refer to themselves
	b.fill(n, []string{"definitions", name}, raw)
	return n
}

func (b *fbuilder) fill(n *fnode, loc []string, raw map[string]any) {
	n.loc = loc
	n.minItems = -1
	where := "#/" + strings.Join(loc, "/")
	bad := func(what string) { panic(errUnsupported{where, what}) }
	if ref, ok := raw["$ref"]; ok {
		s, _ := ref.(string)
		name, ok := strings.CutPrefix(s, "#/definitions/")
		if !ok || strings.ContainsAny(name, "/~%") {
			bad("$ref " + s)
		}
		for k := range raw {
			if k != "$ref" && k != "title" && k != "$comment" {
				bad("a keyword beside $ref: " + k) // draft 7 ignores them; keep it simple
			}
		}
		n.ref = b.def(name)
		return
	}
	for k, v := range raw {
		switch k {
		case "title":
			n.title, _ = v.(string)
		case "$comment", "$schema", "definitions":
		case "type":
			switch t := v.(type) {
			case string:
				n.types = []string{t}
			case []any:
				for _, x := range t {
					s, ok := x.(string)
					if !ok {
						bad("type")
					}
					n.types = append(n.types, s)
				}
			default:
				bad("type")
			}
			for _, t := range n.types {
				switch t {
				case "object", "array", "string", "number", "boolean", "null":
					for k, name := range typeNameOf {
						if name == t {
							n.accepts |= 1 << k
						}
					}
				case "integer":
					n.integer = true
				default:
					bad("type " + t)
				}
			}
		case "const":
			s, ok := v.(string)
			if !ok {
				bad("a const that is not a string")
			}
			n.hasConst, n.constVal = true, s
		case "enum":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				bad("enum")
			}
			for _, x := range list {
				s, ok := x.(string)
				if !ok {
					bad("an enum value that is not a string")
				}
				n.enum = append(n.enum, s)
			}
		case "pattern":
			s, _ := v.(string)
			m := knownPatterns[s]
			if m == nil {
				bad("pattern " + s)
			}
			n.pattern = m
		case "required":
			list, ok := v.([]any)
			if !ok {
				bad("required")
			}
			for _, x := range list {
				s, ok := x.(string)
				if !ok {
					bad("required")
				}
				n.required = append(n.required, s)
			}
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				bad("properties")
			}
			n.props = make(map[string]*fnode, len(props))
			for name, p := range props {
				pm, ok := p.(map[string]any)
				if !ok {
					bad("property " + name)
				}
				c := &fnode{}
				b.fill(c, append(slices.Clip(loc), "properties", name), pm)
				n.props[name] = c
				n.names = append(n.names, name)
			}
			slices.Sort(n.names)
		case "additionalProperties":
			if v != false {
				bad("additionalProperties other than false")
			}
			n.noExtra = true
		case "items":
			im, ok := v.(map[string]any)
			if !ok {
				bad("items that is not one schema")
			}
			n.items = &fnode{}
			b.fill(n.items, append(slices.Clip(loc), "items"), im)
		case "minItems":
			num, ok := v.(json.Number)
			i, err := strconv.Atoi(string(num))
			if !ok || err != nil || i < 0 {
				bad("minItems")
			}
			n.minItems = i
		case "minimum", "maximum":
			num, ok := v.(json.Number)
			if !ok {
				bad(k)
			}
			r, ok := new(big.Rat).SetString(string(num))
			if !ok {
				bad(k)
			}
			if k == "minimum" {
				n.minimum = r
			} else {
				n.maximum = r
			}
		default:
			bad("keyword " + k)
		}
	}
}

// fleaf is one failing keyword: where in the document (the path of
// member keys and item positions, and the value's token), and the node and
// keyword that failed.
type fleaf struct {
	path []step
	val  int
	n    *fnode
	kw   string
}

// step is one step of an instance location: into the member whose key is
// token key, or (key < 0) into item index of an array.
type step struct {
	key, index int
}

// fwalk is one validation of a tape.
type fwalk struct {
	t      *jsontape.Tape
	path   []step
	leaves []fleaf
	buf    []byte // decoded text of a string or key with escapes
}

// walks recycles the path stacks and buffers of validations.
var walks = sync.Pool{New: func() any { return &fwalk{path: make([]step, 0, 24)} }}

// validate walks the value at token 0 of t.
func (fs *fastSchema) validate(t *jsontape.Tape) []fleaf {
	w := walks.Get().(*fwalk)
	w.t, w.path, w.leaves = t, w.path[:0], nil
	w.node(fs.root, 0)
	leaves := w.leaves
	w.t, w.leaves = nil, nil
	if cap(w.buf) <= 1<<16 {
		walks.Put(w)
	}
	return leaves
}

func (w *fwalk) fail(n *fnode, i int, keyword string) {
	w.leaves = append(w.leaves, fleaf{path: slices.Clone(w.path), val: i, n: n, kw: keyword})
}

// text returns the decoded text of string or key token i; it is valid
// until the next call.
func (w *fwalk) text(i int) []byte {
	if w.t.Tokens[i].Flags&jsontape.Escaped == 0 {
		return w.t.Content(i)
	}
	w.buf = w.t.AppendText(w.buf[:0], i)
	return w.buf
}

// typeNameOf is the JSON Schema type of each token kind.
var typeNameOf = [...]string{
	jsontape.Null: "null", jsontape.False: "boolean", jsontape.True: "boolean", jsontape.Number: "number",
	jsontape.String: "string", jsontape.Object: "object", jsontape.Array: "array",
}

func (w *fwalk) node(n *fnode, i int) {
	tok := &w.t.Tokens[i]
	if len(n.types) > 0 && n.accepts&(1<<tok.Kind) == 0 {
		if !n.integer || tok.Kind != jsontape.Number || !w.number(i).isInteger() {
			w.fail(n, i, "type")
			return // a validator checks nothing else once the type is wrong
		}
	}
	if n.hasConst && (tok.Kind != jsontape.String || string(w.text(i)) != n.constVal) {
		w.fail(n, i, "const")
	}
	if n.enum != nil && (tok.Kind != jsontape.String || !slices.Contains(n.enum, string(w.text(i)))) {
		w.fail(n, i, "enum")
	}
	switch tok.Kind {
	case jsontape.Object:
		for _, name := range n.required {
			if w.member(i, name) < 0 {
				w.fail(n, i, "required")
				break
			}
		}
		extra := false
		for k, j := 0, i+1; k < tok.Len; k++ {
			key, v := j, j+1
			j = w.t.Tokens[v].Next
			if w.t.Tokens[key].Flags&jsontape.Shadowed != 0 {
				continue // a reader keeps the last of repeated keys
			}
			p := n.props[string(w.text(key))]
			if p == nil {
				extra = true
				continue
			}
			w.path = append(w.path, step{key: key})
			w.node(p, v)
			w.path = w.path[:len(w.path)-1]
		}
		if extra && n.noExtra {
			w.fail(n, i, "additionalProperties")
		}
	case jsontape.Array:
		if n.minItems >= 0 && tok.Len < n.minItems {
			w.fail(n, i, "minItems")
		}
		if n.items != nil {
			for k, j := 0, i+1; k < tok.Len; k++ {
				w.path = append(w.path, step{key: -1, index: k})
				w.node(n.items, j)
				w.path = w.path[:len(w.path)-1]
				j = w.t.Tokens[j].Next
			}
		}
	case jsontape.String:
		if n.pattern != nil && !n.pattern(w.text(i)) {
			w.fail(n, i, "pattern")
		}
	case jsontape.Number:
		if n.minimum != nil && w.number(i).cmp(n.minimum) < 0 {
			w.fail(n, i, "minimum")
		}
		if n.maximum != nil && w.number(i).cmp(n.maximum) > 0 {
			w.fail(n, i, "maximum")
		}
	}
	if n.ref != nil {
		w.node(n.ref, i)
	}
}

// member returns the value token of the member of object token i called
// name, or -1.
func (w *fwalk) member(i int, name string) int {
	for k, j := 0, i+1; k < w.t.Tokens[i].Len; k++ {
		if string(w.text(j)) == name {
			return j + 1
		}
		j = w.t.Tokens[j+1].Next
	}
	return -1
}

// number returns the exact value of number token i.
func (w *fwalk) number(i int) decimal {
	d := parseDecimal(w.t.Raw(i), w.buf[:0])
	w.buf = d.digits[:0]
	return d
}
