package catalog

import (
	"crypto/rand"
	"time"

	"github.com/spinecat/spinecat/internal/timefmt"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Option adjusts how an OperationOutcome is stamped.
type Option func(*stamp)

type stamp struct {
	now   func() time.Time
	newID func(IDPolicy) string
}

// WithClock sets the clock used for meta.lastUpdated (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *stamp) { s.now = now } }

// WithIDSource sets the function that makes OperationOutcome.id for the
// dialect's id policy. The default makes a random UUID, followed for NRL by
// "-" and 20 random digits.
func WithIDSource(newID func(IDPolicy) string) Option { return func(s *stamp) { s.newID = newID } }

// InstantLayout is the FHIR instant layout spinecat writes (UTC, milliseconds).
const InstantLayout = timefmt.Layout

// OperationOutcome builds the OperationOutcome a service of the entry's
// dialect sends for this error. It returns nil for an entry documented with
// no OperationOutcome body (an empty 401, an HTML 500), or for an error that
// no entry identifies.
func (e *Error) OperationOutcome(opts ...Option) *operationoutcome.OperationOutcome {
	if !e.hasOutcome() {
		return nil
	}
	var s stamp
	if len(opts) > 0 {
		s = applyOptions(opts)
	}
	return e.build(new(outcomeParts), s)
}

// hasOutcome reports whether OperationOutcome returns a body for e.
func (e *Error) hasOutcome() bool {
	return e.entry != nil && (e.entry.Body == BodyOperationOutcome || e.entry.Body == "")
}

// applyOptions runs opts over a stamp whose nil fields mean the defaults.
// The stamp escapes to the options: callers call it only when there are
// some.
func applyOptions(opts []Option) stamp {
	var s stamp
	for _, o := range opts {
		o(&s)
	}
	return s
}

// outcomeParts holds every piece of one error's OperationOutcome, so that
// it is made in one allocation (or none, from a pool).
type outcomeParts struct {
	oo      operationoutcome.OperationOutcome
	meta    operationoutcome.Meta
	profile [1]string
	issue   [1]operationoutcome.Issue
	details operationoutcome.CodeableConcept
	coding  [1]operationoutcome.Coding
}

// build fills p with the OperationOutcome of e, stamped as s says, and
// returns it. The strings the error adds to its entry's (the id,
// meta.lastUpdated, the expanded diagnostics and display) share one
// allocation. Joined errors' issues follow the first.
func (e *Error) build(p *outcomeParts, s stamp) *operationoutcome.OperationOutcome {
	ent, d := e.entry, e.entry.Dialect
	var buf [256]byte
	b := buf[:0]
	if d != nil && d.ID != IDNone && d.ID != "" {
		if s.newID != nil {
			b = append(b, s.newID(d.ID)...)
		} else {
			b = appendNewID(b, d.ID)
		}
	}
	idEnd := len(b)
	if d != nil && d.LastUpdated == Required {
		now := time.Now
		if s.now != nil {
			now = s.now
		}
		b = timefmt.AppendMillis(b, now().UTC())
	}
	timeEnd := len(b)
	if ent.Diagnostics != nil {
		b = ent.Diagnostics.appendParams(b, ent.Params, e.values)
	}
	diagEnd := len(b)
	display := ent.Display
	if ent.DisplayTemplate != nil {
		b = ent.DisplayTemplate.appendParams(b, ent.Params, e.values)
	}
	added := string(b)
	if ent.DisplayTemplate != nil {
		display = added[diagEnd:]
	}

	oo := &p.oo
	oo.ID = added[:idEnd]
	if lastUpdated := added[idEnd:timeEnd]; lastUpdated != "" || d != nil && d.Profile != "" && d.ProfileRule != Prohibited {
		p.meta.LastUpdated = lastUpdated
		if d.Profile != "" && d.ProfileRule != Prohibited {
			p.profile[0] = d.Profile
			p.meta.Profile = p.profile[:]
		}
		oo.Meta = &p.meta
	}
	iss := &p.issue[0]
	*iss = operationoutcome.Issue{Severity: ent.Severity, Code: ent.IssueType, Expression: expandAll(ent.Expression, ent.Params, e.values), Diagnostics: added[timeEnd:diagEnd]}
	if ent.System != nil || ent.Code != "" {
		c := &p.coding[0]
		*c = operationoutcome.Coding{System: ent.SystemURL(), Code: ent.Code}
		if d != nil {
			c.Version = d.CodingVersionSent
		}
		if d == nil || d.Display != Prohibited {
			c.Display = display
		}
		p.details.Coding = p.coding[:]
		iss.Details = &p.details
	}
	oo.Issue = p.issue[:]
	e.joinedIssues(oo, s)
	return oo
}

// expandAll fills each template from values aligned with params.
func expandAll(ts []*Template, params []Param, values []string) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.expandParams(params, values)
	}
	return out
}

// NewID makes an OperationOutcome.id for policy p: a random version 4 UUID,
// with "-" and 20 random digits appended for IDUUIDDigits20, as NRL does.
func NewID(p IDPolicy) string { return string(appendNewID(nil, p)) }

// appendNewID appends an id for policy p, as NewID makes it.
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
