package mock

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/spec"
	"github.com/spinecat/spinecat/internal/flagtext"
	"github.com/spinecat/spinecat/server"
)

// serveUsage is the help text of "spinecat serve".
const serveUsage = `Usage: spinecat serve [--api NAME] [--addr 127.0.0.1:8080] [--scenarios FILE] [--base-path PATH] [--lenient NAME]... [--catalog FILE]... [limits]

Run a mock of an API for client tests. Every request goes through the API's
front-door rules (its catalogue's http section: the Authorization scheme,
required headers, access modes, the format check); then the scenario file
picks the catalogue error each route answers; everything else is answered as
the API answers an unknown route. One log line per request goes to stderr.
Stop it with Ctrl-C (SIGINT) or SIGTERM: requests in flight get
--shutdown-timeout to finish, then every connection is closed.

The limits bound what a client can make the mock hold: a request that takes
longer than --read-timeout to arrive, a response longer than --write-timeout
to leave, or a keep-alive connection idle for --idle-timeout is closed, and a
request head larger than --max-header-bytes is refused with a 431.
`

// serveGCPercent is the garbage collector's target while Command serves.
const serveGCPercent = 400

// names is a repeatable string flag.
type names []string

func (n *names) String() string     { return strings.Join(*n, ",") }
func (n *names) Set(v string) error { *n = append(*n, v); return nil }

// Command runs "spinecat serve" with args (the arguments after "serve")
// until ctx is done, with the APIs of reg and of the --catalog files (loaded
// over reg with catalog/spec), and returns the exit status: 0
// after a clean shutdown, 1 when the server fails, 2 for bad usage or a bad
// scenario or catalogue file (every mistake printed as file:line:col:
// message).
//
// While it serves, unless the GOGC environment variable says otherwise, the
// garbage collector's target is serveGCPercent rather than Go's 100: a
// mock's live heap is a few megabytes, which at 100 % is collected after
// every few hundred requests; at 400 % a fifth as often, for some twelve
// megabytes more. The previous target is restored on return.
func Command(ctx context.Context, reg *catalog.Registry, args []string, stdout, stderr io.Writer) int {
	apis := strings.Join(reg.APINames(), ", ")
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiName := fs.String("api", "", "`NAME` the API to mock, one of "+apis+" (default: the scenario file's api)")
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` the address to listen on")
	file := fs.String("scenarios", "", "`FILE` a YAML scenario file (see docs/serve.md)")
	base := fs.String("base-path", "", "`PATH` the path the API is served under (default: its published base path, such as /referrals; / for none)")
	var lenient, catalogs names
	fs.Var(&lenient, "lenient", "`NAME` accept what the API's named leniency allows, as a live deployment was seen to (repeatable; the API's reference page lists them)")
	d := DefaultLimits
	var lim Limits
	fs.DurationVar(&lim.ReadTimeout, "read-timeout", d.ReadTimeout, "close a connection whose request, body included, takes longer than this to arrive")
	fs.DurationVar(&lim.WriteTimeout, "write-timeout", d.WriteTimeout, "close a connection whose response takes longer than this to leave")
	fs.DurationVar(&lim.IdleTimeout, "idle-timeout", d.IdleTimeout, "close a keep-alive connection that waits longer than this for its next request")
	fs.IntVar(&lim.MaxHeaderBytes, "max-header-bytes", d.MaxHeaderBytes, "`BYTES` refuse a request head larger than this (431)")
	fs.DurationVar(&lim.ShutdownGrace, "shutdown-timeout", d.ShutdownGrace, "at shutdown, how long requests in flight get to finish before their connections are closed")
	fs.Var(&catalogs, "catalog", "`FILE` also load the catalogue FILE, a team's own API in YAML on the catalogue given (docs/own-catalog.md); repeatable")
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		flagtext.Print(stderr, fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "spinecat serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if msg := lim.invalid(); msg != "" {
		fmt.Fprintf(stderr, "spinecat serve: %s\n", msg)
		return 2
	}
	if len(catalogs) > 0 {
		var err error
		if reg, err = spec.Extend(reg, catalogs...); err != nil {
			fmt.Fprintln(stderr, err)
			fmt.Fprintln(stderr, "spinecat serve: the --catalog files have problems (above); fix them and run again")
			return 2
		}
		apis = strings.Join(reg.APINames(), ", ")
	}
	var api *catalog.API
	if *apiName != "" {
		var ok bool
		if api, ok = reg.API(*apiName); !ok {
			fmt.Fprintf(stderr, "spinecat serve: unknown --api %q (want %s)\n", *apiName, apis)
			return 2
		}
	}
	var sc *Scenarios
	if *file != "" {
		var err error
		sc, err = LoadScenarios(*file, reg, api)
		var se ScenarioErrors
		switch {
		case errors.As(err, &se):
			fmt.Fprintln(stderr, se)
			return 2
		case err != nil:
			fmt.Fprintf(stderr, "spinecat serve: %v\n", err)
			return 2
		}
		api = sc.API
	}
	if api == nil {
		fmt.Fprintf(stderr, "spinecat serve: say which API to mock with --api NAME (one of %s), or an api: line in the scenario file\n", apis)
		return 2
	}
	cfg := Config{API: api, Scenarios: sc, BasePath: *base}
	if len(lenient) > 0 {
		cfg.Options = append(cfg.Options, server.WithLeniency(lenient...))
	}
	if _, err := New(cfg); err != nil {
		fmt.Fprintf(stderr, "spinecat serve: %v\n", err)
		return 2
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	if err := Run(ctx, ServeConfig{Config: cfg, Addr: *addr, Log: stderr, Limits: lim}); err != nil {
		fmt.Fprintf(stderr, "spinecat serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "spinecat serve: stopped")
	return 0
}
