// Package spec loads catalogue files: the YAML documents under catalog/ that
// define code systems, dialects and entries (docs/catalog-format.md).
//
// Loading checks each file against the catalogue JSON Schema (with
// jsonschema/v5) and then semantically, and reports every mistake at once as
// file:line:col: message. The generator and the command line share it; the
// runtime package catalog does not import it, so programs that only use the
// generated packages carry no YAML or schema code.
package spec
