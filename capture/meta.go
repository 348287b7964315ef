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
	file        string
	status      int
	contentType string
	api         string
	method      string
	url         string
	hasStatus   bool
	hasCT       bool
	badStatus   string // a status value that is not a status code, with its line
	notes       []Note
}

// The keys a .meta sidecar may hold.
var metaKeys = []string{"status", "content-type", "api", "method", "url"}

// maxMetaBytes bounds how much of a sidecar is read: it is a few lines.
const maxMetaBytes = 64 << 10

// parseMeta reads "key: value" lines; blank lines and "#" comments are
// skipped, keys are case-insensitive.
func parseMeta(file string, data []byte) *meta {
	m := &meta{file: file}
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
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || !validStatus(n) {
				note(RuleMetaSyntax, fmt.Sprintf("status %q is not an HTTP status code such as 404; ignored", v))
				m.badStatus, m.hasStatus = fmt.Sprintf("%q on line %d", v, lineNo), false
				continue
			}
			m.status, m.hasStatus, m.badStatus = int(n), true, ""
		case "content-type":
			m.contentType, m.hasCT = v, true
		case "api":
			m.api = v
		case "method":
			m.method = strings.ToUpper(v)
		case "url":
			m.url = v
		default:
			note(RuleMetaUnknownKey, fmt.Sprintf("unknown key %q ignored; a .meta file knows %s", k, strings.Join(metaKeys, ", ")))
		}
	}
	return m
}

// readSidecar reads the sidecar at path: nil when there is none, an error
// when it exists but cannot be read (a FIFO, a directory, no permission),
// which makes its captures unreadable too: they cannot be read as meant.
func readSidecar(path string) (*meta, *Error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	f, _, ferr := openRegular(path)
	switch {
	case ferr != nil && ferr.Err == nil:
		return nil, &Error{Source: path, Msg: fmt.Sprintf("its sidecar %s is not a regular file (a pipe, device, socket or directory), "+
			"so it was not read; make it a file of \"key: value\" lines, or remove it", path)}
	case ferr != nil:
		return nil, &Error{Source: path, Err: ferr.Err, Msg: fmt.Sprintf("cannot read its sidecar %s (%v); check that it is readable", path, unwrapPath(ferr.Err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMetaBytes))
	if err != nil {
		return nil, &Error{Source: path, Err: err, Msg: fmt.Sprintf("cannot read its sidecar %s (%v); check the disk and permissions", path, unwrapPath(err))}
	}
	return parseMeta(path, data), nil
}

// applyMeta applies a sidecar to a capture read: its notes and api always;
// status and content-type to a bare body, which has none of its own;
// method and url where the capture records no request.
func applyMeta(c *Capture, m *meta) {
	c.Notes = append(c.Notes, m.notes...)
	c.API = m.api
	ignored := func(what string) {
		c.Notes = append(c.Notes, Note{Rule: RuleMetaIgnored, File: m.file, Message: fmt.Sprintf(
			"%s in the sidecar %s ignored: the %s capture carries its own", what, isAre(what), c.Kind)})
	}
	if m.method != "" || m.url != "" {
		switch {
		case c.Request == nil:
			c.Request = &Request{Method: m.method, URL: m.url}
		case m.method != "" && m.method != c.Request.Method || m.url != "" && m.url != c.Request.URL:
			ignored("method and url")
		}
	}
	if c.Kind != KindBody {
		// A raw HTTP or HAR capture carries its own status and headers.
		if (c.Kind == KindHTTP || c.Kind == KindHAR) && (m.hasStatus || m.badStatus != "" || m.hasCT) {
			ignored("status and content-type")
		}
		return
	}
	if m.badStatus != "" && c.Err == nil {
		c.Err = &Error{Source: c.Source, Msg: fmt.Sprintf("the status %s of the sidecar %s is not an HTTP status code (100 to 599); "+
			"fix it, so that the body is checked against its status", m.badStatus, m.file)}
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

func isAre(what string) string {
	if strings.Contains(what, " and ") {
		return "are"
	}
	return "is"
}
