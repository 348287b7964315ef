package syntax

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spinecat/spinecat/internal/sniff"
)

// utf16Kind describes body if it is UTF-16 by the module's one test
// (package sniff), else returns "".
func utf16Kind(body []byte) string {
	big, bom, ok := sniff.UTF16(body)
	switch {
	case !ok:
		return ""
	case bom && big:
		return "UTF-16 big-endian (it starts with the byte order mark FE FF)"
	case bom:
		return "UTF-16 little-endian (it starts with the byte order mark FF FE)"
	case big:
		return "UTF-16 big-endian without a byte order mark (every other byte is NUL, 0x00)"
	}
	return "UTF-16 little-endian without a byte order mark (every other byte is NUL, 0x00)"
}

// titleRE is compiled on first use: only an HTML body needs it, and
// compiling every regular expression at start-up costs a cold start
// milliseconds.
var titleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.{0,400}?)</title`) })

func htmlTitle(body []byte) string {
	m := titleRE().FindSubmatch(body[:min(len(body), 64<<10)])
	if m == nil {
		return ""
	}
	t := strings.Join(strings.Fields(string(m[1])), " ")
	if !utf8.ValidString(t) {
		t = strings.ToValidUTF8(t, "?")
	}
	if utf8.RuneCountInString(t) > 80 {
		t = string([]rune(t)[:77]) + "..."
	}
	return t
}

// notUTF8 says that the byte at body[off], at line:col here, is not UTF-8,
// and how many such bytes the body has when there are more.
func notUTF8(body []byte, off int, here string, count int) string {
	msg := fmt.Sprintf("the byte 0x%02X at %s is not UTF-8; FHIR JSON and XML are UTF-8 — re-encode the body as UTF-8 "+
		"(was it written in another encoding, such as ISO-8859-1 or Windows-1252?)", body[off], here)
	if count > 1 {
		msg += fmt.Sprintf(" (%d bytes in all are not UTF-8)", count)
	}
	return msg
}
