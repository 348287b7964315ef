package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// moduleRoot returns the folder of the go.mod that dir is in: dir or the
// nearest folder above it with one.
func moduleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no go.mod in %s or any folder above it; the generated package's import path comes from its module (go mod init)", dir)
		}
		d = up
	}
}

// modulePath reads the module path from root's go.mod: its module
// directive, bare or quoted.
func modulePath(root string) (string, error) {
	name := filepath.Join(root, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(text)
		if len(fields) == 0 || fields[0] != "module" {
			continue
		}
		if len(fields) != 2 {
			return "", fmt.Errorf("%s:%d: the module directive should be \"module PATH\"", name, line)
		}
		p := fields[1]
		if strings.HasPrefix(p, `"`) || strings.HasPrefix(p, "`") {
			if p, err = strconv.Unquote(p); err != nil {
				return "", fmt.Errorf("%s:%d: the module path %s is not a well-formed quoted string", name, line, fields[1])
			}
		}
		return p, nil
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New(name + ": no module directive; the generated package's import path comes from it")
}
