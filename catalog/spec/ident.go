package spec

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// initialisms keep Go's capitalisation conventions: INVALID_NHS_NUMBER
// becomes InvalidNHSNumber, not InvalidNhsNumber.
var initialisms = map[string]bool{
	"AAL": true, "API": true, "ASID": true, "CRI": true, "FHIR": true, "HTTP": true,
	"IAL": true, "ID": true, "JSON": true, "JWT": true, "NHS": true, "NHSD": true,
	"NRL": true, "NRLF": true, "OBO": true, "ODS": true, "PAS": true, "SSL": true,
	"STU3": true, "R4": true, "UBRN": true, "URL": true, "UUID": true, "XML": true,
	"ERS": true, "DSTU2": true, "HTML": true, "ASCII": true,
}

var title = cases.Title(language.Und)

// GoIdent turns a catalogue name (NO_RECORD_FOUND, spine-stu3, nhsNumber)
// into an exported Go identifier (NoRecordFound, SpineSTU3, NHSNumber).
func GoIdent(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		up := strings.ToUpper(w)
		if initialisms[up] {
			b.WriteString(up)
			continue
		}
		b.WriteString(title.String(strings.ToLower(w)))
	}
	s := b.String()
	if s != "" && !unicode.IsLetter(rune(s[0])) {
		s = "X" + s
	}
	return s
}

// words splits on '_', '-', ' ', '.' and lower-to-upper case changes.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == ' ' || r == '.':
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// isGoKeyword reports whether s cannot be used as a Go identifier, being a
// keyword or a predeclared name that a generated parameter would shadow.
func isGoKeyword(s string) bool {
	if token.IsKeyword(s) {
		return true
	}
	switch s {
	case "string", "int", "error", "len", "nil", "true", "false", "any", "catalog", "errors":
		return true
	}
	return false
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
