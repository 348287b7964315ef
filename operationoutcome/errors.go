package operationoutcome

import (
	"errors"
	"strconv"
	"strings"
)

// DecodeError is one problem found while decoding an OperationOutcome: what
// kind of problem it is, where it is (a FHIR path and a 1-based line and
// column) and what is wrong.
type DecodeError struct {
	// Kind classifies the problem; choose by it rather than by Msg, whose
	// wording may change.
	Kind DecodeErrorKind
	// Path is the FHIR path of the element, such as
	// "OperationOutcome.issue[0].details.coding[0].sytem". It is empty when the
	// problem is not inside an element (a syntax error before the root).
	Path string
	// Line and Column are 1-based; Column counts characters, not bytes
	// (see package textpos of the module).
	Line   int
	Column int
	Msg    string
}

// DecodeErrorKind says what kind of problem a [DecodeError] is.
type DecodeErrorKind uint8

// The kinds of decoding problem. The first three stop decoding; the others
// are reported together, in strict mode (wrong types in both modes).
const (
	// KindSyntax: the input is empty or not well-formed JSON or XML.
	KindSyntax DecodeErrorKind = iota
	// KindNotOutcome: the input is well-formed but not an OperationOutcome
	// (another resourceType or root element, or not a JSON object).
	KindNotOutcome
	// KindTooDeep: objects, arrays or elements nest deeper than the decoder
	// follows.
	KindTooDeep
	// KindUnknownElement: an element or attribute the model does not define.
	KindUnknownElement
	// KindDuplicate: an element repeated where it may appear once, or a
	// second value[x].
	KindDuplicate
	// KindNotInValueSet: a severity or issue type that is not a code of its
	// FHIR value set.
	KindNotInValueSet
	// KindWrongType: a value of the wrong type, such as a number where a
	// string belongs, or a userSelected that is neither true nor false.
	KindWrongType
	// KindForm: FHIR XML's form is broken: a primitive without its value
	// attribute, text where only elements belong, a narrative div that does
	// not declare its namespace, a DOCTYPE.
	KindForm
)

var kindNames = [...]string{
	KindSyntax: "syntax", KindNotOutcome: "not-outcome", KindTooDeep: "too-deep",
	KindUnknownElement: "unknown-element", KindDuplicate: "duplicate",
	KindNotInValueSet: "not-in-value-set", KindWrongType: "wrong-type", KindForm: "form",
}

// String returns the kind's name, such as "unknown-element".
func (k DecodeErrorKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "DecodeErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// Error formats the problem as "line:col: path: msg".
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Column))
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// DecodeErrors holds every problem of one decode, in document order. The
// decoders return it only when there are two or more problems; a single
// problem is returned as a bare *DecodeError. errors.As with a *DecodeError
// target finds the first problem either way, and [AllDecodeErrors] gives the
// full list.
type DecodeErrors []*DecodeError

// Error lists the problems, one a line.
func (es DecodeErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems so that errors.Is and errors.As see each one.
func (es DecodeErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// AllDecodeErrors returns every *DecodeError in err, whether err is a
// *DecodeError, a DecodeErrors or wraps one of them; nil if there is none.
func AllDecodeErrors(err error) []*DecodeError {
	var es DecodeErrors
	if errors.As(err, &es) {
		return es
	}
	var e *DecodeError
	if errors.As(err, &e) {
		return []*DecodeError{e}
	}
	return nil
}

// joinDecodeErrors returns nil, the only error, or all of them.
func joinDecodeErrors(es []*DecodeError) error {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return DecodeErrors(es)
}

// pathSeg is one step of a FHIR path; index is -1 outside arrays.
type pathSeg struct {
	name  string
	index int
}

// pathStack is the current position of a decoder. Pushing constant names
// costs no allocation; the string is only built when an error is reported.
type pathStack []pathSeg

func (p pathStack) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
		if s.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// child returns the path of element name under p.
func (p pathStack) child(name string) string {
	s := p.String()
	if s == "" {
		return name
	}
	return s + "." + name
}
