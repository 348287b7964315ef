package capture

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk reads the captures in paths: files, and directories walked
// recursively. See WalkFunc for the order and what is skipped. The
// captures are returned even when the error is not nil.
func Walk(paths []string, opts Options) ([]Capture, error) {
	var caps []Capture
	err := WalkFunc(paths, opts, func(c Capture) error {
		caps = append(caps, c)
		return nil
	})
	return caps, err
}

// WalkFunc reads the captures in paths and calls fn with each, so that a
// large directory is never held in memory at once.
//
// Paths are taken in the order given; a directory is walked recursively in
// lexical order. Inside a directory, hidden files and directories (".x"),
// .meta sidecars, *.golden files, README files and what an ignore file
// (IgnoreFile) lists are skipped, as are symbolic links to directories
// (never followed, so there are no cycles) and special files; a file named
// explicitly in paths is always read, and "file.har#N" names one entry of a
// HAR file. A path that does not exist, a file or directory that cannot be
// read, and a malformed ignore file each become a capture with Err, in
// their place.
//
// The returned error is fn's error, which stops the walk at once, or else
// the joined errors of the paths that do not exist at all (each satisfies
// errors.Is(err, fs.ErrNotExist)): a caller that must tell a mistyped path
// from a capture that fails has it; the other paths are still walked.
func WalkFunc(paths []string, opts Options, fn func(Capture) error) error {
	return walk(paths, func(path string) error {
		for _, c := range ReadFile(path, opts) {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}, func(c Capture) error { return fn(c) })
}

// List lists what WalkFunc would read for paths, in the same order,
// without reading anything, so that a caller can read the files in
// parallel (Listed.Read). The error is as WalkFunc's; a path that does not
// exist is listed too, so that reading it gives its capture.
func List(paths []string) ([]Listed, error) {
	var out []Listed
	err := walk(paths, func(path string) error {
		out = append(out, Listed{Path: path})
		return nil
	}, func(c Capture) error {
		out = append(out, Listed{Failure: &c})
		return nil
	})
	return out, err
}

// Listed is one step of a walk: a file to read, or the capture of a
// failure that is not a file (a directory that cannot be listed, a
// malformed ignore file).
type Listed struct {
	Path    string   // the file to read; "" when Failure is set
	Failure *Capture // the failure's capture, with Err; nil for a file
}

// Read returns the captures of the step: those of its file, as ReadFile
// reads them, or its failure's.
func (l Listed) Read(opts Options) []Capture {
	if l.Failure != nil {
		return []Capture{*l.Failure}
	}
	return ReadFile(l.Path, opts)
}

// walk is the walk of WalkFunc and List: file is called for each file to
// read, failed for each capture of a failure that is not a file (a
// directory that cannot be listed, a malformed ignore file); an error from
// either stops the walk and is returned. Otherwise the result is the
// joined errors of the paths that do not exist.
func walk(paths []string, file func(path string) error, failed func(Capture) error) error {
	var missing []error
	for _, root := range paths {
		if _, _, ok := entryPath(root); ok {
			if err := file(root); err != nil {
				return err
			}
			continue
		}
		st, err := os.Stat(root)
		if err != nil || !st.IsDir() {
			if _, lerr := os.Lstat(root); isNotExist(err) && isNotExist(lerr) {
				missing = append(missing, err)
			}
			// A file, or a path that cannot be read: ReadFile says why.
			if err := file(root); err != nil {
				return err
			}
			continue
		}
		if err := walkDir(root, file, failed); err != nil {
			return err
		}
	}
	return errors.Join(missing...)
}

// walkDir walks one directory, applying the ignore files in it.
func walkDir(root string, file func(path string) error, failed func(Capture) error) error {
	var stack []ignoreRules // the ignore files of the directories from root to the current one
	dirFailed := func(path string, err error) error {
		return failed(Capture{Source: path, Err: &Error{Source: path, Err: err,
			Msg: fmt.Sprintf("cannot read the directory (%v); check its permissions", unwrapPath(err))}})
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if ferr := dirFailed(path, err); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		for len(stack) > 0 && !within(path, stack[len(stack)-1].dir) {
			stack = stack[:len(stack)-1]
		}
		if path != root && (skipName(d.Name()) || ignored(stack, path, d.IsDir())) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t.IsDir():
			rules, bad := readIgnore(path)
			if bad != nil {
				if err := failed(Capture{Source: bad.Source, Err: bad}); err != nil {
					return err
				}
			}
			stack = append(stack, rules)
			return nil
		case t&fs.ModeSymlink != 0:
			if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
				return nil // a link to a directory or a special file
			}
		case !t.IsRegular():
			return nil // a pipe, socket or device
		}
		return file(path)
	})
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// skipName reports whether a directory entry is not a capture.
func skipName(name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".meta", ".golden":
		return true
	}
	base := strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name)))
	return base == "README"
}
