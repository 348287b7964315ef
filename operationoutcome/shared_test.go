package operationoutcome

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/internal/sharedref"
)

// TestSharedExamples decodes every example body of the reference material
// (when it is present): each OperationOutcome must survive JSON and XML round
// trips; strict-mode findings are logged, not failed, as the published
// examples are third-party and some are deliberately odd.
func TestSharedExamples(t *testing.T) {
	var files []string
	for _, dir := range []string{"nrl-spine/examples", "ers/examples"} {
		root := sharedref.Path(t, "reference", dir)
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".xml")) {
				files = append(files, p)
			}
			return nil
		})
	}
	decoded := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p)
		o, err := Decode(data, DecodeOptions{})
		if o == nil {
			t.Logf("%s: not an OperationOutcome: %v", name, err)
			continue
		}
		decoded++
		if _, err := Decode(data, DecodeOptions{Strict: true}); err != nil {
			t.Logf("%s: strict: %v", name, err)
		}
		for _, enc := range []func() []byte{func() []byte { return o.AppendJSON(nil) }, func() []byte { return o.AppendXML(nil) }} {
			back, err := Decode(enc(), DecodeOptions{})
			if err != nil {
				t.Errorf("%s: re-decode: %v", name, err)
				continue
			}
			if diff := cmp.Diff(o, back); diff != "" {
				t.Errorf("%s: round trip (-want +got):\n%s", name, diff)
			}
		}
	}
	t.Logf("%d of %d example files are OperationOutcomes", decoded, len(files))
	if decoded == 0 {
		t.Error("no example decoded")
	}
}
