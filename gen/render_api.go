package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// The Go names of the catalogue's enumerations, so that generated code reads
// as hand-written code would.
var (
	ruleCheckNames = map[catalog.RuleCheck]string{
		catalog.CheckAuthorization: "CheckAuthorization", catalog.CheckHeader: "CheckHeader",
		catalog.CheckForbiddenHeaders: "CheckForbiddenHeaders", catalog.CheckFormat: "CheckFormat",
		catalog.CheckQuery: "CheckQuery", catalog.CheckClaim: "CheckClaim", catalog.CheckRefuse: "CheckRefuse",
	}
	headerSourceNames = map[catalog.HeaderSource]string{
		catalog.HeaderEcho: "HeaderEcho", catalog.HeaderTransactionID: "HeaderTransactionID", catalog.HeaderRetryAfter: "HeaderRetryAfter",
	}
	allowanceNames = map[catalog.Allowance]string{catalog.AcceptBareToken: "AcceptBareToken", catalog.AcceptAnyValue: "AcceptAnyValue"}
	valueKindNames = map[catalog.ValueKind]string{catalog.ValueUUID: "ValueUUID"}
	formatNames    = map[operationoutcome.Format]string{operationoutcome.FormatJSON: "FormatJSON", operationoutcome.FormatXML: "FormatXML"}
)

// named renders v as its exported constant when it has one, else as a
// conversion of its string.
func named[T ~string](pkg string, names map[T]string, typ string, v T) jen.Code {
	if n, ok := names[v]; ok {
		return jen.Qual(pkg, n)
	}
	return jen.Qual(pkg, typ).Call(jen.Lit(string(v)))
}

// api renders the file's API value: catalog.NewAPI over the http section
// and the package's entries.
func (r *renderer) api(g *jen.File) {
	a := r.file.API
	var fs fields
	fs.str("Name", a.Name)
	fs.str("Title", a.Title)
	fs.str("Doc", a.Doc)
	fs.strs("Sources", a.Sources)
	fs.strs("BasePaths", a.BasePaths)
	if r.hasHTTPSurfaces() {
		listOf(&fs, "Surfaces", "Surface", a.Surfaces, func(s *catalog.Surface) (sf fields) {
			sf.str("Name", s.Name)
			sf.str("PathContains", s.PathContains)
			sf.add("Dialects", r.dialects(s.Dialects))
			return sf
		})
	}
	if n := a.Negotiation; len(n.Formats) > 0 || len(n.Unsupported) > 0 || n.IgnoreFormatParameter {
		var nf fields
		if len(n.Formats) > 0 {
			var f []jen.Code
			for _, x := range n.Formats {
				f = append(f, named(outcomePkg, formatNames, "Format", x))
			}
			nf.add("Formats", jen.Index().Qual(outcomePkg, "Format").Values(f...))
		}
		if n.IgnoreFormatParameter {
			nf.add("IgnoreFormatParameter", jen.True())
		}
		r.answerField(&nf, "Unsupported", n.Unsupported)
		fs.add("Negotiation", jen.Qual(catalogPkg, "Negotiation").Values(nf.values()...))
	}
	listOf(&fs, "AccessModes", "AccessMode", a.AccessModes, func(m *catalog.AccessMode) (mf fields) {
		mf.str("Name", m.Name)
		mf.str("Doc", m.Doc)
		mf.str("TokenPrefix", m.TokenPrefix)
		return mf
	})
	listOf(&fs, "Rules", "RequestRule", a.Rules, r.rule)
	listOf(&fs, "Headers", "ResponseHeader", a.Headers, func(h *catalog.ResponseHeader) (hf fields) {
		hf.str("Name", h.Name)
		if h.From != catalog.HeaderFixed {
			hf.add("From", named(catalogPkg, headerSourceNames, "HeaderSource", h.From))
		}
		hf.str("Value", h.Value)
		if len(h.Entries) > 0 {
			hf.add("Entries", r.entryList(h.Entries))
		}
		hf.str("Doc", h.Doc)
		return hf
	})
	r.answerField(&fs, "NotFound", a.NotFound)
	r.answerField(&fs, "MethodNotAllowed", a.MethodNotAllowed)
	r.answerField(&fs, "InternalError", a.InternalError)
	if gw := a.Gateway; len(gw.Dialects) > 0 || len(gw.Entries) > 0 || gw.FormatFromAccept {
		var gf fields
		if len(gw.Dialects) > 0 {
			gf.add("Dialects", r.dialects(gw.Dialects))
		}
		if len(gw.Entries) > 0 {
			gf.add("Entries", r.entryList(gw.Entries))
		}
		if gw.FormatFromAccept {
			gf.add("FormatFromAccept", jen.True())
		}
		fs.add("Gateway", jen.Qual(catalogPkg, "Gateway").Values(gf.values()...))
	}
	g.Add(doc("API is the %s API: its entries, dialects and front door, as %s describes them.\nPackage server applies it; catalog.APIOf gives it for any of its entries.", a.Name, r.file.Path)).
		Var().Id("API").Op("=").Qual(catalogPkg, "NewAPI").Call(jen.Op("&").Qual(catalogPkg, "API").Values(fs.values()...), jen.Id("entries"))
}

// listOf adds field name: []*catalog.<typ>{...}, one element per item with
// the fields each gives; nothing for no items.
func listOf[T any](fs *fields, name, typ string, items []T, each func(T) fields) {
	if len(items) == 0 {
		return
	}
	var vs []jen.Code
	for _, it := range items {
		f := each(it)
		vs = append(vs, jen.Line().Values(f.values()...))
	}
	fs.add(name, jen.Index().Op("*").Qual(catalogPkg, typ).Values(append(vs, jen.Line())...))
}

// hasHTTPSurfaces reports whether the surfaces come from the file rather
// than from NewAPI's default, which the generated code leaves to NewAPI.
func (r *renderer) hasHTTPSurfaces() bool {
	for _, s := range r.file.API.Surfaces {
		if s.Name != "" {
			return true
		}
	}
	return false
}

func (r *renderer) rule(rule *catalog.RequestRule) fields {
	var rf fields
	rf.add("Check", named(catalogPkg, ruleCheckNames, "RuleCheck", rule.Check))
	rf.str("Doc", rule.Doc)
	rf.strs("Sources", rule.Sources)
	if c := r.condition(rule.When); c != nil {
		rf.add("When", c)
	}
	rf.str("Header", rule.Header)
	rf.str("Param", rule.Param)
	rf.str("Claim", rule.Claim)
	r.answerField(&rf, "Missing", rule.Missing)
	r.answerField(&rf, "Invalid", rule.Invalid)
	rf.strs("OneOf", rule.OneOf)
	if rule.Is != "" {
		rf.add("Is", named(catalogPkg, valueKindNames, "ValueKind", rule.Is))
	}
	if len(rule.Base64JSON) > 0 {
		rf.add("Base64JSON", jen.Map(jen.String()).String().Values(jen.DictFunc(func(d jen.Dict) {
			for k, v := range rule.Base64JSON {
				d[jen.Lit(k)] = jen.Lit(v)
			}
		})))
	}
	r.answerField(&rf, "NotAllowed", rule.NotAllowed)
	rf.str("Scheme", rule.Scheme)
	if rule.ExactScheme {
		rf.add("ExactScheme", jen.True())
	}
	r.answerField(&rf, "Blank", rule.Blank)
	r.answerField(&rf, "NoCredentials", rule.NoCredentials)
	r.answerField(&rf, "WrongScheme", rule.WrongScheme)
	if j := rule.JWT; j != nil {
		var jf fields
		r.answerField(&jf, "Sections", j.Sections)
		r.answerField(&jf, "Invalid", j.Invalid)
		r.answerField(&jf, "NoClaims", j.NoClaims)
		rf.add("JWT", jen.Op("&").Qual(catalogPkg, "JWTCheck").Values(jf.values()...))
	}
	listOf(&rf, "Leniencies", "Leniency", rule.Leniencies, func(l *catalog.Leniency) (lf fields) {
		lf.str("Name", l.Name)
		lf.str("Doc", l.Doc)
		lf.strs("Sources", l.Sources)
		lf.add("Accept", named(catalogPkg, allowanceNames, "Allowance", l.Accept))
		if c := r.condition(l.When); c != nil {
			lf.add("When", c)
		}
		return lf
	})
	rf.strs("Headers", rule.Headers)
	r.answerField(&rf, "Answer", rule.Answer)
	return rf
}

func (r *renderer) condition(c catalog.Condition) jen.Code {
	var cf fields
	cf.strs("Modes", c.Modes)
	cf.strs("Surfaces", c.Surfaces)
	cf.strs("Methods", c.Methods)
	cf.strs("Paths", c.Paths)
	cf.strs("PathEnds", c.PathEnds)
	cf.strs("ExceptPaths", c.ExceptPaths)
	if len(cf) == 0 {
		return nil
	}
	return jen.Qual(catalogPkg, "Condition").Values(cf.values()...)
}

func (r *renderer) answerField(fs *fields, name string, a catalog.Answer) {
	if len(a) == 0 {
		return
	}
	var rs []jen.Code
	for _, p := range a {
		var pf fields
		pf.str("Surface", p.Surface)
		pf.add("Entry", jen.Id(entryVar(p.Entry)))
		if len(p.Params) > 0 {
			vs := make([]jen.Code, len(p.Params))
			for i, v := range p.Params {
				vs[i] = jen.Qual(catalogPkg, "MustParseValue").Call(jen.Lit(v.String()))
			}
			pf.add("Params", jen.Index().Qual(catalogPkg, "Value").Values(vs...))
		}
		rs = append(rs, jen.Line().Values(pf.values()...))
	}
	fs.add(name, jen.Qual(catalogPkg, "Answer").Values(append(rs, jen.Line())...))
}

func (r *renderer) dialects(ds []*catalog.Dialect) jen.Code {
	refs := make([]jen.Code, len(ds))
	for i, d := range ds {
		refs[i] = r.dialectRef(d)
	}
	return jen.Index().Op("*").Qual(catalogPkg, "Dialect").Values(refs...)
}

func (r *renderer) entryList(es []*catalog.Entry) jen.Code {
	refs := make([]jen.Code, len(es))
	for i, e := range es {
		refs[i] = jen.Id(entryVar(e))
	}
	return jen.Index().Op("*").Qual(catalogPkg, "Entry").Values(refs...)
}
