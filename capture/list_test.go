package capture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestListMatchesWalkFunc checks that List lists exactly the files
// WalkFunc reads, and the failures it reports, in the same order.
func TestListMatchesWalkFunc(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"b.http", "a/z.json", "a/z.meta", "a/README.md", "Readme.txt", ".hidden.http", ".git/x.http", "c.GOLDEN", "d/e/f.txt", "noext",
		"g/.spinecatignore", "g/x.http", "g/y.http"} {
		must(os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755))
		must(os.WriteFile(filepath.Join(dir, f), []byte("HTTP/1.1 404 Not Found\r\n\r\n"), 0o644))
	}
	must(os.WriteFile(filepath.Join(dir, "g", ".spinecatignore"), []byte("y.http\n[bad\n"), 0o644))
	_ = os.Symlink(filepath.Join(dir, "d"), filepath.Join(dir, "link-to-dir"))
	_ = os.Symlink(filepath.Join(dir, "b.http"), filepath.Join(dir, "link-to-file.http"))
	_ = os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "dangling.http"))
	for _, paths := range [][]string{
		{dir},
		{"../testdata/captures"},
		{filepath.Join(dir, "a", "z.meta"), dir, "missing", filepath.Join(dir, "dangling.http")},
	} {
		// What WalkFunc reports: each file read, once, and each failure
		// that is not a file, in order.
		var want []string
		werr := WalkFunc(paths, Options{}, func(c Capture) error {
			src, _, _ := strings.Cut(c.Source, "#")
			if c.Err != nil && filepath.Base(src) == IgnoreFile {
				src = "failed " + src
			}
			if len(want) == 0 || want[len(want)-1] != src {
				want = append(want, src)
			}
			return nil
		})
		listed, gerr := List(paths)
		var got []string
		for _, l := range listed {
			if l.Failure != nil {
				got = append(got, "failed "+l.Failure.Source)
				continue
			}
			got = append(got, l.Path)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v (-WalkFunc +List):\n%s", paths, diff)
		}
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%v: errors %v and %v", paths, werr, gerr)
		}
	}
}
