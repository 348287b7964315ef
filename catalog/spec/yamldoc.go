package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/spinecat/spinecat/internal/textpos"
)

// readDocument parses the one YAML document of a catalogue file. A further
// document with content is a problem, not ignored; every problem has a
// line and a column, in characters. The library's message is shown as it
// is, but nothing is decided by its text: positions come from its
// structured errors.
func readDocument(file string, data []byte) (*yaml.Node, Problems) {
	// The options of yaml.Unmarshal, which the loader used before it read
	// further documents.
	ld, err := yaml.NewLoader(bytes.NewReader(data), yaml.WithV3Defaults())
	if err != nil {
		return nil, Problems{{File: file, Line: 1, Col: 1, Msg: err.Error()}}
	}
	var root yaml.Node
	if err := ld.Load(&root); err != nil {
		return nil, yamlProblems(file, data, err)
	}
	var next yaml.Node
	switch err := ld.Load(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlProblems(file, data, err)
	case !emptyDocument(&next):
		line, col := next.Line, next.Column
		if line == 0 {
			line, col = 1, 1
		}
		return nil, Problems{{File: file, Line: line, Col: col, Msg: "a second YAML document starts here (after \"---\"); " +
			"a catalogue file holds one document: merge the two, or move this one to a file of its own"}}
	}
	return &root, nil
}

// emptyDocument reports a document with nothing in it but comments, as
// after a "---" that ends a file.
func emptyDocument(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	c := n.Content[0]
	return len(n.Content) == 1 && c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" && c.Value == ""
}

// yamlProblems turns the YAML library's error into positioned problems.
func yamlProblems(file string, data []byte, err error) Problems {
	var les []*yaml.LoadError
	var one *yaml.LoadError
	var many *yaml.LoadErrors
	switch {
	case errors.As(err, &many):
		les = many.Errors
	case errors.As(err, &one):
		les = []*yaml.LoadError{one}
	}
	var out Problems
	for _, le := range les {
		out = append(out, loadProblem(file, data, le))
	}
	if len(out) == 0 {
		out = Problems{{File: file, Line: 1, Col: 1, Msg: err.Error() + " (the YAML library gave no position)"}}
	}
	return out
}

// loadProblem positions one error of the YAML library: at its mark, or,
// for an error of its reader (which marks only a byte offset), at that
// offset.
func loadProblem(file string, data []byte, le *yaml.LoadError) Problem {
	p := Problem{File: file, Line: le.Mark.Line, Col: le.Mark.Column, Msg: le.Message}
	if p.Line == 0 {
		off := min(max(le.Mark.Index, 0), len(data))
		p.Line, p.Col = textpos.Of(data, off)
		if r, _ := utf8.DecodeRune(data[off:]); off < len(data) && forbidden(r) {
			p.Msg = fmt.Sprintf("the file holds the control character %U here, which YAML does not allow; "+
				"a catalogue file is text: remove it", r)
		}
	}
	if p.Col == 0 {
		p.Col = 1
	}
	if indentedWithTab(data, p.Line) {
		p.Msg += " (YAML indents with spaces, not tabs)"
	}
	return p
}

// forbidden reports a character YAML does not allow anywhere (its character
// set, https://yaml.org/spec/1.2.2/#51-character-set): C0 controls other than
// tab and line breaks, and U+FFFE, U+FFFF.
func forbidden(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// indentedWithTab reports whether line n (1-based) is indented with a tab.
func indentedWithTab(data []byte, n int) bool {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return false
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	indent := data[:len(data)-len(bytes.TrimLeft(data, " \t"))]
	return bytes.IndexByte(indent, '\t') >= 0
}
