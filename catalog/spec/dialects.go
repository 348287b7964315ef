package spec

import (
	"fmt"
	"slices"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

func (l *loader) buildDialects(pf *parsedFile) {
	for i, d := range pf.doc.Dialects {
		ptr := fmt.Sprintf("/dialects/%d", i)
		dl := &catalog.Dialect{
			Name: d.Name, API: pf.doc.API, Title: d.Title, Doc: d.Doc,
			FHIR: operationoutcome.Version(d.FHIR), Profile: d.Profile,
			ProfileRule: catalog.Presence(d.ProfileRule), ID: catalog.IDPolicy(d.ID),
			LastUpdated: catalog.Presence(d.LastUpdated), Display: catalog.Presence(d.Display),
			Expression: catalog.Presence(d.Expression), CodingVersion: catalog.Presence(cmpOr(d.CodingVersion, "optional")),
			CodingVersionSent: d.VersionSent, MediaType: d.MediaType,
			MaxIssues: d.MaxIssues, Formats: d.Formats, Sources: d.Sources,
		}
		switch {
		case d.VersionSent != "" && dl.CodingVersion == catalog.Prohibited:
			l.problem(pf, ptr+"/codingVersionSent", "the dialect prohibits coding.version; drop codingVersionSent, or allow codingVersion")
		case d.VersionSent == "" && dl.CodingVersion == catalog.Required:
			l.problem(pf, ptr+"/codingVersion", "a dialect that requires coding.version says which one its services send: give codingVersionSent")
		}
		if d.MediaType != "" && !slices.Contains(d.Formats, "json") {
			l.problem(pf, ptr+"/mediaType", "mediaType is the media type of JSON bodies, and the dialect sends no JSON")
		}
		if dl.ProfileRule == "" {
			dl.ProfileRule = catalog.Prohibited
			if d.Profile != "" {
				dl.ProfileRule = catalog.Required
			}
		}
		dl.Defects = l.defects(pf, ptr, d.Defects)
		if d.ProfileRule == "required" && d.Profile == "" {
			l.problem(pf, ptr+"/profileRule", "profileRule is required but no profile is given")
		}
		dl.StatusRule = l.statusRule(pf, ptr+"/statusRule", d)
		for j, ref := range d.Systems {
			cs, version, ok := l.systemRef(pf, fmt.Sprintf("%s/systems/%d", ptr, j), ref)
			if !ok {
				continue
			}
			dl.Systems = append(dl.Systems, cs.URL)
			if version != "" {
				dl.Pins = append(dl.Pins, catalog.Pin{System: cs.URL, Version: version})
			}
		}
		seen := map[string]bool{}
		for j, v := range d.Variants {
			if seen[v.Name] {
				l.problem(pf, fmt.Sprintf("%s/variants/%d/name", ptr, j), "variant %q is defined twice in this dialect", v.Name)
			}
			seen[v.Name] = true
			dv := catalog.DialectVariant{Name: v.Name, Note: v.Note, Sources: v.Sources, Profile: v.Profile,
				LastUpdated: catalog.Presence(v.LastUpdated), Display: catalog.Presence(v.Display), ID: catalog.IDPolicy(v.ID),
				CodingVersion: catalog.Presence(v.CodingVer), Defects: l.defects(pf, fmt.Sprintf("%s/variants/%d", ptr, j), v.Defects)}
			dl.Variants = append(dl.Variants, dv)
		}
		if d.Name == "" {
			continue
		}
		if prev, dup := l.dialects[d.Name]; dup {
			if l.baseDialects[prev] {
				l.problem(pf, ptr+"/name", "%s", l.inBase("dialect", d.Name))
			} else {
				l.problem(pf, ptr+"/name", "dialect %q is defined twice; names are global across catalogue files", d.Name)
			}
			continue
		}
		l.dialects[d.Name] = dl
		pf.file.Dialects = append(pf.file.Dialects, dl)
		l.set.DialectFile[dl] = pf.file
		l.set.DialectGo[dl] = cmpOr(d.GoName, GoIdent(d.Name))
	}
}

// statusRule builds a dialect's status rule, checking each case's issue
// type against the dialect's FHIR release and that no case repeats one.
func (l *loader) statusRule(pf *parsedFile, ptr string, d dialectDoc) *catalog.StatusRule {
	if d.StatusRule == nil {
		return nil
	}
	if d.MaxIssues == 1 {
		l.problem(pf, ptr, "a status rule decides the status of outcomes with several issues, but the dialect sends one (maxIssues: 1)")
	}
	sr := &catalog.StatusRule{Otherwise: d.StatusRule.Otherwise}
	seen := map[string]bool{}
	for i, c := range d.StatusRule.Every {
		cp := fmt.Sprintf("%s/every/%d/issueType", ptr, i)
		it := operationoutcome.IssueType(c.IssueType)
		switch {
		case !it.ValidIn(operationoutcome.Version(d.FHIR)):
			l.problem(pf, cp, "%q is not a FHIR %s issue-type", c.IssueType, d.FHIR)
		case seen[c.IssueType]:
			l.problem(pf, cp, "issue type %q has a case already; the first would always win", c.IssueType)
		}
		seen[c.IssueType] = true
		sr.Every = append(sr.Every, catalog.StatusCase{IssueType: it, Status: c.Status})
	}
	return sr
}
