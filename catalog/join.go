package catalog

import "github.com/spinecat/spinecat/operationoutcome"

// Join returns one error whose OperationOutcome carries an issue for each
// of errs, in order, as a service that collects every validation issue into
// one response answers (EPS). The joined error is the first error for
// errors.Is, Param and Diagnostics; its status is the one the status rule of
// the first error's dialect gives the issues, or the first error's when the
// dialect has no rule. Errors without an OperationOutcome body, or of
// another dialect than the first, cannot share its outcome and are left
// out; nil errors too. Join returns nil when nothing is left.
func Join(errs ...*Error) *Error {
	var first *Error
	var more []*Error
	for _, e := range errs {
		for _, p := range e.Parts() {
			switch {
			case p == nil || !p.hasOutcome():
			case first == nil:
				c := *p
				first = &c
			case p.entry.Dialect == first.entry.Dialect:
				more = append(more, p)
			}
		}
	}
	if first == nil {
		return nil
	}
	first.more = more
	return first
}

// Parts returns the errors a joined error was made of, the first first; for
// any other error, the error itself.
func (e *Error) Parts() []*Error {
	if e == nil {
		return nil
	}
	if len(e.more) == 0 {
		return []*Error{e}
	}
	head := *e
	head.more = nil
	return append([]*Error{&head}, e.more...)
}

// joinedIssues appends the issue of each joined error after the first.
func (e *Error) joinedIssues(oo *operationoutcome.OperationOutcome, s stamp) {
	for _, p := range e.more {
		if p.hasOutcome() {
			po := p.build(new(outcomeParts), s)
			oo.Issue = append(oo.Issue, po.Issue...)
		}
	}
}

// joinedStatus is the status the dialect's rule gives a joined error's
// issues; 0 when it is not joined or the dialect has no rule.
func (e *Error) joinedStatus() int {
	if len(e.more) == 0 || e.entry == nil || e.entry.Dialect == nil || e.entry.Dialect.StatusRule == nil {
		return 0
	}
	issues := []operationoutcome.Issue{{Code: e.entry.IssueType}}
	for _, p := range e.more {
		issues = append(issues, operationoutcome.Issue{Code: p.entry.IssueType})
	}
	return e.entry.Dialect.StatusRule.Status(issues)
}
