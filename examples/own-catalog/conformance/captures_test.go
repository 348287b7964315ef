package conformance

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/spinecattest"

	"example.org/clinic-appointments/appointments"
	"example.org/clinic-appointments/clinicmock"
)

var update = flag.Bool("update", false, "rewrite testdata/captures from what the mock answers")

const (
	captures  = "testdata/captures"
	requestID = "60b0f9b8-5f3c-4d6e-9a6b-1f2e3d4c5b6a"
)

// The error paths captured: each request, as a client sends it.
var paths = []struct {
	name, method, path string
	token, requestID   string
}{
	{"401-access-denied", "GET", "/Appointment/a1", "", requestID},
	{"400-missing-request-id", "GET", "/Appointment/a1", "t", ""},
	{"400-invalid-request-id", "GET", "/Appointment/a1", "t", "request-1"},
	{"404-appointment-not-found", "GET", "/Appointment/a1", "t", requestID},
	{"409-slot-unavailable", "POST", "/Slot/slot-0930/$book", "t", requestID},
	{"404-unknown-route", "GET", "/Slots", "t", requestID},
	{"405-method-not-allowed", "DELETE", "/Slot/slot-0930/$book", "t", requestID},
	{"500-server-error", "GET", "/Appointment/boom", "t", requestID},
}

// TestCaptures captures each error path from the mock; the committed
// captures must be what the mock answers (go test -update rewrites them).
func TestCaptures(t *testing.T) {
	h, err := clinicmock.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, p := range paths {
		path := appointments.API.BasePaths[0] + p.path
		req, _ := http.NewRequest(p.method, srv.URL+path, nil)
		if p.token != "" {
			req.Header.Set("Authorization", "Bearer "+p.token)
		}
		if p.requestID != "" {
			req.Header.Set("X-Request-ID", p.requestID)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := capture(req, path, resp, body)
		name := filepath.Join(captures, p.name+".http")
		if *update {
			if err := os.WriteFile(name, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s is not what the mock answers (-committed +now; go test -update rewrites it):\n%s", name, diff)
		}
	}
}

// capture writes a request and its response as a raw HTTP capture: the
// request line and headers (the token left out), then the response's
// status line, headers and body, with CRLF as HTTP/1.1 sends them. Date and
// Content-Length are left out: they change, or follow from the body.
func capture(req *http.Request, path string, resp *http.Response, body []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", req.Method, path)
	if req.Header.Get("Authorization") != "" {
		b.WriteString("Authorization: Bearer [token]\r\n")
	}
	if id := req.Header.Get("X-Request-ID"); id != "" {
		fmt.Fprintf(&b, "X-Request-ID: %s\r\n", id)
	}
	fmt.Fprintf(&b, "\r\nHTTP/1.1 %s\r\n", resp.Status)
	var names []string
	for k := range resp.Header {
		if k != "Date" && k != "Content-Length" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range resp.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// TestCapturesConform checks every capture against the API's catalogue, as
// a team's conformance test does: one subtest per capture. Nothing names
// the API: each response is identified by its request URL, under the API's
// base path, and by being exactly one of its entries.
func TestCapturesConform(t *testing.T) {
	spinecattest.CheckDir(t, captures, spinecattest.Registry(appointments.Catalogue()))
}
