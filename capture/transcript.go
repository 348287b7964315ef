package capture

import (
	"bytes"
)

// A curl -v transcript, pasted from a terminal, prefixes what curl sent
// with "> ", what it received with "< ", and its own remarks with "* "; the
// body follows unprefixed (curl -v writes it to standard output and the
// rest to standard error):
//
//	*   Trying 127.0.0.1:8080...
//	> GET /DocumentReference/x HTTP/1.1
//	> Host: localhost:8080
//	>
//	< HTTP/1.1 404 Not Found
//	< Content-Type: application/fhir+json
//	<
//	{"resourceType":"OperationOutcome",…}
//	* Connection #0 to host localhost left intact
//
// readTranscript turns such a transcript into the request section and raw
// response the rest of the reader knows, and remembers where each line came
// from, so that positions in notes and errors point into the file. With
// curl -iv or -Iv the head comes twice, prefixed on standard error and
// plain on standard output; the plain copy is left out.

// lineMap maps the lines of a rewritten text onto the lines of the file:
// line i+1 of the text is line orig[i] of the file, shifted right by
// shift[i] bytes (the prefix removed).
type lineMap struct {
	orig, shift []int
}

// isTranscript reports whether text is a curl -v transcript: its first
// line is a curl remark, request or response line, and a "< HTTP/" line
// follows.
func isTranscript(text []byte) bool {
	first := firstLine(firstContent(text))
	if !bytes.HasPrefix(first, []byte("* ")) && !bytes.HasPrefix(first, []byte("> ")) && !bytes.HasPrefix(first, []byte("< HTTP/")) {
		return false
	}
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		if bytes.HasPrefix(text[l.start:l.end], []byte("< HTTP/")) {
			return true
		}
		off = l.next
	}
	return false
}

// curlRemarkTail is how curl's last remark starts when it is glued to a
// body that does not end with a newline.
var curlRemarkTails = [][]byte{[]byte("* Connection #"), []byte("* Closing connection")}

// readTranscript returns text rewritten as a raw capture if it is a curl
// -v transcript, with the map of its lines, and adds a note saying so; any
// other text is returned as it is, with a nil map.
func readTranscript(c *Capture, text []byte) ([]byte, *lineMap) {
	if !isTranscript(text) {
		return text, nil
	}
	// The status lines of the transcript, to know the plain copy of a head.
	statuses := map[string]bool{}
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		if s := text[l.start:l.end]; bytes.HasPrefix(s, []byte("< HTTP/")) {
			statuses[string(s[2:])] = true
		}
		off = l.next
	}
	out := make([]byte, 0, len(text))
	lm := &lineMap{}
	copyOfHead := false
	keep := func(b []byte, l line, lineNo, shift int) {
		out = append(out, b...)
		switch {
		case l.crlf:
			out = append(out, '\r', '\n')
		case l.lf:
			out = append(out, '\n')
		}
		lm.orig = append(lm.orig, lineNo)
		lm.shift = append(lm.shift, shift)
	}
	lineNo := 0
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		off = l.next
		lineNo++
		s := text[l.start:l.end]
		switch {
		case copyOfHead:
			copyOfHead = len(bytes.TrimSpace(s)) > 0
		case statuses[string(s)]:
			copyOfHead = true
		case bytes.HasPrefix(s, []byte("* ")) || bytes.Equal(s, []byte("*")),
			bytes.HasPrefix(s, []byte("{ [")) || bytes.HasPrefix(s, []byte("} [")):
			// curl's remarks and data counts: not part of the exchange.
		case len(s) >= 1 && (s[0] == '>' || s[0] == '<') && (len(s) == 1 || s[1] == ' '):
			n := min(2, len(s))
			keep(s[n:], l, lineNo, n)
		default:
			if off == len(text) {
				// A remark glued to the end of a body without a final newline.
				for _, tail := range curlRemarkTails {
					if i := bytes.LastIndex(s, tail); i >= 0 {
						s = s[:i]
						l.crlf, l.lf = false, false
						break
					}
				}
			}
			keep(s, l, lineNo, 0)
		}
	}
	c.Notes = append(c.Notes, Note{Rule: RuleTranscript, Line: 1, Col: 1, Message: "read as a curl -v transcript: " +
		"the \"> \" lines are the request, the \"< \" lines the response head, the \"* \" lines curl's remarks (left out)"})
	return out, lm
}

// remap moves the positions of c, computed in the rewritten text, back
// onto the file. A nil map leaves them as they are.
func (lm *lineMap) remap(c *Capture) {
	if lm == nil {
		return
	}
	at := func(line, col *int) {
		if *line < 1 || *line > len(lm.orig) {
			return
		}
		i := *line - 1
		*line = lm.orig[i]
		if *col > 0 {
			*col += lm.shift[i]
		}
	}
	for i := range c.Notes {
		if c.Notes[i].File == "" && c.Notes[i].Rule != RuleTranscript {
			at(&c.Notes[i].Line, &c.Notes[i].Col)
		}
	}
	if c.BodyLine > 0 {
		col := 0
		at(&c.BodyLine, &col)
	}
	if e, ok := c.Err.(*Error); ok && e != nil {
		at(&e.Line, &e.Col)
	}
}
