package capture

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// metaPath is the sidecar of a capture file: the same name with its
// extension replaced by ".meta" ("x.json" -> "x.meta", "x" -> "x.meta").
func metaPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".meta"
}

// meta is a parsed .meta sidecar.
type meta struct {
	status      int
	contentType string
	api         string
	hasStatus   bool
	hasCT       bool
	notes       []Note
}

// The keys a .meta sidecar may hold.
var metaKeys = []string{"status", "content-type", "api"}

// maxMetaBytes bounds how much of a sidecar is read: it is a few lines.
const maxMetaBytes = 64 << 10

// parseMeta reads "key: value" lines; blank lines and "#" comments are
// skipped, keys are case-insensitive.
func parseMeta(file string, data []byte) meta {
	var m meta
	data, _, _ = decodeText(data)
	seen := map[string]int{}
	lineNo := 0
	for off := 0; off < len(data); {
		l := nextLine(data, off)
		off = l.next
		lineNo++
		s := strings.TrimSpace(string(data[l.start:l.end]))
		if s == "" || s[0] == '#' {
			continue
		}
		note := func(rule, msg string) {
			m.notes = append(m.notes, Note{Rule: rule, Message: msg, File: file, Line: lineNo, Col: 1})
		}
		k, v, ok := strings.Cut(s, ":")
		if !ok {
			note(RuleMetaSyntax, fmt.Sprintf("skipped %q: a .meta line is \"key: value\" (keys: %s)", clip([]byte(s)), strings.Join(metaKeys, ", ")))
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if prev, dup := seen[k]; dup {
			note(RuleMetaSyntax, fmt.Sprintf("%q is given again (first on line %d); the last one counts", k, prev))
		}
		seen[k] = lineNo
		switch k {
		case "status":
			n, err := strconv.Atoi(v)
			if err != nil || n < 100 || n > 999 {
				note(RuleMetaSyntax, fmt.Sprintf("status %q is not an HTTP status code such as 404; ignored", v))
				continue
			}
			m.status, m.hasStatus = n, true
		case "content-type":
			m.contentType, m.hasCT = v, true
		case "api":
			m.api = v
		default:
			note(RuleMetaUnknownKey, fmt.Sprintf("unknown key %q ignored; a .meta file knows %s", k, strings.Join(metaKeys, ", ")))
		}
	}
	return m
}

// applySidecar reads the sidecar at path, if there is one, into caps.
func applySidecar(caps []Capture, path string) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(f, maxMetaBytes))
		f.Close()
	}
	if err != nil {
		for i := range caps {
			caps[i].Notes = append(caps[i].Notes, Note{Rule: RuleMetaSyntax, File: path,
				Message: fmt.Sprintf("cannot read the sidecar (%v); check its permissions", unwrapPath(err))})
		}
		return
	}
	m := parseMeta(path, data)
	for i := range caps {
		applyMeta(&caps[i], m, path)
	}
}

func applyMeta(c *Capture, m meta, file string) {
	c.Notes = append(c.Notes, m.notes...)
	c.API = m.api
	if c.Kind != KindBody {
		// A raw HTTP or HAR capture carries its own status and headers.
		if (c.Kind == KindHTTP || c.Kind == KindHAR) && (m.hasStatus || m.hasCT) {
			c.Notes = append(c.Notes, Note{Rule: RuleMetaIgnored, File: file, Message: fmt.Sprintf(
				"status and content-type in the sidecar are ignored: the %s capture carries its own", c.Kind)})
		}
		return
	}
	if m.hasStatus {
		c.Status = m.status
	}
	if m.hasCT {
		if c.Header == nil {
			c.Header = http.Header{}
		}
		c.Header.Set("Content-Type", m.contentType)
	}
}
