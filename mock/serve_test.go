package mock

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/nrl"
)

// guard bounds every wait of these tests, so that a connection the server
// holds for ever fails the test instead of hanging it. No test measures
// time: each waits for an outcome.
const guard = 20 * time.Second

// serving runs Serve on loopback with h and lim until the test ends or
// stop is called, and returns the address and a function that waits for
// Serve's result.
func serving(t *testing.T, h http.Handler, lim Limits) (addr string, stop context.CancelFunc, wait func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var serr error
	go func() { serr = Serve(ctx, ln, h, lim); close(done) }()
	wait = func() error {
		select {
		case <-done:
			return serr
		case <-time.After(guard):
			return errors.New("serve did not return after its context ended")
		}
	}
	t.Cleanup(func() {
		cancel()
		if err := wait(); err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String(), cancel, wait
}

// dial opens a raw connection whose reads and writes fail after guard.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.SetDeadline(time.Now().Add(guard)); err != nil {
		t.Fatal(err)
	}
	return c
}

// closedByServer reports whether the server closes c: a read ends in EOF
// or a reset, rather than at the guard's deadline.
func closedByServer(t *testing.T, c net.Conn, br *bufio.Reader) bool {
	t.Helper()
	_, err := io.Copy(io.Discard, br)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return true // EOF (err == nil) or a reset
}

// readAnswer reads one response, body included.
func readAnswer(t *testing.T, br *bufio.Reader) *http.Response {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func nrlMock(t *testing.T) http.Handler {
	t.Helper()
	h, err := New(Config{API: nrl.API})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// An idle keep-alive connection is closed after the idle timeout; before
// it, the connection served a request and was kept open for more.
func TestIdleConnectionClosed(t *testing.T) {
	addr, _, _ := serving(t, nrlMock(t), Limits{IdleTimeout: 50 * time.Millisecond})
	c := dial(t, addr)
	if _, err := io.WriteString(c, "GET /DocumentReference/1 HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp := readAnswer(t, br)
	if resp.Close {
		t.Fatal("the response closes the connection; the test needs a keep-alive one")
	}
	if !closedByServer(t, c, br) {
		t.Error("an idle keep-alive connection was held open")
	}
}

// A request whose body never finishes gets its answer, then its connection
// is closed at the read timeout.
func TestUnfinishedBodyClosed(t *testing.T) {
	addr, _, _ := serving(t, nrlMock(t), Limits{ReadTimeout: 100 * time.Millisecond})
	c := dial(t, addr)
	if _, err := io.WriteString(c, "POST /DocumentReference HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"resourceType\":"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp := readAnswer(t, br)
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode/100 != 4 {
		t.Errorf("status %d, want the API's 4xx", resp.StatusCode)
	}
	if !closedByServer(t, c, br) {
		t.Error("a connection with an unfinished body was held open")
	}
}

// A request head that never finishes is closed at the header timeout.
func TestUnfinishedHeadClosed(t *testing.T) {
	addr, _, _ := serving(t, nrlMock(t), Limits{ReadHeaderTimeout: 50 * time.Millisecond})
	c := dial(t, addr)
	if _, err := io.WriteString(c, "GET /DocumentReference/1 HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	if !closedByServer(t, c, bufio.NewReader(c)) {
		t.Error("a connection with an unfinished head was held open")
	}
}

// A request head over the limit is refused with 431, and one under it is
// answered.
func TestHeaderLimit(t *testing.T) {
	addr, _, _ := serving(t, nrlMock(t), Limits{MaxHeaderBytes: 4096})
	for _, c := range []struct {
		size    int
		refused bool
	}{{100, false}, {20000, true}} {
		conn := dial(t, addr)
		req := "GET /DocumentReference/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", c.size) + "\r\n\r\n"
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		resp := readAnswer(t, bufio.NewReader(conn))
		// Under the limit, NRL answers a request without its headers with
		// an error of its own.
		if refused := resp.StatusCode == http.StatusRequestHeaderFieldsTooLarge; refused != c.refused {
			t.Errorf("a head of %d bytes: status %d, refused %v, want %v", c.size, resp.StatusCode, refused, c.refused)
		}
	}
}

// At shutdown a request in flight finishes, with its whole response, and
// Serve returns nil.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "finished")
	})
	addr, stop, wait := serving(t, h, Limits{ShutdownGrace: guard})
	got := make(chan string, 1)
	go func() {
		client := &http.Client{Timeout: guard}
		resp, err := client.Get("http://" + addr + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-entered
	stop()
	// Once the listener is closed shutdown has begun; only then may the
	// request finish.
	for deadline := time.Now().Add(guard); ; time.Sleep(5 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener stayed open after shutdown began")
		}
	}
	close(release)
	if s := <-got; s != "finished" {
		t.Errorf("the request in flight got %q, want its whole response", s)
	}
	if err := wait(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// "spinecat serve" with a client that never finishes its request still stops
// cleanly (exit 0) at the end of the grace period, closing that client's
// connection.
func TestCommandStopsDespiteSlowClient(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, stderr, code := startServe(t, ctx, "--api", "nrl", "--addr", "127.0.0.1:0", "--read-timeout", "1h", "--shutdown-timeout", "50ms")
	addr := strings.TrimPrefix(base, "http://")
	c := dial(t, addr)
	// A body that never finishes keeps the request in flight (the server
	// reads past a body before it answers) until the read timeout, an hour
	// away; a connection whose head has not been read yet holds shutdown
	// up too. Either way the client outlasts the grace period.
	if _, err := io.WriteString(c, "POST /DocumentReference HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case got := <-code:
		if got != 0 {
			t.Errorf("exit %d after shutdown with a slow client, want 0:\n%s", got, stderr.String())
		}
	case <-time.After(guard):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), "spinecat serve: stopped") {
		t.Errorf("no stop line:\n%s", stderr.String())
	}
	if !closedByServer(t, c, bufio.NewReader(c)) {
		t.Error("the slow client's connection outlived the server")
	}
}

// Limits that make no sense are a usage error.
func TestCommandBadLimits(t *testing.T) {
	for _, args := range [][]string{
		{"--idle-timeout", "0s"},
		{"--read-timeout", "-1s"},
		{"--max-header-bytes", "10"},
	} {
		var stderr syncBuffer
		got := Command(context.Background(), all.Registry(), append([]string{"--api", "nrl"}, args...), &bytes.Buffer{}, &stderr)
		if got != 2 || !strings.Contains(stderr.String(), "spinecat serve: "+args[0]) {
			t.Errorf("%q: exit %d, stderr %q", args, got, stderr.String())
		}
	}
}
