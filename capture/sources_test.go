package capture

import (
	"errors"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// curlV is "curl -v" output pasted from a terminal: curl's remarks, the
// request, the response head, the body, and the last remark glued to a
// body that has no final newline.
const curlV = `*   Trying 127.0.0.1:8080...
* Connected to localhost (127.0.0.1) port 8080
> GET /DocumentReference/abc HTTP/1.1
> Host: localhost:8080
> Accept: application/fhir+json
>
* Request completely sent off
< HTTP/1.1 404 Not Found
< Content-Type: application/fhir+json
< Content-Length: ` + "85" + `
<
` + oo + `* Connection #0 to host localhost left intact
`

func TestReadCurlVerbose(t *testing.T) {
	got := Read("paste.txt", []byte(curlV), Options{})
	want := []Capture{{
		Source: "paste.txt", Kind: KindHTTP, Status: 404, Body: []byte(oo), BodyLine: 12,
		Header:  hdr("Content-Type", "application/fhir+json", "Content-Length", "85"),
		Request: &Request{Method: "GET", URL: "/DocumentReference/abc", Header: hdr("Host", "localhost:8080", "Accept", "application/fhir+json")},
		Notes: []Note{
			note(RuleTranscript, 1, 1, `read as a curl -v transcript: the "> " lines are the request, the "< " lines the response head, the "* " lines curl's remarks (left out)`),
			note(RuleLineEndings, 8, 3, lfNote),
		},
	}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}
	// A malformed header line is placed on its line of the paste, after
	// the "< " prefix.
	bad := strings.Replace(curlV, "< Content-Type:", "< Content Type;", 1)
	n := Read("paste.txt", []byte(bad), Options{})[0].Notes
	if len(n) < 2 || n[1].Rule != RuleHeaderSyntax || n[1].Line != 9 || n[1].Col != 3 {
		t.Errorf("notes %+v; want a header-syntax note at 9:3", n)
	}
	// curl -iv: the plain copy of the head on standard output is left out,
	// wherever it comes.
	head := "HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\n\r\n"
	for _, paste := range []string{
		strings.Replace(curlV, "* Request completely sent off\n", head, 1),
		strings.Replace(curlV, oo, head+oo, 1),
	} {
		c := Read("paste.txt", []byte(paste), Options{})[0]
		if c.Err != nil || c.Status != 404 || string(c.Body) != oo || hasNote(&c, RuleInterim) {
			t.Errorf("curl -iv: %+v", c)
		}
	}
	// Not a transcript: a body whose lines start with "<".
	body := "<OperationOutcome xmlns=\"http://hl7.org/fhir\">\n< HTTP/1.1 is text here\n</OperationOutcome>"
	if c := Read("b.xml", []byte(body), Options{})[0]; c.Kind != KindBody || string(c.Body) != body {
		t.Errorf("%+v", c)
	}
}

// TestReadFrom reads standard input as "curl -si URL | spinecat check -"
// gives it, in small reads, and stops at the limit.
func TestReadFrom(t *testing.T) {
	raw := crlf("HTTP/2 404 \ncontent-type: application/fhir+json\n\n") + oo
	got := ReadFrom("(stdin)", iotest.OneByteReader(strings.NewReader(raw)), Options{})
	want := []Capture{{Source: "(stdin)", Kind: KindHTTP, Status: 404, Header: hdr("Content-Type", "application/fhir+json"), Body: []byte(oo), BodyLine: 4}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("ReadFrom (-want +got):\n%s", diff)
	}
	big := crlf("HTTP/1.1 200 OK\n\n") + strings.Repeat("x", 5000)
	c := ReadFrom("(stdin)", strings.NewReader(big), Options{MaxBodyBytes: 10})[0]
	if !c.TooLarge || len(c.Body) != 10 {
		t.Errorf("%+v", c)
	}
	c = ReadFrom("(stdin)", iotest.ErrReader(errors.New("boom")), Options{})[0]
	if c.Err == nil || !strings.Contains(c.Err.Error(), "cannot read the input (boom)") {
		t.Errorf("Err = %v", c.Err)
	}
}

// TestHEAD: a response to HEAD has no body whatever its Content-Length
// says; a request section or the sidecar's method says it was HEAD.
func TestHEAD(t *testing.T) {
	head := crlf("HTTP/1.1 404 Not Found\nContent-Type: application/fhir+xml\nContent-Length: 812\n\n")
	c := Read("h.http", []byte(crlf("HEAD /nrl/DocumentReference/x HTTP/1.1\n\n")+head), Options{})[0]
	if c.Truncated || c.Request.Method != http.MethodHead || len(c.Notes) != 0 {
		t.Errorf("request section: %+v", c)
	}
	if c := Read("h.http", []byte(head), Options{})[0]; !c.Truncated {
		t.Errorf("without the method an empty body is cut short: %+v", c)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "h.http"), head)
	write(t, filepath.Join(dir, "h.meta"), "method: head\nurl: https://example.org/nrl/DocumentReference/x\n")
	c = ReadFile(filepath.Join(dir, "h.http"), Options{})[0]
	if c.Truncated || c.Err != nil || c.Request == nil || !cmp.Equal(*c.Request, Request{Method: http.MethodHead, URL: "https://example.org/nrl/DocumentReference/x"}) || len(c.Notes) != 0 {
		t.Errorf("sidecar: %+v", c)
	}
}

// TestEntryPath: "file.har#N" names one entry, as its Source reads.
func TestEntryPath(t *testing.T) {
	har := filepath.Join("testdata", "walk", "z.har")
	got := ReadFile(har+"#1", Options{})
	if len(got) != 1 || got[0].Source != har+"#1" || got[0].Status != 401 || got[0].API != "ers" {
		t.Errorf("ReadFile(#1) = %+v", got)
	}
	caps, err := Walk([]string{har + "#0", har + "#7", filepath.Join("testdata", "walk", "a.http#0")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	msgs := outcomes(caps, func(s string) string { return s })
	want := []string{
		har + "#0: ok",
		har + "#7: " + har + " has 2 entries (#0 to #1): there is no #7",
		filepath.Join("testdata", "walk", "a.http#0") + ": " + filepath.Join("testdata", "walk", "a.http") + " holds one response, not entries: name it without #0",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A missing file with a fragment is a missing path.
	if _, err := Walk([]string{"testdata/nope.har#1"}, Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

// TestIgnoreFile walks a folder with ignore files, top level and nested.
func TestIgnoreFile(t *testing.T) {
	dir := t.TempDir()
	raw := "HTTP/1.1 404 Not Found\r\n\r\n"
	for _, f := range []string{"a.http", "b.http", "keep.http", "drafts/x.http", "drafts/y.http", "sub/c.http", "sub/d.tmp.http", "sub/deep/e.http", "logs/z.http"} {
		write(t, filepath.Join(dir, f), raw)
	}
	write(t, filepath.Join(dir, IgnoreFile), "# captures to leave out\n\nb.http\n*.tmp.http\ndrafts/\n!drafts/y.http\n/logs\nsub/deep/**\n")
	write(t, filepath.Join(dir, "sub", IgnoreFile), "c.http\n!d.tmp.http\n")
	caps, err := Walk([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range caps {
		rel, _ := filepath.Rel(dir, c.Source)
		got = append(got, filepath.ToSlash(rel))
	}
	// drafts/y.http stays out: its directory is out, as in git.
	if diff := cmp.Diff([]string{"a.http", "keep.http", "sub/d.tmp.http"}, got); diff != "" {
		t.Errorf("walked (-want +got):\n%s", diff)
	}
	// A file named explicitly is read whatever the ignore file says.
	if caps, _ := Walk([]string{filepath.Join(dir, "b.http")}, Options{}); len(caps) != 1 || caps[0].Err != nil {
		t.Errorf("explicit: %+v", caps)
	}
	// A malformed pattern is a capture error with its line; the others apply.
	write(t, filepath.Join(dir, IgnoreFile), "b.http\n[z\n")
	caps, _ = Walk([]string{dir}, Options{})
	if len(caps) == 0 || caps[0].Err == nil || caps[0].Source != filepath.Join(dir, IgnoreFile) || caps[0].Err.(*Error).Line != 2 {
		t.Fatalf("first capture %+v, want the ignore file's error on line 2", caps[0])
	}
	for _, c := range caps {
		if filepath.Base(c.Source) == "b.http" {
			t.Errorf("b.http read although listed")
		}
	}
}

func TestMatchSegments(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		want      bool
	}{
		{"**/x.http", "x.http", true},
		{"**/x.http", "a/b/x.http", true},
		{"a/**/x", "a/x", true},
		{"a/**/x", "a/b/c/x", true},
		{"a/**/x", "b/a/x", false},
		{"a/*/x", "a/b/c/x", false},
		{"a/*", "a/b", true},
		{"*.http", "x.json", false},
		{"[ab].http", "b.http", true},
	} {
		if got := matchSegments(strings.Split(tc.pat, "/"), strings.Split(tc.path, "/")); got != tc.want {
			t.Errorf("%s ~ %s = %v", tc.pat, tc.path, got)
		}
	}
	// Many "**" against a deep path: a table of their product, not a search.
	pat := strings.Split(strings.Repeat("**/", 200)+"x", "/")
	path := strings.Split(strings.Repeat("d/", 200)+"y", "/")
	if matchSegments(pat, path) {
		t.Error("matched")
	}
}

// TestReadCurlVerboseWithMeter reads curl -v output with standard error and
// output in one stream (curl -v URL 2>&1 | spinecat check -), where curl
// adds its progress meter: a header and rows glued to the next remark or to
// the end of the body.
func TestReadCurlVerboseWithMeter(t *testing.T) {
	const head = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
		"                                 Dload  Upload   Total   Spent    Left  Speed\n"
	const start = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
	const end = "\r100    85  100    85    0     0  42500      0 --:--:-- --:--:-- --:--:-- 85000"
	paste := head + start + strings.Replace(curlV, oo+"* Connection", oo+end+"* Connection", 1)
	got := Read("paste.txt", []byte(paste), Options{})
	want := []Capture{{
		Source: "paste.txt", Kind: KindHTTP, Status: 404, Body: []byte(oo), BodyLine: 14,
		Header:  hdr("Content-Type", "application/fhir+json", "Content-Length", "85"),
		Request: &Request{Method: "GET", URL: "/DocumentReference/abc", Header: hdr("Host", "localhost:8080", "Accept", "application/fhir+json")},
		Notes: []Note{
			note(RuleTranscript, 1, 1, `read as a curl -v transcript: the "> " lines are the request, the "< " lines the response head, the "* " lines curl's remarks (left out), and curl's progress meter (left out)`),
			note(RuleLineEndings, 10, 3, lfNote),
		},
	}}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}
	// Written to a file, curl puts the body last, after a row alone on its
	// line and its last remark.
	file := head + start + strings.Replace(curlV, oo+"* Connection #0 to host localhost left intact\n",
		"{ [85 bytes data]\n"+end+"\n* Connection #0 to host localhost left intact\n"+oo, 1)
	if c := Read("paste.txt", []byte(file), Options{})[0]; c.Err != nil || c.Status != 404 || string(c.Body) != oo || hasNote(&c, RuleContentLength) {
		t.Errorf("body last: %+v", c)
	}
}
