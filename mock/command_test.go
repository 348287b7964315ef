package mock

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

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

// "spinecat serve" on loopback: it starts, answers through the rules and the
// scenarios, logs each request, and stops cleanly when its context ends.
func TestCommandServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Command(ctx, all.Registry(), []string{"--addr", "127.0.0.1:0", "--scenarios", "../examples/scenarios/ers.yaml"}, &bytes.Buffer{}, &stderr)
	}()
	addrRE := regexp.MustCompile(`listening on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case c := <-code:
			t.Fatalf("exited %d: %s", c, stderr.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("no listening line: %s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "ers mock with 8 scenario(s)") {
		t.Errorf("start-up line: %s", stderr.String())
	}
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
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after shutdown: %s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown within 10s")
	}
	log := stderr.String()
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
		{"help", []string{"-h"}, 0, "usage: spinecat serve"},
		{"unknown api", []string{"--api", "spine"}, 2, `unknown --api "spine" (want nrl, nrlf, ers, pds, erspc)`},
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
