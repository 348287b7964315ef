package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/server"
)

// runIn runs the command in-process with stdin.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

const nrl404 = "HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\n\r\n" +
	`{"resourceType":"OperationOutcome","id":"3f2a6c1e-9b7d-4e21-8c55-0a1b2c3d4e5f-12345678901234567890",` +
	`"meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},` +
	`"issue":[{"severity":"error","code":"not-found","details":{"coding":[{` +
	`"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},` +
	`"diagnostics":"No record found for supplied DocumentReference identifier - abc"}]}`

func TestCheckFeatures(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	dir := t.TempDir()
	write := func(name, data string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	folder := filepath.Join(dir, "folder")
	write("folder/404.http", nrl404)
	write("folder/notes.txt", "Captured on Monday from the sandbox; the 404 is expected.\n")
	write("folder/draft.http", "HTTP/1.1 400 Bad Request\r\n\r\n{}")
	write("folder/.spinecatignore", "draft.http\n")
	bom := write("bom.http", strings.Replace(nrl404, "\r\n\r\n{", "\r\n\r\n\ufeff{", 1))
	head := write("head.http", "HEAD /nrl/DocumentReference/abc HTTP/1.1\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+xml\r\nContent-Length: 812\r\n\r\n")
	forged := write("x.http\n✓ forged.http  404  nrl\x1b[2J", nrl404)
	har := filepath.Join("report", "testdata", "chrome-session.har")

	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"a browser HAR of conformant errors", "", []string{"check", har}, 0,
			[]string{"- " + har + "#0  204  skipped: a 204 response without a body to OPTIONS", "- " + har + "#4  ---  skipped: status 0",
				"✓ " + har + "#5  403  ers/ers-r4-backend  ers.R4_NO_RELATIONSHIP", "7 captures: 2 conformant, 0 not conformant, 5 skipped"}, ""},
		{"--errors-only", "", []string{"check", "--errors-only", har}, 0, []string{"2 captures: 2 conformant, 0 not conformant\n"}, "5 captures left out by --errors-only"},
		{"--url host and path", "", []string{"check", "--url", "sandbox.api.service.nhs.uk/referrals", har}, 0,
			[]string{har + "#0", har + "#5", "2 captures: 1 conformant, 0 not conformant, 1 skipped"}, "5 captures left out by --url sandbox.api.service.nhs.uk/referrals"},
		{"--url matching nothing", "", []string{"check", "--url", "nowhere.example", har}, 2, nil, "none of the 7 captures in [" + har + "] matches --url nowhere.example"},
		{"file.har#N", "", []string{"check", har + "#6"}, 0, []string{"✓ " + har + "#6  404  nrlf/nrlf-r4-v3  nrlf.NO_RECORD_FOUND", "1 capture: 1 conformant"}, ""},
		{"stdin", nrl404, []string{"check", "-"}, 0, []string{"✓ (stdin)  404  nrl/nrl-stu3  nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE"}, ""},
		{"stdin with other paths", nrl404, []string{"check", "-", har}, 2, nil, "give it alone"},
		{"a folder with notes and an ignore file", "", []string{"check", folder}, 0,
			[]string{"✓ " + filepath.Join(folder, "404.http"), "- " + filepath.Join(folder, "notes.txt") + "  ---  skipped: not a capture", "2 captures: 1 conformant, 0 not conformant, 1 skipped"}, ""},
		{"--fail-on error passes a warning", "", []string{"check", bom}, 0, []string{"warning capture.body-bom"}, ""},
		{"--fail-on warning fails it", "", []string{"check", "--fail-on", "warning", bom}, 1, []string{"warning capture.body-bom"}, ""},
		{"--fail-on info", "", []string{"check", "--fail-on", "info", bom}, 2, nil, `"info" is not one of error, warning`},
		{"HEAD names no entry", "", []string{"check", "--verbose", head}, 0, []string{"✓ " + head + "  404  ?/?\n", "info    transport.head"}, ""},
		{"a file name cannot forge a line", "", []string{"check", forged}, 0, []string{`✓ "` + filepath.Join(dir, `x.http\n✓ forged.http  404  nrl\x1b[2J"`) + "  404"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, errOut)
			}
		})
	}
}

// TestPipe pipes curl's output into the built binary, as the README
// shows: curl -si URL | spinecat check -, and a curl -v transcript.
func TestPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh here")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl here")
	}
	bin := filepath.Join(t.TempDir(), "spinecat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, nrl.NoRecordFoundDocumentReference("abc"))
	}))
	defer srv.Close()
	url := srv.URL + "/DocumentReference/abc"
	for _, pipeline := range []string{
		"curl -si " + url + " | " + bin + " check -",
		"curl -sv " + url + " 2>&1 | " + bin + " check --verbose -",
	} {
		out, err := exec.Command(sh, "-c", pipeline).CombinedOutput()
		if want := "✓ (stdin)  404  nrl/nrl-stu3  nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE"; err != nil || !strings.Contains(string(out), want) {
			t.Errorf("%s: %v\n%s", pipeline, err, out)
		}
	}
}

// TestCompletion: each script offers the commands and each command's
// flags, with their choices; the bash one is run.
func TestCompletion(t *testing.T) {
	for shell := range shells {
		code, out, _ := runCmd(t, "completion", shell)
		if code != exitOK {
			t.Fatalf("%s: exit %d", shell, code)
		}
		for _, want := range []string{"check list explain serve completion version help", "errors-only", "fail-on", "nrl nrlf ers", "text json junit", "text json markdown", "bash zsh fish"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s script lacks %q", shell, want)
			}
		}
		if sh, err := exec.LookPath(shell); err == nil {
			c := exec.Command(sh, "-n")
			c.Stdin = strings.NewReader(out)
			if msg, err := c.CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", shell, err, msg)
			}
		}
	}
	if code, _, _ := runCmd(t, "completion", "powershell"); code != exitUsage {
		t.Errorf("an unknown shell exits %d", code)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	_, script, _ := runCmd(t, "completion", "bash")
	for _, tc := range []struct{ words, want string }{
		{"spinecat ch", "check"},
		{"spinecat check --fo", "--format"},
		{"spinecat check --format j", "json junit"},
		{"spinecat check --api n", "nrl nrlf"},
		{"spinecat list --format m", "markdown"},
		{"spinecat completion f", "fish"},
	} {
		prog := script + "\nCOMP_WORDS=(" + tc.words + ")\nCOMP_CWORD=$((${#COMP_WORDS[@]}-1))\n_spinecat\necho \"${COMPREPLY[*]}\"\n"
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("%q completes to %q (%v), want %q", tc.words, strings.TrimSpace(string(out)), err, tc.want)
		}
	}
}

// TestHelpFlags: every command's help prints its flags in the --flag form
// and no empty "Flags:" section.
func TestHelpFlags(t *testing.T) {
	for _, cmd := range []string{"check", "list", "explain"} {
		_, _, help := runCmd(t, cmd, "-h")
		for _, line := range strings.Split(help, "\n") {
			if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") && !strings.HasPrefix(line, "  -v, --") {
				t.Errorf("%s -h: %q is not in the --flag form", cmd, line)
			}
		}
		if strings.HasSuffix(strings.TrimSpace(help), "Flags:") {
			t.Errorf("%s -h ends with an empty Flags:", cmd)
		}
	}
}
