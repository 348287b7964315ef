package all_test

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/spinecat/spinecat/catalog/all"
)

// TestREADMECounts keeps the README's catalogue table true.
func TestREADMECounts(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skipf("skipping: no README: %v", err)
	}
	row := regexp.MustCompile("(?m)^\\| \\[`catalog/([a-z]+)`\\].*\\| ([0-9]+) \\|$")
	counts := map[string]int{}
	for _, e := range all.Registry().Entries() {
		counts[e.API]++
	}
	rows := row.FindAllStringSubmatch(string(data), -1)
	if len(rows) != len(counts) {
		t.Fatalf("found %d catalogue rows with an entry count in README.md, want one per API (%d: %v)", len(rows), len(counts), all.Registry().APINames())
	}
	for _, m := range rows {
		n, _ := strconv.Atoi(m[2])
		if counts[m[1]] != n {
			t.Errorf("README.md says catalog/%s has %d entries; it has %d", m[1], n, counts[m[1]])
		}
	}
}
