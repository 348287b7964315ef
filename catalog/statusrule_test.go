package catalog

import (
	"testing"

	"github.com/spinecat/spinecat/operationoutcome"
)

func TestStatusRule(t *testing.T) {
	rule := &StatusRule{Every: []StatusCase{
		{IssueType: operationoutcome.IssueInformational, Status: 200},
		{IssueType: operationoutcome.IssueForbidden, Status: 403},
	}, Otherwise: 400}
	issues := func(types ...operationoutcome.IssueType) []operationoutcome.Issue {
		out := make([]operationoutcome.Issue, len(types))
		for i, ty := range types {
			out[i] = operationoutcome.Issue{Severity: "error", Code: ty}
		}
		return out
	}
	tests := []struct {
		name   string
		issues []operationoutcome.Issue
		want   int
	}{
		{"every issue forbidden", issues("forbidden", "forbidden"), 403},
		{"every issue informational", issues("informational", "informational"), 200},
		{"mixed", issues("forbidden", "value"), 400},
		{"forbidden and informational", issues("forbidden", "informational"), 400},
		{"none", nil, 400},
	}
	for _, tt := range tests {
		if got := rule.Status(tt.issues); got != tt.want {
			t.Errorf("%s: Status = %d, want %d", tt.name, got, tt.want)
		}
	}
	const want = `200 when every issue is "informational", 403 when every issue is "forbidden", else 400`
	if got := rule.String(); got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
