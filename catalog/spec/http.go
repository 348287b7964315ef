package spec

import (
	"fmt"
	"net/http"
	"slices"
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
