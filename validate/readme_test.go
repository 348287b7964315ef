package validate

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryRule keeps the README's rule table complete.
func TestREADMEListsEveryRule(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skipf("skipping: no README beside the package: %v", err)
	}
	for _, r := range Rules {
		if !strings.Contains(string(data), "`"+r.ID+"`") {
			t.Errorf("README.md does not list rule %s (%s)", r.ID, r.Description)
		}
	}
}
