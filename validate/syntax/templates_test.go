package syntax

import (
	"testing"

	"github.com/spinecat/spinecat/internal/jsontape"
)

// FuzzPlaceholderMarks holds the shortcut Analyze takes on well-formed JSON
// to the full search: when no string holds a byte a placeholder starts
// with, the search finds nothing.
func FuzzPlaceholderMarks(f *testing.F) {
	for _, s := range []string{`{"a": "{{b}}"}`, `{"a": "${b}"}`, `["#(x)", "%v#"]`, `{"a": "{x.y}"}`, `{"a": "<id>"}`, `{"{{k}}": 1}`, `[1, {"a": true}]`, `"$context.x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tp := jsontape.Scan(body, 0)
		defer tp.Release()
		if tp.Readable() && !tp.Placeholder && placeholderScan(body) != nil {
			t.Fatalf("the scan saw no placeholder byte in a string, but the search finds %v", placeholderScan(body))
		}
	})
}
