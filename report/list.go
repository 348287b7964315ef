package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// listFiles lists the files capture.WalkFunc would read for paths, in the
// same order, so that CheckPaths can read them on all cores (the capture
// package reads in the walking goroutine). It follows WalkFunc's rules:
// paths in the order given, directories in lexical order, hidden entries,
// .meta and .golden files and README files skipped inside directories,
// symbolic links to directories and special files skipped, a path named
// explicitly always read. ok is false when a directory cannot be listed: the
// caller then lets capture.WalkFunc handle everything. A test checks the two
// agree.
func listFiles(paths []string) (files []string, missing error, ok bool) {
	var miss []error
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			if _, lerr := os.Lstat(root); errors.Is(err, fs.ErrNotExist) && errors.Is(lerr, fs.ErrNotExist) {
				miss = append(miss, err)
				continue
			}
			files = append(files, root) // ReadFile says why it cannot be read
			continue
		}
		if !st.IsDir() {
			files = append(files, root)
			continue
		}
		failed := false
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failed = true
				return fs.SkipAll
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
					return nil
				}
			case !t.IsRegular():
				return nil
			}
			files = append(files, path)
			return nil
		})
		if failed {
			return nil, nil, false
		}
	}
	return files, errors.Join(miss...), true
}

// skipName is capture's rule for directory entries that are not captures.
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
