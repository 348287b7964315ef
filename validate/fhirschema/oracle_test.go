package fhirschema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spinecat/spinecat/internal/jsonoracle"
	"github.com/spinecat/spinecat/operationoutcome"
)

// The oracle: jsonschema/v5, a general JSON Schema validator, compiles the
// same embedded schemas, and the tests hold the package's own walk to it,
// violation for violation. It is never used at run time.

// Names under which the embedded schemas are registered with jsonschema/v5.
// Nothing is ever fetched.
const (
	r4URL   = "https://spinecat.invalid/fhirschema/operationoutcome.r4.schema.json"
	stu3URL = "https://spinecat.invalid/fhirschema/operationoutcome.stu3.schema.json"
)

// oracle is one version's schema compiled by jsonschema/v5, with its
// parsed source to look keywords up in.
type oracle struct {
	schema *jsonschema.Schema
	doc    any
}

var (
	oracleR4   = sync.OnceValues(func() (*oracle, error) { return compileOracle(r4URL, r4Source) })
	oracleSTU3 = sync.OnceValues(func() (*oracle, error) { return compileOracle(stu3URL, stu3Source) })
)

func compileOracle(base string, src []byte) (*oracle, error) {
	doc, err := jsonoracle.Decode(src)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("refusing to load %s: the embedded schemas are self-contained", s)
	}
	if err := c.AddResource(base, bytes.NewReader(src)); err != nil {
		return nil, err
	}
	sch, err := c.Compile(base + "#/definitions/OperationOutcome")
	if err != nil {
		return nil, err
	}
	return &oracle{schema: sch, doc: doc}, nil
}

func oracleFor(t testing.TB, v operationoutcome.Version) *oracle {
	t.Helper()
	o, err := oracleR4()
	if v == operationoutcome.STU3 {
		o, err = oracleSTU3()
	}
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// violations returns what jsonschema/v5 finds in doc as "pointer keyword"
// strings, sorted, with a failing required or additionalProperties keyword
// expanded to one string per missing or unknown property, as Validate
// reports them.
func (o *oracle) violations(doc any) []string {
	err := o.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{" input"}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	var out []string
	for _, l := range leaves {
		tokens := instanceTokens(l.InstanceLocation)
		_, frag, _ := strings.Cut(l.AbsoluteKeywordLocation, "#")
		stoks := schemaTokens(frag)
		kw := stoks[len(stoks)-1]
		value, _ := lookup(doc, tokens)
		obj, _ := value.(map[string]any)
		kwValue, _ := lookup(o.doc, stoks)
		parent, _ := lookup(o.doc, stoks[:len(stoks)-1])
		switch kw {
		case "required":
			names, _ := kwValue.([]any)
			for _, n := range names {
				if _, ok := obj[n.(string)]; !ok {
					out = append(out, pointer(append(slices.Clip(tokens), n.(string)))+" "+kw)
				}
			}
		case "additionalProperties":
			known, _ := parent.(map[string]any)["properties"].(map[string]any)
			for k := range obj {
				if _, ok := known[k]; !ok {
					out = append(out, pointer(append(slices.Clip(tokens), k))+" "+kw)
				}
			}
		default:
			out = append(out, pointer(tokens)+" "+kw)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pointerKeywords renders Validate's violations as "pointer keyword"
// strings, sorted.
func pointerKeywords(vs []Violation) []string {
	var out []string
	for _, x := range vs {
		out = append(out, x.Pointer+" "+x.Keyword)
	}
	slices.Sort(out)
	return out
}

// collectLeaves appends the errors of the tree that have no causes: the
// keywords that actually failed.
func collectLeaves(ve *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if ve == nil {
		return
	}
	if len(ve.Causes) == 0 {
		*out = append(*out, ve)
		return
	}
	for _, c := range ve.Causes {
		collectLeaves(c, out)
	}
}

// instanceTokens splits a jsonschema/v5 instance location, whose tokens are
// JSON-pointer escaped and then URL-path escaped, into raw property names and
// indexes.
func instanceTokens(loc string) []string {
	if loc == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(loc, "/"), "/")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		out = append(out, unescapePointer(p))
	}
	return out
}

// schemaTokens splits a JSON pointer fragment of the schema.
func schemaTokens(frag string) []string { return instanceTokens(frag) }

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapePointer(t))
	}
	return b.String()
}

// lookup follows tokens from v.
func lookup(v any, tokens []string) (any, bool) {
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[t]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
