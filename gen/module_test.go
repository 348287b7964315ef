package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestModulePath(t *testing.T) {
	tests := []struct{ gomod, want string }{
		{"module example.org/ward\n\ngo 1.26.0\n", "example.org/ward"},
		{"// a comment\nmodule \"example.org/quoted\" // trailing\n", "example.org/quoted"},
		{"go 1.26.0\n", "go.mod: no module directive; the generated package's import path comes from it"},
		{"module a b\n", "go.mod:1: the module directive should be \"module PATH\""},
		{"module \"unterminated\n", "go.mod:1: the module path \"unterminated is not a well-formed quoted string"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tt.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := modulePath(dir)
		if err != nil {
			got = strings.TrimPrefix(filepath.ToSlash(err.Error()), filepath.ToSlash(dir)+"/")
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("modulePath(%q) (-want +got):\n%s", tt.gomod, diff)
		}
	}
}

// TestNeverOverwritesOwnFiles: a hand-written file where the generator
// would write is an error, and stays as it was.
func TestNeverOverwritesOwnFiles(t *testing.T) {
	name := filepath.Join(t.TempDir(), "doc.go")
	mine := "// Package ward is mine.\npackage ward\n"
	if err := os.WriteFile(name, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeIfChanged(name, []byte("// "+header("ward/ward.yaml")+"\n\npackage ward\n"))
	if err == nil || !strings.Contains(err.Error(), "exists and was not written by spinecat/gen") {
		t.Errorf("writeIfChanged over a hand-written file: %v, want an error saying so", err)
	}
	if got, _ := os.ReadFile(name); string(got) != mine {
		t.Errorf("the hand-written file changed to %q", got)
	}
	generated := "// " + header("ward/ward.yaml") + "\n\npackage ward // v2\n"
	if err := os.WriteFile(name, []byte("// "+header("ward/ward.yaml")+"\n\npackage ward\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeIfChanged(name, []byte(generated)); err != nil {
		t.Errorf("writeIfChanged over a generated file: %v", err)
	}
	if got, _ := os.ReadFile(name); string(got) != generated {
		t.Errorf("the generated file was not rewritten: %q", got)
	}
}

// TestOwnJobErrors: files outside a module, or in two modules, are usage
// errors that say what to do.
func TestOwnJobErrors(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a/go.mod", "a/x/x.yaml", "b/go.mod", "b/y/y.yaml"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("module example.org/"+name[:1]+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := ownJob([]string{filepath.Join(dir, "a", "x", "x.yaml"), filepath.Join(dir, "b", "y", "y.yaml")})
	if err == nil || !strings.Contains(err.Error(), "generate each module's catalogue in its own run") {
		t.Errorf("files in two modules: %v", err)
	}
	_, err = ownJob([]string{filepath.Join(dir, "a", "x", "missing.yaml")})
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("a missing file: %v", err)
	}
}
