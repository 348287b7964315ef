package capture

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func FuzzRead(f *testing.F) {
	seeds := []string{
		"",
		oo,
		"HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/2 404 \nx: y\n\n{}",
		"HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad\r\n\r\n",
		"### x\nGET /a HTTP/1.1\nAccept: */*\n\n{}\n\nHTTP/1.1 404 Not Found\n\n{}",
		"GET /a\n",
		"HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nhello",
		"HTTP/1.1 500 x\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00",
		"HTTP/1.1 4O4\r\n",
		"HTTP/1.1 404\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n\x00{\x00}",
		"HTTP/1.1 404\r\nContent-Type: text/plain; charset=\"utf-16le\r\n\r\n\xff\xfe{\x00",
		`{"log":{"entries":[{"request":{"method":"GET","url":"u"},"response":{"status":0,"content":{"text":"e30=","encoding":"base64"}}}]}}`,
		`{"log":{"entries":[{"response":{"status":"x","headers":[{"name":1,"value":null}]}}, 5, []]}}`,
		`{"log":{"entries":[{"response":{"status":404}}`,
		`{"log":[]}`,
		"\uFEFF<html><body>500</body></html>",
		"\x89PNG\r\n\x1a\n\x00\x00\x00",
		curlV,
		"HTTP/1.1 404 Not Found\rContent-Length: 2\r\r{}",
		"HTTP/1.1 404 Not Found\r\nX: a\r\n b\r\n\tc\r\n\r\n{}",
		"HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\nContent-Len",
		"HEAD /x HTTP/1.1\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n",
		"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunk(gzipped(oo)),
		harWithStatus(`"abc"`), harWithStatus(`1e10`), harWithStatus(`0`),
		`{"log":{"entries":[{"response":{"status":200,"content":{"text":"\ud800\u00e9\\\/","encoding":"x"}}}]}}`,
		`{"log":{"entries":[` + strings.Repeat("[", 100),
	}
	for _, s := range seeds {
		f.Add("f.http", []byte(s))
	}
	f.Add("f.har", []byte(`{"log":`))
	f.Add("f.json", utf16Bytes(f, unicode.LittleEndian, unicode.UseBOM, seeds[2]))
	f.Add("f.json", utf16Bytes(f, unicode.BigEndian, unicode.IgnoreBOM, seeds[2]))
	files, _ := filepath.Glob(filepath.Join("testdata", "walk", "*.*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(filepath.Base(p), b)
		}
	}

	f.Fuzz(func(t *testing.T, name string, data []byte) {
		for _, opts := range extremeOptions {
			checkCaptures(t, name, opts, Read(name, data, opts))
		}
	})
}

// extremeOptions are the limits the fuzz targets read with: the defaults,
// small caps, the smallest, and none at all.
var extremeOptions = []Options{{}, {MaxBodyBytes: 64, MaxHARBytes: 1024}, {MaxBodyBytes: 1, MaxHARBytes: 1}, {MaxBodyBytes: math.MaxInt64, MaxHARBytes: math.MaxInt64}}

// FuzzReadRepeated reads large inputs made of a unit repeated up to 100,000
// times (1 MiB) between a head and a tail (folded header lines, header lines,
// chunks, HAR entries, nesting, line endings), with each of the extreme
// options: the inputs where quadratic work or an overflow would show.
func FuzzReadRepeated(f *testing.F) {
	for _, s := range []struct {
		name, head, unit, tail string
		n                      uint32
	}{
		{"f.http", "HTTP/1.1 404 Not Found\r\nX-A: a\r\n", " folded\r\n", "\r\n{}", 50000},
		{"f.http", "HTTP/1.1 404 Not Found\r\n", "bad line\r\n", "\r\n{}", 50000},
		{"f.http", "HTTP/1.1 404 Not Found\r\n", "X-H: v\r\n", "\r\n{}", 50000},
		{"f.http", "HTTP/1.1 500 X\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\na\r\n", "0\r\n\r\n", 50000},
		{"f.har", `{"log":{"entries":[`, `{"response":{"status":404,"content":{"size":2}}},`, `{}]}}`, 20000},
		{"f.har", `{"log":{"entries":[{"response":{"status":404,"x":`, "[", "", 100000},
		{"f.har", `{"log":{"entries":[{"response":{"status":404,"content":{"text":"`, `\u00e9`, `"}}}]}}`, 50000},
		{"f.http", "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 404 X\r\n\r\n", 20000},
		{"f.txt", "* Trying\n", "> X: y\n", "< HTTP/1.1 404 X\n<\n{}", 50000},
		{"f.http", "HTTP/1.1 404 Not Found", "\r", "{}", 100000},
		{"f.json", "", "{", "", 100000},
	} {
		f.Add(s.name, []byte(s.head), []byte(s.unit), s.n, []byte(s.tail))
	}
	f.Fuzz(func(t *testing.T, name string, head, unit []byte, n uint32, tail []byte) {
		// At most 100,000 units and 1 MiB, so that each input is read in
		// well under a second by linear work.
		n = min(n%100_001, uint32(1<<20/max(len(unit), 1)))
		data := append(append(bytes.Clone(head), bytes.Repeat(unit, int(n))...), tail...)
		for _, opts := range extremeOptions {
			checkCaptures(t, name, opts, Read(name, data, opts))
		}
	})
}

// checkCaptures checks what every Read returns, whatever the input.
func checkCaptures(t *testing.T, name string, opts Options, caps []Capture) {
	t.Helper()
	if len(caps) == 0 {
		t.Fatal("Read returned no captures")
	}
	for _, c := range caps {
		if c.Source != name && !strings.HasPrefix(c.Source, name+"#") {
			t.Errorf("Source %q does not name %q", c.Source, name)
		}
		if c.Kind < KindUnknown || c.Kind > KindBody {
			t.Errorf("Kind %d out of range", c.Kind)
		}
		if int64(len(c.Body)) > opts.maxBody() {
			t.Errorf("body of %d bytes exceeds the %d-byte cap", len(c.Body), opts.maxBody())
		}
		if c.TooLarge && !c.Truncated {
			t.Error("TooLarge without Truncated")
		}
		if len(c.Notes) > maxNotes {
			t.Errorf("%d notes, more than the cap", len(c.Notes))
		}
		var e *Error
		if c.Err != nil && !errors.As(c.Err, &e) {
			t.Errorf("Err %T is not an *Error", c.Err)
		}
		if e != nil && strings.HasPrefix(e.Msg, "the reader failed") {
			t.Fatalf("the reader panicked: %s", e.Msg)
		}
		for _, n := range c.Notes {
			if n.Rule == "" || n.Message == "" {
				t.Errorf("note without rule or message: %+v", n)
			}
		}
	}
}

// FuzzIgnore parses any ignore file and matches any path against it: no
// panic, and a malformed pattern is an error with its line.
func FuzzIgnore(f *testing.F) {
	f.Add("b.http\n*.tmp\n!keep\n/logs\na/**/b\n[z\n\\#x\n", "a/x/b")
	f.Add("**/**/**/x\n", strings.Repeat("d/", 50)+"x")
	f.Fuzz(func(t *testing.T, file, path string) {
		rules, bad := parseIgnore(filepath.Join("d", IgnoreFile), []byte(file))
		if bad != nil && (bad.Line < 1 || bad.Msg == "") {
			t.Errorf("error without a line or message: %+v", bad)
		}
		_ = ignored([]ignoreRules{rules}, filepath.Join("d", path), false)
		_ = ignored([]ignoreRules{rules}, filepath.Join("d", path), true)
	})
}
