package fhirschema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spinecat/spinecat/internal/textdist"
	"github.com/spinecat/spinecat/operationoutcome"
)

//go:embed operationoutcome.r4.schema.json
var r4Source []byte

//go:embed operationoutcome.stu3.schema.json
var stu3Source []byte

// Base URLs under which the embedded schemas are registered with the
// compiler. They are names only: nothing is ever fetched.
const (
	r4URL   = "https://spinecat.invalid/fhirschema/operationoutcome.r4.schema.json"
	stu3URL = "https://spinecat.invalid/fhirschema/operationoutcome.stu3.schema.json"
)

// Violation is one way in which a document breaks the OperationOutcome
// schema of a FHIR version.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value, such as
	// "/issue/0/severity". For a missing or unknown property it is the
	// pointer the property has (or would have). The whole document is "".
	Pointer string
	// Location is the same place as a FHIR path, such as
	// "OperationOutcome.issue[0].severity".
	Location string
	// Keyword is the JSON Schema keyword that failed: "required", "enum",
	// "type", "additionalProperties", "minItems", "pattern", "const",
	// "minimum", "maximum". Two keywords are the package's own: "version"
	// (Validate was given an unknown FHIR version) and "input" (the
	// document is not a decoded JSON value).
	Keyword string
	// Message is a plain sentence saying what was expected and what was
	// found.
	Message string
}

// String returns "Location: Message".
func (v Violation) String() string { return v.Location + ": " + v.Message }

// schemaInfo is one version's parsed schema source, kept for the titles,
// enumerations and property lists that messages quote.
type schemaInfo struct {
	version operationoutcome.Version
	doc     any
}

// compiled is one version's schema, compiled by jsonschema/v5.
type compiled struct {
	schemaInfo
	schema *jsonschema.Schema
}

// parsed is one version's schema source with its fast-path tree (nil when
// the fast path cannot model the schema): all that Validate needs for a
// document the fast path decides, without a jsonschema/v5 compile.
type parsed struct {
	schemaInfo
	fast *fastSchema
}

var (
	r4Schema   = sync.OnceValues(func() (*compiled, error) { return compile(operationoutcome.R4, r4URL, r4Source) })
	stu3Schema = sync.OnceValues(func() (*compiled, error) { return compile(operationoutcome.STU3, stu3URL, stu3Source) })
	r4Parsed   = sync.OnceValues(func() (*parsed, error) { return parse(operationoutcome.R4, r4Source) })
	stu3Parsed = sync.OnceValues(func() (*parsed, error) { return parse(operationoutcome.STU3, stu3Source) })
)

func parse(v operationoutcome.Version, src []byte) (*parsed, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	fast, _ := buildFast(doc) // a schema the fast path cannot model goes to jsonschema/v5
	return &parsed{schemaInfo: schemaInfo{version: v, doc: doc}, fast: fast}, nil
}

func parsedFor(v operationoutcome.Version) (*parsed, error) {
	switch v {
	case operationoutcome.R4:
		return r4Parsed()
	case operationoutcome.STU3:
		return stu3Parsed()
	}
	return nil, fmt.Errorf("unknown FHIR version %q", string(v))
}

func compile(v operationoutcome.Version, base string, src []byte) (*compiled, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("fhirschema: refusing to load %s: the embedded schemas are self-contained", s)
	}
	if err := c.AddResource(base, bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	sch, err := c.Compile(base + "#/definitions/OperationOutcome")
	if err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	return &compiled{schemaInfo: schemaInfo{version: v, doc: doc}, schema: sch}, nil
}

func schemaFor(v operationoutcome.Version) (*compiled, error) {
	switch v {
	case operationoutcome.R4:
		return r4Schema()
	case operationoutcome.STU3:
		return stu3Schema()
	}
	return nil, fmt.Errorf("unknown FHIR version %q", string(v))
}

// Source returns a copy of the embedded JSON Schema for version v, or nil for
// an unknown version. The OperationOutcome is at #/definitions/OperationOutcome.
func Source(v operationoutcome.Version) []byte {
	switch v {
	case operationoutcome.R4:
		return bytes.Clone(r4Source)
	case operationoutcome.STU3:
		return bytes.Clone(stu3Source)
	}
	return nil
}

// Compile compiles the schema of version v if this process has not done so
// yet, and reports an error for an unknown version. Validate calls it on
// demand; a server may call it at start-up to move the cost (about a
// millisecond) out of its first request.
func Compile(v operationoutcome.Version) error {
	_, err := schemaFor(v)
	return err
}

// Validate checks doc, a value decoded by encoding/json (preferably with
// json.Decoder.UseNumber), against the OperationOutcome schema of FHIR
// version v. It returns nil when doc conforms, and otherwise every violation
// found, without duplicates, sorted by JSON pointer. It never panics.
//
// A hand-written walk of the schema (the fast path) decides the documents
// encoding/json produces; anything else is checked by jsonschema/v5, whose
// results the fast path is tested to reproduce.
func Validate(v operationoutcome.Version, doc any) (out []Violation) {
	if out, ok := validateFast(v, doc); ok {
		return out
	}
	return validateSlow(v, doc)
}

func versionViolation(v operationoutcome.Version) []Violation {
	return []Violation{{
		Pointer:  "",
		Location: "OperationOutcome",
		Keyword:  "version",
		Message:  fmt.Sprintf("cannot check against FHIR version %q; use STU3 or R4", string(v)),
	}}
}

// validateFast checks doc on the fast path; ok is false when it cannot
// decide.
func validateFast(v operationoutcome.Version, doc any) (out []Violation, ok bool) {
	p, err := parsedFor(v)
	if err != nil {
		return versionViolation(v), true
	}
	if p.fast == nil {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			out, ok = nil, false
		}
	}()
	leaves, ok := p.fast.validate(doc)
	if !ok {
		return nil, false
	}
	if len(leaves) == 0 {
		return nil, true
	}
	for _, l := range leaves {
		out = append(out, p.explain(l.inst, l.kw, "fails "+l.kw[len(l.kw)-1], doc)...)
	}
	return sortDedupe(out), true
}

// validateSlow checks doc with jsonschema/v5.
func validateSlow(v operationoutcome.Version, doc any) (out []Violation) {
	c, err := schemaFor(v)
	if err != nil {
		return versionViolation(v)
	}
	defer func() {
		if r := recover(); r != nil {
			out = []Violation{inputViolation(fmt.Sprint(r))}
		}
	}()
	err = c.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Violation{inputViolation(err.Error())}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	for _, leaf := range leaves {
		_, frag, _ := strings.Cut(leaf.AbsoluteKeywordLocation, "#")
		out = append(out, c.explain(instanceTokens(leaf.InstanceLocation), schemaTokens(frag), leaf.Message, doc)...)
	}
	return sortDedupe(out)
}

func inputViolation(detail string) Violation {
	return Violation{
		Pointer:  "",
		Location: "OperationOutcome",
		Keyword:  "input",
		Message:  "the document is not a decoded JSON value (" + detail + "); decode the body with encoding/json first",
	}
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

// explain turns one failing keyword into one or more Violations: tokens is
// the instance location, stoks the schema location of the keyword, and
// message what the validator said.
func (c *schemaInfo) explain(tokens, stoks []string, message string, doc any) []Violation {
	value, _ := lookup(doc, tokens)
	keyword := ""
	if len(stoks) > 0 {
		keyword = stoks[len(stoks)-1]
	}
	kwValue, _ := lookup(c.doc, stoks)
	parent, _ := lookup(c.doc, stoks[:max(len(stoks)-1, 0)])
	ps, _ := parent.(map[string]any)
	title, _ := ps["title"].(string)
	path := fhirPath(doc, tokens)
	rel := relPath(path)

	one := func(msg string) []Violation {
		return []Violation{{Pointer: pointer(tokens), Location: path, Keyword: keyword, Message: msg}}
	}

	switch keyword {
	case "required":
		obj, _ := value.(map[string]any)
		names, _ := kwValue.([]any)
		var out []Violation
		for _, n := range names {
			name, _ := n.(string)
			if _, ok := obj[name]; ok || name == "" {
				continue
			}
			t := append(slices.Clip(tokens), name)
			p := fhirPath(doc, t)
			msg := relPath(p) + " is required but missing"
			if hint := requiredHints[title+"."+name]; hint != "" {
				msg += "; " + hint
			}
			out = append(out, Violation{Pointer: pointer(t), Location: p, Keyword: keyword, Message: msg})
		}
		if len(out) == 0 {
			return one(rel + " is missing a required element: " + message)
		}
		return out

	case "additionalProperties":
		obj, _ := value.(map[string]any)
		known, _ := ps["properties"].(map[string]any)
		var names []string
		for k := range obj {
			if _, ok := known[k]; !ok {
				names = append(names, k)
			}
		}
		slices.Sort(names)
		var out []Violation
		for _, name := range names {
			t := append(slices.Clip(tokens), name)
			p := fhirPath(doc, t)
			msg := fmt.Sprintf("%s is not an element of %s in FHIR %s", relPath(p), title, c.version)
			if c.version == operationoutcome.STU3 && r4Only[title+"."+name] {
				msg += "; it was added in FHIR R4 — remove it from an STU3 response"
			} else if s := suggest(name, known); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			} else {
				msg += "; remove it"
			}
			out = append(out, Violation{Pointer: pointer(t), Location: p, Keyword: keyword, Message: msg})
		}
		if len(out) == 0 {
			return one(rel + " has properties FHIR does not define: " + message)
		}
		return out

	case "enum":
		allowed := make([]string, 0)
		if list, ok := kwValue.([]any); ok {
			for _, a := range list {
				allowed = append(allowed, fmt.Sprint(a))
			}
		}
		msg := fmt.Sprintf("%s %s is not %s; use one of %s", rel, show(value), article(title), strings.Join(allowed, ", "))
		if s, ok := value.(string); ok && c.version == operationoutcome.STU3 && (s == "multiple-matches" || s == "deleted") {
			msg = fmt.Sprintf("%s %q is not a FHIR STU3 issue type (it was added in R4); use one of %s", rel, s, strings.Join(allowed, ", "))
		}
		return one(msg)

	case "const":
		return one(fmt.Sprintf("%s must be %s, found %s", subject(rel), show(kwValue), show(value)))

	case "type":
		return one(typeMessage(rel, kwValue, value))

	case "pattern":
		if s, ok := value.(string); ok && s == "" {
			return one(fmt.Sprintf("%s is an empty string; FHIR does not allow empty values — leave the element out instead", rel))
		}
		what := title
		if what == "" {
			what = "value"
		}
		return one(fmt.Sprintf("%s %s is not a valid %s", rel, show(value), what))

	case "minItems":
		if rel == "issue" {
			return one("issue is an empty array; " + requiredHints["OperationOutcome.issue"])
		}
		return one(fmt.Sprintf("%s is an empty array; FHIR does not allow empty arrays — leave the element out instead", rel))

	case "minimum", "maximum":
		return one(fmt.Sprintf("%s %s is out of range for %s", rel, show(value), article(title)))
	}
	return one(fmt.Sprintf("%s: %s", subject(rel), message))
}

// requiredHints says, per "<title>.<property>", why a required element
// matters and what to send.
var requiredHints = map[string]string{
	"OperationOutcome.issue":          "an OperationOutcome must carry at least one issue",
	"OperationOutcome.resourceType":   `add "resourceType": "OperationOutcome"`,
	"OperationOutcome.issue.severity": "every issue needs a severity: fatal, error, warning or information",
	"OperationOutcome.issue.code":     "every issue needs an issue type code, such as invalid, not-found or processing",
	"Extension.url":                   "every extension needs the url that identifies its definition",
	"Narrative.div":                   "a narrative needs its XHTML div",
	"Narrative.status":                "a narrative needs a status: generated, extensions, additional or empty",
	"contained resource.resourceType": "every contained resource needs a resourceType",
}

// r4Only lists, per "<title>.<property>", the elements FHIR R4 added to the
// types an OperationOutcome reaches.
var r4Only = map[string]bool{
	"Meta.source":               true,
	"Meta._source":              true,
	"Extension.valueCanonical":  true,
	"Extension._valueCanonical": true,
	"Extension.valueUrl":        true,
	"Extension._valueUrl":       true,
}

func subject(rel string) string {
	if rel == "" {
		return "the document"
	}
	return rel
}

// article prefixes a noun phrase with "a" or "an" ("a FHIR id", "an
// element").
func article(title string) string {
	if title == "" {
		return "an allowed value"
	}
	if strings.ContainsRune("aeiouAEIOU", rune(title[0])) {
		return "an " + title
	}
	return "a " + title
}

// show renders a JSON value for a message: strings quoted, short.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 80 {
			x = x[:77] + "..."
		}
		return strconv.Quote(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case json.Number:
		return x.String()
	}
	return fmt.Sprint(v)
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case string:
		return "string " + show(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case json.Number, float64, float32, int, int64, int32, uint, uint64, uint32:
		return "number " + show(x)
	}
	return fmt.Sprintf("a %T", v)
}

var typeNames = map[string]string{
	"string":  "a JSON string",
	"array":   "a JSON array",
	"object":  "a JSON object",
	"integer": "a whole JSON number",
	"number":  "a JSON number",
	"boolean": "JSON true or false",
	"null":    "null",
}

func typeMessage(rel string, want, got any) string {
	var names []string
	switch w := want.(type) {
	case string:
		names = append(names, typeNames[w])
	case []any:
		for _, x := range w {
			s, _ := x.(string)
			names = append(names, typeNames[s])
		}
	}
	msg := fmt.Sprintf("%s must be %s, found %s", subject(rel), strings.Join(names, " or "), jsonKind(got))
	ws, _ := want.(string)
	switch g := got.(type) {
	case string:
		switch {
		case ws == "boolean" && (g == "true" || g == "false"):
			msg += "; write " + g + " without quotes"
		case ws == "integer" || ws == "number":
			if _, err := strconv.ParseFloat(g, 64); err != nil {
				break
			}
			msg += "; write the number without quotes"
		case ws == "array":
			msg += "; FHIR repeats elements as arrays: wrap the value in [ ]"
		}
	case map[string]any:
		if ws == "array" {
			msg += "; FHIR repeats elements as arrays: wrap the value in [ ]"
		}
	case json.Number:
		if ws == "integer" {
			msg = fmt.Sprintf("%s must be a whole number, found %s", subject(rel), g)
		}
	}
	return msg
}

// suggest returns the known property closest to name (case-insensitive
// equality or an edit distance of at most 2), or "".
func suggest(name string, known map[string]any) string {
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return textdist.Closest(name, keys, 3)
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
func schemaTokens(frag string) []string {
	if frag == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		parts[i] = unescapePointer(p)
	}
	return parts
}

func unescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
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

// fhirPath renders tokens as a FHIR path: "OperationOutcome.issue[0].code".
func fhirPath(doc any, tokens []string) string {
	var b strings.Builder
	b.WriteString("OperationOutcome")
	v := doc
	for _, t := range tokens {
		if arr, ok := v.([]any); ok {
			if i, err := strconv.Atoi(t); err == nil && i >= 0 && i < len(arr) {
				b.WriteString("[" + t + "]")
				v = arr[i]
				continue
			}
		}
		b.WriteString("." + pathName(t))
		if m, ok := v.(map[string]any); ok {
			v = m[t]
		} else {
			v = nil
		}
	}
	return b.String()
}

// pathName writes an element name as FHIRPath does: as is when it is an
// identifier, else delimited with backticks (an unknown property named
// " x" or "a.b" must not read as a path of its own).
func pathName(name string) string {
	ident := name != ""
	for i, r := range name {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			ident = false
			break
		}
	}
	if ident {
		return name
	}
	return "`" + strings.NewReplacer("\\", "\\\\", "`", "\\`").Replace(name) + "`"
}

// relPath drops the leading "OperationOutcome." of a FHIR path, for messages.
func relPath(p string) string {
	if p == "OperationOutcome" {
		return ""
	}
	return strings.TrimPrefix(p, "OperationOutcome.")
}

func sortDedupe(vs []Violation) []Violation {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		if c := strings.Compare(a.Keyword, b.Keyword); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(vs)
}

// comparePointers orders JSON pointers token by token, numbers by value, so
// that /issue/2 sorts before /issue/10.
func comparePointers(a, b string) int {
	if a == b {
		return 0
	}
	at := strings.Split(a, "/")
	bt := strings.Split(b, "/")
	for i := 0; i < len(at) && i < len(bt); i++ {
		if at[i] == bt[i] {
			continue
		}
		ai, aerr := strconv.Atoi(at[i])
		bi, berr := strconv.Atoi(bt[i])
		if aerr == nil && berr == nil {
			if ai < bi {
				return -1
			}
			return 1
		}
		return strings.Compare(at[i], bt[i])
	}
	return len(at) - len(bt)
}
