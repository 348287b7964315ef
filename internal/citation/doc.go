// Package citation holds the project's rule for sources: a source is
// something a reader can open. Followable says whether a catalogue source
// names such a thing (a file of a public repository at a commit, or a
// published page); Scan finds citations a reader cannot open (the numbered
// documents, reference-table row ids, note sections and folder paths of
// reference material that is not published with the project).
//
// The rule is written out in docs/catalog-format.md, "Sources"; the tests
// of this package hold every committed document, godoc comment and
// catalogue source to it.
package citation
