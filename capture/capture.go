package capture

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Kind is the format a capture was read from. Its zero value, KindUnknown,
// is what a capture that could not be classified (or read at all) carries.
type Kind int

// The capture formats.
const (
	KindUnknown Kind = iota // not classified: unreadable file, or a request with no response
	KindHTTP                // a raw HTTP response, as curl -i or an editor's "save response" writes it
	KindHAR                 // one response of a HAR 1.2 file
	KindBody                // a bare body, with the status and content type from a .meta sidecar if any
)

var kindNames = [...]string{"unknown", "http", "har", "body"}

// String returns "unknown", "http", "har" or "body".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// MarshalText writes the kind as its String, for JSON reports.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Capture is one captured HTTP response, as read from a file.
type Capture struct {
	// Source is the file path; for a HAR file it is "path#n" for the n-th
	// entry (from 0). A capture about a HAR file as a whole (a syntax error)
	// has the bare path.
	Source string
	Kind   Kind
	// Status is the HTTP status code; 0 when the capture has none (a bare
	// body without a .meta status, or a HAR entry the browser aborted).
	Status int
	// Header is the response header, nil when the capture has no header
	// section (a bare body without a .meta content-type).
	Header http.Header
	// Body is the response body, decoded to UTF-8 where it was UTF-16 and
	// without a leading byte order mark (each such change leaves a Note).
	// Chunked transfer coding and gzip content coding are removed.
	Body []byte
	// BodyLine is the 1-based line of the file on which Body starts, so that
	// a position inside the body can be reported in the file; 0 when the body
	// does not map onto the file's lines (HAR, chunked or compressed bodies).
	BodyLine int
	// Truncated says the body is incomplete: it exceeded Options.MaxBodyBytes
	// and was cut, the file was larger than the read limit, or the capture
	// holds fewer bytes than its Content-Length announces.
	Truncated bool
	// TooLarge says the body is incomplete because of a limit of the reader
	// (MaxBodyBytes or the read limit), not because the capture is short:
	// raising the limit would give the whole body. Truncated is set too.
	TooLarge bool
	// API is the "api:" value of a .meta sidecar ("nrl", "ers", ...), else "".
	API string
	// Request is the request that produced the response, when the capture
	// records it (HAR, raw captures with a request section), else nil.
	Request *Request
	// Notes are what the reader noticed and fixed, or could not fix, in
	// file order as far as positions are known. See the Rule constants.
	Notes []Note
	// Err is non-nil (always a *Error) when the capture could not be read at
	// all; the capture is still returned so that a run goes on.
	Err error
}

// Request is the request a capture records, for context: content
// negotiation checks need its Accept header, reports its method and URL.
type Request struct {
	Method string
	URL    string      // as written: absolute in HAR, often origin-form ("/path?q") in raw captures
	Header http.Header // nil when the capture has no request headers
}

// Note is something the reader noticed while reading a capture: a
// transformation it applied (BOM removed, UTF-16 decoded) or an oddity it
// could not fix (Content-Length larger than the body). Notes are not
// findings: the validator decides which of them matter.
type Note struct {
	Rule    string // one of the Rule constants
	Message string // a sentence, without position
	File    string // the file the position is in, when not the capture's own (a .meta sidecar)
	Line    int    // 1-based line; 0 when unknown
	Col     int    // 1-based byte column; 0 when unknown
}

// String formats the note as "[file:]line:col: message (rule)", leaving out
// the parts that are unknown.
func (n Note) String() string {
	var b strings.Builder
	if n.File != "" {
		b.WriteString(n.File)
		b.WriteString(":")
	}
	if n.Line > 0 {
		fmt.Fprintf(&b, "%d:", n.Line)
		if n.Col > 0 {
			fmt.Fprintf(&b, "%d:", n.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "%s (%s)", n.Message, n.Rule)
	return b.String()
}

// Error is why a capture could not be read. Msg is a sentence that says
// what is wrong and what to do about it.
type Error struct {
	Source string
	Line   int // 1-based; 0 when the error is about the whole file
	Col    int // 1-based byte column; 0 when unknown
	Msg    string
	Err    error // the underlying error (*fs.PathError, *json.SyntaxError, ...), may be nil
}

// Error formats the error as "source:line:col: msg".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Options tune reading. The zero value is ready to use.
type Options struct {
	// MaxBodyBytes caps each body; a longer body is cut to this many bytes
	// (at a UTF-8 character boundary) and the capture is Truncated. Raw HTTP
	// and bare-body files are read up to MaxBodyBytes + 64 KiB. Zero or less
	// means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxHARBytes caps how much of a HAR file is read. A HAR file holds many
	// responses (a browser export holds every script and image of the page),
	// so it gets its own, larger limit. Zero or less means DefaultMaxHARBytes.
	MaxHARBytes int64
}

// The defaults of Options.
const (
	DefaultMaxBodyBytes = 1 << 20  // 1 MiB
	DefaultMaxHARBytes  = 64 << 20 // 64 MiB
	headSlack           = 64 << 10 // room for the status line and headers beside the body
)

func (o Options) maxBody() int64 {
	if o.MaxBodyBytes <= 0 {
		return DefaultMaxBodyBytes
	}
	return o.MaxBodyBytes
}

func (o Options) fileLimit() int64 { return o.maxBody() + headSlack }

func (o Options) harLimit() int64 {
	n := o.MaxHARBytes
	if n <= 0 {
		n = DefaultMaxHARBytes
	}
	// A HAR file is never limited more tightly than any other file.
	if l := o.fileLimit(); n < l {
		n = l
	}
	return n
}

// Read reads the captures in data, which came from the file called name.
// name is used for Source and as a hint to the format (".har"); the format is
// recognised by content. Read never looks at the file system (so no .meta
// sidecar is read), never returns an empty slice and never panics.
func Read(name string, data []byte, opts Options) []Capture {
	limit := opts.fileLimit()
	if int64(len(data)) > limit && isHAR(name, sniffText(data)) {
		limit = opts.harLimit()
	}
	cut := false
	if int64(len(data)) > limit {
		data, cut = data[:limit], true
	}
	return parse(name, data, cut, limit, opts)
}

// ReadFile reads the captures in the file at path: one, or one per entry of
// a HAR file. It applies the file's .meta sidecar (same name with the
// extension replaced by ".meta") if there is one. It never reads more of
// the file than the limits in Options, never returns an empty slice and
// never panics: a file that cannot be read becomes a capture with Err.
func ReadFile(path string, opts Options) []Capture {
	caps := readFile(path, opts)
	if !strings.EqualFold(filepath.Ext(path), ".meta") {
		applySidecar(caps, metaPath(path))
	}
	return caps
}

func readFile(path string, opts Options) []Capture {
	fail := func(msg string, err error) []Capture {
		return []Capture{{Source: path, Err: &Error{Source: path, Msg: msg, Err: err}}}
	}
	// Stat before opening: opening a FIFO would block.
	st, err := os.Stat(path)
	if err != nil {
		return fail(fmt.Sprintf("cannot read the file (%v); check that it exists and is readable", unwrapPath(err)), err)
	}
	if st.IsDir() {
		return fail("is a directory, not a capture file; pass it to Walk to read the files in it", nil)
	}
	if !st.Mode().IsRegular() {
		return fail("is not a regular file (a device, pipe or socket); save the response to a file first", nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(fmt.Sprintf("cannot open the file (%v); check its permissions", unwrapPath(err)), err)
	}
	defer f.Close()

	limit := opts.fileLimit()
	// Read one byte more than the limit to learn whether the file is larger.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit && isHAR(path, sniffText(data)) {
		limit = opts.harLimit()
		var more []byte
		more, err = io.ReadAll(io.LimitReader(f, limit+1-int64(len(data))))
		data = append(data, more...)
	}
	if err != nil {
		return fail(fmt.Sprintf("cannot read the file (%v); check the disk and permissions", unwrapPath(err)), err)
	}
	cut := false
	if int64(len(data)) > limit {
		data, cut = data[:limit], true
	}
	return parse(path, data, cut, limit, opts)
}

// unwrapPath drops the path from a *fs.PathError: the message already
// starts with it.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// parse classifies data and reads it. cut says data is the first limit
// bytes of a longer file.
func parse(name string, data []byte, cut bool, limit int64, opts Options) []Capture {
	text, notes, transcoded := decodeText(data)
	if cut {
		notes = append(notes, Note{Rule: RuleFileTruncated, Message: fmt.Sprintf(
			"the file is larger than the %d-byte read limit; only its start was read", limit)})
	}
	if isHAR(name, text) {
		return parseHAR(name, text, notes, cut, opts)
	}
	c := Capture{Source: name, Notes: notes}
	switch k, at := classify(text); k {
	case KindHTTP:
		c.Kind = KindHTTP
		parseHTTP(&c, text, at, cut, transcoded, opts)
	case KindUnknown: // a request section with no response
		c.Kind = KindUnknown
		parseRequestOnly(&c, text, at)
	default:
		c.Kind = KindBody
		c.BodyLine = 1
		if len(bytes.TrimSpace(text)) == 0 {
			c.Notes = append(c.Notes, Note{Rule: RuleEmpty, Message: "the file holds no response: it is empty or blank"})
		}
		finishBody(&c, text, bodyCtx{truncated: cut}, opts)
	}
	return []Capture{c}
}
