package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/nrl"
)

var emitStamp = []catalog.Option{
	catalog.WithClock(func() time.Time { return time.Date(2025, 3, 11, 9, 41, 27, 318_000_000, time.FixedZone("X", 3600)) }),
	catalog.WithIDSource(func(p catalog.IDPolicy) string { return "id-" + string(p) }),
}

// emitValues are parameter values that exercise escaping: quotes,
// control characters, U+2028, and UTF-8 split across a literal and a value.
var emitValues = [][]string{
	nil,
	{"8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a", "9434765919", "RHM"},
	{`quote " and \ back`, "line\nbreak\ttab\x01", "sep\u2028arator</div>&"},
	{"", "", ""},
	{"\xe2\x80", "\xa8tail", "\xff"},
	{"é", "日本", "🙂"},
}

// TestAppendJSONMatchesOperationOutcome holds the emit path, which reuses
// pooled memory, to the struct path byte for byte, over every entry of
// every catalogue package.
func TestAppendJSONMatchesOperationOutcome(t *testing.T) {
	entries := all.Registry().Entries()
	if len(entries) < 100 {
		t.Fatalf("only %d entries", len(entries))
	}
	n := 0
	for _, ent := range entries {
		for _, vals := range emitValues {
			var values []string
			for i := range ent.Params {
				switch {
				case vals == nil:
					values = append(values, ent.Params[i].Example)
				case i < len(vals):
					values = append(values, vals[i])
				}
			}
			for _, e := range []*catalog.Error{catalog.New(ent, values...), catalog.Sentinel(ent)} {
				want := e.OperationOutcome(emitStamp...).AppendJSON([]byte("prefix"))
				got := e.AppendJSON([]byte("prefix"), emitStamp...)
				if !bytes.Equal(got, want) {
					t.Fatalf("%s %q:\n got %s\nwant %s", ent.ID(), values, got, want)
				}
				var buf bytes.Buffer
				_, err := e.WriteJSON(&buf, emitStamp...)
				switch {
				case e.OperationOutcome() == nil:
					if !errors.Is(err, catalog.ErrNoOutcome) || buf.Len() != 0 {
						t.Errorf("%s: WriteJSON without an OperationOutcome: %v, %q", ent.ID(), err, buf.String())
					}
				case err != nil || !bytes.Equal(buf.Bytes(), want[len("prefix"):]):
					t.Errorf("%s: WriteJSON = %q, %v", ent.ID(), buf.String(), err)
				}
				n++
			}
		}
	}
	t.Logf("%d errors of %d entries compared", n, len(entries))
	if got := catalog.Unidentified(404, nil).AppendJSON(nil); string(got) != "null" {
		t.Errorf("unidentified error: %s", got)
	}
}

// TestAppendJSONDefaults checks the default id source and clock: the same
// document as the struct path apart from the id and meta.lastUpdated, an id
// of the dialect's form, and an instant.
func TestAppendJSONDefaults(t *testing.T) {
	uuid := `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	idForm := map[catalog.IDPolicy]*regexp.Regexp{
		catalog.IDUUID:         regexp.MustCompile(`^` + uuid + `$`),
		catalog.IDAny:          regexp.MustCompile(`^` + uuid + `$`),
		catalog.IDUUIDDigits20: regexp.MustCompile(`^` + uuid + `-[0-9]{20}$`),
	}
	strip := func(b []byte) (map[string]any, string, string) {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		id, _ := m["id"].(string)
		delete(m, "id")
		lu := ""
		if meta, ok := m["meta"].(map[string]any); ok {
			lu, _ = meta["lastUpdated"].(string)
			delete(meta, "lastUpdated")
		}
		return m, id, lu
	}
	for _, ent := range all.Registry().Entries() {
		e := catalog.Sentinel(ent)
		if e.OperationOutcome() == nil {
			continue
		}
		got, id, lu := strip(e.AppendJSON(nil))
		want, wantID, wantLU := strip(e.OperationOutcome().AppendJSON(nil))
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if !bytes.Equal(gj, wj) || (id == "") != (wantID == "") || (lu == "") != (wantLU == "") {
			t.Fatalf("%s: got %s (id %q, lastUpdated %q), want %s (id %q, lastUpdated %q)", ent.ID(), gj, id, lu, wj, wantID, wantLU)
		}
		if re := idForm[ent.Dialect.ID]; id != "" && re != nil && !re.MatchString(id) {
			t.Errorf("%s: id %q is not of the %s form", ent.ID(), id, ent.Dialect.ID)
		}
		if lu != "" {
			if _, err := time.Parse(catalog.InstantLayout, lu); err != nil || !strings.HasSuffix(lu, "Z") {
				t.Errorf("%s: lastUpdated %q: %v", ent.ID(), lu, err)
			}
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestEmitAllocations guards the emit budget: at most 3 allocations for a
// constructor and WriteJSON, and one for AppendJSON into a large enough
// buffer (the id, meta.lastUpdated and diagnostics the error adds, made as
// one string).
func TestEmitAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	const id = "8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a"
	var w discard
	nrl.NoRecordFoundDocumentReference(id).WriteJSON(w) // warm the pool
	if n := testing.AllocsPerRun(200, func() {
		if _, err := nrl.NoRecordFoundDocumentReference(id).WriteJSON(w, emitStamp...); err != nil {
			t.Fatal(err)
		}
	}); n > 3 {
		t.Errorf("constructor + WriteJSON with options: %v allocations, want at most 3", n)
	}
	if n := testing.AllocsPerRun(200, func() { nrl.NoRecordFoundDocumentReference(id).WriteJSON(w) }); n > 3 {
		t.Errorf("constructor + WriteJSON: %v allocations, want at most 3", n)
	}
	e := nrl.NoRecordFoundDocumentReference(id)
	buf := make([]byte, 0, 2048)
	if n := testing.AllocsPerRun(200, func() { buf = e.AppendJSON(buf[:0]) }); n > 1 {
		t.Errorf("AppendJSON: %v allocations, want at most 1", n)
	}
	if n := testing.AllocsPerRun(200, func() { _ = e.OperationOutcome() }); n > 2 {
		t.Errorf("OperationOutcome: %v allocations, want at most 2 (its parts, its strings)", n)
	}
}
