package capture

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// The parts of a HAR 1.2 entry the reader uses. Strings are loose: a
// hand-edited HAR with a number for a header value still reads.
type harEntry struct {
	Request  *harRequest  `json:"request"`
	Response *harResponse `json:"response"`
}

type harRequest struct {
	Method  looseString `json:"method"`
	URL     looseString `json:"url"`
	Headers []harHeader `json:"headers"`
}

type harResponse struct {
	Status  json.RawMessage `json:"status"`
	Headers []harHeader     `json:"headers"`
	Content *harContent     `json:"content"`
	Error   looseString     `json:"_error"` // Chrome: why there is no response
}

type harContent struct {
	Size     json.RawMessage `json:"size"`
	MimeType looseString     `json:"mimeType"`
	Text     *looseString    `json:"text"`
	Encoding looseString     `json:"encoding"`
}

type harHeader struct {
	Name  looseString `json:"name"`
	Value looseString `json:"value"`
}

// looseString accepts a JSON string, or a number, boolean or null as its text.
type looseString string

func (s *looseString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = looseString(v)
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return &json.UnmarshalTypeError{Value: "an object or array", Type: reflect.TypeFor[string]()}
	default:
		*s = looseString(b)
	}
	return nil
}

// parseHAR reads every entry of a HAR file. Entries read before a syntax
// error are kept; the error becomes one more capture, about the file.
func parseHAR(name string, text []byte, notes []Note, cut bool, opts Options) []Capture {
	dec := json.NewDecoder(bytes.NewReader(text))
	pos := &positions{text: text}
	var caps []Capture
	fail := func(err error) []Capture {
		line, col, detail := jsonErrorPos(text, err, dec)
		msg := fmt.Sprintf("the HAR file is not valid JSON (%s); export it again from the browser's network panel, or fix the JSON here", detail)
		if cut {
			msg = fmt.Sprintf("the HAR file is larger than the read limit and was cut, so its JSON ends early (%s); "+
				"raise Options.MaxHARBytes or export fewer requests", detail)
		}
		if len(caps) > 0 {
			msg += fmt.Sprintf("; the %d entries before this point were read", len(caps))
		}
		c := Capture{Source: name, Kind: KindHAR, Notes: notes, Truncated: cut, TooLarge: cut,
			Err: &Error{Source: name, Line: line, Col: col, Msg: msg, Err: err}}
		return append(caps, c)
	}
	notHAR := func(what string) []Capture {
		return []Capture{{Source: name, Kind: KindHAR, Notes: notes, Err: &Error{Source: name, Msg: what +
			": this is not a HAR 1.2 file; export one from the browser's network panel (Save all as HAR) or the API client"}}}
	}

	if err := expectDelim(dec, '{'); err != nil {
		if errors.Is(err, errNotDelim) {
			return notHAR("the file is JSON but not an object with a \"log\" member")
		}
		return fail(err)
	}
	sawEntries := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if key != "log" {
			if err := skipValue(dec); err != nil {
				return fail(err)
			}
			continue
		}
		if err := expectDelim(dec, '{'); err != nil {
			if errors.Is(err, errNotDelim) {
				return notHAR("\"log\" is not an object")
			}
			return fail(err)
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return fail(err)
			}
			if key != "entries" {
				if err := skipValue(dec); err != nil {
					return fail(err)
				}
				continue
			}
			if err := expectDelim(dec, '['); err != nil {
				if errors.Is(err, errNotDelim) {
					return notHAR("\"log.entries\" is not an array")
				}
				return fail(err)
			}
			sawEntries = true
			for dec.More() {
				off := skipSep(text, int(dec.InputOffset()))
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				caps = append(caps, harCapture(name, len(caps), pos, off, raw, notes, opts))
			}
			if _, err := dec.Token(); err != nil { // ]
				return fail(err)
			}
		}
		if _, err := dec.Token(); err != nil { // } of log
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil { // } of the file
		return fail(err)
	}
	if !sawEntries {
		return notHAR("there is no \"log.entries\" array")
	}
	if len(caps) == 0 {
		return []Capture{{Source: name, Kind: KindHAR, Notes: notes, Err: &Error{Source: name,
			Msg: "the HAR file has no entries: record the requests in the browser's network panel (keep it open while they run) before exporting"}}}
	}
	return caps
}

var errNotDelim = errors.New("not the expected delimiter")

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return errNotDelim
	}
	return nil
}

func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// skipSep skips the white space and the comma before an array element.
func skipSep(text []byte, off int) int {
	for off < len(text) && strings.IndexByte(" \t\r\n,", text[off]) >= 0 {
		off++
	}
	return off
}

// jsonErrorPos finds where a JSON error is. The streaming decoder's offsets
// are approximate, so a syntax error is located by checking the whole text.
func jsonErrorPos(text []byte, err error, dec *json.Decoder) (line, col int, detail string) {
	var raw json.RawMessage
	var se *json.SyntaxError
	if full := json.Unmarshal(text, &raw); errors.As(full, &se) {
		off := int(se.Offset) - 1 // Offset counts the offending byte
		if se.Offset >= int64(len(text)) {
			off = len(text)
		}
		line, col = position(text, off)
		return line, col, se.Error()
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, col = position(text, len(text))
		return line, col, "unexpected end of JSON input"
	}
	line, col = position(text, int(dec.InputOffset()))
	return line, col, err.Error()
}

// harCapture makes the capture of the n-th entry, which starts at offset
// off of the text.
func harCapture(name string, n int, pos *positions, off int, raw json.RawMessage, notes []Note, opts Options) Capture {
	c := Capture{Source: fmt.Sprintf("%s#%d", name, n), Kind: KindHAR, Notes: append([]Note(nil), notes...)}
	line, col := pos.at(off)
	note := func(rule, msg string) {
		c.Notes = append(c.Notes, Note{Rule: rule, Message: msg, Line: line, Col: col})
	}

	var e harEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		l, cl, msg := line, col, err.Error()
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			l, cl = pos.at(off + int(te.Offset) - 1) // Offset counts the value's first byte or more
			msg = fmt.Sprintf("%s is %s, which HAR 1.2 does not allow there", fieldName(te.Field), te.Value)
		}
		c.Err = &Error{Source: c.Source, Line: l, Col: cl, Err: err, Msg: "HAR entry " + strconv.Itoa(n) + ": " + msg + "; fix the entry or export the HAR again"}
		return c
	}
	if r := e.Request; r != nil {
		c.Request = &Request{Method: string(r.Method), URL: string(r.URL), Header: harHeaders(r.Headers)}
	}
	r := e.Response
	if r == nil {
		c.Err = &Error{Source: c.Source, Line: line, Col: col, Msg: "HAR entry " + strconv.Itoa(n) +
			" has no \"response\" object; export the HAR again after the request has completed"}
		return c
	}
	c.Header = harHeaders(r.Headers)
	if c.Header == nil {
		c.Header = http.Header{}
	}
	status, ok := harNumber(r.Status)
	switch {
	case !ok:
		note(RuleHARStatus, fmt.Sprintf("the status %s is not a number; read it as 0", clip(r.Status)))
	case status == 0:
		msg := "status 0: the browser recorded no response (the request was aborted, blocked, or failed: CORS, network, timeout)"
		if r.Error != "" {
			msg += "; it says " + strconv.Quote(string(r.Error))
		}
		note(RuleHARStatus, msg)
	case status < 0 || status > 999:
		note(RuleHARStatus, fmt.Sprintf("the status %d is not an HTTP status code; read it as 0", status))
		status = 0
	}
	c.Status = int(status)

	ctx := bodyCtx{text: true, line: line, col: col}
	var body []byte
	if ct := r.Content; ct != nil {
		ctx.mimeType = string(ct.MimeType)
		switch {
		case ct.Text == nil || *ct.Text == "":
			if size, ok := harNumber(ct.Size); ok && size > 0 {
				note(RuleHARContent, fmt.Sprintf("content.size is %d but there is no content.text: the exporter left the body out; "+
					"export the HAR again with content", size))
			}
		case strings.EqualFold(string(ct.Encoding), "base64"):
			if dec, err := decodeBase64(string(*ct.Text)); err == nil {
				body, ctx.text = dec, false
			} else {
				body = []byte(*ct.Text)
				note(RuleHARContent, fmt.Sprintf("content.text is marked base64 but does not decode (%v); kept it as text", err))
			}
		default:
			body = []byte(*ct.Text)
			if ct.Encoding != "" {
				note(RuleHARContent, fmt.Sprintf("content.encoding %q is not one the reader knows (only base64); kept the text as is", string(ct.Encoding)))
			}
		}
	}
	finishBody(&c, body, ctx, opts)
	return c
}

func fieldName(f string) string {
	if f == "" {
		return "the entry"
	}
	return strconv.Quote(f)
}

func harHeaders(hs []harHeader) http.Header {
	if len(hs) == 0 {
		return nil
	}
	h := http.Header{}
	for _, x := range hs {
		// HTTP/2 pseudo-headers (":status") are not header fields.
		if x.Name == "" || strings.HasPrefix(string(x.Name), ":") {
			continue
		}
		h.Add(string(x.Name), string(x.Value))
	}
	return h
}

// harNumber reads an integer written as a JSON number or string; an absent
// value is 0.
func harNumber(raw json.RawMessage) (int64, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return 0, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, false
}

// decodeBase64 accepts standard and URL-safe base64, padded or not, with
// line breaks (some exporters wrap it).
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err == nil {
			return b, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}
