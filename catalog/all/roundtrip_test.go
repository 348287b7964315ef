package all_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/operationoutcome"
)

// TestRoundTripEveryEntry builds every entry of every API with its example
// parameters, encodes it as JSON and, where the dialect serves it, XML,
// decodes it, and identifies it: it must come back as the same entry with
// the same parameter values and no differences.
func TestRoundTripEveryEntry(t *testing.T) {
	// Entries a response cannot tell apart, each with why.
	indistinguishable := map[string]string{
		// Both API Gateway responses carry no coding and free diagnostics;
		// DEFAULT_4XX documents a range of statuses, so status cannot decide.
		"nrlf.APIGATEWAY_DEFAULT_4XX": "nrlf.APIGATEWAY_ACCESS_DENIED",
	}
	reg := all.Registry()
	clock := catalog.WithClock(func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) })
	counts := map[string]int{}
	for _, e := range reg.Entries() {
		if e.Body != catalog.BodyOperationOutcome {
			continue
		}
		values := make([]string, len(e.Params))
		want := map[string]string{}
		for i, p := range e.Params {
			values[i] = p.Example
			want[p.Name] = p.Example
		}
		oo := catalog.New(e, values...).OperationOutcome(clock)
		formats := []string{"json"}
		if e.Dialect != nil && slices.Contains(e.Dialect.Formats, "xml") {
			formats = append(formats, "xml")
		}
		for _, format := range formats {
			t.Run(e.ID()+"/"+format, func(t *testing.T) {
				var data []byte
				if format == "xml" {
					data = oo.AppendXML(nil)
				} else {
					data = oo.AppendJSON(nil)
				}
				back, err := operationoutcome.Decode(data, operationoutcome.DecodeOptions{Strict: true, Version: e.Dialect.FHIR})
				if err != nil {
					t.Fatalf("decode: %v\n%s", err, data)
				}
				if diff := cmp.Diff(oo, back); diff != "" {
					t.Fatalf("decoded outcome differs (-built +decoded):\n%s", diff)
				}
				m, ok := reg.Identify(&back.Issue[0], catalog.Evidence{Status: e.Status, API: e.API})
				if !ok {
					t.Fatalf("not identified:\n%s", data)
				}
				wantEntry := e.ID()
				if other, ok := indistinguishable[wantEntry]; ok {
					wantEntry = other
				}
				got := fmt.Sprintf("%s %v %v", m.Entry.ID(), m.Differences, len(m.Variants))
				if wantID := fmt.Sprintf("%s [] 0", wantEntry); got != wantID {
					t.Fatalf("identified as %s, want %s\n%s", got, wantID, data)
				}
				if len(want) > 0 && wantEntry == e.ID() {
					if diff := cmp.Diff(want, m.Params); diff != "" {
						t.Errorf("params (-want +got):\n%s", diff)
					}
				}
				counts[e.API+"/"+format]++
			})
		}
	}
	t.Logf("round trips: %v", counts)
}
