package report

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/validate"
)

// CheckOptions configures CheckPaths and CheckCaptures.
type CheckOptions struct {
	// API is the API captures come from ("nrl", "nrlf", "ers") when they do
	// not say it themselves: the "api:" line of a .meta sidecar wins, because
	// it is about one capture. Empty means detect.
	API string
	// MaxBodyBytes caps each body, for reading and for checking; zero means
	// the default (1 MiB).
	MaxBodyBytes int64
	// Workers is how many captures are checked at once; zero or less means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Registry is the catalogue to check against; every API spinecat knows
	// when nil.
	Registry *catalog.Registry
}

func (o CheckOptions) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// CheckPaths reads every capture in paths (files, and directories walked
// recursively in lexical order; see capture.WalkFunc) and checks each on all
// cores: reading and checking both run in the worker pool. The results are
// in input order whatever the number of workers.
//
// The error is the joined errors of the paths that do not exist (each
// satisfies errors.Is(err, fs.ErrNotExist)); the other paths are still
// checked and their results returned. A file that exists but cannot be read
// is a result with a "capture.unreadable" finding, not an error.
//
// CheckPaths is what "spinecat check" runs; call it to benchmark or embed
// the check of a large directory.
func CheckPaths(paths []string, opts CheckOptions) ([]Result, error) {
	ch := newChecker(opts)
	copts := capture.Options{MaxBodyBytes: opts.MaxBodyBytes}
	files, missing, err := capture.Files(paths)
	if err != nil {
		// Something the fast listing does not handle (a directory that cannot
		// be read): let the capture package walk, reading in this goroutine.
		return checkWalk(ch, paths, copts)
	}
	// One slot per file (a HAR file holds several captures), filled by the
	// workers and flattened in order.
	slots := make([][]Result, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(ch.n, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				caps := capture.ReadFile(files[i], copts)
				rs := make([]Result, len(caps))
				for k, c := range caps {
					rs[k] = ch.check(c)
				}
				slots[i] = rs
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var out []Result
	for _, rs := range slots {
		out = append(out, rs...)
	}
	if out == nil {
		out = []Result{}
	}
	return out, missing
}

// checkWalk is CheckPaths over capture.WalkFunc: the walk reads, the
// workers check.
func checkWalk(ch *checker, paths []string, copts capture.Options) ([]Result, error) {
	var slots []*Result
	jobs := make(chan job, 4*ch.n)
	var wg sync.WaitGroup
	for range ch.n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				*j.out = ch.check(j.c)
			}
		}()
	}
	err := capture.WalkFunc(paths, copts, func(c capture.Capture) error {
		r := new(Result)
		slots = append(slots, r)
		jobs <- job{c: c, out: r}
		return nil
	})
	close(jobs)
	wg.Wait()
	out := make([]Result, len(slots))
	for i, r := range slots {
		out[i] = *r
	}
	return out, err
}

// CheckCaptures checks captures already read, on all cores, and returns
// their results in the same order.
func CheckCaptures(caps []capture.Capture, opts CheckOptions) []Result {
	ch := newChecker(opts)
	out := make([]Result, len(caps))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(ch.n, max(len(caps), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = ch.check(caps[i])
			}
		}()
	}
	for i := range caps {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

// Check checks one capture.
func Check(c capture.Capture, opts CheckOptions) Result {
	return newChecker(opts).check(c)
}

type job struct {
	c   capture.Capture
	out *Result
}

type checker struct {
	v   *validate.Checker
	api string
	n   int
}

func newChecker(opts CheckOptions) *checker {
	return &checker{
		v:   validate.New(validate.Options{Registry: opts.Registry, MaxBodyBytes: opts.MaxBodyBytes}),
		api: opts.API,
		n:   opts.workers(),
	}
}

func (ch *checker) check(c capture.Capture) (res Result) {
	// A panic in a worker would end the whole run; make it this capture's
	// finding instead.
	defer func() {
		if p := recover(); p != nil {
			res = NewResult(c, nil)
			res.Findings = append(res.Findings, validate.Finding{Rule: "internal.panic", Severity: validate.Error, Location: "file",
				Message: fmt.Sprintf("the checker failed on this capture (%v); please report it with the capture", p)})
			res.Conformant = false
		}
	}()
	if c.Err != nil {
		return NewResult(c, nil)
	}
	api := c.API
	if api == "" {
		api = ch.api
	}
	resp := validate.Response{Status: c.Status, Header: c.Header, Body: c.Body, Truncated: c.Truncated && !c.TooLarge, TooLarge: c.TooLarge, API: api}
	if c.Request != nil {
		resp.URL = c.Request.URL
	}
	rep := ch.v.Check(resp)
	return NewResult(c, rep)
}
