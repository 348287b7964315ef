package capture

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spinecat/spinecat/internal/sniff"
)

// bodyExts are the extensions of bare bodies: such a file is a capture
// whatever it holds, so that a broken body is reported, not skipped.
var bodyExts = map[string]bool{".json": true, ".xml": true}

// captureExts are the extensions a capture of any kind is saved with; a
// file with one of them, or none, is read as a capture when its content
// is one. Any other extension (.md, .png, .js, .yaml) is a file that is
// not a capture unless its content says otherwise (a status line, a HAR).
var captureExts = map[string]bool{"": true, ".http": true, ".txt": true, ".rest": true, ".log": true, ".out": true, ".res": true, ".response": true}

// notCapture decides whether a file read as a bare body is not a capture
// at all: no status line, no request, no sidecar, and either an extension
// captures do not have or content that does not start like a JSON or XML
// body (a stray notes.txt, an HTML page, an empty file). Such a file is
// skipped with a note, rather than failed as a response without an
// OperationOutcome.
func notCapture(c *Capture, name string, text []byte, m *meta) bool {
	ext := strings.ToLower(filepath.Ext(name))
	if m != nil || bodyExts[ext] {
		return false
	}
	what := ""
	start := firstContent(text)
	switch {
	case !captureExts[ext]:
		what = fmt.Sprintf("a %s file", ext)
	case len(start) == 0:
		what = "empty"
	case start[0] != '{' && start[0] != '<' || sniff.HTML(start):
		what = fmt.Sprintf("no status line and no JSON or XML body (it starts %q)", clip(firstLine(start)))
	default:
		return false
	}
	c.Skipped = true
	c.Notes = append(c.Notes, Note{Rule: RuleNotCapture, Message: "not a capture: " + what +
		", and no .meta sidecar; skipped. To have it checked, save the response with its status line (curl -i), " +
		"or name the body .json or .xml with a sidecar; to leave it out quietly, list it in .spinecatignore"})
	return true
}

func firstContent(text []byte) []byte {
	return bytes.TrimLeft(text, " \t\r\n")
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}
