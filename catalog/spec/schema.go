package spec

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spinecat/spinecat/internal/textdist"
)

//go:embed catalog.schema.json
var schemaJSON string

// httpSchemaJSON is the schema part of the http section, which the
// catalogue schema refers to by its URL.
//
//go:embed http.schema.json
var httpSchemaJSON string

const (
	schemaURL     = "https://spinecat.dev/schema/catalog.schema.json"
	httpSchemaURL = "https://spinecat.dev/schema/http.schema.json"
)

// Schema returns the JSON Schema every catalogue file is checked against.
// Its http section is a schema of its own, HTTPSchema, referred to by URL.
func Schema() string { return schemaJSON }

// HTTPSchema returns the JSON Schema of a catalogue file's http section.
func HTTPSchema() string { return httpSchemaJSON }

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	for url, doc := range map[string]string{schemaURL: schemaJSON, httpSchemaURL: httpSchemaJSON} {
		if err := c.AddResource(url, strings.NewReader(doc)); err != nil {
			return nil, err
		}
	}
	return c.Compile(schemaURL)
})

var quoted = regexp.MustCompile(`'([^']*)'`)

// schemaProblems checks the document against the catalogue schema and
// returns one problem per leaf violation, placed at its YAML position.
func schemaProblems(file string, t *tree) Problems {
	s, err := compiled()
	if err != nil {
		return Problems{{File: file, Msg: "internal error: the catalogue schema does not compile: " + err.Error()}}
	}
	err = s.Validate(t.value)
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		if err != nil {
			return Problems{{File: file, Msg: err.Error()}}
		}
		return nil
	}
	var out Problems
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, leafProblem(file, t, e)...)
	}
	walk(ve)
	return out
}

func leafProblem(file string, t *tree, e *jsonschema.ValidationError) Problems {
	ptr := e.InstanceLocation
	kw := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
	at := t.at(ptr)
	mk := func(p pos, msg string) Problem { return Problem{File: file, Line: p.line, Col: p.col, Msg: msg} }
	switch kw {
	case "additionalProperties":
		var out Problems
		for _, m := range quoted.FindAllStringSubmatch(e.Message, -1) {
			key := m[1]
			child := ptr + "/" + escapePointer(key)
			msg := fmt.Sprintf("%s: unknown key %q", label(ptr), key)
			if s := suggest(key, allowedKeys(e)); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			out = append(out, mk(t.keyAt(child), msg))
		}
		return out
	case "required":
		var keys []string
		for _, m := range quoted.FindAllStringSubmatch(e.Message, -1) {
			keys = append(keys, m[1])
		}
		return Problems{mk(at, fmt.Sprintf("%s: missing required key %s", label(ptr), strings.Join(keys, ", ")))}
	case "enum":
		return Problems{mk(at, fmt.Sprintf("%s: %s", label(ptr), strings.ReplaceAll(e.Message, "value must be one of", "must be one of")))}
	case "minProperties":
		if strings.Contains(e.AbsoluteKeywordLocation, "/definitions/variant/") {
			return Problems{mk(at, label(ptr)+": a variant must differ from its entry in at least one field (status, severity, issueType, system, code, display, noDisplay, diagnostics or endpoints)")}
		}
	case "pattern":
		return Problems{mk(at, fmt.Sprintf("%s: %s", label(ptr), patternHint(e.AbsoluteKeywordLocation, e.Message)))}
	}
	return Problems{mk(at, fmt.Sprintf("%s: %s", label(ptr), e.Message))}
}

// patternHint says in words what a name pattern wants.
func patternHint(keyword, msg string) string {
	switch {
	case strings.Contains(keyword, "/entry/properties/name/"):
		return "an entry name is UPPER_SNAKE_CASE, e.g. NO_RECORD_FOUND"
	case strings.Contains(keyword, "/definitions/goName/"):
		return "a Go name starts with a capital letter and has only letters and digits"
	case strings.Contains(keyword, "/definitions/name/"), strings.Contains(keyword, "/definitions/httpName/"):
		return "a name is lower-case words joined by '-', e.g. spine-stu3"
	case strings.Contains(keyword, "/definitions/headerName/"):
		return "a header name is an HTTP token: letters, digits and -, no spaces or ':'"
	case strings.Contains(keyword, "/basePaths/"):
		return "a base path starts with '/' and does not end with one, e.g. /referrals"
	}
	return msg
}

// entryKeys etc. are the keys the schema allows, for "did you mean".
func allowedKeys(e *jsonschema.ValidationError) []string {
	var def string
	loc := e.AbsoluteKeywordLocation
	if i := strings.LastIndex(loc, "/definitions/"); i >= 0 {
		rest := loc[i+len("/definitions/"):]
		def = rest[:strings.IndexByte(rest+"/", '/')]
	}
	return schemaKeys()[def]
}

var schemaKeys = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	keysOf := func(props map[string]any) []string {
		var ks []string
		for k := range props {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	for _, src := range []string{schemaJSON, httpSchemaJSON} {
		doc := mustJSON(src)
		if p, ok := doc["properties"].(map[string]any); ok {
			out[""] = keysOf(p)
		}
		defs, _ := doc["definitions"].(map[string]any)
		for name, d := range defs {
			if dm, ok := d.(map[string]any); ok {
				if p, ok := dm["properties"].(map[string]any); ok {
					out[name] = keysOf(p)
				}
			}
		}
	}
	return out
})

// suggest returns the allowed key closest to key, if it is close.
func suggest(key string, allowed []string) string { return textdist.Closest(key, allowed, 3) }
