package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spec"
)

// entry renders an entry's variable, its sentinel and its constructor.
func (r *renderer) entry(g *jen.File, e *catalog.Entry) {
	var fs fields
	fs.str("API", e.API)
	fs.str("Name", e.Name)
	fs.str("GoName", e.GoName)
	if e.Dialect != nil {
		fs.add("Dialect", r.dialectRef(e.Dialect))
	}
	fs.int("Status", e.Status)
	fs.str("StatusNote", e.StatusNote)
	fs.add("Body", bodyKind(e.Body))
	fs.str("BodyText", e.BodyText)
	fs.str("ContentType", e.ContentType)
	if e.Severity != "" {
		fs.add("Severity", severity(string(e.Severity)))
	}
	if e.IssueType != "" {
		fs.add("IssueType", issueType(string(e.IssueType)))
	}
	if e.System != nil {
		fs.add("System", r.systemRef(e.System))
	}
	fs.str("Code", e.Code)
	fs.str("CodeNote", e.CodeNote)
	fs.str("Display", e.Display)
	if e.DisplayTemplate != nil {
		fs.add("DisplayTemplate", template(e.DisplayTemplate))
	}
	if e.Diagnostics != nil {
		fs.add("Diagnostics", template(e.Diagnostics))
	}
	if len(e.Expression) > 0 {
		var xs []jen.Code
		for _, x := range e.Expression {
			xs = append(xs, template(x))
		}
		fs.add("Expression", jen.Index().Op("*").Qual(catalogPkg, "Template").Values(xs...))
	}
	if len(e.Params) > 0 {
		var ps []fields
		for _, p := range e.Params {
			var pf fields
			pf.str("Name", p.Name)
			pf.str("Type", p.Type)
			pf.str("Doc", p.Doc)
			pf.str("Example", p.Example)
			ps = append(ps, pf)
		}
		fs.add("Params", structs("Param", ps))
	}
	fs.strs("Undocumented", e.Undocumented)
	fs.strs("Interactions", e.Interactions)
	fs.strs("Endpoints", e.Endpoints)
	fs.str("Description", e.Description)
	fs.str("Hint", e.Hint)
	fs.strs("Sources", e.Sources)
	if len(e.Variants) > 0 {
		var vs []fields
		for _, v := range e.Variants {
			vs = append(vs, variantFields(v))
		}
		fs.add("Variants", structs("Variant", vs))
	}
	defectsField(&fs, e.Defects)
	g.Line()
	g.Var().Id(entryVar(e)).Op("=").Op("&").Qual(catalogPkg, "Entry").Values(fs.values()...)
	g.Line()

	summary := entrySummary(e)
	g.Add(doc("Err%s matches, with errors.Is, every %s error\n(%s).", e.GoName, e.Name, summary)).Var().Id("Err"+e.GoName).Op("=").Qual(catalogPkg, "Sentinel").Call(jen.Id(entryVar(e)))
	g.Line()

	var args []jen.Code
	var vals []jen.Code
	for _, p := range e.Params {
		arg := paramArg(p.Name)
		if p.Type == "int" {
			args = append(args, jen.Id(arg).Int())
			vals = append(vals, jen.Qual("strconv", "Itoa").Call(jen.Id(arg)))
		} else {
			args = append(args, jen.Id(arg).String())
			vals = append(vals, jen.Id(arg))
		}
	}
	g.Add(doc("%s", constructorDoc(e, summary))).Func().Id(e.GoName).Params(args...).Op("*").Qual(catalogPkg, "Error").Block(
		jen.Return(jen.Qual(catalogPkg, "New").Call(append([]jen.Code{jen.Id(entryVar(e))}, vals...)...)),
	)
	if len(e.Params) > 0 {
		r.params(g, e)
	}
}

func variantFields(v catalog.Variant) fields {
	var vf fields
	vf.str("Name", v.Name)
	vf.str("Note", v.Note)
	vf.strs("Sources", v.Sources)
	vf.int("Status", v.Status)
	if v.Severity != "" {
		if v.Severity.Valid() {
			vf.add("Severity", severity(string(v.Severity)))
		} else {
			vf.add("Severity", jen.Qual(outcomePkg, "Severity").Call(jen.Lit(string(v.Severity))))
		}
	}
	if v.IssueType != "" {
		vf.add("IssueType", issueType(string(v.IssueType)))
	}
	vf.str("System", v.System)
	vf.str("Code", v.Code)
	if v.Display != nil {
		vf.add("Display", jen.Qual(catalogPkg, "Ptr").Call(jen.Lit(*v.Display)))
	}
	if v.DisplayTemplate != nil {
		vf.add("DisplayTemplate", template(v.DisplayTemplate))
	}
	if v.Diagnostics != nil {
		vf.add("Diagnostics", template(v.Diagnostics))
	}
	vf.strs("Endpoints", v.Endpoints)
	defectsField(&vf, v.Defects)
	return vf
}

// defectsField adds Defects: []catalog.Defect{...} when there are any.
func defectsField(fs *fields, ds []catalog.Defect) {
	if len(ds) == 0 {
		return
	}
	items := make([]fields, len(ds))
	for i, d := range ds {
		items[i].str("Name", d.Name)
		items[i].str("Rule", d.Rule)
		items[i].str("Element", d.Element)
		items[i].str("Value", d.Value)
		items[i].str("Note", d.Note)
		items[i].strs("Sources", d.Sources)
	}
	fs.add("Defects", structs("Defect", items))
}

func entrySummary(e *catalog.Entry) string {
	status := strconv.Itoa(e.Status)
	if e.Status == 0 {
		status = "status not stated"
	}
	parts := []string{status}
	if e.Code != "" {
		parts = append(parts, e.Code)
	}
	if e.Display != "" {
		parts = append(parts, strconv.Quote(e.Display))
	}
	return strings.Join(parts, " ")
}

func constructorDoc(e *catalog.Entry, summary string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s returns the %s error %s", e.GoName, e.API, summary)
	if e.Dialect != nil {
		fmt.Fprintf(&b, " in the %s dialect", e.Dialect.Name)
	}
	b.WriteString(".\n")
	if e.Description != "" {
		b.WriteString("\n" + wrap(e.Description) + "\n")
	}
	if e.Diagnostics != nil {
		fmt.Fprintf(&b, "\nDiagnostics: %q.\n", e.Diagnostics.String())
	}
	if e.Hint != "" {
		b.WriteString("\nHint: " + wrap(e.Hint) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrap folds text to lines of about 76 characters for doc comments.
func wrap(s string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > 76 {
			b.WriteString("\n")
			n = 0
		} else if n > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// paramArg is the constructor argument name for a template parameter.
func paramArg(name string) string { return name }

func (r *renderer) params(g *jen.File, e *catalog.Entry) {
	typ := e.GoName + "Params"
	var structFields []jen.Code
	var assign []jen.Code
	for _, p := range e.Params {
		field := spec.GoIdent(p.Name)
		c := jen.Comment(fmt.Sprintf("%s is {%s}: %s", field, p.Name, strings.TrimSuffix(p.Doc, ".")))
		if p.Type == "int" {
			structFields = append(structFields, c, jen.Id(field).Int())
			assign = append(assign, jen.Id("p").Dot(field).Op(",").Id("_").Op("=").Qual("strconv", "Atoi").Call(jen.Id("e").Dot("Param").Call(jen.Lit(p.Name))))
		} else {
			structFields = append(structFields, c, jen.Id(field).String())
			assign = append(assign, jen.Id("p").Dot(field).Op("=").Id("e").Dot("Param").Call(jen.Lit(p.Name)))
		}
	}
	g.Add(doc("%s holds the diagnostics parameters of a %s error.", typ, e.Name)).Type().Id(typ).Struct(structFields...)
	body := []jen.Code{
		jen.List(jen.Id("e"), jen.Id("ok")).Op(":=").Qual(catalogPkg, "FromError").Call(jen.Id("err")),
		jen.If(jen.Op("!").Id("ok").Op("||").Id("e").Dot("Entry").Call().Op("!=").Id(entryVar(e)).Op("||").Id("e").Dot("ValidateParams").Call().Op("!=").Nil()).Block(
			jen.Return(jen.Id(typ).Values(), jen.False()),
		),
		jen.Var().Id("p").Id(typ),
	}
	body = append(body, assign...)
	body = append(body, jen.Return(jen.Id("p"), jen.True()))
	g.Add(doc("%sOf returns the diagnostics parameters of err when it is a\n%s error, as constructed or as read back from a response, and\nevery value fits its type (err's Param method reads a value that does not).", typ, e.Name)).Func().Id(typ+"Of").Params(jen.Id("err").Error()).Params(jen.Id(typ), jen.Bool()).Block(body...)
}
