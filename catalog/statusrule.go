package catalog

import (
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// StatusRule is how a dialect chooses the HTTP status of an OperationOutcome
// that carries several issues, each of which may be a different entry: the
// status of the first case whose issue type every issue has, else
// Otherwise. EPS answers 403 when every issue is forbidden, 200 when every
// issue is informational, and 400 otherwise.
type StatusRule struct {
	Every     []StatusCase
	Otherwise int
}

// StatusCase is one case of a StatusRule: the status of an outcome all of
// whose issues have IssueType.
type StatusCase struct {
	IssueType operationoutcome.IssueType
	Status    int
}

// Status returns the status the rule gives an outcome with these issues.
func (s *StatusRule) Status(issues []operationoutcome.Issue) int {
	for _, c := range s.Every {
		all := len(issues) > 0
		for i := range issues {
			all = all && issues[i].Code == c.IssueType
		}
		if all {
			return c.Status
		}
	}
	return s.Otherwise
}

// String describes the rule in words: `403 when every issue is "forbidden",
// 200 when every issue is "informational", else 400`.
func (s *StatusRule) String() string {
	var parts []string
	for _, c := range s.Every {
		parts = append(parts, strconv.Itoa(c.Status)+" when every issue is "+strconv.Quote(string(c.IssueType)))
	}
	parts = append(parts, "else "+strconv.Itoa(s.Otherwise))
	return strings.Join(parts, ", ")
}

// outcomeStatus reports whether the status of an outcome with n issues is
// the dialect's status rule's rather than any one entry's.
func outcomeStatus(d *Dialect, n int) bool {
	return n > 1 && d != nil && d.StatusRule != nil
}
