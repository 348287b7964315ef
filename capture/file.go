package capture

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadFile reads the captures in the file at path: one, or one per entry of
// a HAR file. It applies the file's .meta sidecar (same name with the
// extension replaced by ".meta") if there is one. It never reads more of
// the file than the limits in Options, opens nothing but regular files (a
// pipe would block), never returns an empty slice and never panics: a file
// that cannot be read becomes a capture with Err.
//
// A path "file.har#N" that does not exist as such names the N-th entry of
// file.har, as the Source of that entry reads: the capture of that entry
// alone is returned.
func ReadFile(path string, opts Options) []Capture {
	if file, n, ok := entryPath(path); ok {
		return readEntry(path, file, n, opts)
	}
	if strings.EqualFold(filepath.Ext(path), ".meta") {
		return readFile(path, opts, nil)
	}
	m, merr := readSidecar(metaPath(path))
	caps := readFile(path, opts, m)
	for i := range caps {
		switch {
		case merr != nil && caps[i].Err == nil:
			caps[i].Err = merr
		case m != nil:
			applyMeta(&caps[i], m)
		}
	}
	return caps
}

// entryPath splits "file.har#N" when no file has that name and file does.
func entryPath(path string) (file string, n int, ok bool) {
	i := strings.LastIndexByte(path, '#')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(path[i+1:])
	if err != nil || n < 0 || path[i+1] == '+' {
		return "", 0, false
	}
	if _, err := os.Lstat(path); err == nil {
		return "", 0, false
	}
	if _, err := os.Stat(path[:i]); err != nil {
		return "", 0, false
	}
	return path[:i], n, true
}

// readEntry reads entry n of the captures of file, as path.
func readEntry(path, file string, n int, opts Options) []Capture {
	caps := ReadFile(file, opts)
	for _, c := range caps {
		if c.Source == path {
			return []Capture{c}
		}
	}
	if len(caps) == 1 && caps[0].Source == file {
		// The file as a whole failed, or is not a HAR file.
		c := caps[0]
		if c.Err == nil {
			c.Err = &Error{Source: path, Msg: fmt.Sprintf("%s holds one response, not entries: name it without #%d", file, n)}
		}
		c.Source = path
		return []Capture{c}
	}
	entries := 0
	for _, c := range caps {
		if strings.HasPrefix(c.Source, file+"#") {
			entries++
		}
	}
	return []Capture{{Source: path, Kind: KindHAR, Err: &Error{Source: path, Msg: fmt.Sprintf(
		"%s has %d entries (#0 to #%d): there is no #%d", file, entries, entries-1, n)}}}
}

func readFile(path string, opts Options, m *meta) []Capture {
	fail := func(msg string, err error) []Capture {
		return []Capture{{Source: path, Err: &Error{Source: path, Msg: msg, Err: err}}}
	}
	f, size, err := openRegular(path)
	if err != nil {
		return fail(err.Msg, err.Err)
	}
	defer f.Close()
	data, cut, limit, rerr := readLimited(path, f, size, opts)
	if rerr != nil {
		return fail(fmt.Sprintf("cannot read the file (%v); check the disk and permissions", unwrapPath(rerr)), rerr)
	}
	return parse(path, data, cut, limit, opts, m)
}

// openRegular opens path for reading if it is a regular file, and returns
// its size. It looks before it opens, because opening a FIFO blocks until
// a writer comes, and checks again what it opened, in case the path
// changed in between.
func openRegular(path string) (*os.File, int64, *Error) {
	fail := func(msg string, err error) (*os.File, int64, *Error) {
		return nil, 0, &Error{Source: path, Msg: msg, Err: err}
	}
	notRegular := func(st fs.FileInfo) (*os.File, int64, *Error) {
		if st.IsDir() {
			return fail("is a directory, not a capture file; pass it to Walk to read the files in it", nil)
		}
		return fail("is not a regular file (a device, pipe or socket); save the response to a file first", nil)
	}
	st, err := os.Stat(path)
	if err != nil {
		return fail(fmt.Sprintf("cannot read the file (%v); check that it exists and is readable", unwrapPath(err)), err)
	}
	if !st.Mode().IsRegular() {
		return notRegular(st)
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(fmt.Sprintf("cannot open the file (%v); check its permissions", unwrapPath(err)), err)
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return fail(fmt.Sprintf("cannot read the file (%v); check the disk and permissions", unwrapPath(err)), err)
		}
		return notRegular(st)
	}
	return f, st.Size(), nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// unwrapPath drops the path from a *fs.PathError: the message already
// starts with it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
