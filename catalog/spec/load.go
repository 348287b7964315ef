package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/textpos"
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

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
