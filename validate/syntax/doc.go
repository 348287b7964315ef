// Package syntax owns the first check of a captured response body: does it
// parse at all, and if not, why, in words a client developer can act on.
//
// It knows JSON (RFC 8259, as encoding/json reads it) and XML (as
// encoding/xml reads it, plus a single root element) and recognises the ways
// real bodies go wrong: nothing at all, a UTF-8 byte order mark, UTF-16, an
// HTML error page from a proxy or gateway, typographic quotes pasted from a
// document, a trailing comma, a body cut off in the middle, and a template
// that was never rendered. Each has its own rule id (the Rule constants) and
// a message that says what was found, where (line:column), and what to do.
//
// Whether the body is an OperationOutcome, or FHIR at all, is not this
// package's concern: that belongs to the semantic checks in package validate.
package syntax
