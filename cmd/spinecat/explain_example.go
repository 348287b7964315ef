package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spinecat/spinecat/catalog"
)

// exampleTime and exampleID make example bodies the same on every run.
var exampleTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func exampleID(p catalog.IDPolicy) string {
	const uuid = "3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f"
	if p == catalog.IDUUIDDigits20 {
		return uuid + "-12345678901234567890"
	}
	return uuid
}

// explainExample prints the body the entry's constructor produces, with a
// fixed clock and id, in each format of its dialect.
func explainExample(ew *errWriter, e *catalog.Entry) {
	switch e.Body {
	case catalog.BodyNone:
		ew.printf("  example: status %s with an empty body\n", statusCell(e.Status))
		return
	case catalog.BodyText, catalog.BodyHTML:
		ew.printf("  example: status %s, Content-Type %s:\n", statusCell(e.Status), dash(e.ContentType))
		ew.printf("%s\n", indent(e.BodyText, "    "))
		return
	}
	values := make([]string, len(e.Params))
	for i, p := range e.Params {
		values[i] = p.Example
		if values[i] == "" {
			values[i] = "example-" + p.Name
		}
	}
	oo := catalog.New(e, values...).OperationOutcome(catalog.WithClock(func() time.Time { return exampleTime }), catalog.WithIDSource(exampleID))
	if oo == nil {
		return
	}
	var js bytes.Buffer
	if err := json.Indent(&js, oo.AppendJSON(nil), "    ", "  "); err == nil {
		ew.printf("  example body (JSON), from %s.%s(%s):\n    %s\n", e.API, e.GoName, quoteAll(values), js.String())
	}
	if slices.Contains(e.Dialect.Formats, "xml") {
		ew.printf("  example body (XML):\n    %s\n", indentXML(oo.AppendXML(nil), "    "))
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// indentXML re-indents compact XML for reading, with empty elements
// written "<x/>" as FHIR examples are; on any error it returns the input
// unchanged.
func indentXML(data []byte, prefix string) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var toks []xml.Token
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return string(data)
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	var out bytes.Buffer
	esc := func(s string) {
		_ = xml.EscapeText(&out, []byte(s))
	}
	name := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	depth := 0
	newline := func() {
		if out.Len() > 0 {
			out.WriteString("\n" + prefix + strings.Repeat("  ", depth))
		}
	}
	for i := 0; i < len(toks); i++ {
		switch t := toks[i].(type) {
		case xml.StartElement:
			newline()
			out.WriteString("<" + name(t.Name))
			for _, a := range t.Attr {
				out.WriteString(" " + name(a.Name) + `="`)
				esc(a.Value)
				out.WriteString(`"`)
			}
			if i+1 < len(toks) {
				if _, ok := toks[i+1].(xml.EndElement); ok {
					out.WriteString("/>")
					i++
					continue
				}
			}
			out.WriteString(">")
			depth++
		case xml.EndElement:
			depth--
			newline()
			out.WriteString("</" + name(t.Name) + ">")
		case xml.CharData:
			esc(string(t))
		default:
			// Comments, processing instructions: the constructor writes none.
		}
	}
	return out.String()
}
