package operationoutcome

import "encoding/xml"

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
