// Package all gathers every generated catalogue package (spine, nrl, nrlf,
// ers) into one registry, with each API's value (catalog.API): what the
// checker, the client, the mock and the command line identify responses
// against and serve. It is the only package outside the catalogue packages
// themselves that names them.
package all
