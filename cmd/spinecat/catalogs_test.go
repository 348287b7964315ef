package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The example team's catalogue and the captures its conformance test
// writes (examples/own-catalog).
const (
	ownCatalogue = "../../examples/own-catalog/appointments/appointments.yaml"
	ownCaptures  = "../../examples/own-catalog/conformance/testdata/captures"
)

// TestCheckOwnCatalogue: with --catalog, check identifies each capture of
// the team's API as its entry, from the request URL and the body, with no
// --api; without it a capture that shares only the Spine code system with
// the shipped APIs is no API's.
func TestCheckOwnCatalogue(t *testing.T) {
	type result struct {
		API, Dialect, Entry string
		Conformant          bool
	}
	results := func(args ...string) map[string]result {
		t.Helper()
		code, stdout, stderr := runCmd(t, append([]string{"check", "--format", "json"}, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var rep struct {
			Results []struct {
				Source     string
				API        string
				Dialect    string
				Conformant bool
				Issues     []struct{ Entry string }
			}
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		out := map[string]result{}
		for _, r := range rep.Results {
			got := result{API: r.API, Dialect: r.Dialect, Conformant: r.Conformant}
			if len(r.Issues) > 0 {
				got.Entry = r.Issues[0].Entry
			}
			out[strings.TrimSuffix(filepath.Base(r.Source), ".http")] = got
		}
		return out
	}
	entry := func(name string) result {
		return result{API: "appointments", Dialect: "appointments-r4", Entry: "appointments." + name, Conformant: true}
	}
	want := map[string]result{
		"400-invalid-request-id":    entry("INVALID_REQUEST_ID"),
		"400-missing-request-id":    entry("MISSING_REQUEST_ID"),
		"401-access-denied":         entry("ACCESS_DENIED"),
		"404-appointment-not-found": entry("APPOINTMENT_NOT_FOUND"),
		"404-unknown-route":         entry("UNKNOWN_ROUTE"),
		"405-method-not-allowed":    entry("METHOD_NOT_ALLOWED"),
		"409-slot-unavailable":      entry("SLOT_UNAVAILABLE"),
		"500-server-error":          entry("SERVER_ERROR"),
	}
	if diff := cmp.Diff(want, results("--catalog", ownCatalogue, ownCaptures)); diff != "" {
		t.Errorf("with --catalog (-want +got):\n%s", diff)
	}
	without := results(ownCaptures)
	if r := without["404-appointment-not-found"]; r != (result{Conformant: true}) {
		t.Errorf("without --catalog, 404-appointment-not-found is %+v; want no API, dialect or entry", r)
	}
	for name, r := range without {
		if r.API == "appointments" {
			t.Errorf("without --catalog, %s is %+v", name, r)
		}
	}
}

// TestCatalogFlag: list, explain and --api know the team's API; a mistake
// in the file is reported at its position, with exit 2, by every command.
func TestCatalogFlag(t *testing.T) {
	code, stdout, stderr := runCmd(t, "list", "--catalog", ownCatalogue, "--api", "appointments")
	if code != exitOK || !strings.Contains(stdout, "appointments.INVALID_REQUEST_ID") || !strings.HasSuffix(stdout, "8 entries. SYSTEM is the code system's catalogue name; spinecat list --format json gives the URLs.\n") {
		t.Errorf("list: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, "explain", "--catalog", ownCatalogue, "appointments.SLOT_UNAVAILABLE")
	if code != exitOK || !strings.Contains(stdout, "Slot {slot} is no longer free") {
		t.Errorf("explain: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, "list", "--api", "appointments")
	if code != exitUsage || !strings.Contains(stderr, `unknown API "appointments"`) {
		t.Errorf("list --api appointments without --catalog: exit %d, %s", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("package: bad\ntitle: x\nentries:\n  - name: A\n    dialect: nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "list", "explain"} {
		args := []string{cmd, "--catalog", bad}
		if cmd != "list" {
			args = append(args, "X")
		}
		code, stdout, stderr := runCmd(t, args...)
		// Every problem at its position (the schema's own are the schema's
		// business), the unknown dialect among them, then what to do.
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		var got []string
		for _, l := range lines[:len(lines)-1] {
			if !regexp.MustCompile(`^` + regexp.QuoteMeta(filepath.ToSlash(bad)) + `:\d+:\d+: `).MatchString(l) {
				got = append(got, "no position: "+l)
			} else if strings.Contains(l, "dialect") {
				got = append(got, strings.TrimPrefix(l, filepath.ToSlash(bad)))
			}
		}
		got = append(got, lines[len(lines)-1])
		want := []string{`:5:14: entries[0].dialect: unknown dialect "nowhere"`, "spinecat " + cmd + ": the --catalog files have problems (above); fix them and run again"}
		if diff := cmp.Diff(want, got); diff != "" || code != exitUsage || stdout != "" {
			t.Errorf("%s with a bad --catalog: exit %d, stdout %q; stderr (-want +got):\n%s", cmd, code, stdout, diff)
		}
	}
}
