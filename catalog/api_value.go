package catalog

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Value is a parameter value as a catalogue's front door or a mock's
// scenario file writes it: literal text with references to the request.
//
//	{name}                  a wildcard of the scenario's route (scenario files only)
//	{path.last}             the last segment of the request path
//	{query.name}            a query parameter
//	{header.Name}           a request header (never Authorization)
//	{request.method}        the request method
//	{request.path}          the request path (below the base path a mock strips)
//	{request.mode}          the caller's access mode, as a front door decided it (WithAccessMode)
//	{authorization.scheme}  the first word of Authorization, when a second follows
//	                        (never the credentials)
//
// "{{" and "}}" are literal braces.
type Value struct {
	raw   string
	parts []valuePart
}

type refKind uint8

const (
	refLiteral refKind = iota
	refWildcard
	refLastSegment
	refQuery
	refHeader
	refMethod
	refPath
	refMode
	refAuthScheme
)

// fixedRefs are the references that take no name.
var fixedRefs = map[string]refKind{
	"path.last": refLastSegment, "request.method": refMethod, "request.path": refPath, "request.mode": refMode, "authorization.scheme": refAuthScheme,
}

type valuePart struct {
	kind refKind
	text string // the literal, or the name referred to
}

// ParseValue parses a parameter value. wildcards are the route's wildcard
// names for a scenario; nil means there is no route (a front-door answer),
// so {name} is refused.
func ParseValue(s string, wildcards []string) (Value, error) {
	parts, berr := splitBraces(s)
	switch {
	case berr == nil:
	case berr.unclosed:
		return Value{}, fmt.Errorf("unclosed \"{\" in %q (write \"{{\" for a literal brace)", s)
	default:
		return Value{}, fmt.Errorf("unmatched \"}\" in %q (write \"}}\" for a literal brace)", s)
	}
	v := Value{raw: s}
	for _, p := range parts {
		if !p.ref {
			v.parts = append(v.parts, valuePart{text: p.text})
			continue
		}
		part, err := parseRef(p.text, wildcards)
		if err != nil {
			return Value{}, err
		}
		v.parts = append(v.parts, part)
	}
	return v, nil
}

// MustParseValue is ParseValue for a value known to be valid, as in
// generated code; it panics on a bad one.
func MustParseValue(s string) Value {
	v, err := ParseValue(s, nil)
	if err != nil {
		panic("catalog: bad value " + fmt.Sprintf("%q", s) + ": " + err.Error())
	}
	return v
}

func parseRef(ref string, wildcards []string) (valuePart, error) {
	if k, ok := fixedRefs[ref]; ok {
		return valuePart{kind: k}, nil
	}
	switch {
	case strings.HasPrefix(ref, "query."):
		name := ref[len("query."):]
		if name == "" {
			return valuePart{}, fmt.Errorf("{query.} needs a parameter name, as in {query.status}")
		}
		return valuePart{kind: refQuery, text: name}, nil
	case strings.HasPrefix(ref, "header."):
		name := ref[len("header."):]
		if name == "" {
			return valuePart{}, fmt.Errorf("{header.} needs a header name, as in {header.X-Correlation-ID}")
		}
		if strings.EqualFold(name, "Authorization") {
			return valuePart{}, fmt.Errorf("{header.Authorization} is not allowed: credentials are never echoed")
		}
		return valuePart{kind: refHeader, text: name}, nil
	case ref == "":
		return valuePart{}, fmt.Errorf("empty {} (write \"{{}}\" for literal braces)")
	}
	if wildcards == nil {
		return valuePart{}, fmt.Errorf("{%s} is not a request value: a front-door answer has no route; use {path.last}, {query.name}, {header.Name}, {request.method}, {request.path}, {request.mode} or {authorization.scheme}", ref)
	}
	if !slices.Contains(wildcards, ref) {
		names := make([]string, len(wildcards))
		for i, n := range wildcards {
			names[i] = "{" + n + "}"
		}
		slices.Sort(names)
		have := "the route has no wildcards"
		if len(names) > 0 {
			have = "the route has " + strings.Join(names, ", ")
		}
		return valuePart{}, fmt.Errorf("{%s} is not a wildcard of the route (%s; use {query.name} or {header.Name} for other request values)", ref, have)
	}
	return valuePart{kind: refWildcard, text: ref}, nil
}

// String returns the value as written.
func (v Value) String() string { return v.raw }

// Literal reports whether the value refers to nothing in the request.
func (v Value) Literal() bool {
	return !slices.ContainsFunc(v.parts, func(p valuePart) bool { return p.kind != refLiteral })
}

// Expand fills the value from request r (nil: references expand to
// nothing); each value taken from the request passes through clean (nil:
// as it is).
func (v Value) Expand(r *http.Request, clean func(string) string) string {
	if len(v.parts) == 1 {
		// One literal or one reference, the common case: no copy.
		return expandPart(r, v.parts[0], clean)
	}
	var b strings.Builder
	for _, p := range v.parts {
		b.WriteString(expandPart(r, p, clean))
	}
	return b.String()
}

func expandPart(r *http.Request, p valuePart, clean func(string) string) string {
	if p.kind == refLiteral {
		return p.text
	}
	s := requestValue(r, p)
	if clean != nil {
		s = clean(s)
	}
	return s
}

func requestValue(r *http.Request, p valuePart) string {
	if r == nil {
		return ""
	}
	switch p.kind {
	case refWildcard:
		return r.PathValue(p.text)
	case refHeader:
		return r.Header.Get(p.text)
	case refMethod:
		return r.Method
	case refMode:
		mode, _ := r.Context().Value(modeKey{}).(string)
		return mode
	case refAuthScheme:
		// One word alone may be the credentials: only a scheme followed
		// by more is named.
		scheme, rest, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if !ok || strings.TrimSpace(rest) == "" {
			return ""
		}
		return scheme
	}
	if r.URL == nil {
		return ""
	}
	switch p.kind {
	case refQuery:
		return r.URL.Query().Get(p.text)
	case refPath:
		return r.URL.Path
	}
	path := strings.TrimRight(r.URL.Path, "/")
	return path[strings.LastIndexByte(path, '/')+1:]
}

// modeKey is the context key of the caller's access mode.
type modeKey struct{}

// WithAccessMode returns r carrying the caller's access mode, as a front
// door decided it from the token, for {request.mode} in answers and
// scenarios.
func WithAccessMode(r *http.Request, mode string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), modeKey{}, mode))
}
