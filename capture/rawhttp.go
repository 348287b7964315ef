package capture

import (
	"bytes"
	"fmt"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/internal/textpos"
)

// parseHTTP reads a raw HTTP capture whose first line (a status line or
// the start of a request section) is at offset at.
func parseHTTP(c *Capture, text []byte, at int, cut, transcoded bool, m *meta, opts Options) {
	off := at
	if !isStatusStart(text[at:nextLine(text, at).end]) {
		off = parseRequest(c, text, at)
		if off < 0 { // classify saw a status line, so this does not happen
			parseRequestOnly(c, text, at)
			return
		}
	}
	lineNo, _ := textpos.Of(text, off)
	for {
		l := nextLine(text, off)
		s := text[l.start:l.end]
		sm := statusRE.FindSubmatch(s)
		if sm == nil {
			c.Err = &Error{Source: c.Source, Line: lineNo, Col: 1, Msg: fmt.Sprintf(
				"malformed status line %q: want a version, a three-digit status and an optional reason, "+
					"as in \"HTTP/1.1 404 Not Found\"; fix the line or capture the response again with curl -i", clip(s))}
			return
		}
		status, _ := strconv.Atoi(string(sm[2]))
		reason := string(sm[3])
		if !validStatus(int64(status)) {
			c.Err = &Error{Source: c.Source, Line: lineNo, Col: 1, Msg: fmt.Sprintf(
				"the status %s is not an HTTP status code (100 to 599); fix the status line or capture the response again with curl -i", sm[2])}
			return
		}
		h, hd := parseHead(c, text, l, lineNo)
		if !hd.complete {
			c.Status, c.Header = status, h
			c.Err = &Error{Source: c.Source, Line: hd.lastLine, Col: 1, Msg: "the response head ends here without the blank line that ends it: " +
				"the capture is cut off inside its head, so its body is unknown; capture the response again (curl -i), " +
				"or add the blank line if the response really had no body"}
			return
		}

		// curl -i prints every response it got: interim ones (100 Continue),
		// a proxy's CONNECT reply, redirects it followed. The last one counts.
		if next := skipBlank(text, hd.bodyOff); next < len(text) && isStatusStart(text[next:nextLine(text, next).end]) {
			nextNo := hd.bodyLine + bytes.Count(text[hd.bodyOff:next], []byte{'\n'})
			c.Notes = append(c.Notes, Note{Rule: RuleInterim, Line: lineNo, Col: 1, Message: fmt.Sprintf(
				"skipped %s %q; the final response starts at line %d", interimKind(status, reason), clip(s), nextNo)})
			off, lineNo = next, nextNo
			continue
		}

		c.Status, c.Header = status, h
		switch {
		case hd.lf > 0 && hd.crlf == 0 && !hasNote(c, RuleLineEndings): // not after CR alone, already noted
			c.Notes = append(c.Notes, Note{Rule: RuleLineEndings, Line: lineNo, Col: 1, Message: "the response head ends its lines with LF, " +
				"not CRLF as HTTP/1.1 sends them: the file was probably saved or edited in an editor, so body lengths may differ from what was sent"})
		case hd.lf > 0 && hd.crlf > 0:
			c.Notes = append(c.Notes, Note{Rule: RuleLineEndings, Line: lineNo, Col: 1, Message: "the response head mixes CRLF and LF line endings: the file was probably edited by hand"})
		}
		body := text[hd.bodyOff:]
		c.BodyLine = hd.bodyLine
		method := ""
		switch {
		case c.Request != nil:
			method = c.Request.Method
		case m != nil:
			method = m.method
		}
		finishBody(c, body, bodyCtx{
			raw: true, status: status, method: method,
			truncated: cut, transcoded: transcoded, headLF: hd.lf > 0 && hd.crlf == 0,
		}, opts)
		return
	}
}

func hasNote(c *Capture, rule string) bool {
	for _, n := range c.Notes {
		if n.Rule == rule {
			return true
		}
	}
	return false
}

func interimKind(status int, reason string) string {
	switch {
	case status/100 == 1:
		return "the interim response"
	case strings.Contains(strings.ToLower(reason), "connection established"):
		return "the proxy's CONNECT response"
	case status/100 == 3:
		return "the redirect"
	}
	return "the earlier response"
}

// clip shortens a line quoted in a message.
func clip(s []byte) string {
	if len(s) > 80 {
		return string(s[:77]) + "..."
	}
	return string(s)
}

func skipBlank(text []byte, off int) int {
	for off < len(text) {
		l := nextLine(text, off)
		if len(bytes.TrimSpace(text[l.start:l.end])) > 0 {
			return l.start
		}
		off = l.next
	}
	return len(text)
}

// head is where a response head ended and how its lines ended.
type head struct {
	bodyOff  int  // offset of the body
	bodyLine int  // line of the body
	crlf, lf int  // line endings counted in the head
	complete bool // the head ends with its blank line (or a body starts without one)
	lastLine int  // the head's last line, when it is not complete
}

// parseHead reads the header lines after the status line l (on line
// lineNo) up to the blank line.
func parseHead(c *Capture, text []byte, l line, lineNo int) (http.Header, head) {
	h := http.Header{}
	var hd head
	count := func(l line) {
		if l.crlf {
			hd.crlf++
		} else if l.lf {
			hd.lf++
		}
	}
	count(l)
	// An obsolete folded continuation line adds to the value of the header
	// before it; the value is built in one buffer and stored when the next
	// header starts, so that many folded lines cost linear work.
	last, folded := "", []byte(nil)
	bad := 0 // lines that are not headers
	defer func() {
		if n := bad - (maxNotes/2 - 1); n > 0 {
			c.Notes = append(c.Notes, Note{Rule: RuleHeaderSyntax, Line: lineNo, Col: 1, Message: fmt.Sprintf(
				"%d more lines of the head that are not \"Name: value\" were skipped", n)})
		}
	}()
	unfold := func() {
		if folded != nil {
			v := h[last]
			v[len(v)-1] = string(folded)
			folded = nil
		}
	}
	for off := l.next; off < len(text); {
		l := nextLine(text, off)
		lineNo++
		s := text[l.start:l.end]
		switch {
		case len(bytes.TrimSpace(s)) == 0:
			count(l)
			unfold()
			hd.bodyOff, hd.bodyLine, hd.complete = l.next, lineNo+1, true
			return h, hd
		case (s[0] == ' ' || s[0] == '\t') && last != "":
			if folded == nil {
				v := h[last]
				folded = append(folded, v[len(v)-1]...)
			}
			folded = append(append(folded, ' '), bytes.TrimSpace(s)...)
		case s[0] == '{' || s[0] == '[' || s[0] == '<':
			unfold()
			c.Notes = append(c.Notes, Note{Rule: RuleNoBlankLine, Line: lineNo, Col: 1, Message: "the body starts here without the blank line that must end the headers; read it as the body"})
			hd.bodyOff, hd.bodyLine, hd.complete = l.start, lineNo, true
			return h, hd
		default:
			unfold()
			name, value, ok := splitHeader(s)
			if !ok {
				// A few examples say what is wrong; a count says how much.
				if bad++; bad < maxNotes/2 {
					c.Notes = append(c.Notes, Note{Rule: RuleHeaderSyntax, Line: lineNo, Col: 1, Message: fmt.Sprintf("skipped %q: a header line is \"Name: value\"", clip(s))})
				}
				last = ""
				break
			}
			h.Add(name, value)
			last = textproto.CanonicalMIMEHeaderKey(name)
		}
		count(l)
		off = l.next
	}
	unfold()
	hd.bodyOff, hd.lastLine = len(text), lineNo
	return h, hd
}

// splitHeader splits "Name: value" where Name is an HTTP token.
func splitHeader(s []byte) (name, value string, ok bool) {
	i := bytes.IndexByte(s, ':')
	if i <= 0 {
		return "", "", false
	}
	for _, b := range s[:i] {
		if !isTokenChar(b) {
			return "", "", false
		}
	}
	return string(s[:i]), string(bytes.Trim(s[i+1:], " \t")), true
}

func isTokenChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// parseRequest reads a request section (REST client style, or a request
// line with headers) starting at at, sets c.Request to the last request in
// it, and returns the offset of the first status line, or -1.
func parseRequest(c *Capture, text []byte, at int) int {
	const (
		inSection = iota // before a request line, or after "###"
		inHeaders
		inBody
	)
	state := inSection
	var req *Request
	lineNo, _ := textpos.Of(text, at)
	for off := at; off < len(text); lineNo++ {
		l := nextLine(text, off)
		off = l.next
		s := text[l.start:l.end]
		if isStatusStart(s) {
			c.Request = req
			return l.start
		}
		if bytes.HasPrefix(bytes.TrimSpace(s), []byte("###")) {
			state = inSection
			continue
		}
		switch state {
		case inSection:
			if m := requestRE.FindSubmatch(s); m != nil {
				req, state = &Request{Method: string(m[1]), URL: string(m[2])}, inHeaders
			} else if urlLineRE.Match(s) {
				req, state = &Request{Method: http.MethodGet, URL: string(s)}, inHeaders
			}
		case inHeaders:
			if name, value, ok := splitHeader(s); ok {
				if req.Header == nil {
					req.Header = http.Header{}
				}
				req.Header.Add(name, value)
			} else {
				state = inBody
			}
		}
	}
	c.Request = req
	if req == nil {
		c.Notes = append(c.Notes, Note{Rule: RuleRequestSection, Message: "found a request section but no request line in it"})
	}
	return -1
}

// parseRequestOnly handles a file that holds a request and no response.
func parseRequestOnly(c *Capture, text []byte, at int) {
	parseRequest(c, text, at)
	lineNo, _ := textpos.Of(text, at)
	c.Err = &Error{Source: c.Source, Line: lineNo, Col: 1, Msg: "holds a request but no response: no status line such as " +
		"\"HTTP/1.1 404 Not Found\" follows it; append the response as curl -i prints it, or save the response on its own"}
}
