package sharedref

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Root returns the shared/ folder beside the repository, or "" if absent.
// SPINECAT_SHARED overrides the location.
func Root() string {
	if dir := os.Getenv("SPINECAT_SHARED"); dir != "" {
		return dir
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/internal/sharedref/sharedref.go
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return filepath.Clean(dir)
	}
	return ""
}

// Path returns shared/<elem...>, skipping the test when it does not exist.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	root := Root()
	if root == "" {
		t.Skip("skipping: the shared/ reference folder beside the repository is absent (set SPINECAT_SHARED to use another)")
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: reference file %s is absent: %v", filepath.Join(elem...), err)
	}
	return p
}

// MetaStatus returns the first status of the http_status line of a
// reference example's .meta sidecar ("404", "400 (OpenAPI key)"), or 0
// when it states none; it fails the test when the sidecar cannot be read.
func MetaStatus(t testing.TB, metaPath string) int {
	t.Helper()
	b, err := os.ReadFile(metaPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "http_status: "); ok {
			if f := strings.Fields(v); len(f) > 0 {
				n, _ := strconv.Atoi(f[0])
				return n
			}
		}
	}
	return 0
}
