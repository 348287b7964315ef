package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ownProgram uses the generated packages of testdata/own with the shipped
// catalogue: the server writes a ward error, the client reads it back, the
// checker finds it conformant.
const ownProgram = `package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/client"
	"github.com/spinecat/spinecat/server"
	"github.com/spinecat/spinecat/validate"

	"example.org/ward/codes"
	"example.org/ward/ward"
)

func main() {
	reg := catalog.Merge(all.Registry(), ward.Registry())
	h := server.Middleware(ward.API, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, ward.BedNotFound(path.Base(r.URL.Path)))
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, auth := range []string{"Bearer t", ""} {
		req, _ := http.NewRequest("GET", srv.URL+"/ward/Bed/12", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		err = client.FromResponseWith(resp, client.Options{Registry: reg})
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		p, _ := ward.BedNotFoundParamsOf(err)
		ce, _ := catalog.FromError(err)
		rep := validate.New(validate.Options{Registry: reg}).Check(validate.Response{Status: resp.StatusCode, Header: resp.Header, Body: body, URL: req.URL.String()})
		fmt.Println(resp.StatusCode, ce.Entry().ID(), errors.Is(err, ward.ErrBedNotFound), p.ID, rep.Conformant, rep.API, rep.Dialect)
	}
	_, ok := reg.API("ward")
	fmt.Println(ok, len(codes.CodeSystems()), ward.DialectWardR4.Systems[0])
}
`

// TestOwnModuleEndToEnd is what a team does in its own module: a go.mod
// that requires spinecat (here replaced by this repository) with the
// generator as a tool, a go:generate line running it with go run, then a
// program using the generated packages with server, client and validate.
// The generated files must be the goldens of TestOwnGolden.
func TestOwnModuleEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator and a program in a module of its own; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// The module's requirements are spinecat's own, which go get -tool
	// would add; go.sum is spinecat's, so nothing is fetched.
	gomod := read(filepath.Join(root, "go.mod"))
	requires := regexp.MustCompile(`(?s)require \((.*?)\)`).FindStringSubmatch(gomod)
	if requires == nil {
		t.Fatal("no require block in go.mod")
	}
	write("go.mod", "module example.org/ward\n\ngo 1.26.0\n\nrequire github.com/spinecat/spinecat v0.0.0\n\nrequire ("+requires[1]+")\n\n"+
		"replace github.com/spinecat/spinecat => "+filepath.ToSlash(root)+"\n\ntool github.com/spinecat/spinecat/gen\n")
	write("go.sum", read(filepath.Join(root, "go.sum")))
	write("ward/ward.yaml", read("testdata/own/ward/ward.yaml"))
	write("codes/codes.yaml", read("testdata/own/codes/codes.yaml"))
	write("ward/generate.go", "package ward\n\n//go:generate go run github.com/spinecat/spinecat/gen -docs ../docs ward.yaml ../codes/codes.yaml\n")
	write("cmd/try/main.go", ownProgram)

	gocmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	gocmd("generate", "./...")
	for _, name := range []string{"ward/zz_generated.go", "ward/doc.go", "codes/zz_generated.go", "codes/doc.go", "docs/ward.md", "docs/codes.md"} {
		got := read(filepath.Join(tmp, name))
		if want := read("testdata/own/" + name); !bytes.Equal([]byte(want), []byte(got)) {
			t.Errorf("%s generated in the module differs from the golden (-want +got):\n%s", name, cmp.Diff(want, got))
		}
	}
	got := gocmd("run", "./cmd/try")
	want := "404 ward.BED_NOT_FOUND true 12 true ward ward-r4\n" +
		"400 ward.BACKEND_INVALID false  true ward ers-r4-backend\n" +
		"true 1 https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("program output (-want +got):\n%s", diff)
	}
}
