package spinecattest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records what CheckDir reports. It has no Run method, so CheckDir
// reports every failure on it directly.
type fakeTB struct {
	testing.TB
	errors, logs []string
	fatal        bool
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
	f.fatal = true
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

const corpus = "../testdata/captures"

func TestCheckDirFails(t *testing.T) {
	var f fakeTB
	CheckDir(&f, corpus+"/nrl", API("nrl"))
	if f.fatal || len(f.errors) == 0 {
		t.Fatalf("fatal %v, errors %q", f.fatal, f.errors)
	}
	want := "400-wrong-display.http: catalog.display OperationOutcome.issue[0].details.coding[0].display: "
	found := false
	for _, e := range f.errors {
		if strings.HasPrefix(e, want) {
			found = true
		}
		if strings.HasPrefix(e, "404-no-record-found.http:") {
			t.Errorf("a conformant capture failed: %s", e)
		}
	}
	if !found {
		t.Errorf("no error starting %q in:\n%s", want, strings.Join(f.errors, "\n"))
	}
}

func TestCheckDirPasses(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"nrl/404-no-record-found.http", "nrlf/403-access-denied.http", "ers-stu3/401-empty.http"} {
		data, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	// The real thing: subtests on a *testing.T.
	CheckDir(t, dir)
	var f fakeTB
	CheckDir(&f, dir)
	if len(f.errors) != 0 {
		t.Errorf("errors on conformant captures: %q", f.errors)
	}
}

func TestAllowNonConformant(t *testing.T) {
	var f fakeTB
	CheckDir(&f, corpus+"/ers-stu3", AllowNonConformant("502-display-typo.http", "400-validation-failed-wrong-status", "401-empty.http", "gone.json"))
	got := strings.Join(f.errors, "\n")
	for _, want := range []string{
		`AllowNonConformant("401-empty.http"): the capture is conformant now`,
		`AllowNonConformant("gone.json") names no capture`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "502-display-typo.http: catalog") || len(f.errors) != 2 {
		t.Errorf("allowed captures failed:\n%s", got)
	}
	if !strings.Contains(strings.Join(f.logs, "\n"), "502-display-typo.http: allowed: catalog.display") {
		t.Errorf("logs: %q", f.logs)
	}
	// A HAR file's name covers its entries.
	f = fakeTB{}
	dir := t.TempDir()
	har := `{"log":{"entries":[{"response":{"status":404,"headers":[{"name":"Content-Type","value":"application/fhir+json"}],"content":{"text":"{}"}}}]}}`
	if err := os.WriteFile(filepath.Join(dir, "x.har"), []byte(har), 0o644); err != nil {
		t.Fatal(err)
	}
	CheckDir(&f, dir, AllowNonConformant("x.har"))
	if len(f.errors) != 0 {
		t.Errorf("errors: %q", f.errors)
	}
	// Every failure allowed: no error.
	f = fakeTB{}
	CheckDir(&f, corpus+"/nrl", AllowNonConformant("400-element-typo.http", "400-expression.json", "400-invalid-parameter-invlid", "400-missing-profile.json",
		"400-severity-capitals.http", "400-valueset-as-system.http", "400-wrong-display.http", "404-sent-as-400.http", "404-unknown-code.http"))
	if len(f.errors) != 0 {
		t.Errorf("errors: %q", f.errors)
	}
}

func TestCheckDirBadPaths(t *testing.T) {
	for _, dir := range []string{"no/such/dir", t.TempDir(), corpus + "/nrl/404-no-record-found.http"} {
		var f fakeTB
		CheckDir(&f, dir)
		if !f.fatal {
			t.Errorf("%s: not fatal: %q", dir, f.errors)
		}
	}
	// A HAR entry the browser got no response for is skipped, not failed.
	var f fakeTB
	CheckFile(&f, corpus+"/nrlf/browser-session.har")
	if len(f.errors) != 0 || !strings.Contains(strings.Join(f.logs, "\n"), "browser-session.har#2: skipped: status 0") {
		t.Errorf("CheckFile: errors %q, logs %q", f.errors, f.logs)
	}
}

func TestMaxBodyBytes(t *testing.T) {
	var f fakeTB
	CheckFile(&f, corpus+"/nrl/404-no-record-found.http", MaxBodyBytes(100))
	if len(f.errors) == 0 || !strings.Contains(f.errors[0], "body-too-large") {
		t.Errorf("errors %q", f.errors)
	}
}

// TestSubtestsFail runs a test that uses CheckDir in a child process and
// checks that go test reports it failed, with one subtest per capture.
func TestSubtestsFail(t *testing.T) {
	if os.Getenv("SPINECATTEST_CHILD") == "1" {
		return
	}
	if testing.Short() {
		t.Skip("runs a child test process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SPINECATTEST_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child test passed:\n%s", out)
	}
	for _, want := range []string{
		"--- FAIL: TestChild ",
		"--- PASS: TestChild/404-no-record-found.http",
		"--- FAIL: TestChild/400-wrong-display.http",
		"catalog.display OperationOutcome.issue[0].details.coding[0].display: display is \"Invalid NHS Number\"",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
}

// TestChild is the user's three-line test, run by TestSubtestsFail.
func TestChild(t *testing.T) {
	if os.Getenv("SPINECATTEST_CHILD") != "1" {
		t.Skip("run by TestSubtestsFail")
	}
	CheckDir(t, corpus+"/nrl", API("nrl"))
}
