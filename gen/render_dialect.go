package main

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/spinecat/spinecat/catalog"
)

// codeSystem renders a code system's variable: its versions and concepts.
func (r *renderer) codeSystem(g *jen.File, cs *catalog.CodeSystem) {
	var fs fields
	fs.str("Name", cs.Name)
	fs.str("URL", cs.URL)
	fs.str("Kind", cs.Kind)
	if len(cs.Versions) > 0 {
		var vs []fields
		for _, v := range cs.Versions {
			var vf fields
			vf.str("Version", v.Version)
			vf.str("Date", v.Date)
			vf.str("Source", v.Source)
			vf.str("Note", v.Note)
			vs = append(vs, vf)
		}
		fs.add("Versions", structs("CodeSystemVersion", vs))
	}
	if cs.Fragment {
		fs.add("Fragment", jen.True())
	}
	fs.str("Title", cs.Title)
	fs.str("Doc", cs.Doc)
	fs.strs("Sources", cs.Sources)
	var concepts []jen.Code
	for _, c := range cs.Concepts {
		cf := fields{jen.Id("Code").Op(":").Lit(c.Code), jen.Id("Display").Op(":").Lit(c.Display)}
		if c.Definition != "" {
			cf = append(cf, jen.Id("Definition").Op(":").Lit(c.Definition))
		}
		if len(c.Versions) > 0 {
			cf = append(cf, jen.Id("Versions").Op(":").Add(strSlice(c.Versions)))
		}
		if len(c.Earlier) > 0 {
			var es []jen.Code
			for _, e := range c.Earlier {
				var ef fields
				ef.strs("Versions", e.Versions)
				ef.str("Display", e.Display)
				ef.str("Definition", e.Definition)
				es = append(es, jen.Values(ef.values()...))
			}
			cf = append(cf, jen.Id("Earlier").Op(":").Index().Qual(catalogPkg, "ConceptText").Values(es...))
		}
		if c.Unpublished != "" {
			cf = append(cf, jen.Id("Unpublished").Op(":").Lit(c.Unpublished))
		}
		concepts = append(concepts, jen.Line().Values(cf...))
	}
	if len(concepts) > 0 {
		concepts = append(concepts, jen.Line())
	}
	fs.add("Concepts", jen.Index().Qual(catalogPkg, "Concept").Values(concepts...))
	name := "System" + r.job.set.SystemGo[cs]
	versions := "never published at its URL"
	if len(cs.Versions) > 0 {
		versions = "versions " + strings.Join(cs.VersionNames(), ", ")
	}
	g.Add(doc("%s is the %s %s (%s), %d codes, %s.", name, cs.Title, cs.Kind, cs.URL, len(cs.Concepts), versions)).Var().Id(name).Op("=").Op("&").Qual(catalogPkg, "CodeSystem").Values(fs.values()...)
}

// dialect renders a dialect's variable: its policies, status rule and
// variants.
func (r *renderer) dialect(g *jen.File, d *catalog.Dialect) {
	var fs fields
	fs.str("Name", d.Name)
	fs.str("API", d.API)
	fs.str("Title", d.Title)
	fs.str("Doc", d.Doc)
	fs.add("FHIR", jen.Qual(outcomePkg, string(d.FHIR)))
	fs.str("Profile", d.Profile)
	for _, x := range []struct {
		name string
		v    catalog.Presence
	}{{"ProfileRule", d.ProfileRule}, {"LastUpdated", d.LastUpdated}, {"Display", d.Display}, {"Expression", d.Expression}, {"CodingVersion", d.CodingVersion}} {
		if x.v != "" {
			fs.add(x.name, presence(x.v))
		}
	}
	if d.ID != "" {
		fs.add("ID", idPolicy(d.ID))
	}
	fs.str("CodingVersionSent", d.CodingVersionSent)
	fs.str("MediaType", d.MediaType)
	fs.int("MaxIssues", d.MaxIssues)
	fs.strs("Systems", d.Systems)
	if len(d.Pins) > 0 {
		var ps []jen.Code
		for _, p := range d.Pins {
			ps = append(ps, jen.Values(jen.Id("System").Op(":").Lit(p.System), jen.Id("Version").Op(":").Lit(p.Version)))
		}
		fs.add("Pins", jen.Index().Qual(catalogPkg, "Pin").Values(ps...))
	}
	fs.strs("Formats", d.Formats)
	if sr := d.StatusRule; sr != nil {
		var cs []fields
		for _, c := range sr.Every {
			var cf fields
			cf.add("IssueType", issueType(string(c.IssueType)))
			cf.int("Status", c.Status)
			cs = append(cs, cf)
		}
		var rf fields
		if len(cs) > 0 {
			rf.add("Every", structs("StatusCase", cs))
		}
		rf.int("Otherwise", sr.Otherwise)
		fs.add("StatusRule", jen.Op("&").Qual(catalogPkg, "StatusRule").Values(rf.values()...))
	}
	fs.strs("Sources", d.Sources)
	if len(d.Variants) > 0 {
		var vs []fields
		for _, v := range d.Variants {
			var vf fields
			vf.str("Name", v.Name)
			vf.str("Note", v.Note)
			vf.strs("Sources", v.Sources)
			if v.Profile != nil {
				vf.add("Profile", jen.Qual(catalogPkg, "Ptr").Call(jen.Lit(*v.Profile)))
			}
			if v.LastUpdated != "" {
				vf.add("LastUpdated", presence(v.LastUpdated))
			}
			if v.Display != "" {
				vf.add("Display", presence(v.Display))
			}
			if v.ID != "" {
				vf.add("ID", idPolicy(v.ID))
			}
			if v.CodingVersion != "" {
				vf.add("CodingVersion", presence(v.CodingVersion))
			}
			defectsField(&vf, v.Defects)
			vs = append(vs, vf)
		}
		fs.add("Variants", structs("DialectVariant", vs))
	}
	defectsField(&fs, d.Defects)
	name := "Dialect" + r.job.set.DialectGo[d]
	g.Add(doc("%s is the dialect %s: %s.", name, d.Name, d.Title)).Var().Id(name).Op("=").Op("&").Qual(catalogPkg, "Dialect").Values(fs.values()...)
}
