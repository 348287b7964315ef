package operationoutcome

import (
	"encoding/json"
)

// AppendJSON appends the compact FHIR JSON form of o to dst, elements in FHIR
// order, empty elements omitted, and returns the extended slice.
//
// AppendJSON never fails: what it cannot write correctly it leaves out. That
// is a zero Severity or IssueType (never written as a real code), an
// extension whose ValueType is not a FHIR type name, and a complex extension
// value whose Raw is not a JSON object. [OperationOutcome.MarshalJSON] reports
// those as errors instead; use [OperationOutcome.Encodable] to find them first.
// A primitive value of a JSON boolean or number type (Boolean, Integer,
// Decimal, ...) is written bare when its lexical form is valid JSON for that
// type and as a string otherwise, so the output is always valid JSON.
func (o *OperationOutcome) AppendJSON(dst []byte) []byte {
	if o == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"resourceType":"OperationOutcome"`...)
	dst = appendJSONField(dst, `,"id":`, o.ID)
	if m := o.Meta; m != nil && (len(m.Extension) > 0 || m.VersionID != "" || m.LastUpdated != "" || m.Source != "" || len(m.Profile) > 0) {
		dst = append(dst, `,"meta":{`...)
		n := len(dst)
		dst = appendJSONExtensions(dst, `,"extension":`, m.Extension)
		dst = appendJSONField(dst, `,"versionId":`, m.VersionID)
		dst = appendJSONField(dst, `,"lastUpdated":`, m.LastUpdated)
		dst = appendJSONField(dst, `,"source":`, m.Source)
		dst = appendJSONStrings(dst, `,"profile":`, m.Profile)
		dst = fixFirstComma(dst, n)
		dst = append(dst, '}')
	}
	dst = appendJSONField(dst, `,"implicitRules":`, o.ImplicitRules)
	dst = appendJSONField(dst, `,"language":`, o.Language)
	if t := o.Text; t != nil && (t.Status != "" || t.Div != "") {
		dst = append(dst, `,"text":{`...)
		n := len(dst)
		dst = appendJSONField(dst, `,"status":`, t.Status)
		dst = appendJSONField(dst, `,"div":`, t.Div)
		dst = fixFirstComma(dst, n)
		dst = append(dst, '}')
	}
	dst = appendJSONExtensions(dst, `,"extension":`, o.Extension)
	dst = appendJSONExtensions(dst, `,"modifierExtension":`, o.ModifierExtension)
	if len(o.Issue) > 0 {
		dst = append(dst, `,"issue":[`...)
		for i := range o.Issue {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = o.Issue[i].appendJSON(dst)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

func (is *Issue) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	n := len(dst)
	dst = appendJSONField(dst, `,"id":`, is.ID)
	dst = appendJSONExtensions(dst, `,"extension":`, is.Extension)
	dst = appendJSONExtensions(dst, `,"modifierExtension":`, is.ModifierExtension)
	dst = appendJSONField(dst, `,"severity":`, string(is.Severity))
	dst = appendJSONField(dst, `,"code":`, string(is.Code))
	if d := is.Details; d != nil && (len(d.Extension) > 0 || len(d.Coding) > 0 || d.Text != "") {
		dst = append(dst, `,"details":{`...)
		m := len(dst)
		dst = appendJSONExtensions(dst, `,"extension":`, d.Extension)
		if len(d.Coding) > 0 {
			dst = append(dst, `,"coding":[`...)
			for i := range d.Coding {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = d.Coding[i].appendJSON(dst)
			}
			dst = append(dst, ']')
		}
		dst = appendJSONField(dst, `,"text":`, d.Text)
		dst = fixFirstComma(dst, m)
		dst = append(dst, '}')
	}
	dst = appendJSONField(dst, `,"diagnostics":`, is.Diagnostics)
	dst = appendJSONStrings(dst, `,"location":`, is.Location)
	dst = appendJSONStrings(dst, `,"expression":`, is.Expression)
	dst = fixFirstComma(dst, n)
	return append(dst, '}')
}

func (c *Coding) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	n := len(dst)
	dst = appendJSONExtensions(dst, `,"extension":`, c.Extension)
	dst = appendJSONField(dst, `,"system":`, c.System)
	dst = appendJSONField(dst, `,"version":`, c.Version)
	dst = appendJSONField(dst, `,"code":`, c.Code)
	dst = appendJSONField(dst, `,"display":`, c.Display)
	if c.UserSelected != nil {
		if *c.UserSelected {
			dst = append(dst, `,"userSelected":true`...)
		} else {
			dst = append(dst, `,"userSelected":false`...)
		}
	}
	dst = fixFirstComma(dst, n)
	return append(dst, '}')
}

func (e *Extension) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	n := len(dst)
	dst = appendJSONField(dst, `,"url":`, e.URL)
	dst = appendJSONExtensions(dst, `,"extension":`, e.Extension)
	if validValueType(e.ValueType) {
		if e.Raw != nil {
			if isJSONObject(e.Raw) {
				dst = append(dst, `,"value`...)
				dst = append(dst, e.ValueType...)
				dst = append(dst, `":`...)
				dst = append(dst, e.Raw...)
			}
		} else {
			dst = append(dst, `,"value`...)
			dst = append(dst, e.ValueType...)
			dst = append(dst, `":`...)
			switch jsonKindOf(e.ValueType) {
			case kindBool:
				if e.Value == "true" || e.Value == "false" {
					dst = append(dst, e.Value...)
				} else {
					dst = appendJSONString(dst, e.Value)
				}
			case kindNumber:
				if validJSONNumber(e.Value) {
					dst = append(dst, e.Value...)
				} else {
					dst = appendJSONString(dst, e.Value)
				}
			default:
				dst = appendJSONString(dst, e.Value)
			}
		}
	}
	dst = fixFirstComma(dst, n)
	return append(dst, '}')
}

// fixFirstComma drops the comma the first field wrote after an opening brace
// at n: every field writes a leading comma so none needs to know if it is
// first.
func fixFirstComma(dst []byte, n int) []byte {
	if len(dst) > n && dst[n] == ',' {
		copy(dst[n:], dst[n+1:])
		dst = dst[:len(dst)-1]
	}
	return dst
}

// appendJSONField appends key (`,"name":`) and v, unless v is empty.
func appendJSONField(dst []byte, key, v string) []byte {
	if v == "" {
		return dst
	}
	return appendJSONString(append(dst, key...), v)
}

func appendJSONStrings(dst []byte, key string, vs []string) []byte {
	if len(vs) == 0 {
		return dst
	}
	dst = append(dst, key...)
	dst = append(dst, '[')
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, v)
	}
	return append(dst, ']')
}

func appendJSONExtensions(dst []byte, key string, es []Extension) []byte {
	if len(es) == 0 {
		return dst
	}
	dst = append(dst, key...)
	dst = append(dst, '[')
	for i := range es {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = es[i].appendJSON(dst)
	}
	return append(dst, ']')
}

// MarshalJSON returns the FHIR JSON form of o (see [OperationOutcome.AppendJSON]).
// Unlike AppendJSON it refuses to drop anything: it returns the error of
// [OperationOutcome.Encodable] when an issue has a zero severity or code, or an
// extension value cannot be written.
func (o *OperationOutcome) MarshalJSON() ([]byte, error) {
	if err := o.Encodable(); err != nil {
		return nil, err
	}
	return o.AppendJSON(make([]byte, 0, o.sizeHint())), nil
}

// sizeHint guesses the encoded size so that one allocation usually suffices.
func (o *OperationOutcome) sizeHint() int {
	n := 64 + len(o.ID) + len(o.Language) + len(o.ImplicitRules)
	if o.Meta != nil {
		n += 64 + len(o.Meta.VersionID) + len(o.Meta.LastUpdated) + len(o.Meta.Source)
		for _, p := range o.Meta.Profile {
			n += len(p) + 4
		}
	}
	if o.Text != nil {
		n += 32 + len(o.Text.Div)*11/10 + len(o.Text.Status)
	}
	for i := range o.Issue {
		is := &o.Issue[i]
		n += 96 + len(is.Diagnostics)*11/10
		if is.Details != nil {
			n += 64 + len(is.Details.Text)
			for _, c := range is.Details.Coding {
				n += 64 + len(c.System) + len(c.Code) + len(c.Display) + len(c.Version)
			}
		}
		for _, l := range is.Location {
			n += len(l) + 4
		}
		for _, l := range is.Expression {
			n += len(l) + 4
		}
		n += 128 * len(is.Extension)
	}
	n += 128 * (len(o.Extension) + len(o.ModifierExtension))
	return n
}

// jsonKind is how a FHIR primitive type is written in JSON.
type jsonKind uint8

const (
	kindString jsonKind = iota
	kindBool
	kindNumber
)

// jsonKindOf tells, for the part of a value[x] name after "value", whether the
// JSON value is a boolean, a number or a string (every other primitive).
func jsonKindOf(valueType string) jsonKind {
	switch valueType {
	case "Boolean":
		return kindBool
	case "Integer", "Decimal", "UnsignedInt", "PositiveInt":
		return kindNumber
	}
	return kindString
}

// validValueType reports whether t can follow "value" in a value[x] name: an
// upper-case ASCII letter and then letters and digits.
func validValueType(t string) bool {
	if t == "" || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for i := 1; i < len(t); i++ {
		c := t[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// isJSONObject reports whether raw is exactly one valid JSON object.
func isJSONObject(raw []byte) bool {
	i := 0
	for i < len(raw) && isJSONSpace(raw[i]) {
		i++
	}
	return i < len(raw) && raw[i] == '{' && json.Valid(raw)
}

// validJSONNumber reports whether s is a number by the JSON grammar.
func validJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	}
	return i == len(s)
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
