// Package spec loads catalogue files: the YAML documents under catalog/ that
// define code systems, dialects and entries (docs/catalog-format.md).
//
// Loading checks each file against the catalogue JSON Schema (with
// jsonschema/v5) and then semantically, and reports every mistake at once as
// file:line:col: message. The generator and the command line share it; the
// runtime package catalog does not import it, so programs that only use the
// generated packages carry no YAML or schema code.
//
// A team's own catalogue builds on the one spinecat ships: LoadWith loads
// files over a base registry (all.Registry()), so that they name its code
// systems and dialects ("spine-r4", "ers-r4-backend") as their own, and
// Extend returns the registry of both, which "spinecat check --catalog FILE"
// checks against (docs/own-catalog.md).
package spec
