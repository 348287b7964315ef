package mock

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
)

// Scenarios is a parsed scenario file: which catalogue error the mock answers
// for which requests. Make one with LoadScenarios or ParseScenarios.
//
// A scenario file is YAML:
//
//	api: ers                     # optional; an API the registry holds, and the mock's
//	scenarios:
//	  - route: GET /FHIR/R4/ServiceRequest/{id}   # a Go ServeMux pattern, method first
//	    when:                                     # optional; every condition must hold
//	      query:  {status: cancelled}             # a query parameter equals a value
//	      header: {X-Scenario: no-relationship}   # a header equals a value
//	    entry: ers.R4_NO_RELATIONSHIP             # catalogue id, name or Go name
//	    params:                                   # the entry's diagnostics parameters
//	      resourceType: ServiceRequest
//	      id: "{id}"                              # a path wildcard of the route
//
// A parameter value may use {name} for a path wildcard, {query.name} for a
// query parameter, {header.Name} for a request header (never
// Authorization), {path.last} for the last path segment, and the other
// request values catalog.Value lists ({request.mode}, the caller's access
// mode, among them); "{{" and "}}" are literal braces. Parameter values are
// sent as server.RequestSanitizer makes them: sanitised, and the request's
// credentials, however short, redacted. The first scenario of a route whose
// conditions hold answers; when none does, the API's NotFound does.
type Scenarios struct {
	API   *catalog.API
	rules []*rule
}

// Len returns the number of scenarios.
func (s *Scenarios) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// ScenarioError is one mistake in a scenario file, at a line and column.
type ScenarioError struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based; 0 when unknown
	Msg  string
}

// Error formats the mistake as "file:line:col: message".
func (e *ScenarioError) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
}

// ScenarioErrors is every mistake found in a scenario file, in file order.
type ScenarioErrors []*ScenarioError

// Error lists the mistakes, one a line.
func (es ScenarioErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the mistakes so errors.As finds each one.
func (es ScenarioErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// LoadScenarios reads and parses a scenario file (see ParseScenarios).
func LoadScenarios(path string, reg *catalog.Registry, api *catalog.API) (*Scenarios, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseScenarios(path, data, reg, api)
}

// ParseScenarios parses a scenario file for a mock of api (nil to take the
// file's api, which must be one of reg's APIs; all.Registry() when reg is
// nil). file names the file in errors. Every mistake is reported at once, as
// ScenarioErrors, each with its line and column.
func ParseScenarios(file string, data []byte, reg *catalog.Registry, api *catalog.API) (*Scenarios, error) {
	if reg == nil {
		reg = all.Registry()
	}
	p := &scenarioParser{file: file}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, ScenarioErrors{p.yamlError(err)}
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode && len(root.Content) == 0 {
		return nil, ScenarioErrors{{File: file, Line: 1, Col: 1, Msg: "the file is empty: give a mapping with scenarios"}}
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode {
		doc = doc.Content[0]
	}
	s := &Scenarios{}
	if !p.mapping(doc, "the file") {
		return nil, p.errs
	}
	var list *yaml.Node
	for _, kv := range pairs(doc) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "api":
			a, ok := reg.API(v.Value)
			if v.Kind != yaml.ScalarNode || !ok {
				p.errorf(v, "api must be one of the catalogue's APIs: %s", strings.Join(reg.APINames(), ", "))
				continue
			}
			s.API = a
		case "scenarios":
			list = v
		default:
			p.errorf(k, "unknown key %q (want api, scenarios)", k.Value)
		}
	}
	switch {
	case api == nil && s.API == nil:
		p.errorf(doc, "the file names no api: add \"api: NAME\" (one of %s) or pass --api", strings.Join(reg.APINames(), ", "))
	case api != nil && s.API != nil && api != s.API:
		p.errorf(doc, "the file is for api %q but the mock serves %q", s.API.Name, api.Name)
	case api != nil:
		s.API = api
	}
	if list == nil {
		p.errorf(doc, "no scenarios: add a \"scenarios:\" list")
	} else if list.Kind != yaml.SequenceNode {
		p.errorf(list, "scenarios must be a list")
	} else {
		for _, item := range list.Content {
			if r := p.rule(item, s.API); r != nil {
				s.rules = append(s.rules, r)
			}
		}
	}
	p.checkRoutes(s.rules)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			a, b := p.errs[i], p.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, p.errs
	}
	return s, nil
}

type scenarioParser struct {
	file string
	errs ScenarioErrors
}

func (p *scenarioParser) errorf(n *yaml.Node, format string, args ...any) {
	e := &ScenarioError{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

// yamlError turns the YAML library's error into a positioned one.
func (p *scenarioParser) yamlError(err error) *ScenarioError {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return &ScenarioError{File: p.file, Line: le.Mark.Line, Col: le.Mark.Column, Msg: le.Message}
	}
	msg := strings.TrimSpace(strings.TrimPrefix(err.Error(), "yaml:"))
	return &ScenarioError{File: p.file, Msg: msg}
}

func (p *scenarioParser) mapping(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return false
	}
	return true
}

// pairs returns a mapping's key and value nodes (aliases resolved).
func pairs(n *yaml.Node) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		v := n.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		out = append(out, [2]*yaml.Node{n.Content[i], v})
	}
	return out
}

func (p *scenarioParser) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		p.errorf(n, "%s must be a string", what)
		return "", false
	}
	return n.Value, true
}

func (p *scenarioParser) rule(n *yaml.Node, api *catalog.API) *rule {
	if !p.mapping(n, "a scenario") {
		return nil
	}
	r := &rule{at: n}
	var routeNode, entryNode, paramsNode *yaml.Node
	seen := map[string]bool{}
	for _, kv := range pairs(n) {
		k, v := kv[0], kv[1]
		if seen[k.Value] {
			p.errorf(k, "key %q appears twice in this scenario", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "route":
			routeNode = v
		case "entry":
			entryNode = v
		case "params":
			paramsNode = v
		case "when":
			p.when(v, r)
		default:
			p.errorf(k, "unknown key %q (want route, when, entry, params)", k.Value)
		}
	}
	ok := true
	var wildcards []string
	if routeNode == nil {
		p.errorf(n, "the scenario has no route (such as \"GET /FHIR/R4/ServiceRequest/{id}\")")
		ok = false
	} else if s, good := p.scalar(routeNode, "route"); good {
		if w, err := parseRoute(s); err != nil {
			p.errorf(routeNode, "%v", err)
			ok = false
		} else {
			r.route, wildcards, r.at = s, w, routeNode
		}
	} else {
		ok = false
	}
	if entryNode == nil {
		p.errorf(n, "the scenario has no entry (a catalogue id such as %s)", exampleEntry(api))
		return nil
	}
	name, good := p.scalar(entryNode, "entry")
	if !good {
		return nil
	}
	e, msg := findEntry(api, name)
	if e == nil {
		p.errorf(entryNode, "%s", msg)
		return nil
	}
	r.entry = e
	r.params = make([]catalog.Value, len(e.Params))
	given := map[string]bool{}
	if paramsNode != nil && p.mapping(paramsNode, "params") {
		for _, kv := range pairs(paramsNode) {
			k, v := kv[0], kv[1]
			idx := -1
			for i, prm := range e.Params {
				if prm.Name == k.Value {
					idx = i
				}
			}
			if idx < 0 {
				p.errorf(k, "%s has no parameter %q%s", e.ID(), k.Value, paramList(e))
				continue
			}
			if given[k.Value] {
				p.errorf(k, "parameter %q appears twice", k.Value)
				continue
			}
			given[k.Value] = true
			s, good := p.scalar(v, "a parameter value")
			if !good {
				continue
			}
			pv, err := catalog.ParseValue(s, wildcards)
			if err != nil {
				p.errorf(v, "%v", err)
				continue
			}
			r.params[idx] = pv
		}
	}
	var missing []string
	for _, prm := range e.Params {
		if !given[prm.Name] {
			missing = append(missing, prm.Name)
		}
	}
	if len(missing) > 0 {
		at := paramsNode
		if at == nil {
			at = entryNode
		}
		p.errorf(at, "%s needs parameter(s) %s", e.ID(), strings.Join(missing, ", "))
	}
	if !ok {
		return nil
	}
	return r
}

func (p *scenarioParser) when(n *yaml.Node, r *rule) {
	if !p.mapping(n, "when") {
		return
	}
	for _, kv := range pairs(n) {
		k, v := kv[0], kv[1]
		if k.Value != "query" && k.Value != "header" {
			p.errorf(k, "unknown condition %q (want query, header)", k.Value)
			continue
		}
		if !p.mapping(v, k.Value) {
			continue
		}
		for _, c := range pairs(v) {
			name, ok1 := p.scalar(c[0], "a "+k.Value+" name")
			val, ok2 := p.scalar(c[1], "a "+k.Value+" value")
			if !ok1 || !ok2 {
				continue
			}
			if k.Value == "header" {
				if strings.EqualFold(name, "Authorization") {
					p.errorf(c[0], "conditions on Authorization are not allowed: the mock never looks into credentials")
					continue
				}
				r.header = append(r.header, [2]string{http.CanonicalHeaderKey(name), val})
			} else {
				r.query = append(r.query, [2]string{name, val})
			}
		}
	}
}

// findEntry finds an entry of api by id ("ers.R4_REC_NOT_FOUND"), name
// ("R4_REC_NOT_FOUND") or Go name ("R4RecNotFound", "ers.R4RecNotFound").
func findEntry(api *catalog.API, name string) (*catalog.Entry, string) {
	if api == nil {
		return nil, fmt.Sprintf("cannot look up entry %q: the API is not known", name)
	}
	if pre, _, ok := strings.Cut(name, "."); ok && pre != api.Name {
		return nil, fmt.Sprintf("entry %q belongs to api %q, but the mock serves %q", name, pre, api.Name)
	}
	if e, ok := api.Entry(name); ok {
		return e, ""
	}
	want := strings.ToUpper(strings.TrimPrefix(name, api.Name+"."))
	var near []string
	for _, e := range api.Entries() {
		if strings.Contains(e.Name, want) || strings.Contains(want, e.Name) {
			near = append(near, e.ID())
		}
	}
	msg := fmt.Sprintf("no entry %q in the %s catalogue (spinecat list --api %s shows them)", name, api.Name, api.Name)
	if len(near) > 0 {
		if len(near) > 5 {
			near = near[:5]
		}
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	}
	return nil, msg
}

func paramList(e *catalog.Entry) string {
	if len(e.Params) == 0 {
		return " (it takes none)"
	}
	return " (it takes " + strings.Join(e.ParamNames(), ", ") + ")"
}

// exampleEntry names an entry of api for a hint: the one its NotFound
// answers with, else its first.
func exampleEntry(api *catalog.API) string {
	if api == nil {
		return "api.ENTRY_NAME"
	}
	if len(api.NotFound) > 0 {
		return api.NotFound[0].Entry.ID()
	}
	if es := api.Entries(); len(es) > 0 {
		return es[0].ID()
	}
	return api.Name + ".ENTRY_NAME"
}
