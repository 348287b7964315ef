package operationoutcome

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
)

// decode reads the document: the OperationOutcome root element and its
// elements, each by the method named after it.
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
