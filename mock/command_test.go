package mock

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/all"
)

// syncBuffer is a bytes.Buffer safe for the server's and the test's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "spinecat serve" with args until ctx ends, and returns
// the URL of its listening line, its stderr and the channel its exit status
// arrives on.
func startServe(t *testing.T, ctx context.Context, args ...string) (base string, stderr *syncBuffer, code <-chan int) {
	t.Helper()
	stderr = &syncBuffer{}
	c := make(chan int, 1)
	go func() { c <- Command(ctx, all.Registry(), args, &bytes.Buffer{}, stderr) }()
	addrRE := regexp.MustCompile(`listening on (http://\S+)`)
	for deadline := time.Now().Add(guard); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr, c
		}
		select {
		case status := <-c:
			t.Fatalf("exited %d: %s", status, stderr.String())
		default:
		}
	}
	t.Fatalf("no listening line: %s", stderr.String())
	return "", nil, nil
}

// startCommand runs "spinecat serve" with args on loopback until the test
// calls stop, which returns its log once it has shut down cleanly.
func startCommand(t *testing.T, args ...string) (base string, stop func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base, stderr, code := startServe(t, ctx, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	return base, func() string {
		t.Helper()
		cancel()
		select {
		case c := <-code:
			if c != 0 {
				t.Errorf("exit %d after shutdown: %s", c, stderr.String())
			}
		case <-time.After(guard):
			t.Fatal("no shutdown in time")
		}
		return stderr.String()
	}
}

// "spinecat serve" on loopback: it starts, answers through the rules and the
// scenarios, logs each request, and stops cleanly when its context ends.
func TestCommandServes(t *testing.T) {
	base, stop := startCommand(t, "--scenarios", "../examples/scenarios/ers.yaml")
	client := &http.Client{Timeout: 10 * time.Second}
	for _, c := range []struct {
		path, auth string
		want       int
	}{
		{"/FHIR/R4/Binary/x", "0vGSeeV2cHrsB6C1L4PCyl0Ce46Q", 401},
		{"/FHIR/R4/Binary/c8a5e7d2-0000-4000-8000-00000000scan", "Bearer tok-12345678", 422},
	} {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		req.Header.Set("Authorization", c.auth)
		req.Header.Set("NHSD-End-User-Organisation-ODS", "RB8")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: status %d, want %d", c.path, resp.StatusCode, c.want)
		}
	}
	log := stop()
	if !strings.Contains(log, "ers mock with 8 scenario(s)") {
		t.Errorf("start-up line: %s", log)
	}
	for _, want := range []string{
		// The listening line gives e-RS's base path, /referrals.
		`method=GET path=/referrals/FHIR/R4/Binary/x status=401 entry=ers.R4_ACCESS_DENIED_INVALID_TOKEN`,
		`method=GET path=/referrals/FHIR/R4/Binary/c8a5e7d2-0000-4000-8000-00000000scan status=422 entry=ers.R4_PENDING`,
		"spinecat serve: stopped",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "0vGSeeV2cHrsB6C1L4PCyl0Ce46Q") || strings.Contains(log, "tok-12345678") {
		t.Errorf("the log shows a credential:\n%s", log)
	}
}

// "spinecat serve --catalog FILE" serves a team's own API from its YAML
// alone: its front-door rules, and a scenario file naming it.
func TestCommandServesOwnCatalogue(t *testing.T) {
	const own = "../examples/own-catalog/appointments/appointments.yaml"
	base, stop := startCommand(t, "--catalog", own, "--scenarios", "../examples/own-catalog/clinicmock/scenarios.yaml")
	hc := &http.Client{Timeout: 10 * time.Second}
	const id = "60b0f9b8-5f3c-4d6e-9a6b-1f2e3d4c5b6a"
	var got []string
	for _, c := range []struct{ path, auth, requestID string }{
		{"/Appointment/a1", "", id},
		{"/Appointment/a1", "tok-abc", ""},
		{"/Appointment/a1", "tok-abc", "request-1"},
		{"/Appointment/a1", "tok-abc", id},
	} {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", "Bearer "+c.auth)
		}
		if c.requestID != "" {
			req.Header.Set("X-Request-ID", c.requestID)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, fmt.Sprintf("%d %s", resp.StatusCode, resp.Header.Get("X-Request-ID")))
	}
	log := stop()
	want := []string{"401 " + id, "400 ", "400 request-1", "404 " + id}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses and echoed X-Request-ID (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		"appointments mock with 3 scenario(s), listening on http://127.0.0.1:",
		"/clinic-appointments/FHIR/R4",
		"status=401 entry=appointments.ACCESS_DENIED",
		"status=400 entry=appointments.MISSING_REQUEST_ID",
		"status=400 entry=appointments.INVALID_REQUEST_ID",
		"status=404 entry=appointments.APPOINTMENT_NOT_FOUND",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

func TestCommandUsage(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"-h"}, 0, "Usage: spinecat serve"},
		{"help in the --flag form", []string{"-h"}, 0, "\n  --api NAME "},
		{"help lists the limits", []string{"-h"}, 0, "\n  --idle-timeout duration "},
		{"unknown api", []string{"--api", "spine"}, 2, `unknown --api "spine" (want nrl, nrlf, ers, pds, erspc, gpconnect, eps)`},
		{"unknown leniency", []string{"--api", "ers", "--lenient", "any-token"}, 2, `ers has no leniency "any-token" (it has bare-token-stu3)`},
		{"bad base path", []string{"--api", "ers", "--base-path", "referrals"}, 2, `base path "referrals" must be a path starting with /`},
		{"no api", nil, 2, "say which API to mock"},
		{"extra argument", []string{"--api", "nrl", "now"}, 2, `unexpected argument "now"`},
		{"unknown flag", []string{"--port", "1"}, 2, "flag provided but not defined: -port"},
		{"bad scenario file", []string{"--scenarios", "testdata/scenarios/routes.yaml"}, 2,
			"testdata/scenarios/routes.yaml:3:12: route \"/FHIR/R4/Binary/{id}\" must start with a method"},
		{"scenario file for another api", []string{"--api", "nrl", "--scenarios", "../examples/scenarios/ers.yaml"}, 2, `the file is for api "ers" but the mock serves "nrl"`},
		{"missing scenario file", []string{"--api", "nrl", "--scenarios", "testdata/nope.yaml"}, 2, "nope.yaml"},
		{"address in use", []string{"--api", "nrl", "--addr", busy.Addr().String()}, 1, "spinecat serve:"},
		{"bad catalogue file", []string{"--catalog", "testdata/badcatalog/bad.yaml", "--api", "bad"}, 2,
			"testdata/badcatalog/bad.yaml:3:10: entries: expected array, but got number\nspinecat serve: the --catalog files have problems (above); fix them and run again"},
		{"scenario file for an API no catalogue holds", []string{"--scenarios", "../examples/own-catalog/clinicmock/scenarios.yaml"}, 2,
			"api must be one of the catalogue's APIs: nrl, nrlf, ers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var stderr syncBuffer
			got := Command(ctx, all.Registry(), c.args, &bytes.Buffer{}, &stderr)
			if got != c.code || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", got, c.code, c.want, stderr.String())
			}
		})
	}
}
