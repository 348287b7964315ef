package operationoutcome

import (
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
)

// TestReadMaxInt64: a cap of math.MaxInt64 reads the whole body; limit+1
// overflowed and read nothing, so an NRL 404 was taken for an empty one.
func TestReadMaxInt64(t *testing.T) {
	body := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: io.NopCloser(strings.NewReader(body))}
	got, err := Read(resp, ReadOptions{MaxBodyBytes: math.MaxInt64})
	if err != nil || string(got.Body) != body || got.Truncated || got.Outcome == nil {
		t.Errorf("Read = %+v, %v; want the whole body decoded", got, err)
	}
}
