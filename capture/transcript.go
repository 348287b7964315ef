package capture

import (
	"bytes"
	"regexp"
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

// With its standard error and output going to one file or pipe
// (curl -v URL 2>&1 | spinecat check -), curl also writes its progress
// meter: a two-line header, then rows, each after a carriage return and
// glued to what follows it:
//
//	  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
//	                                 Dload  Upload   Total   Spent    Left  Speed
//	\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:8080...
//
// The meter is left out as curl's remarks are.

// meterRow is one row of the progress meter after its carriage return:
// three percentages and sizes, two speeds, three times and the current
// speed. RE2 matches it in time linear in the line.
var meterRow = regexp.MustCompile(`^ *\d+ +[\d.]+[kMGTP]? +\d+ +[\d.]+[kMGTP]? +\d+ +[\d.]+[kMGTP]? +[\d.]+[kMGTP]? +[\d.]+[kMGTP]? +[-:\d]+ +[-:\d]+ +[-:\d]+ +[\d.]+[kMGTP]?`)

// isMeterHead reports whether line s is one of the meter's two header
// lines.
func isMeterHead(s []byte) bool {
	t := bytes.TrimLeft(s, " ")
	return bytes.HasPrefix(t, []byte("% Total ")) || bytes.HasPrefix(t, []byte("Dload ")) && bytes.Contains(t, []byte(" Upload "))
}

// withoutMeter returns line s without the meter rows in it, and how many
// bytes were cut before what is kept.
func withoutMeter(s []byte) ([]byte, int) {
	if bytes.IndexByte(s, '\r') < 0 {
		return s, 0
	}
	var out []byte
	lead, kept := 0, false
	for rest := s; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			out = append(out, rest...)
			break
		}
		out = append(out, rest[:i]...)
		kept = kept || i > 0
		rest = rest[i+1:]
		n := 0
		if loc := meterRow.FindIndex(rest); loc != nil {
			n = loc[1]
		}
		if !kept {
			lead += 1 + n
		}
		rest = rest[n:]
	}
	return out, lead
}

// isTranscript reports whether text is a curl -v transcript: its first
// line, after any progress meter, is a curl remark, request or response
// line, and a "< HTTP/" line follows.
func isTranscript(text []byte) bool {
	text = firstContent(text)
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		if !isMeterHead(text[l.start:l.end]) {
			break
		}
		text, off = text[l.next:], 0
	}
	l := nextLine(text, 0)
	first, _ := withoutMeter(text[l.start:l.end])
	if !bytes.HasPrefix(first, []byte("* ")) && !bytes.HasPrefix(first, []byte("> ")) && !bytes.HasPrefix(first, []byte("< HTTP/")) {
		return false
	}
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		if s, _ := withoutMeter(text[l.start:l.end]); bytes.HasPrefix(s, []byte("< HTTP/")) {
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
		if s, _ := withoutMeter(text[l.start:l.end]); bytes.HasPrefix(s, []byte("< HTTP/")) {
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
	lineNo, meter := 0, false
	for off := 0; off < len(text); {
		l := nextLine(text, off)
		off = l.next
		lineNo++
		s, cut := withoutMeter(text[l.start:l.end])
		if cut > 0 || isMeterHead(s) {
			meter = true
		}
		switch {
		case isMeterHead(s), cut > 0 && len(s) == 0:
			// the progress meter's header, or a row alone on its line
		case copyOfHead:
			copyOfHead = len(bytes.TrimSpace(s)) > 0
		case statuses[string(s)]:
			copyOfHead = true
		case bytes.HasPrefix(s, []byte("* ")) || bytes.Equal(s, []byte("*")),
			bytes.HasPrefix(s, []byte("{ [")) || bytes.HasPrefix(s, []byte("} [")):
			// curl's remarks and data counts: not part of the exchange.
		case len(s) >= 1 && (s[0] == '>' || s[0] == '<') && (len(s) == 1 || s[1] == ' '):
			n := min(2, len(s))
			keep(s[n:], l, lineNo, cut+n)
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
			keep(s, l, lineNo, cut)
		}
	}
	msg := "read as a curl -v transcript: the \"> \" lines are the request, the \"< \" lines the response head, the \"* \" lines curl's remarks (left out)"
	if meter {
		msg += ", and curl's progress meter (left out)"
	}
	c.Notes = append(c.Notes, Note{Rule: RuleTranscript, Line: 1, Col: 1, Message: msg})
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
