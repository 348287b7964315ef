// Package servertest runs handlers behind a real loopback HTTP server for
// the tests of package server and the mock, and checks every response with
// the project's own checker: no error findings, the entry identified is the
// one sent, and no credentials echoed.
package servertest
