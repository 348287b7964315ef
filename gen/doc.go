// Command gen generates Go code and reference docs from the YAML catalogue.
//
// Run it from the repository root, as go generate ./... does:
//
//	go run ./gen          # load catalog/*/*.yaml, write zz_generated.go, doc.go and docs/catalog/*.md
//	go run ./gen -check   # load and check only; print every problem as file:line:col: message
//
// It exits 1 when the catalogue has problems, 2 on a usage or I/O error.
//
// It loads every catalogue file together (package catalog/spec), so names
// resolve across files, and for each writes, with github.com/dave/jennifer:
// zz_generated.go (code systems, dialects, entries, a constructor, a
// sentinel and a parameter accessor per entry, and the package's tables),
// doc.go, and the reference page docs/catalog/<package>.md. Output is
// deterministic and starts with a header that go/ast.IsGenerated accepts.
package main
