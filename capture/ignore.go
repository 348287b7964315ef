package capture

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
)

// IgnoreFile is the name of the file that lists, in a directory walked,
// the files and directories to leave out. Its syntax is the part of
// gitignore's that matters for a folder of captures:
//
//   - one pattern a line; blank lines and lines starting with "#" are
//     skipped ("\#" and "\!" start a pattern with "#" or "!");
//   - "*" matches any run of characters but "/", "?" one character but
//     "/", "[a-z]" one character of a class, "\" escapes the next one;
//   - "**" as a whole segment matches any number of directories:
//     "**/x", "a/**/x", "a/**";
//   - a pattern with a "/" at its start or in its middle is matched
//     against the path relative to the ignore file's directory; one
//     without matches a name at any depth below it;
//   - a "/" at the end matches directories only;
//   - "!" before a pattern brings back what an earlier pattern left out,
//     except inside a directory left out (its files are never looked at).
//
// The last pattern that matches decides. An ignore file in a subdirectory
// adds its patterns, for that subdirectory, after those of the directories
// above it. Files named on the command line are always read.
const IgnoreFile = ".spinecatignore"

// maxIgnoreBytes bounds how much of an ignore file is read.
const maxIgnoreBytes = 64 << 10

type ignorePattern struct {
	segs    []string // the pattern split at "/", "**" for any directories
	negate  bool
	dirOnly bool
}

// ignoreRules are the patterns of one ignore file, for the paths below dir.
type ignoreRules struct {
	dir      string
	patterns []ignorePattern
}

// parseIgnore reads an ignore file. The first malformed pattern is
// returned as an error with its line, and the other patterns still apply.
func parseIgnore(file string, data []byte) (ignoreRules, *Error) {
	r := ignoreRules{dir: filepath.Dir(file)}
	var bad *Error
	data, _, _ = decodeText(data)
	lineNo := 0
	for off := 0; off < len(data); {
		l := nextLine(data, off)
		off = l.next
		lineNo++
		s := strings.TrimRight(string(data[l.start:l.end]), " \t")
		if s == "" || s[0] == '#' {
			continue
		}
		var p ignorePattern
		switch {
		case s[0] == '!':
			p.negate, s = true, s[1:]
		case strings.HasPrefix(s, `\#`), strings.HasPrefix(s, `\!`):
			s = s[1:]
		}
		if strings.HasSuffix(s, "/") {
			p.dirOnly, s = true, strings.TrimRight(s, "/")
		}
		if !strings.Contains(s, "/") {
			s = "**/" + s // a name at any depth
		}
		p.segs = strings.Split(strings.TrimPrefix(s, "/"), "/")
		if n := len(p.segs); n > 1 && p.segs[n-1] == "**" {
			// "a/**" is what is inside a, not a itself: one segment or more.
			p.segs = append(p.segs[:n-1], "*", "**")
		}
		if err := checkSegments(p.segs); err != nil {
			if bad == nil {
				bad = &Error{Source: file, Line: lineNo, Col: 1, Msg: fmt.Sprintf(
					"the pattern %q is malformed (%v); fix it: the other patterns still apply", clip(data[l.start:l.end]), err)}
			}
			continue
		}
		r.patterns = append(r.patterns, p)
	}
	return r, bad
}

func checkSegments(segs []string) error {
	for _, s := range segs {
		if s == "" {
			return fmt.Errorf("an empty path segment")
		}
		if _, err := path.Match(s, ""); err != nil {
			return err
		}
	}
	return nil
}

// readIgnore reads the ignore file of dir: no rules when there is none.
func readIgnore(dir string) (ignoreRules, *Error) {
	file := filepath.Join(dir, IgnoreFile)
	f, _, ferr := openRegular(file)
	if ferr != nil {
		if ferr.Err != nil && isNotExist(ferr.Err) {
			return ignoreRules{dir: dir}, nil
		}
		ferr.Msg = "cannot read the ignore file: it " + ferr.Msg
		return ignoreRules{dir: dir}, ferr
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIgnoreBytes))
	if err != nil {
		return ignoreRules{dir: dir}, &Error{Source: file, Err: err, Msg: fmt.Sprintf("cannot read the ignore file (%v)", unwrapPath(err))}
	}
	return parseIgnore(file, data)
}

// ignored reports whether the path p (below every rules' dir) is left out
// by the stack of rules, outermost first.
func ignored(stack []ignoreRules, p string, isDir bool) bool {
	out := false
	for _, r := range stack {
		rel, err := filepath.Rel(r.dir, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		segs := strings.Split(filepath.ToSlash(rel), "/")
		for _, pat := range r.patterns {
			if (!pat.dirOnly || isDir) && matchSegments(pat.segs, segs) {
				out = !pat.negate
			}
		}
	}
	return out
}

// matchSegments matches path segments against pattern segments, "**"
// standing for any number of segments. It fills a table of (pattern,
// path) prefixes once: the work is the product of the two lengths, never
// exponential in the number of "**".
func matchSegments(pat, segs []string) bool {
	// ok[j] says pat[:i] matches segs[:j], for the current i.
	ok := make([]bool, len(segs)+1)
	ok[0] = true
	for _, p := range pat {
		next := make([]bool, len(segs)+1)
		for j := range next {
			switch {
			case p == "**":
				next[j] = ok[j] || j > 0 && next[j-1]
			case j > 0 && ok[j-1]:
				m, _ := path.Match(p, segs[j-1])
				next[j] = m
			}
		}
		ok = next
	}
	return ok[len(segs)]
}
