package spec

import (
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
