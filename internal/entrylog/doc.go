// Package entrylog carries, in a request's context, the catalogue entry the
// response was built from: package server notes it when it writes an error,
// and its request log and the tests' loopback servers read it.
package entrylog
