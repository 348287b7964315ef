package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/unicode"
)

// cmpOpts compares captures: nil and empty are the same, errors by text.
var cmpOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmp.Comparer(func(a, b error) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		return a.Error() == b.Error()
	}),
}

func note(rule string, line, col int, msg string) Note {
	return Note{Rule: rule, Line: line, Col: col, Message: msg}
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const oo = `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`

var ooLen = fmt.Sprint(len(oo))

func utf16Bytes(t testing.TB, e unicode.Endianness, bom unicode.BOMPolicy, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipBytes(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

const lfNote = "the response head ends its lines with LF, not CRLF as HTTP/1.1 sends them: " +
	"the file was probably saved or edited in an editor, so body lengths may differ from what was sent"

func TestReadHTTP(t *testing.T) {
	fhirJSON := hdr("Content-Type", "application/fhir+json", "Content-Length", ooLen)
	tests := []struct {
		name string
		file string
		data string
		opts Options
		want Capture
	}{{
		name: "CRLF",
		file: "a.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Type: application/fhir+json\nContent-Length: " + ooLen + "\n\n" + oo),
		want: Capture{Source: "a.http", Kind: KindHTTP, Status: 404, Header: fhirJSON, Body: []byte(oo), BodyLine: 5},
	}, {
		name: "LF",
		file: "a.txt",
		data: "HTTP/1.1 404 Not Found\nContent-Type: application/fhir+json\nContent-Length: " + ooLen + "\n\n" + oo,
		want: Capture{Source: "a.txt", Kind: KindHTTP, Status: 404, Header: fhirJSON, Body: []byte(oo), BodyLine: 5,
			Notes: []Note{note(RuleLineEndings, 1, 1, lfNote)}},
	}, {
		name: "mixed line endings",
		file: "a",
		data: "HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\nContent-Length: " + ooLen + "\r\n\r\n" + oo,
		want: Capture{Source: "a", Kind: KindHTTP, Status: 404, Header: fhirJSON, Body: []byte(oo), BodyLine: 5,
			Notes: []Note{note(RuleLineEndings, 1, 1, "the response head mixes CRLF and LF line endings: the file was probably edited by hand")}},
	}, {
		name: "HTTP/2 as curl prints it",
		file: "h2.http",
		data: crlf("HTTP/2 404 \ncontent-type: application/fhir+json\ncontent-length: " + ooLen + "\nx-request-id: abc\n\n" + oo),
		want: Capture{Source: "h2.http", Kind: KindHTTP, Status: 404, Body: []byte(oo), BodyLine: 6,
			Header: hdr("Content-Type", "application/fhir+json", "Content-Length", ooLen, "X-Request-Id", "abc")},
	}, {
		name: "HTTP/2.0 and leading blank lines",
		file: "h2.http",
		data: crlf("\n\nHTTP/2.0 401\nWWW-Authenticate: Bearer\n\n"),
		want: Capture{Source: "h2.http", Kind: KindHTTP, Status: 401, BodyLine: 6, Header: hdr("Www-Authenticate", "Bearer")},
	}, {
		name: "curl preambles: proxy CONNECT, 100 Continue",
		file: "p.http",
		data: crlf("HTTP/1.1 200 Connection established\n\nHTTP/1.1 100 Continue\n\nHTTP/1.1 400 Bad Request\nContent-Length: " + ooLen + "\n\n" + oo),
		want: Capture{Source: "p.http", Kind: KindHTTP, Status: 400, Header: hdr("Content-Length", ooLen), Body: []byte(oo), BodyLine: 8,
			Notes: []Note{
				note(RuleInterim, 1, 1, `skipped the proxy's CONNECT response "HTTP/1.1 200 Connection established"; the final response starts at line 3`),
				note(RuleInterim, 3, 1, `skipped the interim response "HTTP/1.1 100 Continue"; the final response starts at line 5`),
			}},
	}, {
		name: "curl -L redirect",
		file: "r.http",
		data: crlf("HTTP/1.1 302 Found\nLocation: /x\nContent-Length: 0\n\nHTTP/1.1 404 Not Found\n\n"),
		want: Capture{Source: "r.http", Kind: KindHTTP, Status: 404, Header: http.Header{}, BodyLine: 7,
			Notes: []Note{note(RuleInterim, 1, 1, `skipped the redirect "HTTP/1.1 302 Found"; the final response starts at line 5`)}},
	}, {
		name: "request line before the response",
		file: "req.http",
		data: crlf("GET /nrl/DocumentReference?subject=x HTTP/1.1\nHost: example.org\nAccept: application/fhir+json\n\nHTTP/1.1 404 Not Found\nContent-Length: " + ooLen + "\n\n" + oo),
		want: Capture{Source: "req.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Length", ooLen), Body: []byte(oo), BodyLine: 8,
			Request: &Request{Method: "GET", URL: "/nrl/DocumentReference?subject=x", Header: hdr("Host", "example.org", "Accept", "application/fhir+json")}},
	}, {
		name: "REST client file with ### sections",
		file: "rest.http",
		data: "### search\n# @name search\n@host = example.org\nPOST https://example.org/ers/ServiceRequest\nContent-Type: application/json\n\n{\"a\": 1}\n\n" +
			"HTTP/1.1 403 Forbidden\r\nContent-Length: " + ooLen + "\r\n\r\n" + oo,
		want: Capture{Source: "rest.http", Kind: KindHTTP, Status: 403, Header: hdr("Content-Length", ooLen), Body: []byte(oo), BodyLine: 12,
			Request: &Request{Method: "POST", URL: "https://example.org/ers/ServiceRequest", Header: hdr("Content-Type", "application/json")}},
	}, {
		name: "bare URL request line",
		file: "u.http",
		data: "https://example.org/x\n\nHTTP/1.1 404 Not Found\r\n\r\n",
		want: Capture{Source: "u.http", Kind: KindHTTP, Status: 404, Header: http.Header{}, BodyLine: 5,
			Request: &Request{Method: "GET", URL: "https://example.org/x"}},
	}, {
		name: "chunked body",
		file: "c.http",
		data: crlf("HTTP/1.1 500 Internal Server Error\nTransfer-Encoding: chunked\n\n5\nhello\n7;ext=1\n, world\n0\nX-Trailer: 1\n\n"),
		want: Capture{Source: "c.http", Kind: KindHTTP, Status: 500, Header: hdr("Transfer-Encoding", "chunked"), Body: []byte("hello, world"),
			Notes: []Note{note(RuleChunked, 4, 1, "decoded the chunked body (Transfer-Encoding: chunked)")}},
	}, {
		name: "chunked header but curl already decoded the body",
		file: "c.http",
		data: crlf("HTTP/1.1 404 Not Found\nTransfer-Encoding: chunked\n\n" + oo),
		want: Capture{Source: "c.http", Kind: KindHTTP, Status: 404, Header: hdr("Transfer-Encoding", "chunked"), Body: []byte(oo), BodyLine: 4},
	}, {
		name: "malformed chunks kept",
		file: "c.http",
		data: crlf("HTTP/1.1 404 Not Found\nTransfer-Encoding: chunked\n\nff\nshort\n"),
		want: Capture{Source: "c.http", Kind: KindHTTP, Status: 404, Header: hdr("Transfer-Encoding", "chunked"), Body: []byte("ff\r\nshort\r\n"), BodyLine: 4,
			Notes: []Note{note(RuleChunked, 4, 1, "the body starts like a chunked body but its chunks are malformed; kept it as is")}},
	}, {
		name: "Content-Length larger than the body",
		file: "t.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Length: 500\n\n" + oo),
		want: Capture{Source: "t.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Length", "500"), Body: []byte(oo), BodyLine: 4, Truncated: true,
			Notes: []Note{note(RuleContentLength, 4, 1, "the body is "+ooLen+" bytes but Content-Length says 500: the capture is cut short")}},
	}, {
		name: "Content-Length off by the line endings an editor changed",
		file: "t.http",
		data: "HTTP/1.1 404 Not Found\nContent-Length: 9\n\n{\n\"a\"\n}",
		want: Capture{Source: "t.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Length", "9"), Body: []byte("{\n\"a\"\n}"), BodyLine: 4,
			Notes: []Note{
				note(RuleLineEndings, 1, 1, lfNote),
				note(RuleContentLength, 4, 1, "the body is 7 bytes but Content-Length says 9: the difference is its 2 line endings, probably changed from CRLF to LF when the file was saved"),
			}},
	}, {
		name: "bytes after Content-Length, a trailing newline is fine",
		file: "t.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Length: 2\n\n{}\nextra"),
		want: Capture{Source: "t.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Length", "2"), Body: []byte("{}\r\nextra"), BodyLine: 4,
			Notes: []Note{note(RuleContentLength, 4, 1, "the body is 9 bytes but Content-Length says 2: 7 more bytes follow the declared body (kept)")}},
	}, {
		name: "HEAD response has no body",
		file: "h.http",
		data: crlf("HEAD /x HTTP/1.1\n\nHTTP/1.1 404 Not Found\nContent-Length: 99\n\n"),
		want: Capture{Source: "h.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Length", "99"), BodyLine: 6,
			Request: &Request{Method: "HEAD", URL: "/x"}},
	}, {
		name: "malformed status line",
		file: "bad.http",
		data: "\nHTTP/1.1 4O4 Not Found\r\n\r\n{}",
		want: Capture{Source: "bad.http", Kind: KindHTTP, Err: &Error{Source: "bad.http", Line: 2, Col: 1,
			Msg: `malformed status line "HTTP/1.1 4O4 Not Found": want a version, a three-digit status and an optional reason, as in "HTTP/1.1 404 Not Found"; fix the line or capture the response again with curl -i`}},
	}, {
		name: "request without a response",
		file: "req.http",
		data: "GET /x HTTP/1.1\nAccept: */*\n",
		want: Capture{Source: "req.http", Kind: KindUnknown, Request: &Request{Method: "GET", URL: "/x", Header: hdr("Accept", "*/*")},
			Err: &Error{Source: "req.http", Line: 1, Col: 1, Msg: `holds a request but no response: no status line such as "HTTP/1.1 404 Not Found" follows it; append the response as curl -i prints it, or save the response on its own`}},
	}, {
		name: "bad header line, folded header, body without blank line",
		file: "h.http",
		data: crlf("HTTP/1.1 404 Not Found\nX-A: one\n  two\nnot a header\nContent-Type: application/json\n" + oo),
		want: Capture{Source: "h.http", Kind: KindHTTP, Status: 404, Header: hdr("X-A", "one two", "Content-Type", "application/json"), Body: []byte(oo), BodyLine: 6,
			Notes: []Note{
				note(RuleHeaderSyntax, 4, 1, `skipped "not a header": a header line is "Name: value"`),
				note(RuleNoBlankLine, 6, 1, "the body starts here without the blank line that must end the headers; read it as the body"),
			}},
	}, {
		name: "gzip body",
		file: "g.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Encoding: gzip\n\n") + string(gzipBytes(t, oo)),
		want: Capture{Source: "g.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Encoding", "gzip"), Body: []byte(oo),
			Notes: []Note{note(RuleContentCoding, 4, 1, "decompressed the gzip body (Content-Encoding: gzip)")}},
	}, {
		name: "gzip header, curl --compressed already decoded",
		file: "g.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Encoding: gzip\nContent-Length: 3\n\n" + oo),
		want: Capture{Source: "g.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Encoding", "gzip", "Content-Length", "3"), Body: []byte(oo), BodyLine: 5},
	}, {
		name: "body BOM",
		file: "b.http",
		data: crlf("HTTP/1.1 404 Not Found\n\n") + "\uFEFF" + oo,
		want: Capture{Source: "b.http", Kind: KindHTTP, Status: 404, Header: http.Header{}, Body: []byte(oo), BodyLine: 3,
			Notes: []Note{note(RuleBodyBOM, 3, 1, "removed the UTF-8 byte order mark at the start of the body")}},
	}, {
		name: "body in UTF-16LE by charset",
		file: "u.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Type: application/fhir+json; charset=UTF-16LE\n\n") + string(utf16Bytes(t, unicode.LittleEndian, unicode.IgnoreBOM, oo)),
		want: Capture{Source: "u.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Type", "application/fhir+json; charset=UTF-16LE"), Body: []byte(oo), BodyLine: 4,
			Notes: []Note{note(RuleBodyCharset, 4, 1, "decoded the body from UTF-16LE (Content-Type charset) to UTF-8")}},
	}, {
		name: "body in UTF-16 with BOM, charset=utf-16",
		file: "u.http",
		data: crlf("HTTP/1.1 404 Not Found\nContent-Type: application/json;charset=utf-16\n\n") + string(utf16Bytes(t, unicode.LittleEndian, unicode.UseBOM, oo)),
		want: Capture{Source: "u.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Type", "application/json;charset=utf-16"), Body: []byte(oo), BodyLine: 4,
			Notes: []Note{note(RuleBodyCharset, 4, 1, "decoded the body from UTF-16 (it starts with a byte order mark) to UTF-8")}},
	}, {
		name: "body longer than MaxBodyBytes",
		file: "big.http",
		opts: Options{MaxBodyBytes: 10},
		data: crlf("HTTP/1.1 404 Not Found\n\n") + "0123456789abcdef",
		want: Capture{Source: "big.http", Kind: KindHTTP, Status: 404, Header: http.Header{}, Body: []byte("0123456789"), BodyLine: 3, Truncated: true, TooLarge: true,
			Notes: []Note{note(RuleBodyTruncated, 3, 1, "the body is 16 bytes, more than the 10-byte limit (MaxBodyBytes); kept the first 10")}},
	}, {
		name: "cap cuts at a character boundary",
		file: "big.http",
		opts: Options{MaxBodyBytes: 10},
		data: crlf("HTTP/1.1 404 Not Found\n\n") + "012345678é-----",
		want: Capture{Source: "big.http", Kind: KindHTTP, Status: 404, Header: http.Header{}, Body: []byte("012345678"), BodyLine: 3, Truncated: true, TooLarge: true,
			Notes: []Note{note(RuleBodyTruncated, 3, 1, "the body is 16 bytes, more than the 10-byte limit (MaxBodyBytes); kept the first 9")}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Read(tt.file, []byte(tt.data), tt.opts)
			if diff := cmp.Diff([]Capture{tt.want}, got, cmpOpts...); diff != "" {
				t.Errorf("Read mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadEncodings(t *testing.T) {
	raw := crlf("HTTP/1.1 404 Not Found\nContent-Type: application/fhir+json\n\n" + oo)
	want := func(n ...Note) Capture {
		return Capture{Source: "e.http", Kind: KindHTTP, Status: 404, Header: hdr("Content-Type", "application/fhir+json"), Body: []byte(oo), BodyLine: 4, Notes: n}
	}
	tests := []struct {
		name string
		data []byte
		want Capture
	}{
		{"UTF-8 BOM", append([]byte("\uFEFF"), raw...), want(note(RuleBOM, 0, 0, "removed the UTF-8 byte order mark at the start of the file"))},
		{"UTF-16LE BOM", utf16Bytes(t, unicode.LittleEndian, unicode.UseBOM, raw), want(note(RuleUTF16, 0, 0, "decoded the file from UTF-16LE (it starts with a byte order mark) to UTF-8"))},
		{"UTF-16BE BOM", utf16Bytes(t, unicode.BigEndian, unicode.UseBOM, raw), want(note(RuleUTF16, 0, 0, "decoded the file from UTF-16BE (it starts with a byte order mark) to UTF-8"))},
		{"UTF-16LE no BOM", utf16Bytes(t, unicode.LittleEndian, unicode.IgnoreBOM, raw), want(note(RuleUTF16NoBOM, 0, 0, "the file looks like UTF-16LE without a byte order mark (a NUL every other byte); decoded it to UTF-8"))},
		{"UTF-16BE no BOM", utf16Bytes(t, unicode.BigEndian, unicode.IgnoreBOM, raw), want(note(RuleUTF16NoBOM, 0, 0, "the file looks like UTF-16BE without a byte order mark (a NUL every other byte); decoded it to UTF-8"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Read("e.http", tt.data, Options{})
			if diff := cmp.Diff([]Capture{tt.want}, got, cmpOpts...); diff != "" {
				t.Errorf("Read mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	html := "<!DOCTYPE html>\n<html><body><h1>500 Internal Server Error</h1></body></html>\n"
	tests := []struct {
		name string
		file string
		data []byte
		want Capture
	}{{
		name: "JSON",
		file: "b.json",
		data: []byte(oo),
		want: Capture{Source: "b.json", Kind: KindBody, Body: []byte(oo), BodyLine: 1},
	}, {
		name: "XML with BOM",
		file: "b.xml",
		data: []byte("\uFEFF<OperationOutcome xmlns=\"http://hl7.org/fhir\"/>"),
		want: Capture{Source: "b.xml", Kind: KindBody, Body: []byte(`<OperationOutcome xmlns="http://hl7.org/fhir"/>`), BodyLine: 1,
			Notes: []Note{note(RuleBOM, 0, 0, "removed the UTF-8 byte order mark at the start of the file")}},
	}, {
		name: "UTF-16 JSON",
		file: "b.json",
		data: utf16Bytes(t, unicode.LittleEndian, unicode.UseBOM, oo),
		want: Capture{Source: "b.json", Kind: KindBody, Body: []byte(oo), BodyLine: 1,
			Notes: []Note{note(RuleUTF16, 0, 0, "decoded the file from UTF-16LE (it starts with a byte order mark) to UTF-8")}},
	}, {
		name: "HTML page without a sidecar is not a capture",
		file: "err.html",
		data: []byte(html),
		want: Capture{Source: "err.html", Kind: KindBody, BodyLine: 1, Skipped: true, Notes: []Note{notCaptureNote("a .html file")}},
	}, {
		name: "HTML page named .txt is not a capture either",
		file: "err.txt",
		data: []byte(html),
		want: Capture{Source: "err.txt", Kind: KindBody, BodyLine: 1, Skipped: true,
			Notes: []Note{notCaptureNote(`no status line and no JSON or XML body (it starts "<!DOCTYPE html>")`)}},
	}, {
		name: "empty",
		file: "empty.json",
		data: nil,
		want: Capture{Source: "empty.json", Kind: KindBody, BodyLine: 1,
			Notes: []Note{note(RuleEmpty, 0, 0, "the file holds no response: it is empty or blank")}},
	}, {
		name: "binary body",
		file: "x.json",
		data: []byte("\x89PNG\r\n\x1a\n\x00\x00"),
		want: Capture{Source: "x.json", Kind: KindBody, Body: []byte("\x89PNG\r\n\x1a\n\x00\x00"), BodyLine: 1},
	}, {
		name: "an image is not a capture",
		file: "x.png",
		data: []byte("\x89PNG\r\n\x1a\n\x00\x00"),
		want: Capture{Source: "x.png", Kind: KindBody, BodyLine: 1, Skipped: true, Notes: []Note{notCaptureNote("a .png file")}},
	}, {
		name: "JSON that mentions HTTP/1.1 is still a body",
		file: "b.txt",
		data: []byte("{\n\"diagnostics\": \"x\"\n}\nHTTP/1.1 200 OK\n"),
		want: Capture{Source: "b.txt", Kind: KindBody, Body: []byte("{\n\"diagnostics\": \"x\"\n}\nHTTP/1.1 200 OK\n"), BodyLine: 1},
	}, {
		name: "notes are not a capture",
		file: "notes.txt",
		data: []byte("# Title\ntext\n"),
		want: Capture{Source: "notes.txt", Kind: KindBody, BodyLine: 1, Skipped: true,
			Notes: []Note{notCaptureNote(`no status line and no JSON or XML body (it starts "# Title")`)}},
	}, {
		name: "an empty .txt file is not a capture",
		file: "empty.txt",
		data: []byte(" \n"),
		want: Capture{Source: "empty.txt", Kind: KindBody, BodyLine: 1, Skipped: true, Notes: []Note{notCaptureNote("empty")}},
	}, {
		name: "JSON without an extension is a body",
		file: "404-body",
		data: []byte(oo),
		want: Capture{Source: "404-body", Kind: KindBody, Body: []byte(oo), BodyLine: 1},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Read(tt.file, tt.data, Options{})
			if diff := cmp.Diff([]Capture{tt.want}, got, cmpOpts...); diff != "" {
				t.Errorf("Read mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func notCaptureNote(what string) Note {
	return Note{Rule: RuleNotCapture, Message: "not a capture: " + what + ", and no .meta sidecar; skipped. " +
		"To have it checked, save the response with its status line (curl -i), or name the body .json or .xml with a sidecar; " +
		"to leave it out quietly, list it in .spinecatignore"}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestReadHAR(t *testing.T) {
	three := `{
  "log": {
    "version": "1.2",
    "creator": {"name": "devtools", "version": "1"},
    "entries": [
      {
        "request": {"method": "GET", "url": "https://example.org/nrl/DocumentReference?subject=x",
          "headers": [{"name": "Accept", "value": "application/fhir+json"}]},
        "response": {"status": 404, "statusText": "Not Found",
          "headers": [{"name": "content-type", "value": "application/fhir+json"}, {"name": ":status", "value": "404"}],
          "content": {"size": ` + ooLen + `, "mimeType": "application/fhir+json", "text": "` + b64(oo) + `", "encoding": "base64"}}
      },
      {
        "request": {"method": "POST", "url": "https://example.org/ers/x", "headers": []},
        "response": {"status": 0, "headers": [], "content": {"size": 0, "mimeType": "x-unknown"}, "_error": "net::ERR_FAILED"}
      },
      {
        "request": {"method": "GET", "url": "https://example.org/y"},
        "response": {"status": "500", "headers": [{"name": "Content-Type", "value": "text/html"}],
          "content": {"size": 120, "mimeType": "text/html"}}
      }
    ]
  }
}`
	tests := []struct {
		name string
		file string
		data string
		want []Capture
	}{{
		name: "three entries",
		file: "x.har",
		data: three,
		want: []Capture{{
			Source: "x.har#0", Kind: KindHAR, Status: 404, Header: hdr("Content-Type", "application/fhir+json"), Body: []byte(oo),
			Request: &Request{Method: "GET", URL: "https://example.org/nrl/DocumentReference?subject=x", Header: hdr("Accept", "application/fhir+json")},
		}, {
			Source: "x.har#1", Kind: KindHAR, Status: 0, Header: http.Header{}, Skipped: true,
			Request: &Request{Method: "POST", URL: "https://example.org/ers/x"},
			Notes:   []Note{note(RuleNoResponse, 13, 7, `status 0: the browser recorded no response (the request was aborted, blocked, or failed: CORS, network, timeout), so there is nothing to check; it says "net::ERR_FAILED"`)},
		}, {
			Source: "x.har#2", Kind: KindHAR, Status: 500, Header: hdr("Content-Type", "text/html"),
			Request: &Request{Method: "GET", URL: "https://example.org/y"},
			Notes:   []Note{note(RuleHARContent, 17, 7, "content.size is 120 but there is no content.text: the exporter left the body out; export the HAR again with content")},
		}},
	}, {
		name: "recognised by content, UTF-16 text body decoded by the browser",
		file: "export.json",
		data: `{"log":{"entries":[{"request":{"method":"GET","url":"u"},"response":{"status":400,"headers":[],"content":{"mimeType":"application/json; charset=utf-16","text":"{}"}}}]}}`,
		want: []Capture{{Source: "export.json#0", Kind: KindHAR, Status: 400, Header: http.Header{}, Body: []byte("{}"), Request: &Request{Method: "GET", URL: "u"}}},
	}, {
		name: "base64 UTF-16 body",
		file: "x.har",
		data: `{"log":{"entries":[{"response":{"status":400,"content":{"mimeType":"application/json; charset=utf-16le","encoding":"base64","text":"` +
			base64.StdEncoding.EncodeToString(utf16Bytes(t, unicode.LittleEndian, unicode.IgnoreBOM, "{}")) + `"}}}]}}`,
		want: []Capture{{Source: "x.har#0", Kind: KindHAR, Status: 400, Header: http.Header{}, Body: []byte("{}"),
			Notes: []Note{note(RuleBodyCharset, 1, 20, "decoded the body from UTF-16LE (Content-Type charset) to UTF-8")}}},
	}, {
		name: "bad base64",
		file: "x.har",
		data: `{"log":{"entries":[{"response":{"status":400,"content":{"encoding":"base64","text":"not base64!"}}}]}}`,
		want: []Capture{{Source: "x.har#0", Kind: KindHAR, Status: 400, Header: http.Header{}, Body: []byte("not base64!"),
			Notes: []Note{note(RuleHARContent, 1, 20, "content.text is marked base64 but does not decode (illegal base64 data at input byte 9); kept it as text")}}},
	}, {
		name: "malformed JSON",
		file: "x.har",
		data: "{\"log\": {\"entries\": [\n  {\"response\": {\"status\": 404,}}\n]}}",
		want: []Capture{{Source: "x.har", Kind: KindHAR, Err: &Error{Source: "x.har", Line: 2, Col: 31,
			Msg: "the HAR file is not valid JSON ('}' where a member name (a string in double quotes) belongs); export it again from the browser's network panel, or fix the JSON here"}}},
	}, {
		name: "cut after one entry",
		file: "x.har",
		data: "{\"log\": {\"entries\": [\n  {\"response\": {\"status\": 404}},\n  {\"response\": {\"sta",
		want: []Capture{
			{Source: "x.har#0", Kind: KindHAR, Status: 404, Header: http.Header{}},
			{Source: "x.har", Kind: KindHAR, Err: &Error{Source: "x.har", Line: 3, Col: 21,
				Msg: "the HAR file is not valid JSON (the JSON ends early: the file is cut short, or an object, array or string is not closed); export it again from the browser's network panel, or fix the JSON here; the 1 entries before this point were read"}},
		},
	}, {
		name: "entry of the wrong type",
		file: "x.har",
		data: "{\"log\": {\"entries\": [\n  {\"response\": {\"headers\": {}}}\n]}}",
		want: []Capture{{Source: "x.har#0", Kind: KindHAR, Err: &Error{Source: "x.har#0", Line: 2, Col: 28,
			Msg: `HAR entry 0: "response.headers" is an object, where HAR 1.2 has an array; fix the entry or export the HAR again`}}},
	}, {
		name: "entry without response",
		file: "x.har",
		data: `{"log":{"entries":[{"request":{"method":"GET","url":"u"}}]}}`,
		want: []Capture{{Source: "x.har#0", Kind: KindHAR, Request: &Request{Method: "GET", URL: "u"}, Err: &Error{Source: "x.har#0", Line: 1, Col: 20,
			Msg: `HAR entry 0: it has no "response" object; export the HAR again after the request has completed`}}},
	}, {
		name: "empty .har file",
		file: "x.har",
		data: "",
		want: []Capture{{Source: "x.har", Kind: KindHAR, Err: &Error{Source: "x.har", Line: 1, Col: 1,
			Msg: "the HAR file is not valid JSON (the JSON ends early: the file is cut short, or an object, array or string is not closed); export it again from the browser's network panel, or fix the JSON here"}}},
	}, {
		name: "raw HTTP named .har is read as raw HTTP",
		file: "x.har",
		data: "HTTP/1.1 404 Not Found\r\n\r\n",
		want: []Capture{{Source: "x.har", Kind: KindHTTP, Status: 404, Header: http.Header{}, BodyLine: 3}},
	}, {
		name: "no entries",
		file: "x.har",
		data: `{"log":{"version":"1.2","entries":[]}}`,
		want: []Capture{{Source: "x.har", Kind: KindHAR, Err: &Error{Source: "x.har",
			Msg: "the HAR file has no entries: record the requests in the browser's network panel (keep it open while they run) before exporting"}}},
	}, {
		name: "no log",
		file: "x.har",
		data: `{"resourceType":"OperationOutcome"}`,
		want: []Capture{{Source: "x.har", Kind: KindHAR, Err: &Error{Source: "x.har",
			Msg: `there is no "log.entries" array: this is not a HAR 1.2 file; export one from the browser's network panel (Save all as HAR) or the API client`}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Read(tt.file, []byte(tt.data), Options{})
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Read mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadLimit reads more than the read limit: the capture says so and
// the body stays within the cap.
func TestReadLimit(t *testing.T) {
	opts := Options{MaxBodyBytes: 1000}
	big := crlf("HTTP/1.1 200 OK\nContent-Type: text/plain\n\n") + strings.Repeat("x", 200_000)
	got := Read("big.http", []byte(big), opts)
	limit := opts.MaxBodyBytes + headSlack
	want := []Capture{{Source: "big.http", Kind: KindHTTP, Status: 200, Header: hdr("Content-Type", "text/plain"),
		Body: []byte(strings.Repeat("x", 1000)), BodyLine: 4, Truncated: true, TooLarge: true,
		Notes: []Note{
			note(RuleFileTruncated, 0, 0, fmt.Sprintf("the file is larger than the %d-byte read limit; only its start was read", limit)),
			note(RuleBodyTruncated, 4, 1, fmt.Sprintf("the body is %d bytes, more than the 1000-byte limit (MaxBodyBytes); kept the first 1000", limit-int64(len(crlf("HTTP/1.1 200 OK\nContent-Type: text/plain\n\n"))))),
		}}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}

}

// TestReadHARLimit: a HAR file gets its own read limit, and entries before
// the cut are kept.
func TestReadHARLimit(t *testing.T) {
	entry := `{"response":{"status":404,"content":{"text":"` + strings.Repeat("z", 50_000) + `"}}}`
	har := []byte(`{"log":{"entries":[` + strings.Join([]string{entry, entry, entry, entry}, ",") + `]}}`)
	note := func(n int) Note {
		return note(RuleBodyTruncated, 1, 20+n*(len(entry)+1), "the body is 50000 bytes, more than the 100-byte limit (MaxBodyBytes); kept the first 100")
	}
	entryCap := func(n int) Capture {
		return Capture{Source: fmt.Sprintf("x.json#%d", n), Kind: KindHAR, Status: 404, Header: http.Header{},
			Body: []byte(strings.Repeat("z", 100)), Truncated: true, TooLarge: true, Notes: []Note{note(n)}}
	}

	got := Read("x.json", har, Options{MaxBodyBytes: 100, MaxHARBytes: 300_000})
	want := []Capture{entryCap(0), entryCap(1), entryCap(2), entryCap(3)}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("within MaxHARBytes (-want +got):\n%s", diff)
	}

	got = Read("x.json", har, Options{MaxBodyBytes: 100, MaxHARBytes: 120_000})
	cut := Note{Rule: RuleFileTruncated, Message: "the file is larger than the 120000-byte read limit; only its start was read"}
	want = []Capture{entryCap(0), entryCap(1), {Source: "x.json", Kind: KindHAR, Truncated: true, TooLarge: true, Notes: []Note{cut},
		Err: &Error{Source: "x.json", Line: 1, Col: 120_001, Msg: "the HAR file is larger than the read limit and was cut, so its JSON ends early; " +
			"raise Options.MaxHARBytes or export fewer requests; the 2 entries before this point were read"}}}
	for i := range 2 {
		want[i].Notes = append([]Note{cut}, want[i].Notes...)
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("beyond MaxHARBytes (-want +got):\n%s", diff)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindUnknown: "unknown", KindHTTP: "http", KindHAR: "har", KindBody: "body", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestNoteString(t *testing.T) {
	for _, tt := range []struct {
		n    Note
		want string
	}{
		{Note{Rule: "r", Message: "m"}, "m (r)"},
		{Note{Rule: "r", Message: "m", Line: 3}, "3: m (r)"},
		{Note{Rule: "r", Message: "m", Line: 3, Col: 4, File: "x.meta"}, "x.meta:3:4: m (r)"},
	} {
		if got := tt.n.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
