package spinecattest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/report"
	"github.com/spinecat/spinecat/validate"
)

// Option configures CheckDir and CheckFile.
type Option func(*config)

type config struct {
	api     string
	maxBody int64
	allowed []string
	reg     *catalog.Registry
}

// Registry checks the captures against reg instead of the shipped catalogue:
// a team's own API, generated (catalog.Merge(all.Registry(), mine.Registry()))
// or loaded at run time (spec.Extend), so that its responses are identified
// as its entries.
func Registry(reg *catalog.Registry) Option { return func(c *config) { c.reg = reg } }

// API names the API the captures come from (its catalog.API.Name, "ers"
// for ers.API, or an API of the Registry option's), so that a capture is checked against that API's catalogue
// instead of the one its body looks like. A .meta sidecar's "api:" line
// still wins for its capture.
func API(name string) Option { return func(c *config) { c.api = name } }

// MaxBodyBytes raises (or lowers) the largest body checked; the default is
// 1 MiB. A larger body fails with transport.body-too-large.
func MaxBodyBytes(n int64) Option { return func(c *config) { c.maxBody = n } }

// AllowNonConformant lets the named captures fail the checks without
// failing the test: their findings are logged instead. Name them by their
// path inside the directory, with "/" ("errors/legacy.json", or
// "session.har#2" for one HAR entry; "session.har" covers all its
// entries). A named capture that is conformant, or that does not exist, fails
// the test, so that the list does not outlive the problems it excuses.
func AllowNonConformant(names ...string) Option {
	return func(c *config) { c.allowed = append(c.allowed, names...) }
}

// runner is *testing.T's Run; testing.TB has no Run method.
type runner interface {
	Run(name string, f func(t *testing.T)) bool
}

// CheckDir checks every capture in dir, recursively, with one subtest per
// capture when t is a *testing.T (otherwise each failure is reported on t,
// prefixed with the capture's name). A directory that does not exist or
// holds no capture is a fatal error: a misspelt path must not pass.
func CheckDir(t testing.TB, dir string, opts ...Option) {
	t.Helper()
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("spinecattest: %v", err)
		return
	}
	if !st.IsDir() {
		t.Fatalf("spinecattest: %s is not a directory; use CheckFile", dir)
		return
	}
	check(t, dir, dir, opts)
}

// CheckFile checks the captures in one file (one, or one per HAR entry),
// like CheckDir.
func CheckFile(t testing.TB, path string, opts ...Option) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("spinecattest: %v", err)
		return
	}
	check(t, path, filepath.Dir(path), opts)
}

func check(t testing.TB, path, base string, opts []Option) {
	t.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	results, err := report.CheckPaths([]string{path}, report.CheckOptions{API: cfg.api, MaxBodyBytes: cfg.maxBody, Registry: cfg.reg})
	if err != nil {
		t.Fatalf("spinecattest: %v", err)
		return
	}
	if len(results) == 0 {
		t.Fatalf("spinecattest: no captures in %s (hidden files, .meta sidecars and README files are skipped)", path)
		return
	}
	// Per allowance: did it name a capture, and did any capture it names fail?
	matched := make([]bool, len(cfg.allowed))
	failed := make([]bool, len(cfg.allowed))
	for i := range results {
		r := &results[i]
		name := relName(base, r.Source)
		file, _, _ := strings.Cut(name, "#")
		allowed := false
		for j, a := range cfg.allowed {
			if a == name || a == file {
				allowed, matched[j] = true, true
				failed[j] = failed[j] || !r.Conformant && !r.Skipped
			}
		}
		body := func(tb testing.TB, prefix string) {
			tb.Helper()
			if r.Skipped {
				tb.Logf("%sskipped: %s", prefix, r.SkipReason())
				return
			}
			for _, f := range r.Findings {
				if f.Severity != validate.Error {
					tb.Logf("%s%s %s %s: %s", prefix, f.Severity, f.Rule, f.Location, f.Message)
				}
			}
			for _, f := range r.Errors() {
				if allowed {
					tb.Logf("%sallowed: %s %s: %s", prefix, f.Rule, f.Location, f.Message)
				} else {
					tb.Errorf("%s%s %s: %s", prefix, f.Rule, f.Location, f.Message)
				}
			}
		}
		if rt, ok := t.(runner); ok {
			rt.Run(name, func(st *testing.T) {
				st.Helper()
				body(st, "")
				if r.Skipped {
					st.SkipNow() // neither a pass nor a failure
				}
			})
		} else {
			body(t, name+": ")
		}
	}
	for j, a := range cfg.allowed {
		switch {
		case !matched[j]:
			t.Errorf("spinecattest: AllowNonConformant(%q) names no capture in %s", a, path)
		case !failed[j]:
			t.Errorf("spinecattest: AllowNonConformant(%q): the capture is conformant now; remove it from the list", a)
		}
	}
}

// relName is source relative to base, with "/" separators, for subtest
// names that read the same on every system.
func relName(base, source string) string {
	file, frag, hasFrag := strings.Cut(source, "#")
	rel, err := filepath.Rel(base, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = file
	}
	rel = filepath.ToSlash(rel)
	if hasFrag {
		rel += "#" + frag
	}
	return rel
}
