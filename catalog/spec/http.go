package spec

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// buildAPI builds the catalog.API of a file that names an api: its entries
// and, from the http section, its front door. Names in the section (entries,
// dialects, surfaces, access modes) are checked here, after the schema pass.
func (l *loader) buildAPI(pf *parsedFile) {
	d := pf.doc
	if d.API == "" {
		if d.HTTP != nil {
			l.problem(pf, "/http", "an http section describes an API: name it with api")
		}
		return
	}
	a := &catalog.API{Name: d.API, Title: d.Title}
	b := &apiBuilder{l: l, pf: pf, api: a}
	if h := d.HTTP; h != nil {
		a.Doc, a.Sources, a.BasePaths = h.Doc, h.Sources, h.BasePaths
		b.surfaces(h.Surfaces)
		b.modes(h.AccessModes)
		if n := h.Negotiation; n != nil {
			a.Negotiation.IgnoreFormatParameter = n.FormatParameter != nil && !*n.FormatParameter
			for _, f := range n.Formats {
				a.Negotiation.Formats = append(a.Negotiation.Formats, operationoutcome.Format(f))
			}
			a.Negotiation.Unsupported = b.answer("/http/negotiation/unsupported", n.Unsupported, nil)
		}
		b.rules(h.Rules)
		b.headers(h.Headers)
		a.NotFound = b.answer("/http/notFound", h.NotFound, nil)
		a.MethodNotAllowed = b.answer("/http/methodNotAllowed", h.MethodNotAllowed, nil)
		a.InternalError = b.answer("/http/internalError", h.InternalError, nil)
		b.gateway(h.Gateway)
	}
	pf.file.API = catalog.NewAPI(a, pf.file.Entries)
	if d.HTTP != nil {
		b.checkSurfaceCoverage()
	}
}

type apiBuilder struct {
	l   *loader
	pf  *parsedFile
	api *catalog.API
}

func (b *apiBuilder) problem(ptr, format string, args ...any) {
	b.l.problem(b.pf, ptr, format, args...)
}

func (b *apiBuilder) dialect(ptr, name string) *catalog.Dialect {
	dl, ok := b.l.dialects[name]
	if !ok {
		b.problem(ptr, "unknown dialect %q%s", name, suggestion(name, mapKeys(b.l.dialects)))
		return nil
	}
	return dl
}

func (b *apiBuilder) entry(ptr, name string) *catalog.Entry {
	name = strings.TrimPrefix(name, b.api.Name+".")
	var names []string
	for _, e := range b.pf.file.Entries {
		if e.Name == name {
			return e
		}
		names = append(names, e.Name)
	}
	b.problem(ptr, "no entry %q in this file's api %q%s", name, b.api.Name, suggestion(name, names))
	return nil
}

func suggestion(name string, names []string) string {
	slices.Sort(names)
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (b *apiBuilder) surfaces(docs []surfaceDoc) {
	seen := map[string]bool{}
	catchAll := -1
	for i, sd := range docs {
		ptr := fmt.Sprintf("/http/surfaces/%d", i)
		if seen[sd.Name] {
			b.problem(ptr+"/name", "surface %q is defined twice", sd.Name)
		}
		seen[sd.Name] = true
		s := &catalog.Surface{Name: sd.Name, PathContains: sd.PathContains}
		for j, dn := range sd.Dialects {
			if dl := b.dialect(fmt.Sprintf("%s/dialects/%d", ptr, j), dn); dl != nil {
				s.Dialects = append(s.Dialects, dl)
			}
		}
		if sd.PathContains == "" {
			if catchAll >= 0 {
				b.problem(ptr, "surfaces[%d] already takes every path not taken before it; give this surface a pathContains", catchAll)
			}
			catchAll = i
		} else if catchAll >= 0 {
			b.problem(ptr, "surfaces[%d] takes every path, so this surface would never match; put the surface without pathContains last", catchAll)
			continue
		}
		b.api.Surfaces = append(b.api.Surfaces, s)
	}
}

func (b *apiBuilder) modes(docs []accessModeDoc) {
	seen := map[string]bool{}
	for i, md := range docs {
		if seen[md.Name] {
			b.problem(fmt.Sprintf("/http/accessModes/%d/name", i), "access mode %q is defined twice", md.Name)
		}
		seen[md.Name] = true
		b.api.AccessModes = append(b.api.AccessModes, &catalog.AccessMode{Name: md.Name, Doc: md.Doc, TokenPrefix: md.TokenPrefix})
	}
}

func (b *apiBuilder) surfaceNames() []string {
	names := make([]string, len(b.api.Surfaces))
	for i, s := range b.api.Surfaces {
		names[i] = s.Name
	}
	return names
}

func (b *apiBuilder) condition(ptr string, cd *conditionDoc) catalog.Condition {
	if cd == nil {
		return catalog.Condition{}
	}
	var modes []string
	for _, m := range b.api.AccessModes {
		modes = append(modes, m.Name)
	}
	for i, m := range cd.Modes {
		if !slices.Contains(modes, m) {
			b.problem(fmt.Sprintf("%s/modes/%d", ptr, i), "unknown access mode %q (the accessModes are %s)", m, orNone(modes))
		}
	}
	for i, s := range cd.Surfaces {
		if !slices.Contains(b.surfaceNames(), s) {
			b.problem(fmt.Sprintf("%s/surfaces/%d", ptr, i), "unknown surface %q (the surfaces are %s)", s, orNone(b.surfaceNames()))
		}
	}
	return catalog.Condition{Modes: cd.Modes, Surfaces: cd.Surfaces, Methods: cd.Methods, Paths: cd.Paths, PathEnds: cd.PathEnds, ExceptPaths: cd.ExceptPaths}
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// answer reads an answer: an entry name; {entry, params}; or a mapping from
// surface names to either. on lists the surfaces where the answer is
// needed (nil: every surface); a surface mapping must cover each.
func (b *apiBuilder) answer(ptr string, raw json.RawMessage, on []string) catalog.Answer {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		if r := b.reply(ptr, "", raw); r != nil {
			return catalog.Answer{r}
		}
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil // the schema pass has reported it
	}
	if _, ok := m["entry"]; ok {
		if r := b.reply(ptr, "", raw); r != nil {
			return catalog.Answer{r}
		}
		return nil
	}
	if len(b.api.Surfaces) == 0 {
		b.problem(ptr, "an answer per surface needs surfaces; give an entry name, or {entry, params}")
		return nil
	}
	var out catalog.Answer
	for _, sn := range sortedKeys(m) {
		sp := ptr + "/" + escapePointer(sn)
		if !slices.Contains(b.surfaceNames(), sn) {
			b.problem(sp, "unknown surface %q (the surfaces are %s; a single answer is an entry name or {entry, params})", sn, orNone(b.surfaceNames()))
			continue
		}
		if r := b.reply(sp, sn, m[sn]); r != nil {
			out = append(out, r)
		}
	}
	// In surface order, so that the generated code reads as the file does.
	slices.SortStableFunc(out, func(x, y *catalog.Reply) int {
		return slices.Index(b.surfaceNames(), x.Surface) - slices.Index(b.surfaceNames(), y.Surface)
	})
	if on == nil {
		on = b.surfaceNames()
	}
	var missing []string
	for _, s := range on {
		if !slices.ContainsFunc(out, func(r *catalog.Reply) bool { return r.Surface == s }) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 && len(out) > 0 {
		b.problem(ptr, "no answer for surface %s; answer on every surface where the rule applies", strings.Join(missing, ", "))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := mapKeys(m)
	sort.Strings(keys)
	return keys
}

// reply reads one entry name or {entry, params} for surface ("": every).
func (b *apiBuilder) reply(ptr, surface string, raw json.RawMessage) *catalog.Reply {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return b.finishReply(ptr, ptr, surface, name, nil)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		b.problem(ptr, "an answer is an entry name or {entry, params}")
		return nil
	}
	for _, k := range sortedKeys(obj) {
		if k != "entry" && k != "params" {
			b.problem(ptr+"/"+escapePointer(k), "unknown key %q in an answer (want entry, params)", k)
		}
	}
	if json.Unmarshal(obj["entry"], &name) != nil || name == "" {
		b.problem(ptr, "an answer needs entry: the name of one of this file's entries")
		return nil
	}
	var params map[string]json.RawMessage
	if p, ok := obj["params"]; ok && json.Unmarshal(p, &params) != nil {
		b.problem(ptr+"/params", "params maps parameter names to values")
		return nil
	}
	return b.finishReply(ptr, ptr+"/entry", surface, name, params)
}

// finishReply resolves the entry and parses its parameter values, every
// one of which must be given.
func (b *apiBuilder) finishReply(ptr, entryPtr, surface, name string, params map[string]json.RawMessage) *catalog.Reply {
	e := b.entry(entryPtr, name)
	if e == nil {
		return nil
	}
	r := &catalog.Reply{Surface: surface, Entry: e, Params: make([]catalog.Value, len(e.Params))}
	given := map[string]bool{}
	for _, k := range sortedKeys(params) {
		pp := ptr + "/params/" + escapePointer(k)
		i := slices.IndexFunc(e.Params, func(p catalog.Param) bool { return p.Name == k })
		if i < 0 {
			b.problem(pp, "%s has no parameter %q%s", e.ID(), k, paramNames(e))
			continue
		}
		var s string
		if json.Unmarshal(params[k], &s) != nil {
			var n json.Number
			if json.Unmarshal(params[k], &n) != nil {
				b.problem(pp, "a parameter value is a string")
				continue
			}
			s = n.String()
		}
		v, err := catalog.ParseValue(s, nil)
		if err != nil {
			b.problem(pp, "%v", err)
			continue
		}
		r.Params[i], given[k] = v, true
	}
	var missing []string
	for _, p := range e.Params {
		if !given[p.Name] {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		b.problem(ptr, "%s needs parameter(s) %s: give them under params", e.ID(), strings.Join(missing, ", "))
	}
	return r
}

func paramNames(e *catalog.Entry) string {
	if len(e.Params) == 0 {
		return " (it takes none)"
	}
	return " (it takes " + strings.Join(e.ParamNames(), ", ") + ")"
}

// ruleKeys are the keys each kind of rule takes besides check, doc,
// sources and when.
var ruleKeys = map[string][]string{
	"authorization":     {"scheme", "exactScheme", "missing", "blank", "noCredentials", "wrongScheme", "invalid", "jwt", "leniencies"},
	"header":            {"header", "missing", "invalid", "oneOf", "is", "base64JSON", "notAllowed"},
	"query":             {"param", "missing", "invalid", "oneOf", "is", "base64JSON"},
	"claim":             {"claim", "missing", "invalid", "oneOf"},
	"forbidden-headers": {"headers", "answer"},
	"refuse":            {"answer"},
	"format":            {},
}

func (b *apiBuilder) rules(docs []ruleDoc) {
	leniencies := map[string]bool{}
	for i, rd := range docs {
		ptr := fmt.Sprintf("/http/rules/%d", i)
		b.ruleKeys(ptr, rd.Check)
		r := &catalog.RequestRule{Check: catalog.RuleCheck(rd.Check), Doc: rd.Doc, Sources: rd.Sources, When: b.condition(ptr+"/when", rd.When)}
		on := r.When.Surfaces
		r.Header, r.Param, r.Claim, r.OneOf, r.Is, r.Base64JSON = rd.Header, rd.Param, rd.Claim, rd.OneOf, catalog.ValueKind(rd.Is), rd.Base64JSON
		r.Scheme, r.ExactScheme, r.Headers = rd.Scheme, rd.Exact, rd.Headers
		r.Missing = b.answer(ptr+"/missing", rd.Missing, on)
		r.Invalid = b.answer(ptr+"/invalid", rd.Invalid, on)
		r.NotAllowed = b.answer(ptr+"/notAllowed", rd.NotAllowed, on)
		r.Answer = b.answer(ptr+"/answer", rd.Answer, on)
		r.Blank = b.answer(ptr+"/blank", rd.Blank, on)
		r.NoCredentials = b.answer(ptr+"/noCredentials", rd.NoCreds, on)
		r.WrongScheme = b.answer(ptr+"/wrongScheme", rd.WrongSch, on)
		switch r.Check {
		case catalog.CheckHeader, catalog.CheckQuery:
			b.valueRule(ptr, rd)
			if strings.EqualFold(rd.Header, "Authorization") {
				b.problem(ptr+"/header", "check Authorization with an authorization rule")
			}
		case catalog.CheckAuthorization:
			if rd.JWT != nil {
				r.JWT = &catalog.JWTCheck{
					Sections: b.answer(ptr+"/jwt/sections", rd.JWT.Sections, on),
					Invalid:  b.answer(ptr+"/jwt/invalid", rd.JWT.Invalid, on),
					NoClaims: b.answer(ptr+"/jwt/noClaims", rd.JWT.NoClaims, on),
				}
			}
			for j, ld := range rd.Leniencies {
				lp := fmt.Sprintf("%s/leniencies/%d", ptr, j)
				if leniencies[ld.Name] {
					b.problem(lp+"/name", "leniency %q is defined twice; names are per API", ld.Name)
				}
				leniencies[ld.Name] = true
				r.Leniencies = append(r.Leniencies, &catalog.Leniency{Name: ld.Name, Doc: ld.Doc, Sources: ld.Sources,
					Accept: catalog.Lenience(ld.Accept), When: b.condition(lp+"/when", ld.When)})
			}
		case catalog.CheckFormat:
			if len(b.api.Negotiation.Unsupported) == 0 {
				b.problem(ptr, "a format rule answers with negotiation.unsupported; give it")
			}
		}
		b.api.Rules = append(b.api.Rules, r)
	}
}

// valueRule checks a header or query rule: it answers something, and an
// invalid answer goes with a check of the value.
func (b *apiBuilder) valueRule(ptr string, rd ruleDoc) {
	checked := len(rd.OneOf) > 0 || rd.Is != "" || len(rd.Base64JSON) > 0
	if len(rd.Missing) == 0 && len(rd.Invalid) == 0 && len(rd.NotAllowed) == 0 {
		b.problem(ptr, "a %s rule needs an answer: missing, invalid or notAllowed", rd.Check)
	}
	if checked && len(rd.Invalid) == 0 {
		b.problem(ptr, "oneOf, is and base64JSON need invalid: the answer to a value that breaks them")
	}
	if len(rd.Invalid) > 0 && !checked {
		b.problem(ptr+"/invalid", "invalid answers a value that breaks oneOf, is or base64JSON; give one of them")
	}
	if _, ok := catalog.LookupParamType(rd.Is); rd.Is != "" && !ok {
		b.problem(ptr+"/is", "unknown value type %q%s", rd.Is, suggestParamType(rd.Is))
	}
}

// ruleKeys reports keys that do not apply to the rule's kind.
func (b *apiBuilder) ruleKeys(ptr, check string) {
	allowed, ok := ruleKeys[check]
	if !ok {
		return // the schema pass has reported it
	}
	for key := range b.pf.tree.keys {
		k, isChild := strings.CutPrefix(key, ptr+"/")
		if !isChild || strings.Contains(k, "/") {
			continue
		}
		switch k = unescapePointer(k); {
		case k == "check" || k == "doc" || k == "sources" || k == "when" || slices.Contains(allowed, k):
		case slices.ContainsFunc(mapKeys(ruleKeys), func(c string) bool { return slices.Contains(ruleKeys[c], k) }):
			b.l.probs = append(b.l.probs, Problem{File: b.pf.src.Path, Line: b.pf.tree.keys[key].line, Col: b.pf.tree.keys[key].col,
				Msg: fmt.Sprintf("%s: %s does not apply to a %s rule (it takes %s)", label(ptr), k, check, orNone(allowed))})
		}
	}
}

func (b *apiBuilder) headers(docs []headerDoc) {
	for i, hd := range docs {
		ptr := fmt.Sprintf("/http/headers/%d", i)
		h := &catalog.ResponseHeader{Name: hd.Name, Doc: hd.Doc, From: catalog.HeaderSource(hd.From), Value: hd.Value}
		if (hd.From == "") == (hd.Value == "") {
			b.problem(ptr, "give the header's value, or from: request, transaction-id or retry-after (one of them)")
		}
		if http.CanonicalHeaderKey(hd.Name) == "Content-Type" || http.CanonicalHeaderKey(hd.Name) == "Content-Length" {
			b.problem(ptr+"/name", "%s is set by the writer from the body", hd.Name)
		}
		for j, en := range hd.Entries {
			if e := b.entry(fmt.Sprintf("%s/entries/%d", ptr, j), en); e != nil {
				h.Entries = append(h.Entries, e)
			}
		}
		b.api.Headers = append(b.api.Headers, h)
	}
}

func (b *apiBuilder) gateway(gd *gatewayDoc) {
	if gd == nil {
		return
	}
	for i, dn := range gd.Dialects {
		if dl := b.dialect(fmt.Sprintf("/http/gateway/dialects/%d", i), dn); dl != nil {
			b.api.Gateway.Dialects = append(b.api.Gateway.Dialects, dl)
		}
	}
	for i, en := range gd.Entries {
		if e := b.entry(fmt.Sprintf("/http/gateway/entries/%d", i), en); e != nil {
			b.api.Gateway.Entries = append(b.api.Gateway.Entries, e)
		}
	}
	b.api.Gateway.FormatFromAccept = gd.Format == "accept"
}

// checkSurfaceCoverage reports entries whose dialect answers on no surface,
// and replies on a surface that does not serve their entry's dialect.
func (b *apiBuilder) checkSurfaceCoverage() {
	a := b.api
	for i, e := range b.pf.file.Entries {
		if e.Dialect != nil && !slices.ContainsFunc(a.Surfaces, func(s *catalog.Surface) bool { return s.Serves(e.Dialect) }) {
			b.problem(fmt.Sprintf("/entries/%d/dialect", i), "dialect %q answers on no surface of the http section; add it to a surface's dialects", e.Dialect.Name)
		}
	}
	check := func(ptr string, ans catalog.Answer, c catalog.Condition) {
		for _, r := range ans {
			if r.Entry.Dialect == nil {
				continue
			}
			for _, s := range a.Surfaces {
				if r.Surface != "" && r.Surface != s.Name || len(c.Surfaces) > 0 && !slices.Contains(c.Surfaces, s.Name) {
					continue
				}
				if r.Surface == "" && ans.For(s) != r {
					continue
				}
				if !s.Serves(r.Entry.Dialect) {
					where := "every surface"
					if r.Surface != "" {
						where = "surface " + r.Surface
					}
					b.problem(ptr, "%s answers on %s, but surface %s does not serve its dialect %s; answer per surface", r.Entry.ID(), where, s.Name, r.Entry.Dialect.Name)
				}
			}
		}
	}
	for i, r := range a.Rules {
		ptr := fmt.Sprintf("/http/rules/%d", i)
		check(ptr+"/missing", r.Missing, r.When)
		check(ptr+"/invalid", r.Invalid, r.When)
		check(ptr+"/notAllowed", r.NotAllowed, r.When)
		check(ptr+"/answer", r.Answer, r.When)
		check(ptr+"/blank", r.Blank, r.When)
		check(ptr+"/noCredentials", r.NoCredentials, r.When)
		check(ptr+"/wrongScheme", r.WrongScheme, r.When)
		if r.JWT != nil {
			check(ptr+"/jwt/sections", r.JWT.Sections, r.When)
			check(ptr+"/jwt/invalid", r.JWT.Invalid, r.When)
			check(ptr+"/jwt/noClaims", r.JWT.NoClaims, r.When)
		}
	}
	check("/http/negotiation/unsupported", a.Negotiation.Unsupported, catalog.Condition{})
	check("/http/notFound", a.NotFound, catalog.Condition{})
	check("/http/methodNotAllowed", a.MethodNotAllowed, catalog.Condition{})
	check("/http/internalError", a.InternalError, catalog.Condition{})
}
