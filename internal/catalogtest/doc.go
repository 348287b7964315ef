// Package catalogtest holds what the tests of the API catalogues share: the
// comparison of a catalogue's entries with a table written from the API's
// sources, and of an identification with the entry, variants and
// parameters a documented response must give.
//
// It is for tests only (it takes a *testing.T); nothing outside _test.go
// files imports it.
package catalogtest
