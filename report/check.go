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
	// Select, when not nil, chooses the captures to check (see Selection);
	// the others give no result at all. A capture that could not be read is
	// always checked, so that a filter never hides a broken file.
	Select func(capture.Capture) bool
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
// A path that does not exist, or a file that cannot be read, is a result
// with a "capture.unreadable" finding in its place, and the run goes on.
// The error is the joined errors of the paths that do not exist (each
// satisfies errors.Is(err, fs.ErrNotExist)), so that a caller can tell a
// mistyped path from a capture that fails.
//
// CheckPaths is what "spinecat check" runs; call it to benchmark or embed
// the check of a large directory.
func CheckPaths(paths []string, opts CheckOptions) ([]Result, error) {
	ch := newChecker(opts)
	copts := capture.Options{MaxBodyBytes: opts.MaxBodyBytes}
	listed, missing := capture.List(paths)
	// One slot per file (a HAR file holds several captures), filled by the
	// workers and flattened in order.
	slots := make([][]Result, len(listed))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(ch.n, max(len(listed), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				slots[i] = ch.checkAll(listed[i].Read(copts))
			}
		}()
	}
	for i := range listed {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	out := []Result{}
	for _, rs := range slots {
		out = append(out, rs...)
	}
	return out, missing
}

// CheckCaptures checks captures already read, on all cores, and returns
// their results in the same order.
func CheckCaptures(caps []capture.Capture, opts CheckOptions) []Result {
	ch := newChecker(opts)
	out := make([]Result, len(caps))
	jobs := make(chan int)
	var wg sync.WaitGroup
	keep := make([]bool, len(caps))
	for range min(ch.n, max(len(caps), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if keep[i] = ch.selected(caps[i]); keep[i] {
					out[i] = ch.check(caps[i])
				}
			}
		}()
	}
	for i := range caps {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	kept := out[:0]
	for i := range out {
		if keep[i] {
			kept = append(kept, out[i])
		}
	}
	return kept
}

// Check checks one capture.
func Check(c capture.Capture, opts CheckOptions) Result {
	return newChecker(opts).check(c)
}

type checker struct {
	v        *validate.Checker
	api      string
	n        int
	selectFn func(capture.Capture) bool
}

func newChecker(opts CheckOptions) *checker {
	return &checker{
		v:        validate.New(validate.Options{Registry: opts.Registry, MaxBodyBytes: opts.MaxBodyBytes}),
		api:      opts.API,
		n:        opts.workers(),
		selectFn: opts.Select,
	}
}

// selected applies CheckOptions.Select. A capture that could not be read
// is always kept: a filter never hides a broken file.
func (ch *checker) selected(c capture.Capture) bool {
	return ch.selectFn == nil || c.Err != nil || ch.selectFn(c)
}

// checkAll checks the captures of one file that the selection keeps.
func (ch *checker) checkAll(caps []capture.Capture) []Result {
	rs := make([]Result, 0, len(caps))
	for _, c := range caps {
		if ch.selected(c) {
			rs = append(rs, ch.check(c))
		}
	}
	return rs
}

func (ch *checker) check(c capture.Capture) (res Result) {
	// A panic in a worker would end the whole run; make it this capture's
	// finding instead.
	defer func() {
		if p := recover(); p != nil {
			res = newResult(c, nil)
			res.Findings = append(res.Findings, validate.Finding{Rule: validate.RuleInternalPanic, Severity: validate.Error, Location: "file",
				Message: fmt.Sprintf("the checker failed on this capture (%v); please report it with the capture", p)})
			res.Conformant = false
		}
	}()
	if c.Err != nil || c.Skipped {
		return newResult(c, nil)
	}
	api := c.API
	if api == "" {
		api = ch.api
	}
	resp := validate.Response{Status: c.Status, Header: c.Header, Body: c.Body, Truncated: c.Truncated && !c.TooLarge, TooLarge: c.TooLarge, API: api}
	if c.Request != nil {
		resp.URL, resp.Method = c.Request.URL, c.Request.Method
	}
	rep := ch.v.Check(resp)
	if why := notAnError(c, rep); why != "" {
		res := newResult(c, nil)
		res.skip(why)
		return res
	}
	return newResult(c, rep)
}
