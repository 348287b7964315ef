package catalogtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
)

// Row is one error type as an API's sources give it: the entry's name, its
// coding and its HTTP status (0 when the sources do not state it). It is an
// unnamed struct type, so that the tables of the catalogue tests write their
// rows without field names.
type Row = struct {
	Name   string
	System string
	Code   string
	Status int
}

// CompareEntries fails t unless entries are exactly the rows of want, in any
// order, and logs how many entries and variants there are.
func CompareEntries(t *testing.T, want []Row, entries []*catalog.Entry) {
	t.Helper()
	var got []Row
	variants := 0
	for _, e := range entries {
		got = append(got, Row{e.Name, e.SystemURL(), e.Code, e.Status})
		variants += len(e.Variants)
	}
	byName := func(a, b Row) int { return strings.Compare(a.Name, b.Name) }
	want = slices.Clone(want)
	slices.SortStableFunc(want, byName)
	slices.SortStableFunc(got, byName)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("entries (-want +got):\n%s", d)
	}
	t.Logf("%d entries, %d variants", len(got), variants)
}

// CheckMatch fails t unless an identification (m, ok) is the entry named
// entry with no difference, through exactly the documented variants named,
// and, when params is not nil, with those parameter values.
func CheckMatch(t *testing.T, m catalog.Match, ok bool, entry string, variants []string, params map[string]string) {
	t.Helper()
	if !ok {
		t.Fatalf("not identified, want %s", entry)
	}
	if m.Entry.Name != entry || len(m.Differences) != 0 {
		t.Fatalf("identified as %s with differences %+v, want %s", m.Entry.Name, m.Differences, entry)
	}
	if d := cmp.Diff(variants, VariantNames(m)); d != "" {
		t.Errorf("variants (-want +got):\n%s", d)
	}
	if params != nil {
		if d := cmp.Diff(params, m.Params); d != "" {
			t.Errorf("params (-want +got):\n%s", d)
		}
	}
}

// VariantNames lists the names of the variants a match needed.
func VariantNames(m catalog.Match) []string {
	var vs []string
	for _, v := range m.Variants {
		vs = append(vs, v.Name)
	}
	return vs
}
