package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/spinecat/spinecat/report"
)

// dirCaptures is how many captures BenchmarkCheckDir checks.
const dirCaptures = 10_000

// dirTemplates are the raw HTTP captures the directory is made of: the
// conformant fixtures and two broken variants of the primary one.
func dirTemplates() [][]byte {
	var out [][]byte
	raw := func(status int, body []byte) []byte {
		var b bytes.Buffer
		fmt.Fprintf(&b, "HTTP/1.1 %d Error\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: %d\r\n\r\n", status, len(body))
		b.Write(body)
		return b.Bytes()
	}
	for _, f := range Fixtures() {
		out = append(out, raw(f.Status, f.Body))
	}
	p := Primary()
	out = append(out,
		raw(p.Status, bytes.Replace(p.Body, []byte(`"severity":"error"`), []byte(`"severity":"critical"`), 1)),
		raw(p.Status, bytes.Replace(p.Body, []byte(`"diagnostics"`), []byte(`"diagnostic"`), 1)),
	)
	return out
}

var (
	dirOnce sync.Once
	dirPath string
	dirErr  error
)

// captureDir writes dirCaptures captures into a temporary directory, once
// per test binary (only benchmarks call it).
func captureDir(b *testing.B) string {
	dirOnce.Do(func() {
		dirPath, dirErr = os.MkdirTemp("", "spinecat-bench-dir-")
		if dirErr != nil {
			return
		}
		tpl := dirTemplates()
		for i := range dirCaptures {
			sub := filepath.Join(dirPath, fmt.Sprintf("%02d", i/500))
			if i%500 == 0 {
				if dirErr = os.MkdirAll(sub, 0o755); dirErr != nil {
					return
				}
			}
			if dirErr = os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.http", i)), tpl[i%len(tpl)], 0o644); dirErr != nil {
				return
			}
		}
	})
	if dirErr != nil {
		b.Fatal(dirErr)
	}
	return dirPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dirPath != "" {
		os.RemoveAll(dirPath)
	}
	os.Exit(code)
}

// BenchmarkCheckDir checks a directory of 10,000 captures with the report
// package's parallel runner (report.CheckPaths, as `spinecat check` runs
// it), with 1 worker on 1 core and with one worker per core on all cores,
// reporting captures per second.
func BenchmarkCheckDir(b *testing.B) {
	dir := captureDir(b)
	procs := runtime.GOMAXPROCS(0)
	counts := []int{1}
	if procs > 1 {
		counts = append(counts, procs)
	}
	for _, n := range counts {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			b.ReportAllocs()
			for b.Loop() {
				res, err := report.CheckPaths([]string{dir}, report.CheckOptions{Workers: n})
				if err != nil {
					b.Fatal(err)
				}
				if len(res) != dirCaptures {
					b.Fatalf("%d results", len(res))
				}
			}
			b.ReportMetric(float64(dirCaptures)*float64(b.N)/b.Elapsed().Seconds(), "captures/s")
		})
	}
}
