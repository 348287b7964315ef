package operationoutcome

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textpos"
)

// DecodeXML decodes a FHIR XML OperationOutcome with encoding/xml's
// tokenizer. It accepts an XML declaration, comments, and both "/>" and " />".
// A DOCTYPE is refused. See [Decode] for the options and the errors returned.
func DecodeXML(data []byte, opts DecodeOptions) (*OperationOutcome, error) {
	base := skipBOM(data)
	x := &xmlDecoder{
		data:    data,
		base:    base,
		dec:     xml.NewDecoder(bytes.NewReader(data[base:])),
		strict:  opts.Strict,
		version: opts.Version,
		lines:   textpos.Cursor{Text: data},
	}
	o, err := x.decode()
	if err != nil {
		if x.fatal != nil {
			return nil, x.fatal
		}
		return nil, err
	}
	return o, joinDecodeErrors(x.errs)
}

type xmlDecoder struct {
	data    []byte
	base    int
	dec     *xml.Decoder
	strict  bool
	version Version
	path    pathStack
	depth   int
	errs    []*DecodeError
	fatal   *DecodeError
	lines   textpos.Cursor
}

// errAt records a problem of kind k at input offset off (relative to the
// decoder).
func (x *xmlDecoder) errAt(off int64, k DecodeErrorKind, path, msg string) {
	line, col := x.lines.At(x.base + int(off))
	x.errs = append(x.errs, &DecodeError{Kind: k, Path: path, Line: line, Column: col, Msg: msg})
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack:
// as deep as the JSON scanner follows.
const maxDepth = jsontape.MaxDepth

// errSyntax stops decoding; the *DecodeError itself is in xmlDecoder.fatal.
var errSyntax = errors.New("syntax error")

// fail records a problem of kind k that ends decoding.
func (x *xmlDecoder) fail(off int64, k DecodeErrorKind, path, msg string) error {
	if x.fatal == nil {
		line, col := textpos.Of(x.data, x.base+int(off))
		x.fatal = &DecodeError{Kind: k, Path: path, Line: line, Column: col, Msg: msg}
	}
	return errSyntax
}

// token returns the next token and the offset where it starts. Syntax
// errors become fatal DecodeErrors positioned by encoding/xml's line.
func (x *xmlDecoder) token() (xml.Token, int64, error) {
	off := x.dec.InputOffset()
	tok, err := x.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, off, x.fail(x.dec.InputOffset(), KindSyntax, x.path.String(), "unexpected end of input")
		}
		var se *xml.SyntaxError
		msg := err.Error()
		if errors.As(err, &se) {
			msg = se.Msg
		}
		return nil, off, x.fail(off, KindSyntax, x.path.String(), "XML syntax error: "+msg)
	}
	if _, ok := tok.(xml.Directive); ok {
		return nil, off, x.fail(off, KindForm, x.path.String(), "a DOCTYPE or other directive is not allowed in FHIR XML")
	}
	return tok, off, nil
}

func (x *xmlDecoder) decode() (*OperationOutcome, error) {
	var root xml.StartElement
	var rootOff int64
	for {
		tok, off, err := x.token()
		if err != nil {
			if x.fatal != nil && x.fatal.Msg == "unexpected end of input" {
				x.fatal.Msg = "no root element"
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			root, rootOff = t, off
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, x.fail(off, KindSyntax, "", "text before the root element")
			}
			continue
		default:
			continue
		}
		break
	}
	if root.Name.Local != "OperationOutcome" || root.Name.Space != NamespaceFHIR {
		what := root.Name.Local
		if root.Name.Space != "" {
			what = "{" + root.Name.Space + "}" + what
		}
		return nil, x.fail(rootOff, KindNotOutcome, "OperationOutcome", "root element is "+what+`, want OperationOutcome in namespace "http://hl7.org/fhir"`)
	}
	o := &OperationOutcome{}
	x.path = append(x.path, pathSeg{"OperationOutcome", -1})
	x.attrs(root, rootOff)
	var s seen
	var issueN int
	err := x.children(func(se xml.StartElement, off int64) error {
		switch se.Name.Local {
		case "id":
			x.once(&s, 0, se, off)
			return x.prim(se, off, &o.ID)
		case "meta":
			x.once(&s, 1, se, off)
			return x.meta(o, se, off)
		case "implicitRules":
			x.once(&s, 2, se, off)
			return x.prim(se, off, &o.ImplicitRules)
		case "language":
			x.once(&s, 3, se, off)
			return x.prim(se, off, &o.Language)
		case "text":
			x.once(&s, 4, se, off)
			return x.narrative(o, se, off)
		case "extension":
			return x.extension(se, off, &o.Extension, len(o.Extension))
		case "modifierExtension":
			return x.extension(se, off, &o.ModifierExtension, len(o.ModifierExtension))
		case "issue":
			o.Issue = append(o.Issue, Issue{})
			x.path = append(x.path, pathSeg{"issue", issueN})
			issueN++
			err := x.issue(&o.Issue[len(o.Issue)-1], se, off)
			x.path = x.path[:len(x.path)-1]
			return err
		}
		return x.unknown(se, off)
	})
	if err != nil {
		return nil, err
	}
	x.path = x.path[:0]
	// Only comments, processing instructions and space may follow.
	for {
		off := x.dec.InputOffset()
		tok, err := x.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, x.fail(x.dec.InputOffset(), KindSyntax, "", "XML syntax error: "+err.Error())
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst:
			continue
		}
		return nil, x.fail(off, KindSyntax, "", "unexpected data after the root element")
	}
	return o, nil
}

// children walks the content of the element just started, calling child for
// each child element in the FHIR namespace. It consumes the end tag.
// Elements of other namespaces are unknown; text is reported in strict mode.
func (x *xmlDecoder) children(child func(se xml.StartElement, off int64) error) error {
	x.depth++
	if x.depth > maxDepth {
		return x.fail(x.dec.InputOffset(), KindTooDeep, x.path.String(), fmt.Sprintf("nesting deeper than %d", maxDepth))
	}
	defer func() { x.depth-- }()
	for {
		tok, off, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != NamespaceFHIR {
				if err := x.unknown(t, off); err != nil {
					return err
				}
				continue
			}
			if err := child(t, off); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		case xml.CharData:
			if x.strict && len(bytes.TrimSpace(t)) > 0 {
				x.errAt(off, KindForm, x.path.String(), "unexpected text content")
			}
		}
	}
}

// skip consumes the rest of the element just started.
func (x *xmlDecoder) skip() error {
	if err := x.dec.Skip(); err != nil {
		return x.fail(x.dec.InputOffset(), KindSyntax, x.path.String(), "XML syntax error: "+err.Error())
	}
	return nil
}

func (x *xmlDecoder) unknown(se xml.StartElement, off int64) error {
	if x.strict {
		name := se.Name.Local
		if se.Name.Space != NamespaceFHIR {
			name = "{" + se.Name.Space + "}" + name
		}
		x.errAt(off, KindUnknownElement, x.path.child(name), "unknown element")
	}
	return x.skip()
}

func (x *xmlDecoder) once(s *seen, bit uint, se xml.StartElement, off int64) {
	if *s&(1<<bit) != 0 && x.strict {
		x.errAt(off, KindDuplicate, x.path.child(se.Name.Local), "duplicate element")
	}
	*s |= 1 << bit
}

// attrs checks the attributes of an element with no attributes of its own
// beyond id (and those listed in allowed); it returns nothing as no modelled
// element keeps them.
func (x *xmlDecoder) attrs(se xml.StartElement, off int64, allowed ...string) {
	if !x.strict {
		return
	}
next:
	for _, a := range se.Attr {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			continue
		}
		if a.Name.Space == "" {
			if a.Name.Local == "id" {
				continue
			}
			for _, n := range allowed {
				if a.Name.Local == n {
					continue next
				}
			}
		}
		x.errAt(off, KindUnknownElement, x.path.String()+".@"+a.Name.Local, "unknown attribute")
	}
}

// prim decodes a primitive element: <name value="..."/>. Its children may be
// extensions (valid FHIR, not kept); anything else is unknown.
func (x *xmlDecoder) prim(se xml.StartElement, off int64, dst *string) error {
	x.path = append(x.path, pathSeg{se.Name.Local, -1})
	defer func() { x.path = x.path[:len(x.path)-1] }()
	return x.primHere(se, off, dst)
}

func (x *xmlDecoder) primHere(se xml.StartElement, off int64, dst *string) error {
	found := false
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "value" {
			*dst, found = a.Value, true
		}
	}
	if !found {
		*dst = ""
		if x.strict {
			x.errAt(off, KindForm, x.path.String(), "missing value attribute")
		}
	}
	x.attrs(se, off, "value")
	return x.children(func(c xml.StartElement, coff int64) error {
		if c.Name.Local == "extension" {
			return x.skip()
		}
		return x.unknown(c, coff)
	})
}

// prims appends one item of a repeating primitive element.
func (x *xmlDecoder) prims(se xml.StartElement, off int64, dst *[]string) error {
	var v string
	x.path = append(x.path, pathSeg{se.Name.Local, len(*dst)})
	defer func() { x.path = x.path[:len(x.path)-1] }()
	err := x.primHere(se, off, &v)
	*dst = append(*dst, v)
	return err
}

func (x *xmlDecoder) meta(o *OperationOutcome, se xml.StartElement, off int64) error {
	m := &Meta{}
	x.path = append(x.path, pathSeg{"meta", -1})
	x.attrs(se, off)
	var s seen
	err := x.children(func(c xml.StartElement, coff int64) error {
		switch c.Name.Local {
		case "extension":
			return x.extension(c, coff, &m.Extension, len(m.Extension))
		case "versionId":
			x.once(&s, 0, c, coff)
			return x.prim(c, coff, &m.VersionID)
		case "lastUpdated":
			x.once(&s, 1, c, coff)
			return x.prim(c, coff, &m.LastUpdated)
		case "source":
			if x.version == STU3 {
				break
			}
			x.once(&s, 2, c, coff)
			return x.prim(c, coff, &m.Source)
		case "profile":
			return x.prims(c, coff, &m.Profile)
		}
		return x.unknown(c, coff)
	})
	x.path = x.path[:len(x.path)-1]
	if len(m.Extension) > 0 || m.VersionID != "" || m.LastUpdated != "" || m.Source != "" || len(m.Profile) > 0 {
		o.Meta = m
	} else {
		o.Meta = nil
	}
	return err
}

func (x *xmlDecoder) narrative(o *OperationOutcome, se xml.StartElement, off int64) error {
	t := &Narrative{}
	x.path = append(x.path, pathSeg{"text", -1})
	x.attrs(se, off)
	var s seen
	x.depth++
	defer func() { x.depth-- }()
	for done := false; !done; {
		tok, toff, err := x.token()
		if err != nil {
			return err
		}
		switch c := tok.(type) {
		case xml.EndElement:
			done = true
		case xml.CharData:
			if x.strict && len(bytes.TrimSpace(c)) > 0 {
				x.errAt(toff, KindForm, x.path.String(), "unexpected text content")
			}
		case xml.StartElement:
			switch {
			case c.Name.Space == NamespaceFHIR && c.Name.Local == "status":
				x.once(&s, 0, c, toff)
				if err := x.prim(c, toff, &t.Status); err != nil {
					return err
				}
			case c.Name.Space == NamespaceXHTML && c.Name.Local == "div":
				x.once(&s, 1, c, toff)
				if err := x.skip(); err != nil {
					return err
				}
				div := string(x.data[x.base+int(toff) : x.base+int(x.dec.InputOffset())])
				if wellFormedDiv(div) {
					t.Div = div
				} else {
					x.errAt(toff, KindForm, x.path.child("div"), "the div must declare the XHTML namespace itself (xmlns=\"http://www.w3.org/1999/xhtml\")")
				}
			default:
				if err := x.unknown(c, toff); err != nil {
					return err
				}
			}
		}
	}
	x.path = x.path[:len(x.path)-1]
	if t.Status != "" || t.Div != "" {
		o.Text = t
	} else {
		o.Text = nil
	}
	return nil
}

func (x *xmlDecoder) issue(is *Issue, se xml.StartElement, off int64) error {
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "id" {
			is.ID = a.Value
		}
	}
	x.attrs(se, off)
	var s seen
	return x.children(func(c xml.StartElement, coff int64) error {
		switch c.Name.Local {
		case "extension":
			return x.extension(c, coff, &is.Extension, len(is.Extension))
		case "modifierExtension":
			return x.extension(c, coff, &is.ModifierExtension, len(is.ModifierExtension))
		case "severity":
			x.once(&s, 0, c, coff)
			if err := x.prim(c, coff, (*string)(&is.Severity)); err != nil {
				return err
			}
			if x.strict && is.Severity != "" && !is.Severity.Valid() {
				x.errAt(coff, KindNotInValueSet, x.path.child("severity"), strconv.Quote(string(is.Severity))+" is not an issue severity")
			}
			return nil
		case "code":
			x.once(&s, 1, c, coff)
			if err := x.prim(c, coff, (*string)(&is.Code)); err != nil {
				return err
			}
			if x.strict && is.Code != "" && !x.validIssueType(is.Code) {
				in := ""
				if x.version.Valid() {
					in = " of " + string(x.version)
				}
				x.errAt(coff, KindNotInValueSet, x.path.child("code"), strconv.Quote(string(is.Code))+" is not an issue type"+in)
			}
			return nil
		case "details":
			x.once(&s, 2, c, coff)
			return x.details(is, c, coff)
		case "diagnostics":
			x.once(&s, 3, c, coff)
			return x.prim(c, coff, &is.Diagnostics)
		case "location":
			return x.prims(c, coff, &is.Location)
		case "expression":
			return x.prims(c, coff, &is.Expression)
		}
		return x.unknown(c, coff)
	})
}

func (x *xmlDecoder) validIssueType(t IssueType) bool {
	if x.version.Valid() {
		return t.ValidIn(x.version)
	}
	return t.Valid()
}

func (x *xmlDecoder) details(is *Issue, se xml.StartElement, off int64) error {
	cc := &CodeableConcept{}
	x.path = append(x.path, pathSeg{"details", -1})
	x.attrs(se, off)
	var s seen
	err := x.children(func(c xml.StartElement, coff int64) error {
		switch c.Name.Local {
		case "extension":
			return x.extension(c, coff, &cc.Extension, len(cc.Extension))
		case "coding":
			cc.Coding = append(cc.Coding, Coding{})
			x.path = append(x.path, pathSeg{"coding", len(cc.Coding) - 1})
			err := x.coding(&cc.Coding[len(cc.Coding)-1], c, coff)
			x.path = x.path[:len(x.path)-1]
			return err
		case "text":
			x.once(&s, 0, c, coff)
			return x.prim(c, coff, &cc.Text)
		}
		return x.unknown(c, coff)
	})
	x.path = x.path[:len(x.path)-1]
	if len(cc.Extension) > 0 || len(cc.Coding) > 0 || cc.Text != "" {
		is.Details = cc
	} else {
		is.Details = nil
	}
	return err
}

func (x *xmlDecoder) coding(cd *Coding, se xml.StartElement, off int64) error {
	x.attrs(se, off)
	var s seen
	return x.children(func(c xml.StartElement, coff int64) error {
		switch c.Name.Local {
		case "extension":
			return x.extension(c, coff, &cd.Extension, len(cd.Extension))
		case "system":
			x.once(&s, 0, c, coff)
			return x.prim(c, coff, &cd.System)
		case "version":
			x.once(&s, 1, c, coff)
			return x.prim(c, coff, &cd.Version)
		case "code":
			x.once(&s, 2, c, coff)
			return x.prim(c, coff, &cd.Code)
		case "display":
			x.once(&s, 3, c, coff)
			return x.prim(c, coff, &cd.Display)
		case "userSelected":
			x.once(&s, 4, c, coff)
			var v string
			if err := x.prim(c, coff, &v); err != nil {
				return err
			}
			switch v {
			case "true", "false":
				b := v == "true"
				cd.UserSelected = &b
			default:
				x.errAt(coff, KindWrongType, x.path.child("userSelected"), "expected true or false, got "+strconv.Quote(v))
			}
			return nil
		}
		return x.unknown(c, coff)
	})
}

// extension decodes one extension element (index i of its list) and appends it.
func (x *xmlDecoder) extension(se xml.StartElement, off int64, dst *[]Extension, i int) error {
	var e Extension
	x.path = append(x.path, pathSeg{se.Name.Local, i})
	defer func() { x.path = x.path[:len(x.path)-1] }()
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "url" {
			e.URL = a.Value
		}
	}
	x.attrs(se, off, "url")
	hasValue := false
	err := x.children(func(c xml.StartElement, coff int64) error {
		if c.Name.Local == "extension" {
			return x.extension(c, coff, &e.Extension, len(e.Extension))
		}
		name := c.Name.Local
		if len(name) <= 5 || name[:5] != "value" || !validValueType(name[5:]) {
			return x.unknown(c, coff)
		}
		if hasValue && x.strict {
			x.errAt(coff, KindDuplicate, x.path.child(name), "more than one value[x]")
		}
		hasValue = true
		vt := name[5:]
		if primitiveTypes[vt] {
			e.ValueType, e.Raw = vt, nil
			return x.prim(c, coff, &e.Value)
		}
		x.path = append(x.path, pathSeg{name, -1})
		defer func() { x.path = x.path[:len(x.path)-1] }()
		raw, err := x.complexJSON(nil, c, coff, quantityTypes[vt], false)
		if err != nil {
			return err
		}
		e.ValueType, e.Value, e.Raw = vt, "", raw
		return nil
	})
	*dst = append(*dst, e)
	return err
}

// quantityTypes are the datatypes whose "value" child is a decimal.
var quantityTypes = map[string]bool{
	"Quantity": true, "Age": true, "Count": true, "Distance": true,
	"Duration": true, "Money": true, "SimpleQuantity": true, "MoneyQuantity": true,
}

// quantityElements are elements of complex types that hold a Quantity.
var quantityElements = map[string]bool{
	"low": true, "high": true, "numerator": true, "denominator": true,
	"origin": true, "amount": true, "quantity": true,
}

// arrayElements repeat in the common FHIR datatypes: JSON writes them as
// arrays even when there is one.
var arrayElements = map[string]bool{
	"extension": true, "modifierExtension": true, "coding": true,
	"given": true, "prefix": true, "suffix": true, "line": true,
	"telecom": true, "address": true, "identifier": true, "profile": true,
	"security": true, "tag": true, "event": true, "dayOfWeek": true,
	"timeOfDay": true, "when": true, "contact": true, "targetProfile": true,
}

// boolElements and numberElements are primitive children of common datatypes
// whose JSON form is not a string.
var (
	boolElements   = map[string]bool{"userSelected": true, "valueBoolean": true}
	numberElements = map[string]bool{
		"valueInteger": true, "valueDecimal": true, "valueUnsignedInt": true,
		"valuePositiveInt": true, "size": true, "rank": true, "count": true,
		"countMax": true, "duration": true, "durationMax": true,
		"frequency": true, "frequencyMax": true, "period": true,
		"periodMax": true, "offset": true, "factor": true, "lowerLimit": true,
		"upperLimit": true, "dimensions": true,
	}
)

// complexJSON converts the element just started to compact JSON by the
// generic FHIR mapping, the inverse of appendXMLFromJSON: id (and url of an
// extension) attributes, then children grouped by name in order of first
// appearance; a child with a value attribute is a primitive. Extensions on
// primitives and elements of other namespaces are dropped. Without a schema,
// JSON number and boolean primitives are recognised from a table of common
// element names.
func (x *xmlDecoder) complexJSON(dst []byte, se xml.StartElement, off int64, quantity, ext bool) ([]byte, error) {
	x.attrs(se, off, "url")
	dst = append(dst, '{')
	n := 0
	for _, a := range se.Attr {
		if a.Name.Space == "" && (a.Name.Local == "id" || ext && a.Name.Local == "url") {
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = appendJSONString(dst, a.Name.Local)
			dst = append(dst, ':')
			dst = appendJSONString(dst, a.Value)
		}
	}
	type group struct {
		name  string
		items [][]byte
	}
	var groups []group
	index := map[string]int{}
	err := x.children(func(c xml.StartElement, coff int64) error {
		name := c.Name.Local
		if !isXMLName(name) {
			return x.unknown(c, coff) // not a FHIR element name, and JSON could not say it back
		}
		var item []byte
		value, isPrim := "", false
		for _, a := range c.Attr {
			if a.Name.Space == "" && a.Name.Local == "value" {
				value, isPrim = a.Value, true
			}
		}
		x.path = append(x.path, pathSeg{name, -1})
		defer func() { x.path = x.path[:len(x.path)-1] }()
		if isPrim {
			if err := x.skip(); err != nil {
				return err
			}
			switch {
			case boolElements[name] && (value == "true" || value == "false"),
				(numberElements[name] || quantity && name == "value") && validJSONNumber(value):
				item = []byte(value)
			default:
				item = appendJSONString(nil, value)
			}
		} else {
			var err error
			item, err = x.complexJSON(nil, c, coff, quantityElements[name], name == "extension" || name == "modifierExtension")
			if err != nil {
				return err
			}
		}
		if i, ok := index[name]; ok {
			groups[i].items = append(groups[i].items, item)
			return nil
		}
		index[name] = len(groups)
		groups = append(groups, group{name, [][]byte{item}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if ext && g.name == "url" {
			continue // the attribute wins; a url element is not FHIR in an extension
		}
		if g.name == "id" {
			continue // element ids are attributes in XML
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = appendJSONString(dst, g.name)
		dst = append(dst, ':')
		if len(g.items) == 1 && !arrayElements[g.name] {
			dst = append(dst, g.items[0]...)
			continue
		}
		dst = append(dst, '[')
		for i, it := range g.items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, it...)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}'), nil
}
