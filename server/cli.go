package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// serveUsage is the help text of "spinecat serve".
const serveUsage = `usage: spinecat serve [--api nrl|nrlf|ers] [--addr 127.0.0.1:8080] [--scenarios FILE]

Run a mock of an API's front door for client tests. Every request goes through
the API's request rules (e-RS gateway token and header checks, NRL headers,
NRLF headers); then the scenario file picks the catalogue error each route
answers; everything else is answered 404 in the API's own dialect. One log
line per request goes to stderr. Stop it with Ctrl-C (SIGINT) or SIGTERM.

`

// Command runs "spinecat serve" with args (the arguments after "serve")
// until ctx is done, and returns the exit status: 0 after a clean shutdown,
// 1 when the server fails, 2 for bad usage or a bad scenario file (every
// mistake printed as file:line:col: message).
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	api := fs.String("api", "", "the API to mock: nrl, nrlf or ers (default: the scenario file's api)")
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	file := fs.String("scenarios", "", "a YAML scenario file (see docs/serve.md)")
	bare := fs.Bool("allow-bare-token-stu3", false, "e-RS: accept a token without \"Bearer \" on STU3 paths, as the live STU3 endpoints do")
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
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
	if *api != "" && !validAPI(*api) {
		fmt.Fprintf(stderr, "spinecat serve: unknown --api %q (want %s)\n", *api, strings.Join(APIs(), ", "))
		return 2
	}
	var sc *Scenarios
	if *file != "" {
		var err error
		sc, err = LoadScenarios(*file, *api)
		var se ScenarioErrors
		switch {
		case errors.As(err, &se):
			fmt.Fprintln(stderr, se)
			return 2
		case err != nil:
			fmt.Fprintf(stderr, "spinecat serve: %v\n", err)
			return 2
		}
		if *api == "" {
			*api = sc.API
		}
	}
	if *api == "" {
		fmt.Fprintln(stderr, "spinecat serve: say which API to mock with --api nrl|nrlf|ers (or an api: line in the scenario file)")
		return 2
	}
	var opts []Option
	if *bare {
		opts = append(opts, WithBareTokenOnSTU3())
	}
	err := RunServe(ctx, ServeConfig{API: *api, Addr: *addr, Scenarios: sc, Log: stderr, Options: opts})
	if err != nil {
		fmt.Fprintf(stderr, "spinecat serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "spinecat serve: stopped")
	return 0
}
