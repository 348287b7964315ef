package operationoutcome

import (
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textpos"
)

// seen tracks which members of one object were already decoded, so that a
// repeated member is reported in strict mode.
type seen uint32

func (d *jsonDecoder) once(s *seen, bit uint, key int) {
	if *s&(1<<bit) != 0 && d.strict {
		d.errAt(d.toks[key].Start, KindDuplicate, d.path.child(string(d.name(key))), "duplicate element")
	}
	*s |= 1 << bit
}

// unknown handles a member the model does not know.
func (d *jsonDecoder) unknown(key int) {
	if d.strict {
		d.errAt(d.toks[key].Start, KindUnknownElement, d.path.child(string(d.name(key))), "unknown element")
	}
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

func (d *jsonDecoder) outcome() *OperationOutcome {
	if k := d.toks[0].Kind; k != jsontape.Object {
		d.rootErr(0, "expected a JSON object, found "+k.String(), KindNotOutcome, "")
		return nil
	}
	d.blk = new(outcomeBlock)
	o := &d.blk.oo
	d.push("OperationOutcome", -1)
	var resourceType string
	rt := -1
	var s seen
	d.object(0, func(key, v int) {
		switch string(d.name(key)) {
		case "resourceType":
			d.once(&s, 0, key)
			rt = v
			d.str(v, "resourceType", &resourceType)
		case "id":
			d.once(&s, 1, key)
			d.str(v, "id", &o.ID)
		case "meta":
			d.once(&s, 2, key)
			d.meta(v, o)
		case "implicitRules":
			d.once(&s, 3, key)
			d.str(v, "implicitRules", &o.ImplicitRules)
		case "language":
			d.once(&s, 4, key)
			d.str(v, "language", &o.Language)
		case "text":
			d.once(&s, 5, key)
			d.narrative(v, o)
		case "extension":
			d.once(&s, 6, key)
			d.extensions(v, "extension", &o.Extension)
		case "modifierExtension":
			d.once(&s, 7, key)
			d.extensions(v, "modifierExtension", &o.ModifierExtension)
		case "issue":
			d.once(&s, 8, key)
			d.issues(v, o)
		default:
			if !ignorable(d.name(key), "id", "implicitRules", "language") {
				d.unknown(key)
			}
		}
	})
	switch {
	case rt < 0:
		d.rootErr(0, "resourceType is missing", KindNotOutcome, "OperationOutcome")
		return nil
	case resourceType != "OperationOutcome":
		d.rootErr(rt, "resourceType is "+strconv.Quote(resourceType)+", want \"OperationOutcome\"", KindNotOutcome, "OperationOutcome")
		return nil
	}
	d.pop()
	return o
}

// rootErr reports a problem at token i that makes the document not an
// OperationOutcome at all; it replaces any other problem found.
func (d *jsonDecoder) rootErr(i int, msg string, k DecodeErrorKind, path string) {
	line, col := textpos.Of(d.t.Body, d.toks[i].Start)
	d.fatal = &DecodeError{Kind: k, Path: path, Line: line, Column: col, Msg: msg}
}

func (d *jsonDecoder) meta(v int, o *OperationOutcome) {
	if d.toks[v].Kind != jsontape.Object {
		d.wrongType(v, "meta", "object")
		return
	}
	m := &Meta{}
	if !d.blk.usedMeta {
		m, d.blk.usedMeta = &d.blk.meta, true
	}
	d.push("meta", -1)
	var s seen
	d.object(v, func(key, v int) {
		switch string(d.name(key)) {
		case "id":
			return
		case "extension":
			d.once(&s, 0, key)
			d.extensions(v, "extension", &m.Extension)
			return
		case "versionId":
			d.once(&s, 1, key)
			d.str(v, "versionId", &m.VersionID)
			return
		case "lastUpdated":
			d.once(&s, 2, key)
			d.str(v, "lastUpdated", &m.LastUpdated)
			return
		case "source":
			if !d.r4Only() {
				d.once(&s, 3, key)
				d.str(v, "source", &m.Source)
				return
			}
		case "profile":
			d.once(&s, 4, key)
			d.strs(v, "profile", &m.Profile)
			return
		}
		if !ignorable(d.name(key), "id", "versionId", "lastUpdated", "source", "profile") {
			d.unknown(key)
		}
	})
	d.pop()
	if len(m.Extension) > 0 || m.VersionID != "" || m.LastUpdated != "" || m.Source != "" || len(m.Profile) > 0 {
		o.Meta = m
	} else {
		o.Meta = nil
	}
}

func (d *jsonDecoder) narrative(v int, o *OperationOutcome) {
	if d.toks[v].Kind != jsontape.Object {
		d.wrongType(v, "text", "object")
		return
	}
	t := &Narrative{}
	d.push("text", -1)
	var s seen
	d.object(v, func(key, v int) {
		switch string(d.name(key)) {
		case "id":
		case "status":
			d.once(&s, 0, key)
			d.str(v, "status", &t.Status)
		case "div":
			d.once(&s, 1, key)
			d.str(v, "div", &t.Div)
		default:
			if !ignorable(d.name(key), "id", "status", "div") {
				d.unknown(key)
			}
		}
	})
	d.pop()
	if t.Status != "" || t.Div != "" {
		o.Text = t
	} else {
		o.Text = nil
	}
}

func (d *jsonDecoder) issues(v int, o *OperationOutcome) {
	if d.toks[v].Kind != jsontape.Array {
		d.wrongType(v, "issue", "array")
		return
	}
	o.Issue = d.blk.issues(d.toks[v].Len)
	d.array(v, func(n, item int) {
		if d.toks[item].Kind != jsontape.Object {
			d.wrongType(item, "issue["+strconv.Itoa(n)+"]", "object")
			return
		}
		o.Issue = append(o.Issue, Issue{})
		d.push("issue", n)
		d.issue(item, &o.Issue[len(o.Issue)-1])
		d.pop()
	})
	if len(o.Issue) == 0 {
		o.Issue = nil
	}
}

func (d *jsonDecoder) issue(v int, is *Issue) {
	var s seen
	d.object(v, func(key, v int) {
		switch string(d.name(key)) {
		case "id":
			d.once(&s, 0, key)
			d.str(v, "id", &is.ID)
		case "extension":
			d.once(&s, 1, key)
			d.extensions(v, "extension", &is.Extension)
		case "modifierExtension":
			d.once(&s, 2, key)
			d.extensions(v, "modifierExtension", &is.ModifierExtension)
		case "severity":
			d.once(&s, 3, key)
			d.code(v, "severity", (*string)(&is.Severity))
			if d.strict && is.Severity != "" && !is.Severity.Valid() {
				d.errAt(d.toks[v].Start, KindNotInValueSet, d.path.child("severity"), strconv.Quote(string(is.Severity))+" is not an issue severity")
			}
		case "code":
			d.once(&s, 4, key)
			d.code(v, "code", (*string)(&is.Code))
			if d.strict && is.Code != "" && !d.validIssueType(is.Code) {
				d.errAt(d.toks[v].Start, KindNotInValueSet, d.path.child("code"), strconv.Quote(string(is.Code))+" is not an issue type"+d.inVersion())
			}
		case "details":
			d.once(&s, 5, key)
			d.details(v, is)
		case "diagnostics":
			d.once(&s, 6, key)
			d.str(v, "diagnostics", &is.Diagnostics)
		case "location":
			d.once(&s, 7, key)
			d.strs(v, "location", &is.Location)
		case "expression":
			d.once(&s, 8, key)
			d.strs(v, "expression", &is.Expression)
		default:
			if !ignorable(d.name(key), "id", "severity", "code", "diagnostics", "location", "expression") {
				d.unknown(key)
			}
		}
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

func (d *jsonDecoder) details(v int, is *Issue) {
	if d.toks[v].Kind != jsontape.Object {
		d.wrongType(v, "details", "object")
		return
	}
	cc := &CodeableConcept{}
	if !d.blk.usedDetails {
		cc, d.blk.usedDetails = &d.blk.details, true
	}
	d.push("details", -1)
	var s seen
	d.object(v, func(key, v int) {
		switch string(d.name(key)) {
		case "id":
		case "extension":
			d.once(&s, 0, key)
			d.extensions(v, "extension", &cc.Extension)
		case "coding":
			d.once(&s, 1, key)
			if d.toks[v].Kind != jsontape.Array {
				d.wrongType(v, "coding", "array")
				return
			}
			cc.Coding = d.blk.codings(d.toks[v].Len)
			d.array(v, func(n, item int) {
				if d.toks[item].Kind != jsontape.Object {
					d.wrongType(item, "coding["+strconv.Itoa(n)+"]", "object")
					return
				}
				cc.Coding = append(cc.Coding, Coding{})
				d.push("coding", n)
				d.coding(item, &cc.Coding[len(cc.Coding)-1])
				d.pop()
			})
			if len(cc.Coding) == 0 {
				cc.Coding = nil
			}
		case "text":
			d.once(&s, 2, key)
			d.str(v, "text", &cc.Text)
		default:
			if !ignorable(d.name(key), "id", "text") {
				d.unknown(key)
			}
		}
	})
	d.pop()
	if len(cc.Extension) > 0 || len(cc.Coding) > 0 || cc.Text != "" {
		is.Details = cc
	} else {
		is.Details = nil
	}
}

func (d *jsonDecoder) coding(v int, c *Coding) {
	var s seen
	d.object(v, func(key, v int) {
		switch string(d.name(key)) {
		case "id":
		case "extension":
			d.once(&s, 0, key)
			d.extensions(v, "extension", &c.Extension)
		case "system":
			d.once(&s, 1, key)
			d.str(v, "system", &c.System)
		case "version":
			d.once(&s, 2, key)
			d.str(v, "version", &c.Version)
		case "code":
			d.once(&s, 3, key)
			d.str(v, "code", &c.Code)
		case "display":
			d.once(&s, 4, key)
			d.str(v, "display", &c.Display)
		case "userSelected":
			d.once(&s, 5, key)
			switch d.toks[v].Kind {
			case jsontape.True, jsontape.False:
				b := d.toks[v].Kind == jsontape.True
				c.UserSelected = &b
			default:
				d.wrongType(v, "userSelected", "boolean")
			}
		default:
			if !ignorable(d.name(key), "id", "system", "version", "code", "display", "userSelected") {
				d.unknown(key)
			}
		}
	})
}

func (d *jsonDecoder) extensions(v int, name string, dst *[]Extension) {
	if d.toks[v].Kind != jsontape.Array {
		d.wrongType(v, name, "array")
		return
	}
	out := make([]Extension, 0, d.toks[v].Len)
	d.array(v, func(n, item int) {
		if d.toks[item].Kind != jsontape.Object {
			d.wrongType(item, name+"["+strconv.Itoa(n)+"]", "object")
			return
		}
		out = append(out, Extension{})
		d.push(name, n)
		d.extension(item, &out[len(out)-1])
		d.pop()
	})
	if len(out) == 0 {
		out = nil
	}
	*dst = out
}

func (d *jsonDecoder) extension(v int, e *Extension) {
	var s seen
	d.object(v, func(key, v int) {
		name := d.name(key)
		switch string(name) {
		case "id":
			return
		case "url":
			d.once(&s, 0, key)
			d.str(v, "url", &e.URL)
			return
		case "extension":
			d.once(&s, 1, key)
			d.extensions(v, "extension", &e.Extension)
			return
		}
		switch {
		case len(name) > 5 && string(name[:5]) == "value" && validValueType(string(name[5:])):
			if s&(1<<2) != 0 && d.strict {
				d.errAt(d.toks[key].Start, KindDuplicate, d.path.child(string(name)), "more than one value[x]")
			}
			s |= 1 << 2
			d.extValue(v, e, string(name[5:]))
		case len(name) > 6 && name[0] == '_' && string(name[1:6]) == "value":
		case ignorable(name, "id", "url"):
		default:
			d.unknown(key)
		}
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

// extValue decodes value v of the member value<vt> of extension e.
func (d *jsonDecoder) extValue(v int, e *Extension, vt string) {
	report := func(msg string) {
		if d.strict {
			d.errAt(d.toks[v].Start, KindWrongType, d.path.child("value"+vt), msg)
		}
	}
	switch k := d.toks[v].Kind; k {
	case jsontape.Object:
		if primitiveTypes[vt] {
			report("expected a " + jsonKindName(vt) + " for a primitive value, got object")
		}
		e.ValueType, e.Value, e.Raw = vt, "", d.compact(nil, v)
	case jsontape.String:
		switch {
		case !primitiveTypes[vt]:
			report("expected object for a complex value, got string")
		case jsonKindOf(vt) != kindString:
			report("expected " + jsonKindName(vt) + ", got string")
		}
		e.ValueType, e.Value, e.Raw = vt, d.text(v), nil
	case jsontape.True, jsontape.False, jsontape.Number:
		got := k.String()
		switch {
		case !primitiveTypes[vt]:
			report("expected object for a complex value, got " + got)
		case jsonKindName(vt) != got:
			report("expected " + jsonKindName(vt) + ", got " + got)
		}
		e.ValueType, e.Value, e.Raw = vt, string(d.t.Raw(v)), nil
	default:
		d.wrongType(v, "value"+vt, "a value")
	}
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

// compact appends value v to dst without insignificant space and with
// strings re-escaped canonically, so equal values give equal bytes.
func (d *jsonDecoder) compact(dst []byte, v int) []byte {
	switch d.toks[v].Kind {
	case jsontape.Object:
		dst = append(dst, '{')
		d.object(v, func(key, v int) {
			if dst[len(dst)-1] != '{' {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, d.t.Text(key))
			dst = append(dst, ':')
			dst = d.compact(dst, v)
		})
		return append(dst, '}')
	case jsontape.Array:
		dst = append(dst, '[')
		d.array(v, func(n, item int) {
			if n > 0 {
				dst = append(dst, ',')
			}
			dst = d.compact(dst, item)
		})
		return append(dst, ']')
	case jsontape.String:
		return appendJSONString(dst, d.t.Text(v))
	}
	return append(dst, d.t.Raw(v)...)
}
