package operationoutcome

import (
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
)

// extensions decodes the array v, the member name, into dst.
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
