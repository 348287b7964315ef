package operationoutcome

import (
	"bytes"
	"encoding/xml"
	"io"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/jsontape"
)

// The XML namespaces of FHIR resources and of the narrative.
const (
	NamespaceFHIR  = "http://hl7.org/fhir"
	NamespaceXHTML = "http://www.w3.org/1999/xhtml"
)

// AppendXML appends the FHIR XML form of o to dst (compact, no XML
// declaration, elements in FHIR order, primitives as value attributes,
// extension url as an attribute) and returns the extended slice.
//
// Like [OperationOutcome.AppendJSON] it leaves out what it cannot write
// correctly: a zero severity or issue code, an unusable extension value, and
// a text.div that is not one well-formed XHTML div element (which is written
// verbatim otherwise). [OperationOutcome.MarshalFHIRXML] reports those instead.
func (o *OperationOutcome) AppendXML(dst []byte) []byte {
	if o == nil {
		return dst
	}
	dst = append(dst, `<OperationOutcome xmlns="http://hl7.org/fhir">`...)
	dst = appendXMLPrim(dst, "id", o.ID)
	if m := o.Meta; m != nil && (len(m.Extension) > 0 || m.VersionID != "" || m.LastUpdated != "" || m.Source != "" || len(m.Profile) > 0) {
		dst = append(dst, "<meta>"...)
		dst = appendXMLExtensions(dst, "extension", m.Extension)
		dst = appendXMLPrim(dst, "versionId", m.VersionID)
		dst = appendXMLPrim(dst, "lastUpdated", m.LastUpdated)
		dst = appendXMLPrim(dst, "source", m.Source)
		for _, p := range m.Profile {
			dst = appendXMLValue(dst, "profile", p)
		}
		dst = append(dst, "</meta>"...)
	}
	dst = appendXMLPrim(dst, "implicitRules", o.ImplicitRules)
	dst = appendXMLPrim(dst, "language", o.Language)
	if t := o.Text; t != nil {
		div := t.Div != "" && wellFormedDiv(t.Div)
		if t.Status != "" || div {
			dst = append(dst, "<text>"...)
			dst = appendXMLPrim(dst, "status", t.Status)
			if div {
				dst = append(dst, t.Div...)
			}
			dst = append(dst, "</text>"...)
		}
	}
	dst = appendXMLExtensions(dst, "extension", o.Extension)
	dst = appendXMLExtensions(dst, "modifierExtension", o.ModifierExtension)
	for i := range o.Issue {
		dst = o.Issue[i].appendXML(dst)
	}
	return append(dst, "</OperationOutcome>"...)
}

func (is *Issue) appendXML(dst []byte) []byte {
	dst = append(dst, "<issue"...)
	if is.ID != "" {
		dst = append(dst, ` id="`...)
		dst = appendXMLEscaped(dst, is.ID)
		dst = append(dst, '"')
	}
	dst = append(dst, '>')
	dst = appendXMLExtensions(dst, "extension", is.Extension)
	dst = appendXMLExtensions(dst, "modifierExtension", is.ModifierExtension)
	dst = appendXMLPrim(dst, "severity", string(is.Severity))
	dst = appendXMLPrim(dst, "code", string(is.Code))
	if d := is.Details; d != nil && (len(d.Extension) > 0 || len(d.Coding) > 0 || d.Text != "") {
		dst = append(dst, "<details>"...)
		dst = appendXMLExtensions(dst, "extension", d.Extension)
		for j := range d.Coding {
			c := &d.Coding[j]
			dst = append(dst, "<coding>"...)
			dst = appendXMLExtensions(dst, "extension", c.Extension)
			dst = appendXMLPrim(dst, "system", c.System)
			dst = appendXMLPrim(dst, "version", c.Version)
			dst = appendXMLPrim(dst, "code", c.Code)
			dst = appendXMLPrim(dst, "display", c.Display)
			if c.UserSelected != nil {
				if *c.UserSelected {
					dst = append(dst, `<userSelected value="true"/>`...)
				} else {
					dst = append(dst, `<userSelected value="false"/>`...)
				}
			}
			dst = append(dst, "</coding>"...)
		}
		dst = appendXMLPrim(dst, "text", d.Text)
		dst = append(dst, "</details>"...)
	}
	dst = appendXMLPrim(dst, "diagnostics", is.Diagnostics)
	for _, l := range is.Location {
		dst = appendXMLValue(dst, "location", l)
	}
	for _, l := range is.Expression {
		dst = appendXMLValue(dst, "expression", l)
	}
	return append(dst, "</issue>"...)
}

func appendXMLExtensions(dst []byte, name string, es []Extension) []byte {
	for i := range es {
		e := &es[i]
		dst = append(dst, '<')
		dst = append(dst, name...)
		if e.URL != "" {
			dst = append(dst, ` url="`...)
			dst = appendXMLEscaped(dst, e.URL)
			dst = append(dst, '"')
		}
		dst = append(dst, '>')
		dst = appendXMLExtensions(dst, "extension", e.Extension)
		if validValueType(e.ValueType) {
			if e.Raw != nil {
				if isJSONObject(e.Raw) {
					dst = appendXMLFromJSON(dst, "value"+e.ValueType, e.Raw, false)
				}
			} else {
				dst = appendXMLValue(dst, "value"+e.ValueType, e.Value)
			}
		}
		dst = append(dst, "</"...)
		dst = append(dst, name...)
		dst = append(dst, '>')
	}
	return dst
}

// appendXMLPrim writes a primitive element unless its value is empty.
func appendXMLPrim(dst []byte, name, v string) []byte {
	if v == "" {
		return dst
	}
	return appendXMLValue(dst, name, v)
}

// appendXMLValue writes <name value="v"/>, even for an empty v (an item of a
// repeating element must keep its place).
func appendXMLValue(dst []byte, name, v string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	dst = append(dst, ` value="`...)
	dst = appendXMLEscaped(dst, v)
	return append(dst, `"/>`...)
}

// appendXMLEscaped escapes s for an attribute value or character data.
// White space other than the space is written as a character reference so
// that attribute-value normalisation does not change it, and characters XML
// cannot carry become U+FFFD (as in encoding/xml).
func appendXMLEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' {
			i++
			continue
		}
		var esc string
		size := 1
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if c < 0x20 {
				esc = "\uFFFD"
				break
			}
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
				esc = "\uFFFD"
				break
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, esc...)
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// wellFormedDiv reports whether s is exactly one well-formed element named div
// in the XHTML namespace, self-contained (declaring its own namespace), so it
// can be written verbatim into a FHIR XML document.
func wellFormedDiv(s string) bool {
	dec := xml.NewDecoder(bytes.NewReader([]byte(s)))
	depth := 0
	seenRoot := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return seenRoot && depth == 0
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if seenRoot || t.Name.Space != NamespaceXHTML || t.Name.Local != "div" {
					return false
				}
				seenRoot = true
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return false
			}
		case xml.ProcInst, xml.Directive:
			return false
		}
	}
}

// MarshalFHIRXML returns the FHIR XML form of o (see [OperationOutcome.AppendXML]),
// or the error of [OperationOutcome.Encodable] when something would be left out.
func (o *OperationOutcome) MarshalFHIRXML() ([]byte, error) {
	if err := o.Encodable(); err != nil {
		return nil, err
	}
	return o.AppendXML(make([]byte, 0, o.sizeHint()+o.sizeHint()/2)), nil
}

// appendXMLFromJSON writes a complex extension value (JSON object raw) as the
// XML element name by the generic FHIR mapping: "id" (and "url" of an
// extension) become attributes, scalars become value attributes, objects
// child elements, arrays repeated elements. "_name" siblings, nulls, nested
// arrays and keys that are not XML names are dropped. On malformed input it
// writes nothing.
func appendXMLFromJSON(dst []byte, name string, raw []byte, ext bool) []byte {
	t := jsontape.Scan(raw, 0)
	defer t.Release()
	if !t.Readable() || t.Tokens[0].Kind != jsontape.Object {
		return dst
	}
	return appendXMLObject(dst, t, 0, name, ext)
}

// appendXMLObject writes object token i of t as the XML element name.
func appendXMLObject(dst []byte, t *jsontape.Tape, i int, name string, ext bool) []byte {
	// The attributes first: the last string id (and url) wins.
	id, url := -1, -1
	for k, j := 0, i+1; k < t.Tokens[i].Len; k++ {
		if t.Tokens[j+1].Kind == jsontape.String {
			switch {
			case t.Is(j, "id"):
				id = j + 1
			case ext && t.Is(j, "url"):
				url = j + 1
			}
		}
		j = t.Tokens[j+1].Next
	}
	dst = append(dst, '<')
	dst = append(dst, name...)
	if id >= 0 {
		dst = append(dst, ` id="`...)
		dst = appendXMLEscaped(dst, t.Text(id))
		dst = append(dst, '"')
	}
	if url >= 0 {
		dst = append(dst, ` url="`...)
		dst = appendXMLEscaped(dst, t.Text(url))
		dst = append(dst, '"')
	}
	dst = append(dst, '>')
	child := func(k string, v int) {
		switch t.Tokens[v].Kind {
		case jsontape.Object:
			dst = appendXMLObject(dst, t, v, k, k == "extension" || k == "modifierExtension")
		case jsontape.String:
			dst = appendXMLValue(dst, k, t.Text(v))
		case jsontape.Null, jsontape.Array:
		default:
			dst = appendXMLValue(dst, k, string(t.Raw(v)))
		}
	}
	for k, j := 0, i+1; k < t.Tokens[i].Len; k++ {
		key, v := t.Text(j), j+1
		j = t.Tokens[v].Next
		if key == "id" && id >= 0 || ext && key == "url" && url >= 0 || !isXMLName(key) {
			continue
		}
		if t.Tokens[v].Kind != jsontape.Array {
			child(key, v)
			continue
		}
		for n, item := 0, v+1; n < t.Tokens[v].Len; n++ {
			child(key, item)
			item = t.Tokens[item].Next
		}
	}
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// isXMLName reports whether s can be a FHIR element name: ASCII letters,
// digits, '-' and '_' not starting with a digit, '-' or '_' (so "_name"
// siblings are excluded).
func isXMLName(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	if len(s) >= 3 && (s[0]|0x20) == 'x' && (s[1]|0x20) == 'm' && (s[2]|0x20) == 'l' {
		return false // names starting with "xml" are reserved
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
