// Package syntax owns the first check of a captured response body: is it
// well-formed at all, and if not, why, in words a client developer can act
// on. It is the one place that says whether a body is well-formed JSON or
// XML.
//
// JSON is read by the module's one scanner (internal/jsontape), in one pass
// over the bytes with an explicit stack, in time linear in the body and
// without allocating for a well-formed body of ordinary shape; Scan hands
// the tape it records to the checker, whose later layers read it instead of
// the bytes. No diagnosis depends
// on another library's error text or offsets, so the package gives the same
// answers on every Go release. The scanner takes RFC 8259 JSON as
// encoding/json does, except that it also finds what encoding/json reads
// through: a property named twice in one object, bytes that are not UTF-8,
// and nesting deeper than MaxDepth (too deep to check). The diagnosis
// (json.go) turns what the scanner finds into problems. XML (xml.go) is read
// with encoding/xml, plus a single root element and UTF-8 throughout.
//
// The package recognises the ways real bodies go wrong: nothing at all, a
// UTF-8 byte order mark, UTF-16 or an HTML error page from a proxy (by the
// module's one test of each, internal/sniff), typographic quotes pasted from a document, a trailing comma, a
// body cut off in the middle, and a template that was never rendered
// (templates.go). Each has its own rule id (the Rule constants) and a
// message that says what was found, where (line:column, counting
// characters), and what to do.
//
// Whether the body is an OperationOutcome, or FHIR at all, is not this
// package's concern: that belongs to the semantic checks in package validate.
package syntax
