package operationoutcome

import (
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/internal/textpos"
)

// DecodeJSON decodes a FHIR JSON OperationOutcome. See [Decode] for the
// options and the errors returned.
//
// The body is read once by the module's JSON scanner into a tape of its
// values, from which the OperationOutcome is built; nothing else reads the
// bytes.
func DecodeJSON(data []byte, opts DecodeOptions) (*OperationOutcome, error) {
	t := jsontape.Scan(data, skipBOM(data))
	defer t.Release()
	return DecodeTape(t, opts)
}

// DecodeTape is [DecodeJSON] for a body the module's JSON scanner has
// already read, so that spinecat's checker scans each body once whatever
// reads it. The tape's type is internal to this module: outside it, use
// DecodeJSON.
func DecodeTape(t *jsontape.Tape, opts DecodeOptions) (*OperationOutcome, error) {
	if f, stops := t.Stop(); stops {
		return nil, syntaxError(t.Body, f)
	}
	d := jsonDecoder{t: t, toks: t.Tokens, strict: opts.Strict, version: opts.Version, lines: textpos.Cursor{Text: t.Body}}
	d.path = d.pathBuf[:0]
	o := d.outcome()
	if d.fatal != nil {
		return nil, d.fatal
	}
	return o, joinDecodeErrors(d.errs)
}

// syntaxError is the error of a body the scanner cannot read.
func syntaxError(data []byte, f jsontape.Fault) *DecodeError {
	e := &DecodeError{Kind: KindSyntax, Msg: "not valid JSON: " + f.Kind.String()}
	switch {
	case f.Kind == jsontape.FaultTooDeep:
		e.Kind, e.Msg = KindTooDeep, "nesting deeper than "+strconv.Itoa(jsontape.MaxDepth)
	case f.Kind == jsontape.FaultEOF && f.Depth == 0 && f.Ref < 0 && blank(data):
		e.Msg = "empty input"
	}
	e.Line, e.Column = textpos.Of(data, f.Off)
	return e
}

func blank(data []byte) bool {
	for _, c := range data[skipBOM(data):] {
		if !isJSONSpace(c) {
			return false
		}
	}
	return true
}

// UnmarshalJSON decodes FHIR JSON into o, leniently (unknown elements are
// ignored). Use [DecodeJSON] for strict decoding.
func (o *OperationOutcome) UnmarshalJSON(data []byte) error {
	v, err := DecodeJSON(data, DecodeOptions{})
	if v != nil {
		*o = *v
	}
	return err
}

// jsonDecoder builds the OperationOutcome from a tape: it never builds a
// generic tree and allocates only the strings and slices that end up in
// the result. The tape is complete, so nothing here meets a syntax error.
type jsonDecoder struct {
	t       *jsontape.Tape
	toks    []jsontape.Token
	strict  bool
	version Version
	path    pathStack
	pathBuf [8]pathSeg
	errs    []*DecodeError
	fatal   *DecodeError
	scratch []byte
	lines   textpos.Cursor
	// src is the body as one string, made on the first string decoded:
	// the strings of the result are slices of it, one allocation in all.
	src string
	blk *outcomeBlock
}

// outcomeBlock holds the parts of an OperationOutcome of the usual shape
// (a meta, one issue with one coding), so that they cost one allocation;
// each part is used once, and any further one is allocated on its own.
type outcomeBlock struct {
	oo                    OperationOutcome
	meta                  Meta
	issue                 [1]Issue
	details               CodeableConcept
	coding                [1]Coding
	usedMeta, usedDetails bool
	usedIssue, usedCoding bool
}

// issues returns an empty slice for n issues.
func (b *outcomeBlock) issues(n int) []Issue {
	if n == 1 && !b.usedIssue {
		b.usedIssue = true
		return b.issue[:0]
	}
	return make([]Issue, 0, n)
}

// codings returns an empty slice for n codings.
func (b *outcomeBlock) codings(n int) []Coding {
	if n == 1 && !b.usedCoding {
		b.usedCoding = true
		return b.coding[:0]
	}
	return make([]Coding, 0, n)
}

// sharedUpTo is the largest body whose strings share one allocation; a
// larger body's strings are copied one by one, so that a few short values
// do not keep a large body alive.
const sharedUpTo = 64 << 10

// text returns the text of string token v.
func (d *jsonDecoder) text(v int) string {
	tok := &d.toks[v]
	if tok.Flags&jsontape.Escaped != 0 || len(d.t.Body) > sharedUpTo {
		return d.t.Text(v)
	}
	if d.src == "" {
		d.src = string(d.t.Body)
	}
	return d.src[tok.Start+1 : tok.End-1]
}

func (d *jsonDecoder) push(name string, index int) { d.path = append(d.path, pathSeg{name, index}) }
func (d *jsonDecoder) pop()                        { d.path = d.path[:len(d.path)-1] }

// errAt records a problem of kind k at offset off.
func (d *jsonDecoder) errAt(off int, k DecodeErrorKind, path, msg string) {
	line, col := d.lines.At(off)
	d.errs = append(d.errs, &DecodeError{Kind: k, Path: path, Line: line, Column: col, Msg: msg})
}

// object calls member for each member of object token i with the index of
// its key and of its value.
func (d *jsonDecoder) object(i int, member func(key, v int)) {
	j := i + 1
	for range d.toks[i].Len {
		member(j, j+1)
		j = d.toks[j+1].Next
	}
}

// array calls item for each item of array token i with its position and
// its index.
func (d *jsonDecoder) array(i int, item func(n, v int)) {
	j := i + 1
	for n := range d.toks[i].Len {
		item(n, j)
		j = d.toks[j].Next
	}
}

// name returns the name of key token k, decoded into the scratch buffer
// when it has escapes; it is valid until the next call.
func (d *jsonDecoder) name(k int) []byte {
	if d.toks[k].Flags&jsontape.Escaped == 0 {
		return d.t.Content(k)
	}
	d.scratch = d.t.AppendText(d.scratch[:0], k)
	return d.scratch
}

// kindName names the JSON type of token v for a message.
func (d *jsonDecoder) kindName(v int) string { return d.toks[v].Kind.String() }

// wrongType records that value v has the wrong JSON type.
func (d *jsonDecoder) wrongType(v int, name, want string) {
	got := d.kindName(v)
	if d.toks[v].Kind == jsontape.Null && !d.strict {
		return // encoding/json treats null as absent; so do we, leniently
	}
	d.errAt(d.toks[v].Start, KindWrongType, d.path.child(name), "expected "+want+", got "+got)
}

// str decodes string value v of the member called name.
func (d *jsonDecoder) str(v int, name string, dst *string) {
	if d.toks[v].Kind != jsontape.String {
		d.wrongType(v, name, "string")
		return
	}
	*dst = d.text(v)
}

// code decodes string value v of the member called name, a severity or an
// issue type: the constant, so that a code costs no allocation.
func (d *jsonDecoder) code(v int, name string, dst *string) {
	if d.toks[v].Kind != jsontape.String || d.toks[v].Flags&jsontape.Escaped != 0 {
		d.str(v, name, dst)
		return
	}
	if c, ok := codes[string(d.t.Content(v))]; ok {
		*dst = c
		return
	}
	*dst = string(d.t.Content(v))
}

// codes holds every severity and issue type.
var codes = func() map[string]string {
	m := map[string]string{}
	for _, s := range severities {
		m[string(s)] = string(s)
	}
	for _, t := range issueTypesR4 {
		m[string(t)] = string(t)
	}
	return m
}()

// strs decodes array value v of strings.
func (d *jsonDecoder) strs(v int, name string, dst *[]string) {
	if d.toks[v].Kind != jsontape.Array {
		d.wrongType(v, name, "array")
		return
	}
	var out []string
	d.array(v, func(n, item int) {
		switch d.toks[item].Kind {
		case jsontape.Null: // nulls align with "_name" siblings
		case jsontape.String:
			out = append(out, d.text(item))
		default:
			d.wrongType(item, name+"["+strconv.Itoa(n)+"]", "string")
		}
	})
	*dst = out
}
