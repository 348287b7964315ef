package operationoutcome

import (
	"strconv"
)

// seen tracks which members of one object were already decoded, so that a
// repeated member is reported in strict mode.
type seen uint32

func (d *jsonDecoder) once(s *seen, bit uint, key []byte, off int) {
	if *s&(1<<bit) != 0 && d.strict {
		d.errAt(off, KindDuplicate, d.path.child(string(key)), "duplicate element")
	}
	*s |= 1 << bit
}

// unknown handles a member the model does not know.
func (d *jsonDecoder) unknown(key []byte, off int) error {
	if d.strict {
		d.errAt(off, KindUnknownElement, d.path.child(string(key)), "unknown element")
	}
	return d.skip()
}

// ignorable reports members that are valid FHIR but not kept: element ids,
// "_name" siblings that carry a primitive's id and extensions, and STU3's
// fhir_comments.
func ignorable(key []byte, primitives ...string) bool {
	k := string(key)
	if k == "fhir_comments" {
		return true
	}
	if len(k) > 1 && k[0] == '_' {
		for _, p := range primitives {
			if k[1:] == p {
				return true
			}
		}
	}
	return false
}

func (d *jsonDecoder) r4Only() bool { return d.version == STU3 }

func (d *jsonDecoder) outcome() (*OperationOutcome, error) {
	if c := d.peek(); c != '{' {
		if c == 0 {
			return nil, d.syntax("empty input")
		}
		return nil, d.stop(KindNotOutcome, "expected a JSON object, found %s", kindName(c))
	}
	o := &OperationOutcome{}
	d.push("OperationOutcome", -1)
	rootOff := d.pos
	var resourceType string
	rtOff := -1
	var s seen
	err := d.object(func(key []byte, off int) error {
		switch string(key) {
		case "resourceType":
			d.once(&s, 0, key, off)
			rtOff = d.pos
			return d.str("resourceType", &resourceType)
		case "id":
			d.once(&s, 1, key, off)
			return d.str("id", &o.ID)
		case "meta":
			d.once(&s, 2, key, off)
			return d.meta(o)
		case "implicitRules":
			d.once(&s, 3, key, off)
			return d.str("implicitRules", &o.ImplicitRules)
		case "language":
			d.once(&s, 4, key, off)
			return d.str("language", &o.Language)
		case "text":
			d.once(&s, 5, key, off)
			return d.narrative(o)
		case "extension":
			d.once(&s, 6, key, off)
			return d.extensions("extension", &o.Extension)
		case "modifierExtension":
			d.once(&s, 7, key, off)
			return d.extensions("modifierExtension", &o.ModifierExtension)
		case "issue":
			d.once(&s, 8, key, off)
			return d.issues(o)
		}
		if ignorable(key, "id", "implicitRules", "language") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
	if err != nil {
		return nil, err
	}
	switch {
	case rtOff < 0:
		return nil, d.rootErr(rootOff, "resourceType is missing")
	case resourceType != "OperationOutcome":
		return nil, d.rootErr(rtOff, "resourceType is "+strconv.Quote(resourceType)+", want \"OperationOutcome\"")
	}
	d.pop()
	return o, nil
}

// rootErr reports a problem that makes the document not an OperationOutcome
// at all; it replaces any other problem found.
func (d *jsonDecoder) rootErr(off int, msg string) error {
	line, col := lineCol(d.data, off)
	d.fatal = &DecodeError{Kind: KindNotOutcome, Path: "OperationOutcome", Line: line, Column: col, Msg: msg}
	return errSyntax
}

func (d *jsonDecoder) meta(o *OperationOutcome) error {
	if d.peek() != '{' {
		return d.wrongType("meta", "object")
	}
	m := &Meta{}
	d.push("meta", -1)
	var s seen
	err := d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			return d.skip()
		case "extension":
			d.once(&s, 0, key, off)
			return d.extensions("extension", &m.Extension)
		case "versionId":
			d.once(&s, 1, key, off)
			return d.str("versionId", &m.VersionID)
		case "lastUpdated":
			d.once(&s, 2, key, off)
			return d.str("lastUpdated", &m.LastUpdated)
		case "source":
			if d.r4Only() {
				break
			}
			d.once(&s, 3, key, off)
			return d.str("source", &m.Source)
		case "profile":
			d.once(&s, 4, key, off)
			return d.strs("profile", &m.Profile)
		}
		if ignorable(key, "id", "versionId", "lastUpdated", "source", "profile") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
	d.pop()
	if len(m.Extension) > 0 || m.VersionID != "" || m.LastUpdated != "" || m.Source != "" || len(m.Profile) > 0 {
		o.Meta = m
	} else {
		o.Meta = nil
	}
	return err
}

func (d *jsonDecoder) narrative(o *OperationOutcome) error {
	if d.peek() != '{' {
		return d.wrongType("text", "object")
	}
	t := &Narrative{}
	d.push("text", -1)
	var s seen
	err := d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			return d.skip()
		case "status":
			d.once(&s, 0, key, off)
			return d.str("status", &t.Status)
		case "div":
			d.once(&s, 1, key, off)
			return d.str("div", &t.Div)
		}
		if ignorable(key, "id", "status", "div") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
	d.pop()
	if t.Status != "" || t.Div != "" {
		o.Text = t
	} else {
		o.Text = nil
	}
	return err
}

func (d *jsonDecoder) issues(o *OperationOutcome) error {
	if d.peek() != '[' {
		return d.wrongType("issue", "array")
	}
	o.Issue = nil
	return d.array(func(i int) error {
		if d.peek() != '{' {
			return d.wrongType("issue["+strconv.Itoa(i)+"]", "object")
		}
		o.Issue = append(o.Issue, Issue{})
		is := &o.Issue[len(o.Issue)-1]
		d.push("issue", i)
		err := d.issue(is)
		d.pop()
		return err
	})
}

func (d *jsonDecoder) issue(is *Issue) error {
	var s seen
	return d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			d.once(&s, 0, key, off)
			return d.str("id", &is.ID)
		case "extension":
			d.once(&s, 1, key, off)
			return d.extensions("extension", &is.Extension)
		case "modifierExtension":
			d.once(&s, 2, key, off)
			return d.extensions("modifierExtension", &is.ModifierExtension)
		case "severity":
			d.once(&s, 3, key, off)
			valOff := d.pos
			if err := d.str("severity", (*string)(&is.Severity)); err != nil {
				return err
			}
			if d.strict && is.Severity != "" && !is.Severity.Valid() {
				d.errAt(valOff, KindNotInValueSet, d.path.child("severity"), strconv.Quote(string(is.Severity))+" is not an issue severity")
			}
			return nil
		case "code":
			d.once(&s, 4, key, off)
			valOff := d.pos
			if err := d.str("code", (*string)(&is.Code)); err != nil {
				return err
			}
			if d.strict && is.Code != "" && !d.validIssueType(is.Code) {
				d.errAt(valOff, KindNotInValueSet, d.path.child("code"), strconv.Quote(string(is.Code))+" is not an issue type"+d.inVersion())
			}
			return nil
		case "details":
			d.once(&s, 5, key, off)
			return d.details(is)
		case "diagnostics":
			d.once(&s, 6, key, off)
			return d.str("diagnostics", &is.Diagnostics)
		case "location":
			d.once(&s, 7, key, off)
			return d.strs("location", &is.Location)
		case "expression":
			d.once(&s, 8, key, off)
			return d.strs("expression", &is.Expression)
		}
		if ignorable(key, "id", "severity", "code", "diagnostics", "location", "expression") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
}

func (d *jsonDecoder) validIssueType(t IssueType) bool {
	if d.version.Valid() {
		return t.ValidIn(d.version)
	}
	return t.Valid()
}

func (d *jsonDecoder) inVersion() string {
	if d.version.Valid() {
		return " of " + string(d.version)
	}
	return ""
}

func (d *jsonDecoder) details(is *Issue) error {
	if d.peek() != '{' {
		return d.wrongType("details", "object")
	}
	cc := &CodeableConcept{}
	d.push("details", -1)
	var s seen
	err := d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			return d.skip()
		case "extension":
			d.once(&s, 0, key, off)
			return d.extensions("extension", &cc.Extension)
		case "coding":
			d.once(&s, 1, key, off)
			if d.peek() != '[' {
				return d.wrongType("coding", "array")
			}
			cc.Coding = nil
			return d.array(func(i int) error {
				if d.peek() != '{' {
					return d.wrongType("coding["+strconv.Itoa(i)+"]", "object")
				}
				cc.Coding = append(cc.Coding, Coding{})
				d.push("coding", i)
				err := d.coding(&cc.Coding[len(cc.Coding)-1])
				d.pop()
				return err
			})
		case "text":
			d.once(&s, 2, key, off)
			return d.str("text", &cc.Text)
		}
		if ignorable(key, "id", "text") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
	d.pop()
	if len(cc.Extension) > 0 || len(cc.Coding) > 0 || cc.Text != "" {
		is.Details = cc
	} else {
		is.Details = nil
	}
	return err
}

func (d *jsonDecoder) coding(c *Coding) error {
	var s seen
	return d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			return d.skip()
		case "extension":
			d.once(&s, 0, key, off)
			return d.extensions("extension", &c.Extension)
		case "system":
			d.once(&s, 1, key, off)
			return d.str("system", &c.System)
		case "version":
			d.once(&s, 2, key, off)
			return d.str("version", &c.Version)
		case "code":
			d.once(&s, 3, key, off)
			return d.str("code", &c.Code)
		case "display":
			d.once(&s, 4, key, off)
			return d.str("display", &c.Display)
		case "userSelected":
			d.once(&s, 5, key, off)
			switch d.peek() {
			case 't':
				if _, _, err := d.literal(); err != nil {
					return err
				}
				v := true
				c.UserSelected = &v
				return nil
			case 'f':
				if _, _, err := d.literal(); err != nil {
					return err
				}
				v := false
				c.UserSelected = &v
				return nil
			}
			return d.wrongType("userSelected", "boolean")
		}
		if ignorable(key, "id", "system", "version", "code", "display", "userSelected") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
}

func (d *jsonDecoder) extensions(name string, dst *[]Extension) error {
	if d.peek() != '[' {
		return d.wrongType(name, "array")
	}
	var out []Extension
	err := d.array(func(i int) error {
		if d.peek() != '{' {
			return d.wrongType(name+"["+strconv.Itoa(i)+"]", "object")
		}
		out = append(out, Extension{})
		d.push(name, i)
		err := d.extension(&out[len(out)-1])
		d.pop()
		return err
	})
	*dst = out
	return err
}

func (d *jsonDecoder) extension(e *Extension) error {
	var s seen
	return d.object(func(key []byte, off int) error {
		switch string(key) {
		case "id":
			return d.skip()
		case "url":
			d.once(&s, 0, key, off)
			return d.str("url", &e.URL)
		case "extension":
			d.once(&s, 1, key, off)
			return d.extensions("extension", &e.Extension)
		}
		if len(key) > 5 && string(key[:5]) == "value" && validValueType(string(key[5:])) {
			if s&(1<<2) != 0 && d.strict {
				d.errAt(off, KindDuplicate, d.path.child(string(key)), "more than one value[x]")
			}
			s |= 1 << 2
			return d.extValue(e, key)
		}
		if len(key) > 6 && key[0] == '_' && string(key[1:6]) == "value" {
			return d.skip()
		}
		if ignorable(key, "id", "url") {
			return d.skip()
		}
		return d.unknown(key, off)
	})
}

// primitiveTypes are the FHIR primitive datatypes, by their value[x] suffix.
var primitiveTypes = map[string]bool{
	"Base64Binary": true, "Boolean": true, "Canonical": true, "Code": true,
	"Date": true, "DateTime": true, "Decimal": true, "Id": true, "Instant": true,
	"Integer": true, "Integer64": true, "Markdown": true, "Oid": true,
	"PositiveInt": true, "String": true, "Time": true, "UnsignedInt": true,
	"Uri": true, "Url": true, "Uuid": true,
}

func (d *jsonDecoder) extValue(e *Extension, key []byte) error {
	vt := string(key[5:]) // copy now: key may live in the scratch buffer
	valOff := d.pos
	report := func(msg string) {
		if d.strict {
			d.errAt(valOff, KindWrongType, d.path.child("value"+vt), msg)
		}
	}
	switch c := d.peek(); c {
	case '{':
		raw, err := d.compact(nil)
		if err != nil {
			return err
		}
		if primitiveTypes[vt] {
			report("expected a " + jsonKindName(vt) + " for a primitive value, got object")
		}
		e.ValueType, e.Value, e.Raw = vt, "", raw
		return nil
	case '"':
		b, err := d.rawString()
		if err != nil {
			return err
		}
		switch {
		case !primitiveTypes[vt]:
			report("expected object for a complex value, got string")
		case jsonKindOf(vt) != kindString:
			report("expected " + jsonKindName(vt) + ", got string")
		}
		e.ValueType, e.Value, e.Raw = vt, string(b), nil
		return nil
	case 't', 'f', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		lit, first, err := d.literal()
		if err != nil {
			return err
		}
		got := "number"
		if first == 't' || first == 'f' {
			got = "boolean"
		}
		switch {
		case !primitiveTypes[vt]:
			report("expected object for a complex value, got " + got)
		case jsonKindName(vt) != got:
			report("expected " + jsonKindName(vt) + ", got " + got)
		}
		e.ValueType, e.Value, e.Raw = vt, string(lit), nil
		return nil
	}
	return d.wrongType("value"+vt, "a value")
}

func jsonKindName(vt string) string {
	switch jsonKindOf(vt) {
	case kindBool:
		return "boolean"
	case kindNumber:
		return "number"
	}
	return "string"
}

// compact appends the next value to dst without insignificant space and with
// strings re-escaped canonically, so equal values give equal bytes.
func (d *jsonDecoder) compact(dst []byte) ([]byte, error) {
	var err error
	switch d.peek() {
	case '{':
		dst = append(dst, '{')
		n := 0
		err = d.object(func(key []byte, _ int) error {
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = appendJSONString(dst, string(key))
			dst = append(dst, ':')
			var err error
			dst, err = d.compact(dst)
			return err
		})
		dst = append(dst, '}')
	case '[':
		dst = append(dst, '[')
		err = d.array(func(i int) error {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			dst, err = d.compact(dst)
			return err
		})
		dst = append(dst, ']')
	case '"':
		var b []byte
		b, err = d.rawString()
		dst = appendJSONString(dst, string(b))
	default:
		var lit []byte
		lit, _, err = d.literal()
		dst = append(dst, lit...)
	}
	return dst, err
}
