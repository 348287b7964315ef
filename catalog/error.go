package catalog

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Error is a catalogue error: an Entry with the values of its diagnostics
// parameters. Servers create one with a generated constructor and send it;
// clients get one back from a response, with the OperationOutcome and status
// they received.
//
// Errors compare with errors.Is by entry identity, so
// errors.Is(err, nrl.ErrNoRecordFoundDocumentReference) holds for any
// NO_RECORD_FOUND-for-a-DocumentReference error whatever its id.
type Error struct {
	entry    *Entry
	variants []*Variant
	values   []string // aligned with entry.Params
	status   int      // the status sent or received; 0: the entry's
	received *operationoutcome.OperationOutcome
	issue    int      // index of the identified issue in received
	note     string   // what came back instead of an OperationOutcome
	more     []*Error // the errors joined after this one into one outcome (Join)
}

// New returns an error for entry e with parameter values in the order of
// e.Params. Generated constructors call it; it is exported for catalogues
// loaded at run time.
func New(e *Entry, values ...string) *Error {
	if len(values) > len(e.Params) {
		values = values[:len(e.Params)]
	}
	return &Error{entry: e, values: values}
}

// Sentinel returns the error that stands for every error of entry e in
// errors.Is comparisons. It has no parameter values.
func Sentinel(e *Entry) *Error { return &Error{entry: e} }

// Entry returns the catalogue entry, or nil for an error response that no
// entry identifies.
func (e *Error) Entry() *Entry { return e.entry }

// Variants returns the documented variants the received issue matched, if
// any; nil for an error created by a constructor.
func (e *Error) Variants() []*Variant { return e.variants }

// Param returns the value of the named diagnostics parameter.
func (e *Error) Param(name string) string {
	if e.entry == nil {
		return ""
	}
	for i, p := range e.entry.Params {
		if p.Name == name && i < len(e.values) {
			return e.values[i]
		}
	}
	return ""
}

// Params returns the diagnostics parameter values by name.
func (e *Error) Params() map[string]string {
	out := map[string]string{}
	if e.entry == nil {
		return out
	}
	for i, p := range e.entry.Params {
		if i < len(e.values) {
			out[p.Name] = e.values[i]
		}
	}
	return out
}

// HTTPStatus returns the status received with the error, else, for errors
// joined into one outcome, the status its dialect's rule gives them, else
// the entry's documented status, else 500.
func (e *Error) HTTPStatus() int {
	switch {
	case e.status != 0:
		return e.status
	case e.joinedStatus() != 0:
		return e.joinedStatus()
	case e.entry != nil && e.entry.Status != 0:
		return e.entry.Status
	}
	return http.StatusInternalServerError
}

// Diagnostics returns the diagnostics text: the received one on the client
// side, else the entry's template filled with the parameter values.
func (e *Error) Diagnostics() string {
	if iss := e.receivedIssue(); iss != nil {
		return iss.Diagnostics
	}
	if e.entry == nil || e.entry.Diagnostics == nil {
		return ""
	}
	return e.entry.Diagnostics.expandParams(e.entry.Params, e.values)
}

// Display returns the coding display: the received one on the client side,
// else the entry's display, its template filled with the parameter values.
func (e *Error) Display() string {
	if iss := e.receivedIssue(); iss != nil {
		if c := iss.FirstCoding(); c != nil {
			return c.Display
		}
		return ""
	}
	return e.entryDisplay()
}

// entryDisplay is the display the entry documents, filled in.
func (e *Error) entryDisplay() string {
	if e.entry == nil {
		return ""
	}
	return e.entry.displayFor(e.values)
}

// Received returns the OperationOutcome the error was read from, or nil for
// an error created by a constructor.
func (e *Error) Received() *operationoutcome.OperationOutcome { return e.received }

func (e *Error) receivedIssue() *operationoutcome.Issue {
	if e.received == nil || e.issue < 0 || e.issue >= len(e.received.Issue) {
		return nil
	}
	return &e.received.Issue[e.issue]
}

// Error describes the error on one line: API, status, code and diagnostics,
// then the entry's remediation hint; for a response no entry identifies
// and that carried no OperationOutcome, the status and what came back.
func (e *Error) Error() string {
	if e.entry == nil && e.received == nil && e.note != "" {
		return strings.TrimSpace(strconv.Itoa(e.HTTPStatus())+" "+http.StatusText(e.HTTPStatus())) + ": " + e.note
	}
	var b strings.Builder
	if e.entry != nil {
		b.WriteString(e.entry.API)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.HTTPStatus()))
	code := e.code()
	if code != "" {
		b.WriteString(" ")
		b.WriteString(code)
	}
	if d := e.Diagnostics(); d != "" {
		b.WriteString(": ")
		b.WriteString(d)
	} else if d := cmp.Or(e.Display(), e.entryDisplay()); d != "" {
		b.WriteString(": ")
		b.WriteString(d)
	}
	if e.entry != nil && e.entry.Hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(firstSentence(e.entry.Hint))
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) code() string {
	if iss := e.receivedIssue(); iss != nil {
		if c := iss.FirstCoding(); c != nil {
			return c.Code
		}
		return string(iss.Code)
	}
	if e.entry != nil {
		return e.entry.Code
	}
	return ""
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// Is reports whether target is an *Error of the same entry. An error that no
// entry identifies is never Is another.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e.entry != nil && t.entry == e.entry
}

// FromError returns the *Error in err's chain.
func FromError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HTTPStatus returns the HTTP status for any error: a catalogue error's
// status, 500 for any other non-nil error, 200 for nil.
func HTTPStatus(err error) int {
	if err == nil {
		return http.StatusOK
	}
	if e, ok := FromError(err); ok {
		return e.HTTPStatus()
	}
	return http.StatusInternalServerError
}

// Unidentified returns the error for a response that no entry identifies:
// it carries the status and, when the body was one, the OperationOutcome.
func Unidentified(status int, received *operationoutcome.OperationOutcome) *Error {
	return &Error{status: status, received: received, issue: firstErrorIssue(received)}
}

// WithNote returns a copy of e that says what came back instead of an
// OperationOutcome ("an HTML page, not an OperationOutcome; a proxy or
// gateway answered"), for a response no entry identifies.
func (e *Error) WithNote(note string) *Error {
	c := *e
	c.note = note
	return &c
}

// Note returns what came back instead of an OperationOutcome, for a
// response no entry identifies; "" otherwise.
func (e *Error) Note() string { return e.note }

// WithStatus returns a copy of e that reports status as its HTTP status, as
// a client does for an error it received.
func (e *Error) WithStatus(status int) *Error {
	c := *e
	c.status = status
	return &c
}

// firstErrorIssue is the index of the first issue of severity error or
// fatal, else 0; -1 when there is no issue.
func firstErrorIssue(oo *operationoutcome.OperationOutcome) int {
	if oo == nil || len(oo.Issue) == 0 {
		return -1
	}
	for i, iss := range oo.Issue {
		if iss.Severity == operationoutcome.SeverityError || iss.Severity == operationoutcome.SeverityFatal {
			return i
		}
	}
	return 0
}

// ValidateParams reports the first parameter value that does not fit its
// type (an int that is "two", an NHS number whose check digit is wrong), or
// nil when every value fits. A parameter without a value (one only a
// variant's template has) is not checked.
func (e *Error) ValidateParams() error {
	if e.entry == nil {
		return nil
	}
	for i, p := range e.entry.Params {
		if i >= len(e.values) || e.values[i] == "" {
			continue
		}
		if err := p.Validate(e.values[i]); err != nil {
			return err
		}
	}
	return nil
}
