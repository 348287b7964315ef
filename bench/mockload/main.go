package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/mock"
)

// childEnv names the server a child process runs: "mock" or "bare".
const childEnv = "SPINECAT_MOCKLOAD_SERVER"

// profileEnv, in a child, names the file of its CPU profile.
const profileEnv = "SPINECAT_MOCKLOAD_CPUPROFILE"

// scenarios is the scenario file the mock serves, from the repository root.
const scenarios = "examples/scenarios/ers.yaml"

// path and headers make the request of every connection.
const path = "/referrals/FHIR/R4/Binary/f185d16b"

var headers = [][2]string{
	{"Authorization", "Bearer 0vGSeeV2cHrsB6C1L4PCyl0Ce46Q"},
	{"NHSD-End-User-Organisation-ODS", "RB8"},
	{"NHSD-eRS-Business-Function", "SERVICE_PROVIDER_CLINICIAN"},
	{"X-Correlation-ID", "17183684-D9A9-11F0-9A21-005056B4EE83"},
	{"Accept", "application/fhir+json"},
}

func main() {
	if kind := os.Getenv(childEnv); kind != "" {
		if err := serveChild(kind); err != nil {
			fmt.Fprintln(os.Stderr, "mockload:", err)
			os.Exit(1)
		}
		return
	}
	conns := flag.Int("conns", 64, "keep-alive connections, one request in flight on each")
	warmup := flag.Duration("warmup", time.Second, "load before measuring")
	duration := flag.Duration("duration", 3*time.Second, "how long each measurement lasts")
	rounds := flag.Int("rounds", 5, "rounds, each measuring the bare handler then the mock")
	profile := flag.String("cpuprofile", "", "write the servers' CPU profiles to `PREFIX`-bare.prof and PREFIX-mock.prof")
	flag.Parse()
	if err := run(*conns, *warmup, *duration, *rounds, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "mockload:", err)
		os.Exit(1)
	}
}

// measurement is one server measured once.
type measurement struct {
	rps       float64       // requests per second
	cpuPerReq time.Duration // the server process's CPU time per request
}

func run(conns int, warmup, duration time.Duration, rounds int, profile string) error {
	if _, err := os.Stat(scenarios); err != nil {
		return fmt.Errorf("run me from the repository root: %w", err)
	}
	fmt.Printf("mockload: %d connections each, %v warm-up, %v windows, %d rounds; Go %s %s/%s, GOMAXPROCS %d\n",
		conns, warmup, duration, rounds, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	var servers [2]*child
	for i, kind := range []string{"bare", "mock"} {
		prof := ""
		if profile != "" {
			prof = profile + "-" + kind + ".prof"
		}
		c, err := start(kind, prof, conns)
		if err != nil {
			return err
		}
		defer c.stop()
		servers[i] = c
	}
	bare, mk := servers[0], servers[1]
	for _, c := range servers {
		if _, err := c.load(warmup); err != nil {
			return err
		}
	}
	fmt.Printf("%-6s %12s %12s %8s %16s %16s\n", "round", "bare req/s", "mock req/s", "ratio", "bare CPU/req", "mock CPU/req")
	var ratios []float64
	for r := 1; r <= rounds; r++ {
		b, err := bare.load(duration)
		if err != nil {
			return err
		}
		m, err := mk.load(duration)
		if err != nil {
			return err
		}
		ratio := m.rps / b.rps
		ratios = append(ratios, ratio)
		fmt.Printf("%-6d %12.0f %12.0f %8.2f %16v %16v\n", r, b.rps, m.rps, ratio, b.cpuPerReq.Round(100*time.Nanosecond), m.cpuPerReq.Round(100*time.Nanosecond))
	}
	slices.Sort(ratios)
	fmt.Printf("mock / bare: %.2f to %.2f, median %.2f\n", ratios[0], ratios[len(ratios)-1], ratios[len(ratios)/2])
	for _, c := range servers {
		c.stop()
		fmt.Printf("%s: peak resident memory %.1f MB\n", c.kind, float64(c.peakRSS())/(1<<20))
	}
	return nil
}

// child is a server running in a child process, with the connections the
// load goes over.
type child struct {
	kind    string
	cmd     *exec.Cmd
	log     *os.File
	req     []byte
	want    int // the status of every answer
	conns   []net.Conn
	readers []*bufio.Reader
}

// start starts a server of the kind in a child process and opens conns
// connections to it.
func start(kind, profile string, conns int) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "mockload-*.log")
	if err != nil {
		return nil, err
	}
	c := &child{kind: kind, log: logFile, want: 200}
	if kind == "mock" {
		c.want = 404
	}
	c.cmd = exec.Command(exe)
	c.cmd.Env = append(os.Environ(), childEnv+"="+kind)
	if profile != "" {
		abs, err := filepath.Abs(profile)
		if err != nil {
			return nil, err
		}
		c.cmd.Env = append(c.cmd.Env, profileEnv+"="+abs)
	}
	c.cmd.Stderr = logFile // the mock's request log
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("the %s server did not start: %w", kind, err)
	}
	addr = strings.TrimSpace(addr)
	if err := waitReady(addr); err != nil {
		c.stop()
		return nil, fmt.Errorf("the %s server: %w", kind, err)
	}
	c.req = request(addr)
	for range conns {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			c.stop()
			return nil, err
		}
		c.conns = append(c.conns, conn)
		c.readers = append(c.readers, bufio.NewReaderSize(conn, 16<<10))
	}
	return c, nil
}

// stop closes the connections and stops the server (its shutdown writes
// its CPU profile); once stopped, stop does nothing.
func (c *child) stop() {
	if c.cmd.ProcessState != nil {
		return
	}
	for _, conn := range c.conns {
		conn.Close()
	}
	_ = c.cmd.Process.Signal(os.Interrupt)
	_ = c.cmd.Wait()
	c.log.Close()
	os.Remove(c.log.Name())
}

// peakRSS returns the stopped server's peak resident memory in bytes, where
// the system reports it (Linux, in kilobytes).
func (c *child) peakRSS() int64 {
	if c.cmd.ProcessState == nil {
		return 0
	}
	if ru, ok := c.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) << 10
	}
	return 0
}

// waitReady waits until addr accepts connections.
func waitReady(addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// load keeps every connection busy for d, one request in flight on each,
// and measures the requests answered and the server's CPU time.
func (c *child) load(d time.Duration) (measurement, error) {
	var stop atomic.Bool
	var count, bad atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, len(c.conns))
	cpu0, t0 := cpuTime(c.cmd.Process.Pid), time.Now()
	for i, conn := range c.conns {
		br := c.readers[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if _, err := conn.Write(c.req); err != nil {
					errc <- err
					return
				}
				status, err := readResponse(br)
				if err != nil {
					errc <- err
					return
				}
				if status != c.want {
					bad.Add(1)
				}
				count.Add(1)
			}
		}()
	}
	time.Sleep(d)
	stop.Store(true)
	wg.Wait()
	cpu1, t1 := cpuTime(c.cmd.Process.Pid), time.Now()
	close(errc)
	if err := <-errc; err != nil {
		return measurement{}, fmt.Errorf("the %s server: %w", c.kind, err)
	}
	if n := bad.Load(); n > 0 {
		return measurement{}, fmt.Errorf("the %s server: %d answers without status %d", c.kind, n, c.want)
	}
	n := count.Load()
	m := measurement{rps: float64(n) / t1.Sub(t0).Seconds()}
	if n > 0 && cpu1 > cpu0 {
		m.cpuPerReq = (cpu1 - cpu0) / time.Duration(n)
	}
	return m, nil
}

// request is the bytes of the request every connection sends.
func request(addr string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, addr)
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// readResponse reads one response with a Content-Length and returns its
// status.
func readResponse(br *bufio.Reader) (int, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	length := -1
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if name, v, ok := bytes.Cut(line, []byte(":")); ok && strings.EqualFold(string(name), "Content-Length") {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, fmt.Errorf("malformed Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return 0, errors.New("a response without Content-Length")
	}
	_, err = br.Discard(length)
	return status, err
}

// cpuTime returns the user and system CPU time of process pid so far,
// from /proc; 0 where there is none.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ, 100 on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// serveChild runs one server until SIGINT, printing its address first.
func serveChild(kind string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f := os.Getenv(profileEnv); f != "" {
		pf, err := os.Create(f)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			pf.Close()
		}()
	}
	switch kind {
	case "mock":
		return serveMock(ctx)
	case "bare":
		return serveBare(ctx)
	}
	return fmt.Errorf("unknown server %q", kind)
}

// serveMock runs "spinecat serve" on the e-RS scenarios, logging to
// stderr.
func serveMock(ctx context.Context) error {
	// The serve command prints its address on stderr, which holds the
	// request log here: listen first and hand the command the port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	fmt.Println(addr)
	if code := mock.Command(ctx, all.Registry(), []string{"--addr", addr, "--scenarios", scenarios}, os.Stdout, os.Stderr); code != 0 {
		return fmt.Errorf("spinecat serve exited %d", code)
	}
	return nil
}

// serveBare runs a net/http handler that writes a constant body: the
// mock's answer to the same request.
func serveBare(ctx context.Context) error {
	body, contentType, err := mockAnswer()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// mockAnswer is the body and Content-Type the mock answers the request
// with.
func mockAnswer() ([]byte, string, error) {
	sc, err := mock.LoadScenarios(scenarios, nil, nil)
	if err != nil {
		return nil, "", err
	}
	h, err := mock.New(mock.Config{API: sc.API, Scenarios: sc})
	if err != nil {
		return nil, "", err
	}
	req, err := http.NewRequest("GET", path, nil)
	if err != nil {
		return nil, "", err
	}
	for _, kv := range headers {
		req.Header.Set(kv[0], kv[1])
	}
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, req)
	return rec.body.Bytes(), rec.header.Get("Content-Type"), nil
}

// recorder is the least http.ResponseWriter (httptest stays out of a
// program).
type recorder struct {
	header http.Header
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(int)             {}

var _ io.Writer = (*recorder)(nil)
