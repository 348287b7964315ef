package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/nrl"
)

// blockedWriter blocks every Write until released, then records.
type blockedWriter struct {
	release chan struct{}
	mu      sync.Mutex
	b       strings.Builder
}

func (w *blockedWriter) Write(p []byte) (int, error) {
	<-w.release
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *blockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// lineRE is a request line as slog's text handler writes it.
var lineRE = regexp.MustCompile(`^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) level=INFO msg=request method=(\S+) path=(\S+) status=(\d+) entry=(\S+) duration=\S+$`)

// A log whose writer is blocked holds no request up: every request is
// answered, the lines beyond the queue are dropped and counted, and once
// the writer moves the queued lines and the count are written.
func TestRequestLogNeverBlocks(t *testing.T) {
	out := &blockedWriter{release: make(chan struct{})}
	lg := NewRequestLog(out)
	lg.max = 600 // room for a few lines
	wr := NewWriter(testOptions()...)
	h := lg.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wr.WriteError(w, r, nrl.NoRecordFoundDocumentReference(r.PathValue("id")))
	}))
	const n = 50
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/DocumentReference/"+strconv.Itoa(i), nil))
			if rec.Code != 404 {
				t.Errorf("request %d: status %d", i, rec.Code)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("requests waited for a blocked log writer")
	}
	dropped := lg.Dropped()
	if dropped == 0 || dropped >= n {
		t.Fatalf("dropped %d of %d lines, want some but not all", dropped, n)
	}
	close(out.release)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := lg.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	var logged, counted int
	for _, l := range lines {
		if m := lineRE.FindStringSubmatch(l); m != nil {
			logged++
			if m[2] != "GET" || m[4] != "404" || m[5] != "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE" {
				t.Errorf("line %q", l)
			}
			continue
		}
		counted += countOf(t, l) // a count each time the writer caught up
	}
	if diff := cmp.Diff([2]int{n - dropped, dropped}, [2]int{logged, counted}); diff != "" {
		t.Errorf("lines logged and dropped (-want +got):\n%s\n%s", diff, out.String())
	}
}

func countOf(t *testing.T, note string) int {
	t.Helper()
	m := regexp.MustCompile(`level=WARN msg="request log lines dropped: the log's writer fell behind" count=(\d+)$`).FindStringSubmatch(note)
	if m == nil {
		t.Errorf("no count of dropped lines: %q", note)
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// Values a log line takes from the request are quoted as slog quotes them,
// sanitised, and never show the caller's credentials.
func TestRequestLogLine(t *testing.T) {
	var b strings.Builder
	lg := NewRequestLog(&b)
	h := lg.Handler(http.NotFoundHandler())
	req := httptest.NewRequest("GET", "/a%20b/tok3n/%0d%0aforged", nil)
	req.Header.Set("Authorization", "Bearer tok3n")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if err := lg.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	want := ` level=INFO msg=request method=GET path="/a b/[redacted]/  forged" status=404 entry="" duration=`
	if !strings.Contains(got, want) || strings.Count(got, "\n") != 1 {
		t.Errorf("log line %q, want one line with %q", got, want)
	}
}
