package fhirschema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textdist"
	"github.com/spinecat/spinecat/operationoutcome"
)

// explainer turns failing keywords into Violations: a JSON pointer, a FHIR
// path and a plain-English message saying what was expected and found.
type explainer struct {
	t       *jsontape.Tape
	version operationoutcome.Version
}

// explain appends the Violations of leaf l to out: one, or one per missing
// or unknown property for required and additionalProperties.
func (e *explainer) explain(out []Violation, l fleaf) []Violation {
	n, kw := l.n, l.kw
	path := e.fhirPath(l.path)
	rel := relPath(path)
	one := func(msg string) []Violation {
		return append(out, Violation{Pointer: e.pointer(l.path), Location: path, Keyword: kw, Message: msg})
	}
	switch kw {
	case "required":
		for _, name := range n.required {
			if e.member(l.val, name) >= 0 || name == "" {
				continue
			}
			p := e.fhirPath(l.path, name)
			msg := relPath(p) + " is required but missing"
			if hint := requiredHints[n.title+"."+name]; hint != "" {
				msg += "; " + hint
			}
			out = append(out, Violation{Pointer: e.pointer(l.path, name), Location: p, Keyword: kw, Message: msg})
		}
		return out

	case "additionalProperties":
		for _, name := range e.unknown(l.val, n) {
			p := e.fhirPath(l.path, name)
			msg := fmt.Sprintf("%s is not an element of %s in FHIR %s", relPath(p), n.title, e.version)
			if e.version == operationoutcome.STU3 && r4Only[n.title+"."+name] {
				msg += "; it was added in FHIR R4 — remove it from an STU3 response"
			} else if s := textdist.Closest(name, n.names, 3); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			} else {
				msg += "; remove it"
			}
			out = append(out, Violation{Pointer: e.pointer(l.path, name), Location: p, Keyword: kw, Message: msg})
		}
		return out

	case "enum":
		allowed := strings.Join(n.enum, ", ")
		msg := fmt.Sprintf("%s %s is not %s; use one of %s", rel, e.show(l.val), article(n.title), allowed)
		if e.t.Tokens[l.val].Kind == jsontape.String && e.version == operationoutcome.STU3 {
			if s := e.t.Text(l.val); s == "multiple-matches" || s == "deleted" {
				msg = fmt.Sprintf("%s %q is not a FHIR STU3 issue type (it was added in R4); use one of %s", rel, s, allowed)
			}
		}
		return one(msg)

	case "const":
		return one(fmt.Sprintf("%s must be %s, found %s", subject(rel), strconv.Quote(n.constVal), e.show(l.val)))

	case "type":
		return one(e.typeMessage(rel, n.types, l.val))

	case "pattern":
		if e.t.Tokens[l.val].End-e.t.Tokens[l.val].Start == 2 {
			return one(fmt.Sprintf("%s is an empty string; FHIR does not allow empty values — leave the element out instead", rel))
		}
		what := n.title
		if what == "" {
			what = "value"
		}
		return one(fmt.Sprintf("%s %s is not a valid %s", rel, e.show(l.val), what))

	case "minItems":
		if rel == "issue" {
			return one("issue is an empty array; " + requiredHints["OperationOutcome.issue"])
		}
		return one(fmt.Sprintf("%s is an empty array; FHIR does not allow empty arrays — leave the element out instead", rel))

	case "minimum", "maximum":
		return one(fmt.Sprintf("%s %s is out of range for %s", rel, e.show(l.val), article(n.title)))
	}
	return one(fmt.Sprintf("%s fails %s", subject(rel), kw))
}

// member returns the value token of the member of object token i called
// name, the last when the name is repeated, or -1.
func (e *explainer) member(i int, name string) int { return e.t.Member(i, name) }

// unknown returns the names of object token i's members that node n does
// not define, sorted.
func (e *explainer) unknown(i int, n *fnode) []string {
	var names []string
	for k, j := 0, i+1; k < e.t.Tokens[i].Len; k++ {
		if e.t.Tokens[j].Flags&jsontape.Shadowed == 0 {
			if name := e.t.Text(j); n.props[name] == nil {
				names = append(names, name)
			}
		}
		j = e.t.Tokens[j+1].Next
	}
	slices.Sort(names)
	return names
}

// name returns the name of step s: a member's key or an item's index.
func (e *explainer) name(s step) string {
	if s.key < 0 {
		return strconv.Itoa(s.index)
	}
	return e.t.Text(s.key)
}

// pointer renders a path, and then the property named, as an RFC 6901
// JSON pointer.
func (e *explainer) pointer(path []step, named ...string) string {
	var b strings.Builder
	for _, s := range path {
		b.WriteByte('/')
		b.WriteString(escapePointer(e.name(s)))
	}
	for _, name := range named {
		b.WriteByte('/')
		b.WriteString(escapePointer(name))
	}
	return b.String()
}

func escapePointer(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// fhirPath renders a path, and then the property named, as a FHIR path:
// "OperationOutcome.issue[0].code".
func (e *explainer) fhirPath(path []step, named ...string) string {
	var b strings.Builder
	b.WriteString("OperationOutcome")
	for _, s := range path {
		if s.key < 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		b.WriteString("." + pathName(e.t.Text(s.key)))
	}
	for _, name := range named {
		b.WriteString("." + pathName(name))
	}
	return b.String()
}

// show renders value token i for a message: strings quoted and short,
// numbers as written.
func (e *explainer) show(i int) string {
	switch e.t.Tokens[i].Kind {
	case jsontape.String:
		x := e.t.Text(i)
		if len(x) > 80 {
			x = x[:77] + "..."
		}
		return strconv.Quote(x)
	case jsontape.Object:
		return "an object"
	case jsontape.Array:
		return "an array"
	}
	return string(e.t.Raw(i))
}

// kind names value token i's type and value for a message.
func (e *explainer) kind(i int) string {
	switch k := e.t.Tokens[i].Kind; k {
	case jsontape.Null, jsontape.Object, jsontape.Array:
		return e.show(i)
	default:
		return k.String() + " " + e.show(i)
	}
}

// requiredHints says, per "<title>.<property>", why a required element
// matters and what to send.
var requiredHints = map[string]string{
	"OperationOutcome.issue":          "an OperationOutcome must carry at least one issue",
	"OperationOutcome.resourceType":   `add "resourceType": "OperationOutcome"`,
	"OperationOutcome.issue.severity": "every issue needs a severity: fatal, error, warning or information",
	"OperationOutcome.issue.code":     "every issue needs an issue type code, such as invalid, not-found or processing",
	"Extension.url":                   "every extension needs the url that identifies its definition",
	"Narrative.div":                   "a narrative needs its XHTML div",
	"Narrative.status":                "a narrative needs a status: generated, extensions, additional or empty",
	"contained resource.resourceType": "every contained resource needs a resourceType",
}

// r4Only lists, per "<title>.<property>", the elements FHIR R4 added to the
// types an OperationOutcome reaches.
var r4Only = map[string]bool{
	"Meta.source":               true,
	"Meta._source":              true,
	"Extension.valueCanonical":  true,
	"Extension._valueCanonical": true,
	"Extension.valueUrl":        true,
	"Extension._valueUrl":       true,
}

func subject(rel string) string {
	if rel == "" {
		return "the document"
	}
	return rel
}

// article prefixes a noun phrase with "a" or "an" ("a FHIR id", "an
// element").
func article(title string) string {
	if title == "" {
		return "an allowed value"
	}
	if strings.ContainsRune("aeiouAEIOU", rune(title[0])) {
		return "an " + title
	}
	return "a " + title
}

var typeNames = map[string]string{
	"string":  "a JSON string",
	"array":   "a JSON array",
	"object":  "a JSON object",
	"integer": "a whole JSON number",
	"number":  "a JSON number",
	"boolean": "JSON true or false",
	"null":    "null",
}

func (e *explainer) typeMessage(rel string, want []string, got int) string {
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = typeNames[w]
	}
	msg := fmt.Sprintf("%s must be %s, found %s", subject(rel), strings.Join(names, " or "), e.kind(got))
	ws := ""
	if len(want) == 1 {
		ws = want[0]
	}
	switch e.t.Tokens[got].Kind {
	case jsontape.String:
		g := e.t.Text(got)
		switch {
		case ws == "boolean" && (g == "true" || g == "false"):
			msg += "; write " + g + " without quotes"
		case ws == "integer" || ws == "number":
			if _, err := strconv.ParseFloat(g, 64); err != nil {
				break
			}
			msg += "; write the number without quotes"
		case ws == "array":
			msg += "; FHIR repeats elements as arrays: wrap the value in [ ]"
		}
	case jsontape.Object:
		if ws == "array" {
			msg += "; FHIR repeats elements as arrays: wrap the value in [ ]"
		}
	case jsontape.Number:
		if ws == "integer" {
			msg = fmt.Sprintf("%s must be a whole number, found %s", subject(rel), e.t.Raw(got))
		}
	}
	return msg
}

// pathName writes an element name as FHIRPath does: as is when it is an
// identifier, else delimited with backticks (an unknown property named
// " x" or "a.b" must not read as a path of its own).
func pathName(name string) string {
	ident := name != ""
	for i, r := range name {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			ident = false
			break
		}
	}
	if ident {
		return name
	}
	return "`" + strings.NewReplacer("\\", "\\\\", "`", "\\`").Replace(name) + "`"
}

// relPath drops the leading "OperationOutcome." of a FHIR path, for messages.
func relPath(p string) string {
	if p == "OperationOutcome" {
		return ""
	}
	return strings.TrimPrefix(p, "OperationOutcome.")
}

func sortDedupe(vs []Violation) []Violation {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		if c := strings.Compare(a.Keyword, b.Keyword); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(vs)
}

// comparePointers orders JSON pointers token by token, numbers by value, so
// that /issue/2 sorts before /issue/10.
func comparePointers(a, b string) int {
	if a == b {
		return 0
	}
	at := strings.Split(a, "/")
	bt := strings.Split(b, "/")
	for i := 0; i < len(at) && i < len(bt); i++ {
		if at[i] == bt[i] {
			continue
		}
		ai, aerr := strconv.Atoi(at[i])
		bi, berr := strconv.Atoi(bt[i])
		if aerr == nil && berr == nil {
			if ai < bi {
				return -1
			}
			return 1
		}
		return strings.Compare(at[i], bt[i])
	}
	return len(at) - len(bt)
}
