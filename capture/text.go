package capture

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/unicode"

	"github.com/spinecat/spinecat/internal/sniff"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText turns the bytes of a whole file into UTF-8 text: a UTF-8 BOM is
// removed, UTF-16 (with a BOM, or detected by its NUL bytes) is decoded. It
// runs before sniffing so that a UTF-16 raw HTTP file reads like any other.
// transcoded says the bytes changed length other than by the BOM.
func decodeText(data []byte) (text []byte, notes []Note, transcoded bool) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return data[len(bomUTF8):], []Note{{Rule: RuleBOM, Message: "removed the UTF-8 byte order mark at the start of the file"}}, false
	case bytes.HasPrefix(data, bomUTF16LE):
		if out, ok := decodeUTF16(data, unicode.LittleEndian, unicode.ExpectBOM); ok {
			return out, []Note{{Rule: RuleUTF16, Message: "decoded the file from UTF-16LE (it starts with a byte order mark) to UTF-8"}}, true
		}
	case bytes.HasPrefix(data, bomUTF16BE):
		if out, ok := decodeUTF16(data, unicode.BigEndian, unicode.ExpectBOM); ok {
			return out, []Note{{Rule: RuleUTF16, Message: "decoded the file from UTF-16BE (it starts with a byte order mark) to UTF-8"}}, true
		}
	default:
		if e, ok := sniffUTF16(data); ok {
			if out, ok := decodeUTF16(data, e, unicode.IgnoreBOM); ok {
				name := "UTF-16LE"
				if e == unicode.BigEndian {
					name = "UTF-16BE"
				}
				return out, []Note{{Rule: RuleUTF16NoBOM, Message: "the file looks like " + name +
					" without a byte order mark (a NUL every other byte); decoded it to UTF-8"}}, true
			}
		}
	}
	return data, nil, false
}

func decodeUTF16(data []byte, e unicode.Endianness, b unicode.BOMPolicy) ([]byte, bool) {
	// A file cut by the read limit may end in half a code unit.
	if len(data)%2 == 1 {
		data = data[:len(data)-1]
	}
	out, err := unicode.UTF16(e, b).NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	return out, true
}

// sniffUTF16 reports whether data is UTF-16 without a byte order mark, by
// the module's one test (package sniff), and in which byte order.
func sniffUTF16(data []byte) (unicode.Endianness, bool) {
	big, bom, ok := sniff.UTF16(data)
	if !ok || bom {
		return unicode.BigEndian, false
	}
	if big {
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, true
}

// sniffText decodes the start of a file, enough to recognise its format.
func sniffText(data []byte) []byte {
	if len(data) > 4096 {
		data = data[:4096]
	}
	text, _, _ := decodeText(data)
	return text
}

// isHAR reports whether the file is (meant to be) a HAR file: a JSON object
// whose first member is "log", or a file named *.har that is not a raw
// HTTP response (so that a damaged HAR file is reported as one).
func isHAR(name string, text []byte) bool {
	t := bytes.TrimLeft(text, " \t\r\n")
	if strings.EqualFold(filepath.Ext(name), ".har") {
		return !isStatusStart(t)
	}
	s := &jsonScanner{text: t}
	if s.peek() != '{' {
		return false
	}
	s.off++
	if s.peek() != '"' {
		return false
	}
	key, err := s.str()
	return err == nil && key == "log"
}

// line is one line of text: text[start:end] without its line ending;
// next is where the following line starts.
type line struct {
	start, end, next int
	crlf, lf         bool // how the line ended (neither at the end of text)
}

func nextLine(text []byte, off int) line {
	l := line{start: off}
	i := bytes.IndexByte(text[off:], '\n')
	if i < 0 {
		l.end, l.next = len(text), len(text)
		return l
	}
	l.end, l.next = off+i, off+i+1
	if l.end > off && text[l.end-1] == '\r' {
		l.end--
		l.crlf = true
	} else {
		l.lf = true
	}
	return l
}

var (
	// The status line: "HTTP/1.1 404 Not Found", "HTTP/2 404", "HTTP/2 404 " (curl).
	statusRE = regexp.MustCompile(`^HTTP/(\d+(?:\.\d+)?)[ \t]+(\d{3})(?:[ \t]+(.*?))?[ \t]*$`)
	// A request line, with or without the version, as REST client files write it.
	requestRE = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT)[ \t]+(\S+)(?:[ \t]+HTTP/\d+(?:\.\d+)?)?[ \t]*$`)
	// A bare URL line, which REST clients read as a GET.
	urlLineRE = regexp.MustCompile(`^https?://\S+$`)
)

func isStatusStart(s []byte) bool { return bytes.HasPrefix(s, []byte("HTTP/")) }

// isSectionLine reports whether s can appear in a REST client file before
// its request line: a "###" separator, a comment, a variable.
func isSectionLine(s []byte) bool {
	s = bytes.TrimSpace(s)
	return len(s) == 0 || s[0] == '#' || bytes.HasPrefix(s, []byte("//")) || s[0] == '@'
}

// classify recognises a raw HTTP capture by content. It returns KindHTTP
// and the offset of the first line of the capture (the status line, or the
// start of a request section); KindUnknown for a request section with no
// response; KindBody for anything else.
func classify(text []byte) (Kind, int) {
	first := -1
	sawRequest := false
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		s := text[l.start:l.end]
		switch {
		case isStatusStart(s):
			if first < 0 {
				return KindHTTP, l.start
			}
			if sawRequest {
				return KindHTTP, first
			}
			return KindBody, 0
		case !sawRequest && (requestRE.Match(s) || urlLineRE.Match(s)):
			if first < 0 {
				first = l.start
			}
			sawRequest = true
		case !sawRequest && isSectionLine(s):
			if first < 0 && len(bytes.TrimSpace(s)) > 0 {
				first = l.start
			}
		case !sawRequest:
			// Content before any request line: this is a body.
			return KindBody, 0
		}
		off = l.next
	}
	if sawRequest {
		return KindUnknown, first
	}
	return KindBody, 0
}

// crLineEndings reads a file whose lines end with CR alone (as classic Mac
// OS saved text): without this its head would be one line, its status
// line would swallow the headers and its body would be lost. Each bare CR
// becomes LF, which keeps every offset and length as it was.
func crLineEndings(c *Capture, text []byte) []byte {
	i := bytes.IndexAny(text, "\r\n")
	if i < 0 || text[i] != '\r' || i+1 < len(text) && text[i+1] == '\n' {
		return text
	}
	out := bytes.Clone(text)
	for j := i; j < len(out); j++ {
		if out[j] == '\r' && (j+1 == len(out) || out[j+1] != '\n') {
			out[j] = '\n'
		}
	}
	c.Notes = append(c.Notes, Note{Rule: RuleLineEndings, Line: 1, Col: 1, Message: "the file ends its lines with CR alone, " +
		"as classic Mac OS saved text, not CRLF as HTTP/1.1 sends them: read each CR as the end of a line"})
	return out
}
