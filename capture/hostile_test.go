package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The hostile inputs: each is read, gives the finding it should, and the
// reading goes on (Read returns, never panics). Large inputs are made by a
// helper; the work they cost is bounded by construction (linear
// algorithms and caps), and where an algorithm that is not would allocate
// far more than the input, the allocation is bounded too, which is a
// deterministic measure where time is not.

// folded is a capture whose one header is folded over n lines.
func folded(n int) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 404 Not Found\r\nX-Long: start\r\n")
	for range n {
		b.WriteString(" more\r\n")
	}
	b.WriteString("\r\n{}")
	return b.Bytes()
}

// minifiedHAR is a HAR file of n entries on one line, and the offset of
// each entry. Every entry's content announces a body it does not hold, so
// that each capture has a note at the entry's position.
func minifiedHAR(n int) ([]byte, []int) {
	var b bytes.Buffer
	offs := make([]int, n)
	b.WriteString(`{"log":{"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		offs[i] = b.Len()
		fmt.Fprintf(&b, `{"request":{"method":"GET","url":"https://example.org/%d"},"response":{"status":404,"headers":[],"content":{"size":2}}}`, i)
	}
	b.WriteString(`]}}`)
	return b.Bytes(), offs
}

func harWithStatus(status string) string {
	return `{"log":{"entries":[{"request":{"method":"GET","url":"u"},"response":{"status":` + status + `,"headers":[],"content":{"text":"{}"}}}]}}`
}

func gzipped(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

// chunk writes data as one chunk and the last chunk.
func chunk(data []byte) string {
	return fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(data), data)
}

func TestHostileInputs(t *testing.T) {
	type check func(t *testing.T, caps []Capture)
	errIs := func(line int, msg string) check {
		return func(t *testing.T, caps []Capture) {
			t.Helper()
			if len(caps) != 1 {
				t.Fatalf("%d captures, want 1", len(caps))
			}
			e, ok := caps[0].Err.(*Error)
			if !ok || e.Line != line || !strings.Contains(e.Msg, msg) {
				t.Errorf("Err = %#v, want line %d saying %q", caps[0].Err, line, msg)
			}
		}
	}
	body := func(status int, want string, rules ...string) check {
		return func(t *testing.T, caps []Capture) {
			t.Helper()
			if len(caps) != 1 {
				t.Fatalf("%d captures, want 1", len(caps))
			}
			c := caps[0]
			if c.Err != nil || c.Status != status || string(c.Body) != want || c.Truncated {
				t.Errorf("Err %v, status %d, truncated %v, body %.60q; want status %d and body %.60q", c.Err, c.Status, c.Truncated, c.Body, status, want)
			}
			var got []string
			for _, n := range c.Notes {
				got = append(got, n.Rule)
			}
			if diff := cmp.Diff(rules, got); diff != "" {
				t.Errorf("note rules (-want +got):\n%s", diff)
			}
		}
	}
	huge := Options{MaxBodyBytes: math.MaxInt64, MaxHARBytes: math.MaxInt64}
	minified, minifiedOffs := minifiedHAR(50000)
	deep := strings.Repeat("[", 2*maxJSONDepth)
	for _, tc := range []struct {
		name string
		file string
		data []byte
		opts Options
		want check
	}{
		// Line endings.
		{"CRLF", "a.http", []byte("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"), Options{}, body(404, "{}")},
		{"LF", "a.http", []byte("HTTP/1.1 404 Not Found\nContent-Length: 2\n\n{}"), Options{}, body(404, "{}", RuleLineEndings)},
		{"CR alone is read, not a documented empty 404", "a.http", []byte("HTTP/1.1 404 Not Found\rContent-Length: 2\r\r{}"), Options{},
			body(404, "{}", RuleLineEndings)},
		{"a head cut before its blank line", "a.http", []byte("HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\nContent-Len"), Options{},
			errIs(3, "without the blank line that ends it")},
		{"a status line alone", "a.http", []byte("HTTP/1.1 404 Not Found"), Options{}, errIs(1, "without the blank line")},

		// Statuses that are not statuses.
		{"raw status 000", "a.http", []byte("HTTP/1.1 000 Zero\r\n\r\n"), Options{}, errIs(1, "the status 000 is not an HTTP status code")},
		{"raw status 999", "a.http", []byte("HTTP/1.1 999 X\r\n\r\n"), Options{}, errIs(1, "the status 999 is not")},
		{`HAR status "abc"`, "a.har", []byte(harWithStatus(`"abc"`)), Options{}, errIs(1, `the status "abc" is not an HTTP status code`)},
		{"HAR status -5", "a.har", []byte(harWithStatus(`-5`)), Options{}, errIs(1, "the status -5 is not")},
		{"HAR status 1e10", "a.har", []byte(harWithStatus(`1e10`)), Options{}, errIs(1, "the status 1e10 is not")},
		{"HAR status 404.5", "a.har", []byte(harWithStatus(`404.5`)), Options{}, errIs(1, "the status 404.5 is not")},
		{"HAR status true", "a.har", []byte(harWithStatus(`true`)), Options{}, errIs(1, "the status true is not")},
		{"HAR status null", "a.har", []byte(harWithStatus(`null`)), Options{}, errIs(1, "the status null is not")},
		{`HAR status "404" reads`, "a.har", []byte(harWithStatus(`"404"`)), Options{}, func(t *testing.T, caps []Capture) {
			if caps[0].Err != nil || caps[0].Status != 404 {
				t.Errorf("%+v", caps[0])
			}
		}},

		// Codings, in the order a server applies them.
		{"chunked, then gzip", "a.http", []byte("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunk(gzipped(oo))), Options{},
			body(404, oo, RuleChunked, RuleContentCoding)},
		{"HAR base64 content still gzipped", "a.har", []byte(`{"log":{"entries":[{"response":{"status":404,"headers":[{"name":"Content-Encoding","value":"gzip"}],` +
			`"content":{"encoding":"base64","text":"` + base64.StdEncoding.EncodeToString(gzipped(oo)) + `"}}}]}}`), Options{},
			func(t *testing.T, caps []Capture) {
				if c := caps[0]; c.Err != nil || string(c.Body) != oo || len(c.Notes) != 1 || c.Notes[0].Rule != RuleContentCoding {
					t.Errorf("%+v", c)
				}
			}},

		// Limits at their extremes.
		{"MaxInt64 cap, raw", "a.http", []byte("HTTP/1.1 404 Not Found\r\nContent-Encoding: gzip\r\n\r\n" + string(gzipped(oo))), huge, body(404, oo, RuleContentCoding)},
		{"MaxInt64 cap, HAR", "a.har", []byte(harWithStatus("404")), huge, func(t *testing.T, caps []Capture) {
			if len(caps) != 1 || caps[0].Err != nil || string(caps[0].Body) != "{}" {
				t.Errorf("%d captures, first %+v", len(caps), caps[0])
			}
		}},
		{"cap 1", "a.http", []byte("HTTP/1.1 404 Not Found\r\n\r\n{}"), Options{MaxBodyBytes: 1}, func(t *testing.T, caps []Capture) {
			if c := caps[0]; string(c.Body) != "{" || !c.TooLarge {
				t.Errorf("%+v", c)
			}
		}},

		// Structure that would cost stack or time.
		{"arrays nested beyond the bound", "a.har", []byte(`{"log":{"entries":[{"response":{"status":404,"x":` + deep), Options{},
			errIs(1, fmt.Sprintf("values nested more than %d deep", maxJSONDepth))},
		{"minified HAR of 50000 entries", "a.har", minified, Options{}, func(t *testing.T, caps []Capture) {
			if len(caps) != len(minifiedOffs) {
				t.Fatalf("%d captures, want %d", len(caps), len(minifiedOffs))
			}
			for i, c := range caps {
				if c.Err != nil || len(c.Notes) != 1 || c.Notes[0].Line != 1 || c.Notes[0].Col != minifiedOffs[i]+1 {
					t.Fatalf("entry %d: %+v, want a note at 1:%d", i, c, minifiedOffs[i]+1)
				}
			}
		}},
		{"10000 malformed header lines: a few notes and a count", "a.http", []byte("HTTP/1.1 404 Not Found\r\n" + strings.Repeat("bad line\r\n", 10000) + "\r\n{}"), Options{},
			func(t *testing.T, caps []Capture) {
				c := caps[0]
				last := c.Notes[len(c.Notes)-1]
				if len(c.Notes) != maxNotes/2 || last.Rule != RuleHeaderSyntax || last.Message != fmt.Sprintf("%d more lines of the head that are not \"Name: value\" were skipped", 10000-(maxNotes/2-1)) {
					t.Errorf("%d notes, last %+v", len(c.Notes), last)
				}
			}},
		{"notes beyond the cap are counted", "a.har", []byte(`{"log":{"entries":[{"response":{"status":404,"content":{"size":2}}}]}}`), Options{},
			func(t *testing.T, caps []Capture) {
				c := caps[0]
				c.Notes = make([]Note, 150)
				capNotes(&c)
				if last := c.Notes[len(c.Notes)-1]; len(c.Notes) != maxNotes || last.Rule != RuleNotesCapped || !strings.HasPrefix(last.Message, "51 more notes") {
					t.Errorf("%d notes, last %+v", len(c.Notes), last)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.want(t, Read(tc.file, tc.data, tc.opts))
		})
	}
}

// TestFoldedHeadersLinear: a header folded over 100,000 lines reads whole,
// and reading it allocates a small multiple of the input: joining the lines
// one string at a time, as before, allocated the square of it.
func TestFoldedHeadersLinear(t *testing.T) {
	const n = 100_000
	data := folded(n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	caps := Read("f.http", data, Options{})
	runtime.ReadMemStats(&after)
	c := caps[0]
	if want := "start" + strings.Repeat(" more", n); c.Header.Get("X-Long") != want || string(c.Body) != "{}" {
		t.Errorf("X-Long is %d bytes, body %q; want %d bytes and {}", len(c.Header.Get("X-Long")), c.Body, len(want))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(16*len(data)) {
		t.Errorf("reading %d bytes allocated %d", len(data), alloc)
	}
}

// TestSpecialFiles: a sidecar that is a FIFO, a path that cannot be
// stat'd, a directory named as a capture: each is a capture error, and
// nothing blocks.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.json")
	write(t, ok, oo)
	if runtime.GOOS != "windows" {
		fifoMeta := filepath.Join(dir, "fifo.json")
		write(t, fifoMeta, oo)
		if err := syscall.Mkfifo(filepath.Join(dir, "fifo.meta"), 0o600); err != nil {
			t.Fatalf("mkfifo: %v", err)
		}
		if err := syscall.Mkfifo(filepath.Join(dir, "pipe.http"), 0o600); err != nil {
			t.Fatalf("mkfifo: %v", err)
		}
		caps, err := Walk([]string{filepath.Join(dir, "pipe.http"), dir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := outcomes(caps, filepath.Base)
		want := []string{
			"pipe.http: is not a regular file (a device, pipe or socket); save the response to a file first",
			"fifo.json: its sidecar " + filepath.Join(dir, "fifo.meta") + ` is not a regular file (a pipe, device, socket or directory), so it was not read; make it a file of "key: value" lines, or remove it`,
			"ok.json: ok",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Walk (-want +got):\n%s", diff)
		}
	}
	for _, p := range []string{
		filepath.Join(ok, "below-a-file.http"),                // ENOTDIR
		filepath.Join(dir, strings.Repeat("n", 5000)+".http"), // ENAMETOOLONG
		dir + "/\x00.http",                                    // invalid argument
	} {
		caps, _ := Walk([]string{p, ok}, Options{})
		if len(caps) != 2 || caps[0].Err == nil || caps[1].Err != nil {
			t.Errorf("%.40q: %d captures, first Err %v", p, len(caps), caps[0].Err)
		}
	}
}

// outcomes is "source: ok" or "source: error message" for each capture,
// with name applied to the source.
func outcomes(caps []Capture, name func(string) string) []string {
	var out []string
	for _, c := range caps {
		msg := "ok"
		if c.Err != nil {
			msg = c.Err.(*Error).Msg
		}
		out = append(out, name(c.Source)+": "+msg)
	}
	return out
}

// BenchmarkReadFileLarge reads a 16 MiB body with the cap raised to hold
// it, to keep the memory a raised cap costs in view (-benchmem): the file is
// read into one buffer of its size, and the body is a slice of it.
func BenchmarkReadFileLarge(b *testing.B) {
	const size = 16 << 20
	path := filepath.Join(b.TempDir(), "large.http")
	head := "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n\r\n"
	data := append([]byte(head), bytes.Repeat([]byte(`{"a":1}`+"\n"), size/8)...)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	opts := Options{MaxBodyBytes: 64 << 20}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		caps := ReadFile(path, opts)
		if len(caps[0].Body) != len(data)-len(head) {
			b.Fatalf("%d-byte body", len(caps[0].Body))
		}
	}
}

// BenchmarkReadHARLarge is the same for a HAR file whose one entry holds a
// 16 MiB base64 body.
func BenchmarkReadHARLarge(b *testing.B) {
	body := bytes.Repeat([]byte(`{"a":1}`+"\n"), 2<<20)
	har := `{"log":{"entries":[{"response":{"status":200,"headers":[],"content":{"encoding":"base64","text":"` +
		base64.StdEncoding.EncodeToString(body) + `"}}}]}}`
	opts := Options{MaxBodyBytes: 64 << 20, MaxHARBytes: 64 << 20}
	data := []byte(har)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		caps := Read("x.har", data, opts)
		if len(caps[0].Body) != len(body) {
			b.Fatalf("%d-byte body, %v", len(caps[0].Body), caps[0].Err)
		}
	}
}
