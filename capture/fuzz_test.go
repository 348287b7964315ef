package capture

import (
	"errors"
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
		for _, opts := range []Options{{}, {MaxBodyBytes: 64, MaxHARBytes: 1024}} {
			caps := Read(name, data, opts)
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
				var e *Error
				if c.Err != nil && !errors.As(c.Err, &e) {
					t.Errorf("Err %T is not an *Error", c.Err)
				}
				for _, n := range c.Notes {
					if n.Rule == "" || n.Message == "" {
						t.Errorf("note without rule or message: %+v", n)
					}
				}
				_ = c.Err != nil && c.Err.Error() != ""
			}
		}
	})
}
