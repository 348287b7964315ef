package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDocsCLI runs every "console" block of docs/cli.md, docs/own-catalog.md
// and README.md
// ("$ spinecat ARGS" followed by its output) and compares the output, so
// that neither page shows a report the command no longer prints. -update
// rewrites the blocks.
func TestDocsCLI(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, path := range []string{"docs/cli.md", "docs/own-catalog.md", "README.md"} {
		t.Run(path, func(t *testing.T) { checkConsoleBlocks(t, path) })
	}
}

func checkConsoleBlocks(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	blocks := 0
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		if strings.TrimSpace(lines[i]) != "```console" || i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "$ spinecat") {
			continue
		}
		cmdLine := lines[i+1]
		end := i + 2
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		blocks++
		want := strings.Join(lines[i+2:end], "")
		args := splitArgs(strings.TrimPrefix(strings.TrimSpace(cmdLine), "$ spinecat"))
		_, stdout, stderr := runCmd(t, args...)
		got := stdout + stderr
		if !*update && got != want {
			t.Errorf("%s: %s differs (-doc +run); run go test ./cmd/spinecat -update:\n%s", path, strings.TrimSpace(cmdLine), cmp.Diff(want, got))
		}
		out.WriteString(cmdLine)
		out.WriteString(got)
		i = end - 1
	}
	if blocks == 0 {
		t.Errorf("%s has no console blocks", path)
	}
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// splitArgs splits a command line at spaces, keeping "double-quoted" words.
func splitArgs(s string) []string {
	var args []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			inWord = true
		case r == ' ' && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}
