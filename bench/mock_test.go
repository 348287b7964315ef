package bench

import (
	"io"
	"net/http"
	"testing"

	"github.com/spinecat/spinecat/mock"
	"github.com/spinecat/spinecat/server"
)

// discardWriter is an http.ResponseWriter that keeps nothing.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// BenchmarkMockRequest is the handler work of one request of the mock's
// load benchmark (bench/mockload): an e-RS R4 request through the front
// door and a scenario, logged, without the network. Its allocations are
// what the load benchmark's profile points at.
func BenchmarkMockRequest(b *testing.B) {
	sc, err := mock.LoadScenarios("../examples/scenarios/ers.yaml", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	h, err := mock.New(mock.Config{API: sc.API, Scenarios: sc})
	if err != nil {
		b.Fatal(err)
	}
	h = server.NewRequestLog(io.Discard).Handler(h)
	req, err := http.NewRequest("GET", "/referrals/FHIR/R4/Binary/f185d16b", nil)
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range map[string]string{
		"Authorization":                  "Bearer 0vGSeeV2cHrsB6C1L4PCyl0Ce46Q",
		"NHSD-End-User-Organisation-ODS": "RB8",
		"NHSD-eRS-Business-Function":     "SERVICE_PROVIDER_CLINICIAN",
		"X-Correlation-ID":               "17183684-D9A9-11F0-9A21-005056B4EE83",
		"Accept":                         "application/fhir+json",
	} {
		req.Header.Set(k, v)
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
		if w.status != 404 {
			b.Fatalf("status %d", w.status)
		}
	}
}
