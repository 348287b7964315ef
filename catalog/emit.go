package catalog

import (
	"crypto/rand"
	"errors"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/timefmt"
	"github.com/spinecat/spinecat/operationoutcome"
)

// The emit fast path: a server sends one error per response, and building
// the OperationOutcome struct only to encode it costs a dozen allocations.
// AppendJSON writes the same bytes straight from the entry and its dialect.

// ErrNoOutcome is returned by [Error.WriteJSON] for an error whose entry
// documents no OperationOutcome body (an empty 401, an HTML 500), or that
// no entry identifies.
var ErrNoOutcome = errors.New("catalog: the error has no OperationOutcome body")

// AppendJSON appends the OperationOutcome a service of the entry's dialect
// sends for this error, as compact FHIR JSON, to dst and returns the
// extended slice. The bytes are those of
// e.OperationOutcome(opts...).AppendJSON(dst) (so "null" where
// [Error.OperationOutcome] returns nil), written without building the
// struct: with the default id source and clock it allocates nothing beyond
// dst's growth.
func (e *Error) AppendJSON(dst []byte, opts ...Option) []byte {
	if !e.hasOutcome() {
		return append(dst, "null"...)
	}
	if len(e.more) > 0 {
		return e.OperationOutcome(opts...).AppendJSON(dst)
	}
	var s stamp
	if len(opts) > 0 {
		s = applyOptions(opts)
	}
	pl := planFor(e.entry)
	dst = append(dst, `{"resourceType":"OperationOutcome"`...)
	if pl.id != "" {
		if s.newID != nil {
			if id := s.newID(pl.id); id != "" {
				dst = append(dst, `,"id":`...)
				dst = operationoutcome.AppendJSONString(dst, id)
			}
		} else {
			dst = append(dst, `,"id":"`...)
			dst = appendNewID(dst, pl.id)
			dst = append(dst, '"')
		}
	}
	if pl.lastUpdated || pl.profile != nil {
		dst = append(dst, `,"meta":{`...)
		if pl.lastUpdated {
			now := time.Now
			if s.now != nil {
				now = s.now
			}
			dst = append(dst, `"lastUpdated":"`...)
			dst = timefmt.AppendMillis(dst, now().UTC())
			dst = append(dst, '"')
			if pl.profile != nil {
				dst = append(dst, ',')
			}
		}
		dst = append(dst, pl.profile...)
		dst = append(dst, '}')
	}
	dst = append(dst, `,"issue":[{`...)
	n := len(dst)
	dst = append(dst, pl.issue...)
	if pl.display != nil {
		dst = pl.display.appendField(dst, "display", e.values)
	}
	if pl.coded {
		dst = append(dst, "}]}"...)
	}
	if pl.diag != nil {
		dst = pl.diag.appendField(dst, "diagnostics", e.values)
	}
	dst = append(dst, pl.tail...)
	if pl.exprs != nil {
		dst = appendExpression(dst, expandAll(pl.exprs, pl.exprParams, e.values))
	}
	dst = dropFirstComma(dst, n)
	return append(dst, "}]}"...)
}

// emitPlan is what AppendJSON writes for one entry, worked out once: the
// parts that do not depend on the parameter values, already escaped.
type emitPlan struct {
	id          IDPolicy // "": no id
	lastUpdated bool
	profile     []byte // `"profile":[...]`; nil: none
	// issue is the severity and code and, for a coded entry, the opened
	// coding with its system, version, code and literal display, each
	// with a leading comma.
	issue   []byte
	display *textPlan // a display template; nil: the display, if any, is in issue
	coded   bool      // issue opened a coding, closed after the display
	diag    *textPlan
	// tail is the expression, with a leading comma; nil when it has
	// placeholders, and exprs are filled in per error.
	tail       []byte
	exprs      []*Template
	exprParams []Param // the entry's parameters, for expressions with placeholders
}

// textPlan is how a template is written with its values: its literals
// escaped once, and where each placeholder's value is among the entry's.
type textPlan struct {
	t         *Template
	params    []Param
	lits      [][]byte // the template's literals, escaped, without quotes
	litsLen   int      // their unescaped length
	litsValid bool     // every literal is valid UTF-8
	values    []int    // per placeholder, its index in the entry's values; -1: none
}

// plans caches an emitPlan per entry. Entries are not changed once built,
// so a plan stays true.
var plans sync.Map // *Entry -> *emitPlan

func planFor(ent *Entry) *emitPlan {
	if p, ok := plans.Load(ent); ok {
		return p.(*emitPlan)
	}
	p, _ := plans.LoadOrStore(ent, newPlan(ent))
	return p.(*emitPlan)
}

func newPlan(ent *Entry) *emitPlan {
	pl := &emitPlan{}
	d := ent.Dialect
	if d != nil {
		if d.ID != IDNone && d.ID != "" {
			pl.id = d.ID
		}
		pl.lastUpdated = d.LastUpdated == Required
		if d.Profile != "" && d.ProfileRule != Prohibited {
			pl.profile = append([]byte(`"profile":[`), operationoutcome.AppendJSONString(nil, d.Profile)...)
			pl.profile = append(pl.profile, ']')
		}
	}
	var b []byte
	b = appendField(b, "severity", string(ent.Severity))
	b = appendField(b, "code", string(ent.IssueType))
	if ent.System != nil || ent.Code != "" {
		pl.coded = true
		b = append(b, `,"details":{"coding":[{`...)
		m := len(b)
		b = appendField(b, "system", ent.SystemURL())
		if d != nil {
			b = appendField(b, "version", d.CodingVersionSent)
		}
		b = appendField(b, "code", ent.Code)
		b = dropFirstComma(b, m)
		if d == nil || d.Display != Prohibited {
			if ent.DisplayTemplate != nil {
				pl.display = newTextPlan(ent.DisplayTemplate, ent.Params)
			} else {
				b = appendField(b, "display", ent.Display)
			}
		}
	}
	pl.issue = b
	if t := ent.Diagnostics; t != nil {
		pl.diag = newTextPlan(t, ent.Params)
	}
	for _, x := range ent.Expression {
		if !x.Literal() {
			// Filled in per error (appendExpression).
			pl.exprs, pl.exprParams = ent.Expression, ent.Params
			return pl
		}
	}
	pl.tail = appendExpression(nil, expandAll(ent.Expression, nil, nil))
	return pl
}

func newTextPlan(t *Template, params []Param) *textPlan {
	tp := &textPlan{t: t, params: params, litsValid: true}
	for _, lit := range t.literals {
		tp.lits = append(tp.lits, appendJSONStringBody(nil, lit))
		tp.litsLen += len(lit)
		tp.litsValid = tp.litsValid && utf8.ValidString(lit)
	}
	for i := range t.params {
		idx := -1
		for j, p := range params {
			if p.Name == t.params[i] {
				idx = j
				break
			}
		}
		tp.values = append(tp.values, idx)
	}
	return tp
}

// appendExpression appends `,"expression":[...]` unless xs is empty.
func appendExpression(dst []byte, xs []string) []byte {
	if len(xs) == 0 {
		return dst
	}
	dst = append(dst, `,"expression":[`...)
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = operationoutcome.AppendJSONString(dst, x)
	}
	return append(dst, ']')
}

// value returns the value of the i-th placeholder.
func (tp *textPlan) value(i int, values []string) string {
	if i < len(tp.values) {
		if j := tp.values[i]; j >= 0 && j < len(values) {
			return values[j]
		}
	}
	return ""
}

// appendField appends `,"name":"<expansion>"` unless the expansion is
// empty, escaping only the values. When a piece is not valid UTF-8,
// escaping the pieces one by one could differ from escaping the whole (a
// rune split across two pieces), so the expansion is built first.
func (tp *textPlan) appendField(dst []byte, name string, values []string) []byte {
	size, valid := tp.litsLen, tp.litsValid
	for i := range tp.values {
		v := tp.value(i, values)
		size += len(v)
		valid = valid && utf8.ValidString(v)
	}
	if size == 0 {
		return dst
	}
	if !valid {
		return appendField(dst, name, tp.t.expandParams(tp.params, values))
	}
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':', '"')
	for i, lit := range tp.lits {
		dst = append(dst, lit...)
		if i < len(tp.values) {
			dst = appendJSONStringBody(dst, tp.value(i, values))
		}
	}
	return append(dst, '"')
}

// WriteJSON writes the JSON of [Error.AppendJSON] to w in one Write, with a
// pooled buffer. For an error without an OperationOutcome body it writes
// nothing and returns [ErrNoOutcome].
func (e *Error) WriteJSON(w io.Writer, opts ...Option) (int, error) {
	if !e.hasOutcome() {
		return 0, ErrNoOutcome
	}
	bp := emitBuffers.Get().(*[]byte)
	buf := e.AppendJSON((*bp)[:0], opts...)
	n, err := w.Write(buf)
	if cap(buf) <= 64<<10 {
		*bp = buf
		emitBuffers.Put(bp)
	}
	return n, err
}

var emitBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// hasOutcome reports whether OperationOutcome returns a body for e.
func (e *Error) hasOutcome() bool {
	return e.entry != nil && (e.entry.Body == BodyOperationOutcome || e.entry.Body == "")
}

// applyOptions runs opts over a stamp whose nil fields mean the defaults.
func applyOptions(opts []Option) stamp {
	var s stamp
	for _, o := range opts {
		o(&s)
	}
	return s
}

// appendField appends `,"name":"v"` unless v is empty, as AppendJSON does.
func appendField(dst []byte, name, v string) []byte {
	if v == "" {
		return dst
	}
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return operationoutcome.AppendJSONString(dst, v)
}

// dropFirstComma removes the comma the first field wrote at n.
func dropFirstComma(dst []byte, n int) []byte {
	if len(dst) > n && dst[n] == ',' {
		copy(dst[n:], dst[n+1:])
		dst = dst[:len(dst)-1]
	}
	return dst
}

// appendJSONStringBody appends s escaped as inside a JSON string, without
// the quotes.
func appendJSONStringBody(dst []byte, s string) []byte {
	n := len(dst)
	dst = operationoutcome.AppendJSONString(dst, s)
	// drop the quotes AppendJSONString wrote around s
	copy(dst[n:], dst[n+1:len(dst)-1])
	return dst[:len(dst)-2]
}

// appendNewID appends an id for policy p, made as NewID makes it, without
// allocating.
func appendNewID(dst []byte, p IDPolicy) []byte {
	var b [26]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	for i := range 16 {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hex[b[i]>>4], hex[b[i]&0x0f])
	}
	if p == IDUUIDDigits20 {
		dst = append(dst, '-')
		for i := range 20 {
			c := '0' + b[16+i%10]%10
			if i >= 10 {
				c = '0' + (b[16+i%10]/10)%10
			}
			dst = append(dst, c)
		}
	}
	return dst
}
