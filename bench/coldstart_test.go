package bench

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

type coldResult struct {
	FirstCheckNS int64  `json:"first_check_ns"`
	InMainNS     int64  `json:"in_main_ns"`
	Conformant   bool   `json:"conformant"`
	Entries      int    `json:"entries"`
	HeapAlloc    uint64 `json:"heap_alloc"`
}

// BenchmarkColdStart builds bench/coldstart and runs it once per iteration
// in a fresh process, reporting the median time from exec to the end of the
// first check (ms-to-first-check), the median time spent in main
// (ms-in-main), and the live heap after loading everything (heap-MB).
func BenchmarkColdStart(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "coldstart")
	if out, err := exec.Command("go", "build", "-o", bin, "./coldstart").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var first, inMain []float64
	var heap uint64
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin)
		t0 := time.Now()
		cmd.Env = append(os.Environ(), "SPINECAT_T0="+strconv.FormatInt(t0.UnixNano(), 10))
		out, err := cmd.Output()
		if err != nil {
			b.Fatal(err)
		}
		var r coldResult
		if err := json.Unmarshal(out, &r); err != nil || !r.Conformant {
			b.Fatalf("%s: %v", out, err)
		}
		first = append(first, float64(r.FirstCheckNS)/1e6)
		inMain = append(inMain, float64(r.InMainNS)/1e6)
		heap = max(heap, r.HeapAlloc)
	}
	b.ReportMetric(median(first), "ms-to-first-check")
	b.ReportMetric(median(inMain), "ms-in-main")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}
