package operationoutcome

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

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
