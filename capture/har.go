package capture

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/internal/textpos"
)

// harError is a HAR entry whose shape HAR 1.2 does not allow: a value of
// the wrong kind at an offset.
type harError struct {
	off int
	msg string
}

// harObject checks that a member HAR 1.2 makes an object is one. A
// missing or null member reads as an empty object.
func harObject(v jsonValue, ok bool, field string) (jsonValue, *harError) {
	if !ok || v.kind == jsonNull {
		return jsonValue{kind: jsonObject}, nil
	}
	if v.kind != jsonObject {
		return v, &harError{off: v.off, msg: fmt.Sprintf("%q is %s, where HAR 1.2 has an object", field, v.kind)}
	}
	return v, nil
}

// harString reads a member that HAR 1.2 makes a string. Numbers and
// booleans are taken as their text, so that a hand-edited HAR still reads.
func harString(obj jsonValue, name, field string, src []byte) (string, *harError) {
	v, ok := obj.member(name)
	if !ok {
		return "", nil
	}
	if v.kind == jsonObject || v.kind == jsonArray {
		return "", &harError{off: v.off, msg: fmt.Sprintf("%q is %s, where HAR 1.2 has a string", field, v.kind)}
	}
	return v.text(src), nil
}

// harHeaders reads a "headers" array of {"name", "value"} objects.
// HTTP/2 pseudo-headers (":status") are not header fields and are left out.
func harHeaders(obj jsonValue, field string, src []byte) (http.Header, *harError) {
	v, ok := obj.member("headers")
	if !ok || v.kind == jsonNull {
		return nil, nil
	}
	if v.kind != jsonArray {
		return nil, &harError{off: v.off, msg: fmt.Sprintf("%q is %s, where HAR 1.2 has an array", field, v.kind)}
	}
	var h http.Header
	for i, it := range v.items {
		f := fmt.Sprintf("%s[%d]", field, i)
		if it.kind != jsonObject {
			return nil, &harError{off: it.off, msg: fmt.Sprintf("%q is %s, where HAR 1.2 has an object with a name and a value", f, it.kind)}
		}
		name, err := harString(it, "name", f+".name", src)
		if err != nil {
			return nil, err
		}
		value, err := harString(it, "value", f+".value", src)
		if err != nil {
			return nil, err
		}
		if name == "" || strings.HasPrefix(name, ":") {
			continue
		}
		if h == nil {
			h = http.Header{}
		}
		h.Add(name, value)
	}
	return h, nil
}

// parseHAR reads every entry of a HAR file, keeping one entry's values in
// memory at a time. Entries read before a syntax error are kept; the error
// becomes one more capture, about the file.
func parseHAR(name string, text []byte, notes []Note, cut bool, opts Options) []Capture {
	s := &jsonScanner{text: text}
	pos := &textpos.Cursor{Text: text}
	var caps []Capture
	fail := func(err error) []Capture {
		off := len(text)
		if je, ok := err.(*jsonError); ok {
			off = je.off
		}
		line, col := pos.At(off)
		msg := fmt.Sprintf("the HAR file is not valid JSON (%s); export it again from the browser's network panel, or fix the JSON here", err)
		if cut {
			msg = "the HAR file is larger than the read limit and was cut, so its JSON ends early; raise Options.MaxHARBytes or export fewer requests"
		}
		if len(caps) > 0 {
			msg += fmt.Sprintf("; the %d entries before this point were read", len(caps))
		}
		c := Capture{Source: name, Kind: KindHAR, Notes: notes, Truncated: cut, TooLarge: cut,
			Err: &Error{Source: name, Line: line, Col: col, Msg: msg}}
		return append(caps, c)
	}
	notHAR := func(what string) []Capture {
		return []Capture{{Source: name, Kind: KindHAR, Notes: notes, Err: &Error{Source: name, Msg: what +
			": this is not a HAR 1.2 file; export one from the browser's network panel (Save all as HAR) or the API client"}}}
	}

	if c := s.peek(); c != '{' {
		if c == 0 || c == '[' || c == '"' || c == '-' || c == 't' || c == 'f' || c == 'n' || '0' <= c && c <= '9' {
			if _, err := s.value(false); err != nil {
				return fail(err)
			}
			return notHAR("the file is JSON but not an object with a \"log\" member")
		}
		return fail(s.fail("a JSON object"))
	}
	var shape string // why the JSON is not a HAR file, if it is not
	sawEntries := false
	err := s.object(func(key string) error {
		if key != "log" || s.peek() != '{' {
			if key == "log" {
				shape = "\"log\" is not an object"
			}
			_, err := s.value(false)
			return err
		}
		return s.object(func(key string) error {
			if key != "entries" || s.peek() != '[' {
				if key == "entries" {
					shape = "\"log.entries\" is not an array"
				}
				_, err := s.value(false)
				return err
			}
			sawEntries = true
			return s.array(func() error {
				v, err := s.value(true)
				if err != nil {
					return err
				}
				caps = append(caps, harCapture(name, len(caps), pos, v, text, notes, opts))
				return nil
			})
		})
	})
	if err == nil && s.peek() != 0 {
		err = s.fail("the end of the file")
	}
	switch {
	case err != nil:
		return fail(err)
	case shape != "" && !sawEntries:
		return notHAR(shape)
	case !sawEntries:
		return notHAR("there is no \"log.entries\" array")
	case len(caps) == 0:
		return []Capture{{Source: name, Kind: KindHAR, Notes: notes, Err: &Error{Source: name,
			Msg: "the HAR file has no entries: record the requests in the browser's network panel (keep it open while they run) before exporting"}}}
	}
	return caps
}

// harCapture makes the capture of the n-th entry, v.
func harCapture(name string, n int, pos *textpos.Cursor, v jsonValue, src []byte, notes []Note, opts Options) Capture {
	c := Capture{Source: fmt.Sprintf("%s#%d", name, n), Kind: KindHAR, Notes: append([]Note(nil), notes...)}
	line, col := pos.At(v.off)
	note := func(rule, msg string) {
		c.Notes = append(c.Notes, Note{Rule: rule, Message: msg, Line: line, Col: col})
	}
	fail := func(off int, msg string) Capture {
		l, cl := pos.At(off)
		c.Err = &Error{Source: c.Source, Line: l, Col: cl, Msg: "HAR entry " + strconv.Itoa(n) + ": " + msg}
		return c
	}
	if v.kind != jsonObject {
		return fail(v.off, fmt.Sprintf("the entry is %s, where HAR 1.2 has an object; fix the entry or export the HAR again", v.kind))
	}
	e, err := readHAREntry(v, src)
	if err != nil {
		return fail(err.off, err.msg+"; fix the entry or export the HAR again")
	}
	c.Request = e.request
	if !e.hasResponse {
		return fail(v.off, "it has no \"response\" object; export the HAR again after the request has completed")
	}
	c.Header = e.header
	if c.Header == nil {
		c.Header = http.Header{}
	}
	switch status, ok := harStatus(e.status, src); {
	case !ok:
		return fail(e.status.off, fmt.Sprintf("the status %s is not an HTTP status code (100 to 599, or 0 for no response); fix it or export the HAR again",
			clip(src[e.status.off:e.status.end])))
	case status == 0:
		msg := "status 0: the browser recorded no response (the request was aborted, blocked, or failed: CORS, network, timeout), so there is nothing to check"
		if e.browserError != "" {
			msg += "; it says " + strconv.Quote(e.browserError)
		}
		note(RuleNoResponse, msg)
		c.Skipped = true
		return c
	default:
		c.Status = status
	}

	ctx := bodyCtx{text: true, line: line, col: col, mimeType: e.mimeType}
	var body []byte
	switch {
	case !e.hasText:
		if e.size > 0 {
			note(RuleHARContent, fmt.Sprintf("content.size is %d but there is no content.text: the exporter left the body out; "+
				"export the HAR again with content", e.size))
		}
	case strings.EqualFold(e.encoding, "base64"):
		if dec, err := decodeBase64(e.text); err == nil {
			body, ctx.text, ctx.encoded = dec, false, true
		} else {
			body = e.text
			note(RuleHARContent, fmt.Sprintf("content.text is marked base64 but does not decode (%v); kept it as text", err))
		}
	default:
		body = e.text
		if e.encoding != "" {
			note(RuleHARContent, fmt.Sprintf("content.encoding %q is not one the reader knows (only base64); kept the text as is", e.encoding))
		}
	}
	finishBody(&c, body, ctx, opts)
	return c
}

// harEntry is what the reader takes from a HAR entry.
type harEntry struct {
	request      *Request
	hasResponse  bool
	status       jsonValue
	header       http.Header
	browserError string // Chrome's response._error: why there is no response
	mimeType     string
	text         []byte // a slice of the file where it holds no escapes
	hasText      bool
	encoding     string
	size         int64
}

func readHAREntry(v jsonValue, src []byte) (e harEntry, err *harError) {
	str := func(obj jsonValue, name, field string) string {
		if err != nil {
			return ""
		}
		var s string
		s, err = harString(obj, name, field, src)
		return s
	}
	if rv, ok := v.member("request"); ok && rv.kind != jsonNull {
		if rv, err = harObject(rv, true, "request"); err != nil {
			return e, err
		}
		e.request = &Request{Method: str(rv, "method", "request.method"), URL: str(rv, "url", "request.url")}
		if err != nil {
			return e, err
		}
		if e.request.Header, err = harHeaders(rv, "request.headers", src); err != nil {
			return e, err
		}
	}
	rv, ok := v.member("response")
	if !ok || rv.kind == jsonNull {
		return e, nil
	}
	if rv, err = harObject(rv, true, "response"); err != nil {
		return e, err
	}
	e.hasResponse = true
	e.status, _ = rv.member("status")
	if e.header, err = harHeaders(rv, "response.headers", src); err != nil {
		return e, err
	}
	e.browserError = str(rv, "_error", "response._error")
	cv, ok := rv.member("content")
	if cv, err = harObject(cv, ok, "response.content"); err != nil {
		return e, err
	}
	e.mimeType = str(cv, "mimeType", "response.content.mimeType")
	e.encoding = str(cv, "encoding", "response.content.encoding")
	if tv, ok := cv.member("text"); ok && tv.kind != jsonNull {
		if tv.kind == jsonObject || tv.kind == jsonArray {
			return e, &harError{off: tv.off, msg: fmt.Sprintf("%q is %s, where HAR 1.2 has a string", "response.content.text", tv.kind)}
		}
		e.text = tv.bytes(src)
		e.hasText = len(e.text) > 0
	}
	if sv, ok := cv.member("size"); ok {
		e.size, _ = harInt(sv.text(src))
	}
	return e, err
}

// harStatus reads the status, a JSON number or a string of digits. ok is
// false for anything that is not 0 (no response) or an HTTP status code:
// "abc", -5, 1e10, 404.5, or no status at all.
func harStatus(v jsonValue, src []byte) (int, bool) {
	if v.kind != jsonNumber && v.kind != jsonString {
		return 0, false
	}
	n, ok := harInt(strings.TrimSpace(v.text(src)))
	if !ok || n != 0 && !validStatus(n) {
		return 0, false
	}
	return int(n), true
}

// harInt reads an integer written as digits or as an integral JSON number
// ("4.04e2").
func harInt(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) || f > 1<<53 || f < -(1<<53) {
		return 0, false
	}
	return int64(f), true
}

// decodeBase64 accepts standard and URL-safe base64, padded or not, with
// line breaks (some exporters wrap it), into one buffer of the decoded
// size.
func decodeBase64(s []byte) ([]byte, error) {
	if bytes.ContainsAny(s, "\r\n \t") {
		s = bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, s)
	}
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b := make([]byte, enc.DecodedLen(len(s)))
		n, err := enc.Decode(b, s)
		if err == nil {
			return b[:n], nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}
