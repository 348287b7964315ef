package fhirschema

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The fast path.
//
// jsonschema/v5 is general and slow: about 30 to 60 µs and 200 allocations
// for one small OperationOutcome, a compile of the schema on the first call,
// and every FHIR primitive matched with a regular expression. The embedded
// schemas use a dozen keywords and nine patterns, so fastSchema compiles
// them, from the same parsed source the messages quote, into a small tree
// that a walk over the decoded document checks without allocating when the
// document conforms.
//
// It reports the same failures as jsonschema/v5: each failing keyword as a
// leaf with the instance location and the schema location of the keyword,
// which explain turns into Violations exactly as it does for the library's
// leaves. Where the walk meets something it does not model exactly (a Go
// value encoding/json never produces, a number whose exact value would be
// costly to work out, a schema keyword it does not know) it gives up and
// Validate asks jsonschema/v5. The differential test (fast_test.go) and
// FuzzFastAgrees hold the two to the same set of (pointer, keyword)
// violations and messages.

// fnode is one schema object of the embedded source.
type fnode struct {
	loc      []string // schema tokens of this node, from the document root
	types    []string // "type", in order
	hasConst bool
	constVal string
	enum     []string // string enumerations only
	pattern  func(string) bool
	required []string
	props    map[string]*fnode
	noExtra  bool // additionalProperties: false
	items    *fnode
	minItems int // -1: none
	minimum  *big.Rat
	maximum  *big.Rat
	ref      *fnode
}

// fastSchema is the compiled tree of one version's schema, or nil when the
// source uses something the fast path does not model.
type fastSchema struct {
	root *fnode
}

// errUnsupported is why buildFast refuses a schema.
type errUnsupported struct{ where, what string }

func (e errUnsupported) Error() string { return e.where + ": " + e.what }

// buildFast compiles doc (the parsed source, numbers as json.Number) for the
// fast path, targeting #/definitions/OperationOutcome.
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
		case "title", "$comment", "$schema", "definitions":
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
				case "object", "array", "string", "number", "integer", "boolean", "null":
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
			}
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

// fleaf is one failing keyword: where in the document, and the schema
// tokens of the keyword itself.
type fleaf struct {
	inst []string
	kw   []string
}

// fwalk is one validation.
type fwalk struct {
	path   []string
	leaves []fleaf
	bail   bool
}

// validate checks doc; ok is false when the fast path cannot decide and
// jsonschema/v5 must.
func (fs *fastSchema) validate(doc any) (leaves []fleaf, ok bool) {
	w := walks.Get().(*fwalk)
	w.path, w.leaves, w.bail = w.path[:0], nil, false
	w.node(fs.root, doc)
	leaves, ok = w.leaves, !w.bail
	clear(w.path[:cap(w.path)])
	w.leaves = nil
	walks.Put(w)
	if !ok {
		return nil, false
	}
	return leaves, true
}

// walks recycles the path stacks of validations.
var walks = sync.Pool{New: func() any { return &fwalk{path: make([]string, 0, 24)} }}

func (w *fwalk) fail(n *fnode, keyword string) {
	w.leaves = append(w.leaves, fleaf{
		inst: slices.Clone(w.path),
		kw:   append(slices.Clip(n.loc), keyword),
	})
}

// jsonTypeOf is jsonschema/v5's jsonType for the values encoding/json
// produces; "" for anything else (the fast path then gives up).
func jsonTypeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return "number"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return ""
}

func (w *fwalk) node(n *fnode, v any) {
	if w.bail {
		return
	}
	vt := jsonTypeOf(v)
	if vt == "" {
		w.bail = true
		return
	}
	var num *big.Rat // the exact value of a number, worked out once
	number := func() *big.Rat {
		if num == nil {
			s := numberText(v)
			if !cheapNumber(s) {
				w.bail = true
				return nil
			}
			var ok bool
			if num, ok = new(big.Rat).SetString(s); !ok {
				w.bail = true
				return nil
			}
		}
		return num
	}
	if len(n.types) > 0 {
		matched := false
		for _, t := range n.types {
			if t == vt {
				matched = true
				break
			}
			if t == "integer" && vt == "number" {
				r := number()
				if r == nil {
					return
				}
				if r.IsInt() {
					matched = true
					break
				}
			}
		}
		if !matched {
			w.fail(n, "type")
			return // jsonschema/v5 checks nothing else once the type is wrong
		}
	}
	if n.hasConst {
		if s, ok := v.(string); !ok || s != n.constVal {
			w.fail(n, "const")
		}
	}
	if n.enum != nil {
		s, ok := v.(string)
		if !ok || !slices.Contains(n.enum, s) {
			w.fail(n, "enum")
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, name := range n.required {
			if _, ok := x[name]; !ok {
				w.fail(n, "required")
				break
			}
		}
		extra := false
		for name, pv := range x {
			p := n.props[name]
			if p == nil {
				extra = true
				continue
			}
			w.path = append(w.path, name)
			w.node(p, pv)
			w.path = w.path[:len(w.path)-1]
			if w.bail {
				return
			}
		}
		if extra && n.noExtra {
			w.fail(n, "additionalProperties")
		}
	case []any:
		if n.minItems >= 0 && len(x) < n.minItems {
			w.fail(n, "minItems")
		}
		if n.items != nil {
			for i, item := range x {
				w.path = append(w.path, strconv.Itoa(i))
				w.node(n.items, item)
				w.path = w.path[:len(w.path)-1]
				if w.bail {
					return
				}
			}
		}
	case string:
		if n.pattern != nil && !n.pattern(x) {
			w.fail(n, "pattern")
		}
	case json.Number, float64:
		if n.minimum != nil || n.maximum != nil {
			r := number()
			if r == nil {
				return
			}
			if n.minimum != nil && r.Cmp(n.minimum) < 0 {
				w.fail(n, "minimum")
			}
			if n.maximum != nil && r.Cmp(n.maximum) > 0 {
				w.fail(n, "maximum")
			}
		}
	}
	if n.ref != nil {
		w.node(n.ref, v)
	}
}

// numberText is the text jsonschema/v5 parses a number from (fmt.Sprint).
func numberText(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return fmt.Sprint(v)
}

// cheapNumber reports whether s is a number whose exact value big.Rat works
// out quickly: at most 64 mantissa digits and an exponent within ±400.
// Anything else (1e999999999) is left to jsonschema/v5, whatever it makes of
// it.
func cheapNumber(s string) bool {
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	if len(mant) > 66 {
		return false
	}
	if !hasExp {
		return true
	}
	e, err := strconv.Atoi(exp)
	return err == nil && e >= -400 && e <= 400
}
