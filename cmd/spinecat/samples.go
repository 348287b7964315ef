package main

import (
	"embed"
	"io/fs"
	"path"
	"sort"

	"github.com/spinecat/spinecat/capture"
)

// samples are a few captures, conformant and not, of each API, so that
// "spinecat check" with no PATH shows a new user what a report looks like.
// They are raw HTTP files, which carry their own status and Content-Type
// (an embedded file has no .meta sidecar).
//
//go:embed samples
var samples embed.FS

// sampleNames lists the embedded samples in lexical order.
func sampleNames() []string {
	var names []string
	_ = fs.WalkDir(samples, "samples", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Base(p) != "README.md" {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	return names
}

// sampleCaptures reads the embedded samples.
func sampleCaptures(maxBody int64) []capture.Capture {
	var caps []capture.Capture
	for _, name := range sampleNames() {
		data, err := samples.ReadFile(name)
		if err != nil {
			continue // cannot happen: the name came from the same FS
		}
		caps = append(caps, capture.Read(name, data, capture.Options{MaxBodyBytes: maxBody})...)
	}
	return caps
}
