package capture

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// bodyCtx is what finishBody needs to know about where a body came from.
type bodyCtx struct {
	raw        bool   // a raw HTTP capture: transfer coding, content coding and Content-Length apply
	status     int    // the response status (raw)
	method     string // the request method, when known (raw)
	truncated  bool   // the file was cut by the read limit
	headLF     bool   // the head used LF line endings (raw)
	transcoded bool   // the whole file was decoded from UTF-16 (raw)
	text       bool   // HAR content.text that was not base64: already Unicode, no charset applies
	encoded    bool   // HAR content.text that was base64: the bytes as sent, perhaps still compressed
	mimeType   string // HAR content.mimeType: the charset fallback when there is no Content-Type
	line, col  int    // position for the notes when the body has no lines of its own (HAR entry)
}

// finishBody turns the bytes after the head into c.Body: it removes the
// transfer and content codings, decodes UTF-16, removes a BOM, applies the
// cap, and leaves a note for each.
func finishBody(c *Capture, body []byte, ctx bodyCtx, opts Options) {
	note := func(rule, msg string) {
		n := Note{Rule: rule, Message: msg, Line: ctx.line, Col: ctx.col}
		if n.Line == 0 && c.BodyLine > 0 {
			n.Line, n.Col = c.BodyLine, 1
		}
		c.Notes = append(c.Notes, n)
	}
	if ctx.truncated {
		body = trimPartialRune(body)
	}
	switch {
	case ctx.raw:
		body = rawCodings(c, body, ctx, note, opts)
	case ctx.encoded:
		body = decodeContent(c, body, contentCoding(c.Header), note, opts)
	}
	if !ctx.text {
		body = decodeCharset(c, body, ctx, note)
	}
	if bytes.HasPrefix(body, bomUTF8) {
		body = body[len(bomUTF8):]
		note(RuleBodyBOM, "removed the UTF-8 byte order mark at the start of the body")
	}
	if limit := opts.maxBody(); int64(len(body)) > limit {
		n := int(limit)
		// Cut at a character boundary so that the kept part stays valid UTF-8.
		for i := 0; i < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(body[n]); i++ {
			n--
		}
		note(RuleBodyTruncated, fmt.Sprintf("the body is %d bytes, more than the %d-byte limit (MaxBodyBytes); kept the first %d", len(body), limit, n))
		body = body[:n]
		c.Truncated, c.TooLarge = true, true
	}
	if ctx.truncated {
		c.Truncated, c.TooLarge = true, true
	}
	// A body that is not UTF-8 is kept as it is: the checker says so once,
	// where the first such byte is (syntax.utf8).
	c.Body = body
}

// rawCodings removes the chunked transfer coding, compares the body with
// Content-Length, then removes the content coding: in that order, the
// reverse of the order in which a server applies them.
func rawCodings(c *Capture, body []byte, ctx bodyCtx, note func(rule, msg string), opts Options) []byte {
	h := c.Header
	te := strings.ToLower(strings.Join(h.Values("Transfer-Encoding"), ","))
	ce := contentCoding(h)
	switch {
	case strings.Contains(te, "chunked"):
		if looksChunked(body) {
			if dec, ok := decodeChunked(body, ctx.truncated); ok {
				body = dec
				note(RuleChunked, "decoded the chunked body (Transfer-Encoding: chunked)")
				c.BodyLine = 0
			} else {
				note(RuleChunked, "the body starts like a chunked body but its chunks are malformed; kept it as is")
			}
		}
	case h.Get("Content-Length") != "" && !ctx.truncated && (ce == "" || stillEncoded(ce, body)):
		// curl -i keeps the headers but prints the body decoded (it always
		// removes chunking; with --compressed it decompresses): only a body
		// still in its encoded form is compared with Content-Length.
		checkContentLength(c, body, ctx, note)
	}
	return decodeContent(c, body, ce, note, opts)
}

// contentCoding is the response's Content-Encoding, lower case, "" for
// none or identity.
func contentCoding(h http.Header) string {
	ce := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	if ce == "identity" {
		return ""
	}
	return ce
}

// decompressors are the content codings the reader removes, each with the
// first bytes its data starts with: a body that does not start so was
// already decoded by the tool that captured it.
var decompressors = map[string]struct {
	magic []byte
	open  func(io.Reader) (io.ReadCloser, error)
}{
	"gzip":    {[]byte{0x1f, 0x8b}, func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) }},
	"x-gzip":  {[]byte{0x1f, 0x8b}, func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) }},
	"deflate": {[]byte{0x78}, zlib.NewReader},
}

// stillEncoded reports whether body is still in content coding ce.
func stillEncoded(ce string, body []byte) bool {
	if d, ok := decompressors[ce]; ok {
		return bytes.HasPrefix(body, d.magic)
	}
	return ce != "" && !utf8.Valid(body)
}

// decodeContent removes content coding ce (raw HTTP, and the base64 bodies
// of HAR files, which some exporters keep compressed), decompressing no
// more than the body cap and one byte.
func decodeContent(c *Capture, body []byte, ce string, note func(rule, msg string), opts Options) []byte {
	d, known := decompressors[ce]
	switch {
	case !stillEncoded(ce, body):
		return body
	case !known:
		note(RuleContentCoding, fmt.Sprintf("the body is compressed (Content-Encoding: %s), which the reader does not decode; capture it again with curl --compressed", ce))
		return body
	}
	zr, err := d.open(bytes.NewReader(body))
	if err != nil {
		note(RuleContentCoding, fmt.Sprintf("the body is not valid %s data (%v); kept it as is", ce, err))
		return body
	}
	dec, err := io.ReadAll(io.LimitReader(zr, satAdd(opts.maxBody(), 1)))
	if err != nil && len(dec) == 0 {
		note(RuleContentCoding, fmt.Sprintf("the %s body cannot be decompressed (%v); kept it as is", ce, err))
		return body
	}
	if err != nil {
		note(RuleContentCoding, fmt.Sprintf("the %s body is damaged or cut short (%v); kept the %d bytes decompressed before that", ce, err, len(dec)))
		c.Truncated = true
	} else {
		note(RuleContentCoding, fmt.Sprintf("decompressed the %s body (Content-Encoding: %s)", ce, ce))
	}
	c.BodyLine = 0
	return dec
}

func checkContentLength(c *Capture, body []byte, ctx bodyCtx, note func(rule, msg string)) {
	v := strings.TrimSpace(c.Header.Get("Content-Length"))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		note(RuleContentLength, fmt.Sprintf("Content-Length %q is not a number of bytes", v))
		return
	}
	// These responses have no body whatever Content-Length says.
	if ctx.method == http.MethodHead || ctx.status/100 == 1 || ctx.status == 204 || ctx.status == 304 {
		return
	}
	got := int64(len(body))
	switch {
	case got < n:
		if lfs := int64(bytes.Count(body, []byte{'\n'})); ctx.headLF && got+lfs == n {
			note(RuleContentLength, fmt.Sprintf("the body is %d bytes but Content-Length says %d: the difference is its %d line endings, "+
				"probably changed from CRLF to LF when the file was saved", got, n, lfs))
			return
		}
		c.Truncated = true
		if got == 0 {
			note(RuleContentLength, fmt.Sprintf("the body is empty but Content-Length says %d: the capture is cut short, or it is the response to a HEAD request (curl -I); "+
				"if so, put the request line (HEAD /path) before the response, or method: HEAD in its .meta sidecar", n))
			break
		}
		note(RuleContentLength, fmt.Sprintf("the body is %d bytes but Content-Length says %d: the capture is cut short", got, n))
	case got > n:
		if len(bytes.TrimSpace(body[n:])) > 0 {
			note(RuleContentLength, fmt.Sprintf("the body is %d bytes but Content-Length says %d: %d more bytes follow the declared body (kept)", got, n, got-n))
		}
	}
}

// decodeCharset decodes a UTF-16 body to UTF-8, as its Content-Type
// charset or its byte order mark says.
func decodeCharset(c *Capture, body []byte, ctx bodyCtx, note func(rule, msg string)) []byte {
	ct := c.Header.Get("Content-Type")
	if ct == "" {
		ct = ctx.mimeType
	}
	cs := charset(ct)
	var e unicode.Endianness
	switch {
	case bytes.HasPrefix(body, bomUTF16LE) || bytes.HasPrefix(body, bomUTF16BE):
		if out, ok := decodeUTF16(body, unicode.BigEndian, unicode.ExpectBOM); ok {
			note(RuleBodyCharset, "decoded the body from UTF-16 (it starts with a byte order mark) to UTF-8")
			return out
		}
		return body
	case cs == "utf-16le":
		e = unicode.LittleEndian
	case cs == "utf-16be":
		e = unicode.BigEndian
	case cs == "utf-16":
		// RFC 2781: big-endian unless the bytes say otherwise.
		e = unicode.BigEndian
		if le, ok := sniffUTF16(body); ok {
			e = le
		}
	default:
		if cs != "" && cs != "utf-8" && cs != "utf8" && cs != "us-ascii" && !utf8.Valid(body) {
			note(RuleBodyCharset, fmt.Sprintf("the body is in charset %q, which the reader does not decode", cs))
		}
		return body
	}
	if out, ok := decodeUTF16(body, e, unicode.IgnoreBOM); ok {
		note(RuleBodyCharset, fmt.Sprintf("decoded the body from %s (Content-Type charset) to UTF-8", strings.ToUpper(cs)))
		return out
	}
	return body
}

// charset returns the lower-case charset parameter of a media type.
func charset(ct string) string {
	if ct == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		return strings.ToLower(strings.TrimSpace(params["charset"]))
	}
	// Be lenient with a malformed media type: find the parameter by hand.
	for _, p := range strings.Split(ct, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`))
		}
	}
	return ""
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of a body
// that the read limit cut.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// looksChunked reports whether b starts with a chunk-size line.
func looksChunked(b []byte) bool {
	l := nextLine(b, 0)
	if !l.crlf && !l.lf {
		return false
	}
	s := chunkSize(b[l.start:l.end])
	if len(s) == 0 || len(s) > 16 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) {
			return false
		}
	}
	return true
}

func chunkSize(s []byte) []byte {
	if i := bytes.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	return bytes.TrimSpace(s)
}

// decodeChunked decodes a chunked body, leniently accepting LF for CRLF.
// partial accepts a body cut before its last chunk.
func decodeChunked(b []byte, partial bool) ([]byte, bool) {
	var out []byte
	off := 0
	for {
		if off >= len(b) {
			return out, partial
		}
		l := nextLine(b, off)
		if !l.crlf && !l.lf {
			return out, partial
		}
		n, err := strconv.ParseUint(string(chunkSize(b[l.start:l.end])), 16, 63)
		if err != nil {
			return nil, false
		}
		off = l.next
		if n == 0 {
			// Trailer fields, then the blank line; nothing may follow.
			for off < len(b) {
				l := nextLine(b, off)
				off = l.next
				s := b[l.start:l.end]
				if len(bytes.TrimSpace(s)) == 0 {
					break
				}
				if _, _, ok := splitHeader(s); !ok {
					return nil, false
				}
			}
			if len(bytes.TrimSpace(b[off:])) != 0 {
				return nil, false
			}
			return out, true
		}
		if uint64(len(b)-off) < n {
			if partial {
				return append(out, b[off:]...), true
			}
			return nil, false
		}
		out = append(out, b[off:off+int(n)]...)
		off += int(n)
		switch {
		case bytes.HasPrefix(b[off:], []byte("\r\n")):
			off += 2
		case bytes.HasPrefix(b[off:], []byte("\n")):
			off++
		case off == len(b) && partial:
			return out, true
		default:
			return nil, false
		}
	}
}
