package operationoutcome

import (
	"errors"
	"fmt"
)

// Encodable reports what AppendJSON and AppendXML would have to leave out of o:
// a zero severity or issue code, an extension without a usable value type, a
// complex extension value that is not a JSON object, or a text.div that is not
// a well-formed XHTML div. It does not judge FHIR conformance beyond that
// (package validate does).
func (o *OperationOutcome) Encodable() error {
	if o == nil {
		return errors.New("operationoutcome: nil OperationOutcome")
	}
	// The path is kept as a stack and only rendered for a problem, so a
	// valid outcome is checked without allocating.
	c := omissions{path: make(pathStack, 0, 8)}
	c.push("OperationOutcome", -1)
	c.extensions("extension", o.Extension)
	c.extensions("modifierExtension", o.ModifierExtension)
	if o.Meta != nil {
		c.push("meta", -1)
		c.extensions("extension", o.Meta.Extension)
		c.pop()
	}
	if o.Text != nil && o.Text.Div != "" && !wellFormedDiv(o.Text.Div) {
		c.add("text.div", "not a well-formed XHTML div element")
	}
	for i := range o.Issue {
		is := &o.Issue[i]
		c.push("issue", i)
		if is.Severity == "" {
			c.add("severity", "zero severity")
		}
		if is.Code == "" {
			c.add("code", "zero issue type")
		}
		c.extensions("extension", is.Extension)
		c.extensions("modifierExtension", is.ModifierExtension)
		if d := is.Details; d != nil {
			c.push("details", -1)
			c.extensions("extension", d.Extension)
			for j := range d.Coding {
				c.push("coding", j)
				c.extensions("extension", d.Coding[j].Extension)
				c.pop()
			}
			c.pop()
		}
		c.pop()
	}
	return errors.Join(c.errs...)
}

// omissions collects what the encoders would leave out, at its FHIR path.
type omissions struct {
	path pathStack
	errs []error
}

func (c *omissions) push(name string, i int) { c.path = append(c.path, pathSeg{name, i}) }

func (c *omissions) pop() { c.path = c.path[:len(c.path)-1] }

// add records a problem at the child element name ("" for the current one).
func (c *omissions) add(name, msg string) {
	p := c.path.String()
	if name != "" {
		p = c.path.child(name)
	}
	c.errs = append(c.errs, errors.New("operationoutcome: "+p+": "+msg))
}

func (c *omissions) extensions(name string, es []Extension) {
	for i := range es {
		e := &es[i]
		c.push(name, i)
		c.extensions("extension", e.Extension)
		switch {
		case e.ValueType == "":
			if e.Value != "" || e.Raw != nil {
				c.add("", "value without a ValueType")
			}
		case !validValueType(e.ValueType):
			c.add("", fmt.Sprintf("ValueType %q is not a FHIR type name", e.ValueType))
		case e.Raw != nil:
			if !isJSONObject(e.Raw) {
				c.add("value"+e.ValueType, "Raw is not a JSON object")
			}
		case jsonKindOf(e.ValueType) == kindBool:
			if e.Value != "true" && e.Value != "false" {
				c.add("value"+e.ValueType, fmt.Sprintf("%q is not a boolean", e.Value))
			}
		case jsonKindOf(e.ValueType) == kindNumber:
			if !validJSONNumber(e.Value) {
				c.add("value"+e.ValueType, fmt.Sprintf("%q is not a number", e.Value))
			}
		}
		c.pop()
	}
}
