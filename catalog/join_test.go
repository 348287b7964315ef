package catalog_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/eps"
	"github.com/spinecat/spinecat/catalog/nrl"
)

// Errors joined into one outcome: one issue each, in order, the status the
// dialect's rule gives them, the first error for errors.Is; errors of
// another dialect, or without an OperationOutcome, are left out.
func TestJoin(t *testing.T) {
	scope := eps.MissingScope("prescribing")
	restricted := eps.UserRestrictedOnly("Prescribing")
	field := eps.MissingRequiredField("organization.partOf")
	clock := catalog.WithClock(func() time.Time { return time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC) })
	tests := []struct {
		name   string
		errs   []*catalog.Error
		status int
		types  []string // each issue's type, in order
	}{
		{"every issue forbidden", []*catalog.Error{scope, restricted}, 403, []string{"forbidden", "forbidden"}},
		{"mixed", []*catalog.Error{scope, field}, 400, []string{"forbidden", "invalid"}},
		{"one", []*catalog.Error{field}, 400, []string{"invalid"}},
		{"another dialect left out", []*catalog.Error{scope, eps.ServerError(), restricted}, 403, []string{"forbidden", "forbidden"}},
		{"a joined error joined again", []*catalog.Error{catalog.Join(scope, restricted), field}, 400, []string{"forbidden", "forbidden", "invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := catalog.Join(tt.errs...)
			oo := j.OperationOutcome(clock)
			var types []string
			for _, iss := range oo.Issue {
				types = append(types, string(iss.Code))
			}
			if d := cmp.Diff(tt.types, types); d != "" {
				t.Errorf("issues (-want +got):\n%s", d)
			}
			if got := j.HTTPStatus(); got != tt.status {
				t.Errorf("status %d, want %d", got, tt.status)
			}
			if !errors.Is(j, catalog.Sentinel(tt.errs[0].Parts()[0].Entry())) {
				t.Errorf("the joined error is not its first error for errors.Is")
			}
			if got, want := string(j.AppendJSON(nil, clock)), string(oo.AppendJSON(nil)); got != want {
				t.Errorf("AppendJSON\n%s\ndiffers from the OperationOutcome\n%s", got, want)
			}
			if n := len(j.Parts()); n != len(tt.types) {
				t.Errorf("%d parts, want %d", n, len(tt.types))
			}
		})
	}
	if catalog.Join() != nil || catalog.Join(nil, nrl.InternalError()) != nil {
		t.Error("Join of nothing, or of errors without an outcome, is not nil")
	}
}
