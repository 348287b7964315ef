package catalog

import (
	"crypto/rand"
	"encoding/hex"
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
	if e.entry == nil || e.entry.Body != BodyOperationOutcome && e.entry.Body != "" {
		return nil
	}
	s := stamp{now: time.Now, newID: NewID}
	for _, o := range opts {
		o(&s)
	}
	ent, d := e.entry, e.entry.Dialect
	oo := &operationoutcome.OperationOutcome{}
	if d != nil {
		if d.ID != IDNone && d.ID != "" {
			oo.ID = s.newID(d.ID)
		}
		var meta operationoutcome.Meta
		if d.LastUpdated == Required {
			var buf [32]byte
			meta.LastUpdated = string(timefmt.AppendMillis(buf[:0], s.now().UTC()))
		}
		if d.Profile != "" && d.ProfileRule != Prohibited {
			meta.Profile = []string{d.Profile}
		}
		if meta.LastUpdated != "" || meta.Profile != nil {
			oo.Meta = &meta
		}
	}
	iss := operationoutcome.Issue{Severity: ent.Severity, Code: ent.IssueType, Expression: expandAll(ent.Expression, ent.Params, e.values)}
	if ent.System != nil || ent.Code != "" {
		c := operationoutcome.Coding{System: ent.SystemURL(), Code: ent.Code}
		if d != nil {
			c.Version = d.CodingVersionSent
		}
		if d == nil || d.Display != Prohibited {
			c.Display = ent.displayFor(e.values)
		}
		iss.Details = &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{c}}
	}
	if ent.Diagnostics != nil {
		iss.Diagnostics = ent.Diagnostics.expandParams(ent.Params, e.values)
	}
	oo.Issue = []operationoutcome.Issue{iss}
	e.joinedIssues(oo, opts)
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
func NewID(p IDPolicy) string {
	var b [26]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:16])
	id := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	if p == IDUUIDDigits20 {
		digits := make([]byte, 20)
		for i := range digits {
			digits[i] = '0' + b[16+i%10]%10
			if i >= 10 {
				digits[i] = '0' + (b[16+i%10]/10)%10
			}
		}
		id += "-" + string(digits)
	}
	return id
}
