package capture

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
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
	// Skipped says there is nothing to check: a file that is not a capture
	// (RuleNotCapture), a HAR entry the browser got no response for
	// (RuleNoResponse); a note with that rule says why. A skipped capture
	// is neither conformant nor not: a report counts it apart.
	Skipped bool
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
	Col     int    // 1-based, in characters; 0 when unknown
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
	Col    int // 1-based, in characters; 0 when unknown
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

// satAdd adds two non-negative limits without overflow: a limit of
// math.MaxInt64 ("no limit") plus anything stays math.MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func (o Options) maxBody() int64 {
	if o.MaxBodyBytes <= 0 {
		return DefaultMaxBodyBytes
	}
	return o.MaxBodyBytes
}

func (o Options) fileLimit() int64 { return satAdd(o.maxBody(), headSlack) }

func (o Options) harLimit() int64 {
	n := o.MaxHARBytes
	if n <= 0 {
		n = DefaultMaxHARBytes
	}
	// A HAR file is never limited more tightly than any other file.
	return max(n, o.fileLimit())
}

// validStatus reports whether n is an HTTP status code (RFC 9110 §15:
// three digits, 100 to 599).
func validStatus(n int64) bool { return n >= 100 && n <= 599 }

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
	return parse(name, data, cut, limit, opts, nil)
}

// ReadFrom reads the captures in r, as Read does, reading no more of r than
// the limits in Options: the way to read standard input ("curl -si URL |
// spinecat check -"). name is the Source of the captures.
func ReadFrom(name string, r io.Reader, opts Options) []Capture {
	data, cut, limit, err := readLimited(name, r, -1, opts)
	if err != nil {
		return []Capture{{Source: name, Err: &Error{Source: name, Err: err,
			Msg: fmt.Sprintf("cannot read the input (%v)", err)}}}
	}
	return parse(name, data, cut, limit, opts, nil)
}

// readLimited reads r up to the read limit, or the HAR limit when the
// start of the data is a HAR file. size is what the file's size says, -1
// when unknown: it sizes the buffer once, so that a large file costs its
// size in memory and not the double a growing buffer would.
func readLimited(name string, r io.Reader, size int64, opts Options) (data []byte, cut bool, limit int64, err error) {
	var buf bytes.Buffer
	// Read one byte more than the limit to learn whether there is more.
	fill := func(limit int64) error {
		if size >= 0 {
			want := min(size, satAdd(limit, 1), 1<<30) + bytes.MinRead
			buf.Grow(int(max(want-int64(buf.Len()), 0)))
		}
		_, err := buf.ReadFrom(io.LimitReader(r, satAdd(limit, 1)-int64(buf.Len())))
		return err
	}
	limit = opts.fileLimit()
	err = fill(limit)
	if err == nil && int64(buf.Len()) > limit && isHAR(name, sniffText(buf.Bytes())) {
		limit = opts.harLimit()
		err = fill(limit)
	}
	data = buf.Bytes()
	if int64(len(data)) > limit {
		data, cut = data[:limit], true
	}
	return data, cut, limit, err
}

// parse classifies data and reads it. cut says data is the first limit
// bytes of a longer file; m is the file's sidecar, nil when there is none.
// A panic, which would be a bug, becomes the capture's error rather than
// the end of the caller's run.
func parse(name string, data []byte, cut bool, limit int64, opts Options, m *meta) (caps []Capture) {
	defer func() {
		if p := recover(); p != nil {
			caps = []Capture{{Source: name, Err: &Error{Source: name, Msg: fmt.Sprintf(
				"the reader failed on this file (%v); please report it with the file", p)}}}
		}
	}()
	text, notes, transcoded := decodeText(data)
	if cut {
		notes = append(notes, Note{Rule: RuleFileTruncated, Message: fmt.Sprintf(
			"the file is larger than the %d-byte read limit; only its start was read", limit)})
	}
	if isHAR(name, text) {
		caps = parseHAR(name, text, notes, cut, opts)
		for i := range caps {
			capNotes(&caps[i])
		}
		return caps
	}
	c := Capture{Source: name, Notes: notes}
	text, lines := readTranscript(&c, text)
	text = crLineEndings(&c, text)
	switch k, at := classify(text); k {
	case KindHTTP:
		c.Kind = KindHTTP
		parseHTTP(&c, text, at, cut, transcoded, m, opts)
	case KindUnknown: // a request section with no response
		c.Kind = KindUnknown
		parseRequestOnly(&c, text, at)
	default:
		c.Kind = KindBody
		c.BodyLine = 1
		if notCapture(&c, name, text, m) {
			break
		}
		if len(bytes.TrimSpace(text)) == 0 {
			c.Notes = append(c.Notes, Note{Rule: RuleEmpty, Message: "the file holds no response: it is empty or blank"})
		}
		finishBody(&c, text, bodyCtx{truncated: cut}, opts)
	}
	lines.remap(&c)
	capNotes(&c)
	return []Capture{c}
}

// maxNotes caps the notes of one capture: a file of ten thousand malformed
// header lines needs a few examples and a count, not ten thousand notes.
const maxNotes = 100

func capNotes(c *Capture) {
	if len(c.Notes) <= maxNotes {
		return
	}
	n := len(c.Notes) - (maxNotes - 1)
	c.Notes = append(c.Notes[:maxNotes-1:maxNotes-1], Note{Rule: RuleNotesCapped, Message: fmt.Sprintf(
		"%d more notes were left out: the reader keeps the first %d of a capture", n, maxNotes-1)})
}
