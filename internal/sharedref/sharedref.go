package sharedref

import (
	"os"
	"path/filepath"
	"runtime"
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
