// Package flagtext prints a flag set's flags in the --flag form the
// documentation uses, one flag a line and aligned, for every command of the
// spinecat command line: those in cmd/spinecat and "spinecat serve", which
// package mock parses.
package flagtext
