package capture

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const walkOO = `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"No record found"}]}`

func TestWalk(t *testing.T) {
	dir := filepath.Join("testdata", "walk")
	p := func(elem ...string) string { return filepath.Join(append([]string{dir}, elem...)...) }
	cMeta := p("b", "c.meta")
	want := []Capture{{
		Source: p("a.http"), Kind: KindHTTP, Status: 404, Header: hdr("Content-Type", "application/fhir+json"), Body: []byte(walkOO), BodyLine: 4,
	}, {
		Source: p("b", "c.json"), Kind: KindBody, Status: 400, Header: hdr("Content-Type", "application/fhir+json;charset=UTF-8"), API: "nrl", BodyLine: 1,
		Body: []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid"}]}` + "\n"),
		Notes: []Note{
			{Rule: RuleMetaUnknownKey, File: cMeta, Line: 5, Col: 1, Message: `unknown key "colour" ignored; a .meta file knows status, content-type, api, method, url`},
			{Rule: RuleMetaSyntax, File: cMeta, Line: 6, Col: 1, Message: `skipped "no colon here": a .meta line is "key: value" (keys: status, content-type, api, method, url)`},
		},
	}, {
		Source: p("b", "d.xml"), Kind: KindBody, Body: []byte(`<OperationOutcome xmlns="http://hl7.org/fhir"/>` + "\n"), BodyLine: 1,
	}, {
		Source: p("z.har") + "#0", Kind: KindHAR, Status: 404, Header: hdr("Content-Type", "application/fhir+json"), Body: []byte("{}"), API: "ers",
		Request: &Request{Method: "GET", URL: "https://example.org/a"},
	}, {
		Source: p("z.har") + "#1", Kind: KindHAR, Status: 401, Header: http.Header{}, API: "ers",
		Request: &Request{Method: "GET", URL: "https://example.org/b"},
	}}
	got, err := Walk([]string{dir}, Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Walk mismatch (-want +got):\n%s", diff)
	}

	// Explicit files are read even where a walk would skip them, in the
	// order given; a missing path is an error and a capture in its place,
	// and the rest is still read.
	missing := filepath.Join(t.TempDir(), "nope")
	got, err = Walk([]string{p("e.golden"), missing, p("a.http")}, Options{})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Walk error = %v, want a not-exist error naming %s", err, missing)
	}
	var sources []string
	for _, c := range got {
		sources = append(sources, c.Source)
	}
	if diff := cmp.Diff([]string{p("e.golden"), missing, p("a.http")}, sources); diff != "" {
		t.Errorf("Walk sources (-want +got):\n%s", diff)
	}
	if len(got) == 3 && !errors.Is(got[1].Err, fs.ErrNotExist) {
		t.Errorf("the missing path's capture has Err %v, want a not-exist error", got[1].Err)
	}

	// WalkFunc stops at the callback's error.
	stop := errors.New("stop")
	n := 0
	if err := WalkFunc([]string{dir}, Options{}, func(Capture) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("WalkFunc = %v after %d captures, want stop after 1", err, n)
	}
}

func TestWalkLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "sub", "x.json"), "{}")
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "link-to-dir")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
			t.Logf("no FIFO: %v", err)
		}
	}
	got, err := Walk([]string{dir}, Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	want := []Capture{
		{Source: dangling, Err: &Error{Source: dangling, Msg: "cannot read the file (no such file or directory); check that it exists and is readable"}},
		{Source: filepath.Join(dir, "sub", "x.json"), Kind: KindBody, Body: []byte("{}"), BodyLine: 1},
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Walk mismatch (-want +got):\n%s", diff)
	}

	// A dangling link named explicitly exists, so it is a capture, not an error.
	got, err = Walk([]string{dangling}, Options{})
	if err != nil || len(got) != 1 || got[0].Err == nil {
		t.Errorf("Walk(dangling) = %v, %v; want one capture with Err", got, err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	got := ReadFile(dir, Options{})
	want := []Capture{{Source: dir, Err: &Error{Source: dir, Msg: "is a directory, not a capture file; pass it to Walk to read the files in it"}}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("ReadFile(dir) mismatch (-want +got):\n%s", diff)
	}

	missing := filepath.Join(dir, "missing.http")
	got = ReadFile(missing, Options{})
	if len(got) != 1 || !errors.Is(got[0].Err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %+v, want one capture with a not-exist Err", got)
	}
	var e *Error
	if !errors.As(got[0].Err, &e) || e.Source != missing {
		t.Errorf("Err = %#v, want an *Error for %s", got[0].Err, missing)
	}
}

func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.http")
	write(t, path, "HTTP/1.1 404 Not Found\r\n\r\n")
	sub := filepath.Join(dir, "sub")
	write(t, filepath.Join(sub, "x.json"), "{}")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sub, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) })
	if f, err := os.Open(path); err == nil {
		f.Close()
		t.Skip("permission 000 does not stop this user from reading (running as root?)")
	}
	got, err := Walk([]string{dir}, Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	want := []Capture{
		{Source: path, Err: &Error{Source: path, Msg: "cannot open the file (permission denied); check its permissions"}},
		{Source: sub, Err: &Error{Source: sub, Msg: "cannot read the directory (permission denied); check its permissions"}},
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Walk mismatch (-want +got):\n%s", diff)
	}
}

func TestSidecarForRawHTTP(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.txt")
	write(t, path, "HTTP/1.1 404 Not Found\r\n\r\n")
	meta := filepath.Join(dir, "r.meta")
	write(t, meta, "\uFEFFapi: nrl\nstatus: 500\nstatus: 999x\n")
	got := ReadFile(path, Options{})
	want := []Capture{{Source: path, Kind: KindHTTP, Status: 404, Header: http.Header{}, BodyLine: 3, API: "nrl", Notes: []Note{
		{Rule: RuleMetaSyntax, File: meta, Line: 3, Col: 1, Message: `"status" is given again (first on line 2); the last one counts`},
		{Rule: RuleMetaSyntax, File: meta, Line: 3, Col: 1, Message: `status "999x" is not an HTTP status code such as 404; ignored`},
		{Rule: RuleMetaIgnored, File: meta, Message: "status and content-type in the sidecar are ignored: the http capture carries its own"},
	}}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("ReadFile mismatch (-want +got):\n%s", diff)
	}
}

// TestReadFileLarge reads a 100 MB file: only the limit is loaded.
func TestReadFileLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.http")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
	f.WriteString(head)
	// A sparse file: 100 MB on paper, nothing on disk.
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	caps := ReadFile(path, Options{})
	runtime.ReadMemStats(&after)

	if len(caps) != 1 {
		t.Fatalf("got %d captures", len(caps))
	}
	c := caps[0]
	if c.Err != nil || c.Kind != KindHTTP || !c.Truncated || len(c.Body) != DefaultMaxBodyBytes {
		t.Errorf("got Kind %v, Truncated %v, %d-byte body, Err %v; want a truncated 1 MiB body", c.Kind, c.Truncated, len(c.Body), c.Err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("reading allocated %d bytes; the file must not be loaded whole", alloc)
	}
	var rules []string
	for _, n := range c.Notes {
		rules = append(rules, n.Rule)
	}
	if diff := cmp.Diff([]string{RuleFileTruncated, RuleBodyTruncated}, rules); diff != "" {
		t.Errorf("note rules (-want +got):\n%s", diff)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
