// Package entrylog carries, in a request's context, the catalogue entry the
// response was built from: package server notes it when it writes an error,
// and the tests' loopback servers read it. (The server's own request log
// takes it from its ResponseWriter, which costs a request no allocation.)
package entrylog
