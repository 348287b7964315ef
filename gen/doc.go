// Command gen generates Go code, and reference pages when asked, from
// catalogue YAML.
//
// In the spinecat repository, as go generate ./... runs it:
//
//	go run ./gen -docs docs/catalog   # catalog/*/*.yaml: zz_generated.go and doc.go beside each, docs/catalog/<package>.md
//	go run ./gen -check               # load and check only; print every problem as file:line:col: message
//
// In a team's own module, named its catalogue files (docs/own-catalog.md):
//
//	//go:generate go run github.com/spinecat/spinecat/gen appointments.yaml
//
// The files build on the catalogue spinecat ships, embedded in the
// generator (spinecat.Catalogue): they name its code systems and dialects
// ("spine-r4", "ers-r4-backend") as their own, and the generated code refers
// to the shipped packages. Each package's import path is its folder's path
// in the module that the nearest go.mod above it declares. Reference pages
// are written only with -docs DIR. The module needs spinecat's requirements,
// which "go get -tool github.com/spinecat/spinecat/gen" adds.
//
// It exits 1 when the catalogue has problems, 2 on a usage or I/O error. It
// never overwrites a file it did not write (a hand-written doc.go beside a
// catalogue file).
//
// It loads every catalogue file together (package catalog/spec), so names
// resolve across files, and for each writes, with github.com/dave/jennifer:
// zz_generated.go (code systems, dialects, entries, a constructor, a
// sentinel and a parameter accessor per entry, the package's tables and its
// API value), doc.go, and with -docs the reference page. Output is
// deterministic and starts with a header that go/ast.IsGenerated accepts.
package main
