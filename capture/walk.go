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
// .meta sidecars, *.golden files and README files are skipped, as are
// symbolic links to directories (never followed, so there are no cycles)
// and special files; a file named explicitly in paths is always read. A
// file or directory that cannot be read becomes a capture with Err.
//
// The returned error is fn's error, which stops the walk at once, or else
// the joined errors of the paths that do not exist at all (each satisfies
// errors.Is(err, fs.ErrNotExist)); the other paths are still walked.
func WalkFunc(paths []string, opts Options, fn func(Capture) error) error {
	return walk(paths, func(path string) error {
		for _, c := range ReadFile(path, opts) {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}, func(path string, err error) error {
		// A directory that cannot be listed: report it and go on.
		return fn(Capture{Source: path, Err: &Error{Source: path, Err: err,
			Msg: fmt.Sprintf("cannot read the directory (%v); check its permissions", unwrapPath(err))}})
	})
}

// ErrUnlistable is returned by Files when a directory cannot be listed.
var ErrUnlistable = errors.New("a directory cannot be listed")

// Files lists the files WalkFunc would read for paths, in the same order,
// without reading them, so that a caller can read them in parallel. missing
// is as WalkFunc's error. err wraps ErrUnlistable when a directory cannot be
// listed; WalkFunc reports such a directory as a capture instead.
func Files(paths []string) (files []string, missing error, err error) {
	missing = walk(paths, func(path string) error {
		files = append(files, path)
		return nil
	}, func(path string, derr error) error {
		return fmt.Errorf("%w: %s: %v", ErrUnlistable, path, derr)
	})
	if errors.Is(missing, ErrUnlistable) {
		return nil, nil, missing
	}
	return files, missing, nil
}

// walk is the walk of WalkFunc and Files: file is called for each file to
// read, dirErr for each directory that cannot be listed; an error from
// either stops the walk and is returned. Otherwise the result is the joined
// errors of the paths that do not exist.
func walk(paths []string, file func(path string) error, dirErr func(path string, err error) error) error {
	var missing []error
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			if _, lerr := os.Lstat(root); errors.Is(err, fs.ErrNotExist) && errors.Is(lerr, fs.ErrNotExist) {
				missing = append(missing, err)
				continue
			}
			// A dangling symbolic link or an unreachable path: ReadFile says why.
			if err := file(root); err != nil {
				return err
			}
			continue
		}
		if !st.IsDir() {
			if err := file(root); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if derr := dirErr(path, err); derr != nil {
					return derr
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && skipName(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch t := d.Type(); {
			case t.IsDir():
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
		if err != nil {
			return err
		}
	}
	return errors.Join(missing...)
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
