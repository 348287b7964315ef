// Package all gathers every generated catalogue package (spine, nrl, nrlf,
// ers) into one registry: what the checker, the command line and the server
// identify responses against. Package client turns HTTP responses into
// errors with it.
package all
