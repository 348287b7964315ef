package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/textpos"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Source is one catalogue file's name and content.
type Source struct {
	Path string // as shown in problems, e.g. "catalog/nrl/nrl.yaml"
	Data []byte
}

// File is one loaded catalogue file: a Go package of the catalogue.
type File struct {
	Path        string
	Package     string
	API         *catalog.API // the API the file describes; nil when it names none
	Title       string
	Doc         string
	CodeSystems []*catalog.CodeSystem
	Dialects    []*catalog.Dialect
	Entries     []*catalog.Entry
}

// Set is a whole catalogue: every file, with names resolved across files.
type Set struct {
	Files []*File
	// Where each code system and dialect is defined, for generated
	// references across packages.
	SystemFile  map[*catalog.CodeSystem]*File
	DialectFile map[*catalog.Dialect]*File
	SystemGo    map[*catalog.CodeSystem]string
	DialectGo   map[*catalog.Dialect]string
}

// Registry returns a registry of everything in the set.
func (s *Set) Registry() *catalog.Registry {
	var systems []*catalog.CodeSystem
	var entries []*catalog.Entry
	for _, f := range s.Files {
		systems = append(systems, f.CodeSystems...)
		entries = append(entries, f.Entries...)
	}
	return catalog.NewRegistry(systems, entries)
}

// LoadFiles reads and loads catalogue files from disk.
func LoadFiles(paths ...string) (*Set, error) { return LoadFilesWith(Options{}, paths...) }

// Load parses, checks and resolves catalogue files. On any mistake it
// returns Problems listing all of them; the Set is still returned, with
// whatever could be built, for tools that want to show it.
func Load(srcs ...Source) (*Set, error) { return LoadWith(Options{}, srcs...) }

func newLoader() *loader {
	return &loader{
		set: &Set{
			SystemFile:  map[*catalog.CodeSystem]*File{},
			DialectFile: map[*catalog.Dialect]*File{},
			SystemGo:    map[*catalog.CodeSystem]string{},
			DialectGo:   map[*catalog.Dialect]string{},
		},
		systems:      map[string]*catalog.CodeSystem{},
		dialects:     map[string]*catalog.Dialect{},
		baseSystems:  map[*catalog.CodeSystem]bool{},
		baseDialects: map[*catalog.Dialect]bool{},
		baseAPIs:     map[string]bool{},
	}
}

func (l *loader) load(srcs []Source) (*Set, error) {
	var parsed []*parsedFile
	for _, src := range srcs {
		if pf := l.parse(src); pf != nil {
			parsed = append(parsed, pf)
		}
	}
	// Code systems and dialects first: entries in any file may use them.
	for _, pf := range parsed {
		l.buildSystems(pf)
	}
	for _, pf := range parsed {
		l.includeSystems(pf)
	}
	for _, pf := range parsed {
		l.buildDialects(pf)
	}
	apis := map[string]string{}
	for _, pf := range parsed {
		l.buildEntries(pf)
		l.buildAPI(pf)
		l.checkIdents(pf)
		if a := pf.file.API; a != nil {
			if l.baseAPIs[a.Name] {
				l.problem(pf, "/api", "%s", l.inBase("api", a.Name))
			} else if other, dup := apis[a.Name]; dup {
				l.problem(pf, "/api", "api %q is already described by %s; describe each API in one file", a.Name, other)
			}
			apis[a.Name] = pf.src.Path
		}
	}
	if len(l.probs) > 0 {
		return l.set, l.probs.sorted()
	}
	return l.set, nil
}

type loader struct {
	set      *Set
	probs    Problems
	systems  map[string]*catalog.CodeSystem
	dialects map[string]*catalog.Dialect
	// What the catalogue the files build on defines (LoadWith).
	baseSystems  map[*catalog.CodeSystem]bool
	baseDialects map[*catalog.Dialect]bool
	baseAPIs     map[string]bool
	anyFolder    bool // Options.AnyFolder
}

type parsedFile struct {
	src  Source
	tree *tree
	doc  fileDoc
	file *File
}

func (l *loader) problem(pf *parsedFile, ptr string, format string, args ...any) {
	p := pf.tree.at(ptr)
	l.probs = append(l.probs, Problem{File: pf.src.Path, Line: p.line, Col: p.col, Msg: label(ptr) + ": " + fmt.Sprintf(format, args...)})
}

func (l *loader) parse(src Source) *parsedFile {
	data, err := utf8Text(src.Data)
	if err != nil {
		at := pos{1, 1}
		if pe, ok := err.(posError); ok {
			at = pe.at
		}
		l.probs = append(l.probs, Problem{File: src.Path, Line: at.line, Col: at.col, Msg: err.Error()})
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.probs = append(l.probs, Problem{File: src.Path, Line: 1, Col: 1, Msg: "the file is empty; a catalogue file needs at least package and title (see docs/catalog-format.md)"})
		return nil
	}
	root, probs := readDocument(src.Path, data)
	if len(probs) > 0 {
		l.probs = append(l.probs, probs...)
		return nil
	}
	t, errs, stopped := toTree(root)
	for _, pe := range errs {
		l.probs = append(l.probs, Problem{File: src.Path, Line: pe.at.line, Col: pe.at.col, Msg: pe.msg})
	}
	if stopped {
		// What was not converted would only give spurious problems.
		return nil
	}
	if _, ok := t.value.(map[string]any); !ok {
		l.probs = append(l.probs, Problem{File: src.Path, Line: 1, Col: 1, Msg: "the file must be a YAML mapping with package, title and entries (see docs/catalog-format.md)"})
		return nil
	}
	pf := &parsedFile{src: src, tree: t}
	l.probs = append(l.probs, schemaProblems(src.Path, t)...)
	// Decode whatever is well-typed; the schema pass has reported the rest.
	raw, _ := json.Marshal(t.value)
	dec := json.NewDecoder(bytes.NewReader(raw))
	_ = dec.Decode(&pf.doc)
	d := pf.doc
	pf.file = &File{Path: src.Path, Package: d.Package, Title: d.Title, Doc: d.Doc}
	if dir := filepath.Base(filepath.Dir(src.Path)); !l.anyFolder && dir != "." && dir != "/" && d.Package != "" && dir != d.Package {
		l.problem(pf, "/package", "package %q must equal its folder name %q", d.Package, dir)
	}
	if len(d.Entries) > 0 && d.API == "" {
		l.problem(pf, "/api", "a file with entries must name its api")
	}
	l.set.Files = append(l.set.Files, pf.file)
	return pf
}

// utf8Text returns the file as UTF-8 without a byte order mark, decoding
// UTF-16 (which editors on some systems save by default).
func utf8Text(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("the file is UTF-16 but does not decode (%v); save it as UTF-8", err)
		}
		return out, nil
	}
	if !utf8.Valid(b) {
		off := invalidOffset(b)
		line, col := textpos.Of(b, off)
		return nil, posError{pos{line, col}, fmt.Sprintf("the file is not UTF-8 (the byte 0x%02X here); save it as UTF-8", b[off])}
	}
	return b, nil
}

func invalidOffset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

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

func (l *loader) buildEntries(pf *parsedFile) {
	seen := map[string]int{}
	for i, d := range pf.doc.Entries {
		ptr := fmt.Sprintf("/entries/%d", i)
		if k, dup := seen[d.Name]; dup && d.Name != "" {
			l.problem(pf, ptr+"/name", "entry %q is already defined at entries[%d]; give each entry its own name", d.Name, k)
		}
		seen[d.Name] = i
		e := &catalog.Entry{
			API: pf.doc.API, Name: d.Name, GoName: cmpOr(d.GoName, GoIdent(d.Name)),
			Status: d.Status, StatusNote: d.StatusNote,
			Body: catalog.BodyKind(cmpOr(d.Body, string(catalog.BodyOperationOutcome))), BodyText: d.BodyText, ContentType: d.ContentType,
			Severity: operationoutcome.Severity(d.Severity), IssueType: operationoutcome.IssueType(d.IssueType),
			Code: d.Code, CodeNote: d.CodeNote, Display: d.Display, Undocumented: d.Undocumented,
			Interactions: d.Interactions, Endpoints: d.Endpoints, Description: d.Description, Hint: d.Hint, Sources: d.Sources,
			Defects: l.defects(pf, ptr, d.Defects),
		}
		dl, ok := l.dialects[d.Dialect]
		if !ok && d.Dialect != "" {
			l.problem(pf, ptr+"/dialect", "unknown dialect %q", d.Dialect)
		}
		e.Dialect = dl
		if d.Status == 0 && d.StatusNote == "" {
			l.problem(pf, ptr, "no status: give status, or statusNote saying why the sources do not state one")
		}
		version := operationoutcome.R4
		if dl != nil {
			version = dl.FHIR
		}
		if d.IssueType != "" && !e.IssueType.ValidIn(version) {
			l.problem(pf, ptr+"/issueType", "%q is not a FHIR %s issue-type (record a misspelling the sources use as a variant)", d.IssueType, version)
		}
		if d.System != "" {
			cs, ok := l.systems[d.System]
			if !ok {
				l.problem(pf, ptr+"/system", "unknown code system %q%s", d.System, l.suggestSystem(d.System))
			} else {
				e.System = cs
				if _, defined := cs.Lookup(d.Code); defined && d.CodeNote != "" {
					l.problem(pf, ptr+"/codeNotInSystem", "code %q is defined in code system %q; drop codeNotInSystem", d.Code, d.System)
				} else if !defined && d.Code != "" && d.CodeNote == "" {
					l.problem(pf, ptr+"/code", "code %q is not defined in code system %q; add it to the system's concepts, correct the code, or say with codeNotInSystem why the service sends it anyway", d.Code, d.System)
				}
				if dl != nil && len(dl.Systems) > 0 && !slices.Contains(dl.Systems, cs.URL) {
					l.problem(pf, ptr+"/system", "dialect %q fixes the system to one of %s; record another system as a variant", dl.Name, strings.Join(dl.Systems, ", "))
				}
			}
		}
		// A code without a system is either a code the sources name without
		// its system (undocumented: [system]: the entry's under any system)
		// or one the service sends without a system (codeNotInSystem says
		// why): one of the two, never both.
		switch systemUndocumented := !e.Documented("system"); {
		case systemUndocumented && d.System != "":
			l.problem(pf, ptr+"/system", "the system is listed under undocumented: drop system, or take it off the list")
		case systemUndocumented && d.Code == "":
			l.problem(pf, ptr+"/undocumented", "an undocumented system is for a code the sources name without its system: give code")
		case systemUndocumented && d.CodeNote != "":
			l.problem(pf, ptr+"/codeNotInSystem", "the system is listed under undocumented, so no system is known to lack the code: drop codeNotInSystem, or take system off the list if the service sends the code without one")
		case d.System != "" && d.Code == "":
			l.problem(pf, ptr, "a system without a code: give the code too")
		case !systemUndocumented && d.System == "" && d.Code != "" && d.CodeNote == "":
			// A coding without a system is a defect of the source: say so.
			l.problem(pf, ptr, "code %q has no system: give the system, list system under undocumented when the sources name the code without one, or say with codeNotInSystem why the service sends the code without one", d.Code)
		}
		if e.Body == catalog.BodyOperationOutcome && d.BodyText != "" {
			l.problem(pf, ptr+"/bodyText", "bodyText is for text and html bodies; this entry's body is an OperationOutcome")
		}
		if dl != nil {
			if d.Display != "" && dl.Display == catalog.Prohibited {
				l.problem(pf, ptr+"/display", "dialect %q sends no display; drop it (record a display that a source shows as a variant)", dl.Name)
			}
			if d.Display == "" && dl.Display == catalog.Required && d.Code != "" && e.Documented("display") {
				l.problem(pf, ptr, "dialect %q requires a display: give display, or list it under undocumented", dl.Name)
			}
			if len(d.Expression) > 0 && dl.Expression == catalog.Prohibited {
				l.problem(pf, ptr+"/expression", "dialect %q prohibits expression", dl.Name)
			}
		}
		variantTemplates := l.buildParams(pf, ptr, d, e)
		l.buildVariants(pf, ptr, d, e, version, variantTemplates)
		pf.file.Entries = append(pf.file.Entries, e)
	}
}

// displayTemplate parses a display as a template when it has braces: a
// display with {placeholders} is built per request. Literal text is nil.
func (l *loader) displayTemplate(pf *parsedFile, ptr, s string) *catalog.Template {
	if !strings.ContainsAny(s, "{}") {
		return nil
	}
	return l.template(pf, ptr, s)
}

func (l *loader) template(pf *parsedFile, ptr, s string) *catalog.Template {
	if s == "" {
		return nil
	}
	t, err := catalog.ParseTemplate(s)
	if err != nil {
		l.problem(pf, ptr, "%v", err)
		return nil
	}
	return t
}

// variantTexts are a variant's templates, parsed with its entry's.
type variantTexts struct{ display, diagnostics *catalog.Template }

// buildParams parses the entry's and its variants' display and diagnostics
// templates (returning the variants', in order) and its expression
// templates, and checks the declared parameters against the placeholders
// they use.
func (l *loader) buildParams(pf *parsedFile, ptr string, d entryDoc, e *catalog.Entry) []variantTexts {
	// Each template with where it is written, for the placeholders' problems.
	type placed struct {
		t   *catalog.Template
		ptr string
	}
	parse := func(p, s string) placed { return placed{l.template(pf, p, s), p} }
	parseDisplay := func(p, s string) placed { return placed{l.displayTemplate(pf, p, s), p} }
	display, diag := parseDisplay(ptr+"/display", d.Display), parse(ptr+"/diagnostics", d.Diagnostics)
	e.DisplayTemplate, e.Diagnostics = display.t, diag.t
	templates := []placed{display, diag}
	for j, x := range d.Expression {
		if pt := parse(fmt.Sprintf("%s/expression/%d", ptr, j), x); pt.t != nil {
			e.Expression = append(e.Expression, pt.t)
			templates = append(templates, pt)
		}
	}
	variantTemplates := make([]variantTexts, len(d.Variants))
	for j, v := range d.Variants {
		vp := fmt.Sprintf("%s/variants/%d", ptr, j)
		vd, vdiag := parseDisplay(vp+"/display", v.Display), parse(vp+"/diagnostics", v.Diagnostics)
		variantTemplates[j] = variantTexts{display: vd.t, diagnostics: vdiag.t}
		templates = append(templates, vd, vdiag)
	}
	// The placeholders in the order they are first written, with where.
	var placeholders []string
	firstAt := map[string]string{}
	for _, pt := range templates {
		if pt.t == nil {
			continue
		}
		for _, p := range pt.t.Params() {
			if _, seen := firstAt[p]; !seen {
				firstAt[p] = pt.ptr
				placeholders = append(placeholders, p)
			}
		}
	}
	used := func(name string) bool { _, ok := firstAt[name]; return ok }
	declared := map[string]bool{}
	for j, p := range d.Params {
		pp := fmt.Sprintf("%s/params/%d", ptr, j)
		if declared[p.Name] {
			l.problem(pf, pp+"/name", "parameter %q is declared twice", p.Name)
			continue
		}
		declared[p.Name] = true
		if isGoKeyword(p.Name) {
			l.problem(pf, pp+"/name", "parameter %q is a Go keyword or predeclared name and cannot name a constructor argument; rename it in the template and here", p.Name)
		}
		if !used(p.Name) {
			l.problem(pf, pp+"/name", "parameter %q is not used by the display, diagnostics or expression template, nor by any variant's", p.Name)
		}
		typ := cmpOr(p.Type, "string")
		if t, ok := catalog.LookupParamType(typ); !ok {
			l.problem(pf, pp+"/type", "unknown parameter type %q%s", typ, suggestParamType(typ))
		} else if err := t.Validate(fmt.Sprint(p.Example)); err != nil && p.Example != nil {
			l.problem(pf, pp+"/example", "the example %v", err)
		}
		e.Params = append(e.Params, catalog.Param{Name: p.Name, Type: typ, Doc: p.Doc, Example: fmt.Sprint(p.Example)})
	}
	for _, name := range placeholders {
		if !declared[name] {
			l.problem(pf, firstAt[name], "placeholder {%s} has no parameter; declare it under params", name)
		}
	}
	return variantTemplates
}

func (l *loader) buildVariants(pf *parsedFile, ptr string, d entryDoc, e *catalog.Entry, version operationoutcome.Version, templates []variantTexts) {
	seen := map[string]bool{}
	for j, v := range d.Variants {
		vp := fmt.Sprintf("%s/variants/%d", ptr, j)
		if seen[v.Name] {
			l.problem(pf, vp+"/name", "variant %q is defined twice in this entry", v.Name)
		}
		seen[v.Name] = true
		cv := catalog.Variant{
			Name: v.Name, Note: v.Note, Sources: v.Sources, Status: v.Status,
			Severity: operationoutcome.Severity(v.Severity), IssueType: operationoutcome.IssueType(v.IssueType),
			Code: v.Code, Endpoints: v.Endpoints, Defects: l.defects(pf, vp, v.Defects),
		}
		if v.System != "" {
			if strings.Contains(v.System, "://") {
				cv.System = v.System
			} else if cs, ok := l.systems[v.System]; ok {
				cv.System = cs.URL
			} else {
				l.problem(pf, vp+"/system", "unknown code system %q%s", v.System, l.suggestSystem(v.System))
			}
		}
		if v.Display != "" && v.NoDisplay {
			l.problem(pf, vp, "give display or noDisplay, not both")
		}
		if v.Display != "" {
			s := v.Display
			cv.Display = &s
		} else if v.NoDisplay {
			s := ""
			cv.Display = &s
		}
		cv.DisplayTemplate, cv.Diagnostics = templates[j].display, templates[j].diagnostics
		if v.IssueType != "" && !cv.IssueType.ValidIn(version) && !strings.Contains(strings.ToLower(v.Note), "typo") && !strings.Contains(strings.ToLower(v.Note), "misspel") &&
			!documentsIssueType(cv.Defects, v.IssueType) && !documentsIssueType(e.Defects, v.IssueType) {
			l.problem(pf, vp+"/issueType", "%q is not a FHIR %s issue-type; if a source really sends it, say in the note that it is a typo, or record it as a defect (rule fhir.code, element issue.code, value %q)", v.IssueType, version, v.IssueType)
		}
		e.Variants = append(e.Variants, cv)
	}
}

// checkIdents reports generated identifiers that clash within a package.
func (l *loader) checkIdents(pf *parsedFile) {
	taken := map[string]string{
		"Entries": "a generated function", "Dialects": "a generated function",
		"CodeSystems": "a generated function", "Registry": "a generated function",
		"API": "the generated API value",
	}
	claim := func(ptr, ident, what string) {
		if prev, dup := taken[ident]; dup {
			l.problem(pf, ptr, "Go identifier %s for %s clashes with %s; set goName to tell them apart", ident, what, prev)
			return
		}
		taken[ident] = what
	}
	for i, cs := range pf.file.CodeSystems {
		claim(fmt.Sprintf("/codeSystems/%d/name", i), "System"+l.set.SystemGo[cs], "code system "+cs.Name)
	}
	for i, dl := range pf.file.Dialects {
		claim(fmt.Sprintf("/dialects/%d/name", i), "Dialect"+l.set.DialectGo[dl], "dialect "+dl.Name)
	}
	seen := map[string]bool{}
	for i, e := range pf.file.Entries {
		ptr := fmt.Sprintf("/entries/%d/name", i)
		if seen[e.Name] {
			continue // reported as a duplicate name already
		}
		seen[e.Name] = true
		if isGoKeyword(strings.ToLower(e.GoName)) && e.GoName == strings.ToLower(e.GoName) {
			l.problem(pf, ptr, "Go name %s is a keyword", e.GoName)
		}
		claim(ptr, e.GoName, "entry "+e.Name)
		claim(ptr, "Err"+e.GoName, "entry "+e.Name+" (sentinel)")
		if len(e.Params) > 0 {
			claim(ptr, e.GoName+"Params", "entry "+e.Name+" (params type)")
			claim(ptr, e.GoName+"ParamsOf", "entry "+e.Name+" (params accessor)")
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
