package mock

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spinecat/spinecat/server"
)

// Limits bound what one client can make the mock hold: how long a
// connection may take over a request, a response and the wait between
// requests, how large a request head may be, and how long requests in
// flight get at shutdown. A zero field takes its value from DefaultLimits.
type Limits struct {
	// ReadHeaderTimeout is how long a client may take to send a request
	// head (the request line and headers).
	ReadHeaderTimeout time.Duration
	// ReadTimeout is how long a client may take to send a whole request,
	// body included. The mock reads no body but must read past one to
	// reuse the connection, so a body never finished closes the
	// connection after this.
	ReadTimeout time.Duration
	// WriteTimeout is how long a response may take to reach a client,
	// from the end of the request head.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its next
	// request before it is closed.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the request head; a larger one is refused with
	// 431 Request Header Fields Too Large.
	MaxHeaderBytes int
	// ShutdownGrace is how long requests in flight get to finish at
	// shutdown; connections still open after it are closed.
	ShutdownGrace time.Duration
}

// DefaultLimits are the limits of "spinecat serve" unless its flags say
// otherwise: generous for a client under test, short enough that no
// connection is held for ever.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       30 * time.Second,
	WriteTimeout:      30 * time.Second,
	IdleTimeout:       60 * time.Second,
	MaxHeaderBytes:    64 << 10,
	ShutdownGrace:     5 * time.Second,
}

// invalid says which limit given on the command line makes no sense, or "".
func (l Limits) invalid() string {
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"read-timeout", l.ReadTimeout}, {"write-timeout", l.WriteTimeout}, {"idle-timeout", l.IdleTimeout}, {"shutdown-timeout", l.ShutdownGrace}} {
		if d.v <= 0 {
			return fmt.Sprintf("--%s %v: give a duration above zero, such as 30s", d.flag, d.v)
		}
	}
	if l.MaxHeaderBytes < 1024 {
		return fmt.Sprintf("--max-header-bytes %d: give at least 1024 bytes; a request head with a bearer token takes more", l.MaxHeaderBytes)
	}
	return ""
}

// orDefault returns the limits with every zero field taken from
// DefaultLimits; the head's timeout is never longer than the request's.
func (l Limits) orDefault() Limits {
	d := DefaultLimits
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	out := Limits{
		ReadHeaderTimeout: pick(l.ReadHeaderTimeout, d.ReadHeaderTimeout),
		ReadTimeout:       pick(l.ReadTimeout, d.ReadTimeout),
		WriteTimeout:      pick(l.WriteTimeout, d.WriteTimeout),
		IdleTimeout:       pick(l.IdleTimeout, d.IdleTimeout),
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ShutdownGrace:     pick(l.ShutdownGrace, d.ShutdownGrace),
	}
	if out.MaxHeaderBytes <= 0 {
		out.MaxHeaderBytes = d.MaxHeaderBytes
	}
	out.ReadHeaderTimeout = min(out.ReadHeaderTimeout, out.ReadTimeout)
	return out
}

// Serve answers HTTP requests on ln with h, within lim, until ctx is done;
// then it stops accepting, lets requests in flight finish for up to
// lim.ShutdownGrace and closes the connections still open after it (a
// client too slow to finish). It returns nil after a shutdown caused by
// ctx, however it ended, and the server's error otherwise.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, lim Limits) error {
	lim = lim.orDefault()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lim.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Stopping is what was asked for: a client still sending or
		// reading after the grace period is cut off.
		_ = srv.Close()
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ServeConfig is what Run needs to run a mock.
type ServeConfig struct {
	Config
	Addr   string    // host:port; "127.0.0.1:8080" when empty
	Log    io.Writer // request log and start-up line; nil for none
	Limits Limits    // zero fields: DefaultLimits
}

// logFlushGrace is how long Run waits at shutdown for the request log's
// writer to take the lines still queued.
const logFlushGrace = 2 * time.Second

// Run listens on cfg.Addr and serves the mock until ctx is done. It writes
// "listening on http://ADDR/BASE" to cfg.Log once the port is open, then
// one line per request (server.RequestLog: a slow log never holds a
// request up).
func Run(ctx context.Context, cfg ServeConfig) error {
	h, err := New(cfg.Config)
	if err != nil {
		return err
	}
	base, _ := basePath(cfg.API, cfg.BasePath)
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if cfg.Log == nil {
		return Serve(ctx, ln, h, cfg.Limits)
	}
	fmt.Fprintf(cfg.Log, "spinecat serve: %s mock with %d scenario(s), listening on http://%s%s\n", cfg.API.Name, cfg.Scenarios.Len(), ln.Addr(), base)
	lg := server.NewRequestLog(cfg.Log)
	err = Serve(ctx, ln, lg.Handler(h), cfg.Limits)
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), logFlushGrace)
	defer cancel()
	_ = lg.Flush(fctx)
	return err
}
