package server

import (
	"os/exec"
	"strings"
	"testing"
)

// A real service imports package server for WriteError and Middleware: it
// must not pull in YAML, the catalogue loader, the mock or any API's
// catalogue (a service passes its own API).
func TestDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: no go command to list the dependencies: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), deps)
	}
	for _, d := range deps {
		bad := strings.Contains(d, "yaml") || strings.Contains(d, "jsonschema") ||
			strings.HasPrefix(d, "github.com/spinecat/spinecat/catalog/") ||
			strings.HasPrefix(d, "github.com/spinecat/spinecat/mock")
		if bad {
			t.Errorf("package server depends on %s", d)
		}
	}
}
