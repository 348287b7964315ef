// Package server is what a service, real or mock, imports to answer as a
// Spine-style API does: it writes catalogue errors the way the API writes
// them (WriteError, Writer) and applies the request rules of its front door
// as HTTP middleware (Middleware).
//
// Nothing in it is about a particular API. What an API does around its
// OperationOutcomes (which status, which format for which Accept, which 415
// or 406, which headers, which checks before a request reaches the service)
// is data: the http section of its catalogue file, built into a
// *catalog.API (a generated package's API, or one loaded by catalog/spec).
// The reference page of each API (docs/catalog/<api>.md, "Front door")
// lists its rules and answers. A mock that gets them wrong lets a client
// ship a bug the real service then catches: a sandbox that accepted a token
// without "Bearer " did exactly that (the NHS England developer community
// thread "401 Access Denied on call to A0042").
//
// # Writing errors
//
// WriteError (or a Writer, for options set once) sends any error: a
// catalogue error as its entry's API documents, any other error as the
// InternalError of the API given with WithAPI. See Writer.WriteError for
// the details: status, JSON or XML by _format and Accept, the API's answer
// to an unsupported format per request surface, id and meta.lastUpdated
// from an injectable clock and id source, the API's response headers, HEAD,
// and the sanitising of diagnostics parameters (Sanitize).
//
// # Request rules
//
// Middleware applies the API's request rules in order: the Authorization
// scheme (a token68, and for some APIs a JWT of claims), required headers
// and their values, headers an access mode must not send, the format check.
// Each rule answers per surface (e-RS answers on /FHIR/R4/ paths with R4
// entries and elsewhere with STU3 ones) and may apply to some access modes
// or paths only. Options supply what only a deployment knows: a token
// table with each token's access mode (WithTokens), an allow-list of header
// values (WithAllowList), and leniencies a live deployment was seen to allow
// (WithLeniency). Without a token table a token's access mode comes from its
// prefix, as the API's catalogue says; a mock cannot introspect a token.
//
// Header names are read case-insensitively, as HTTP says and Go's server
// canonicalises them. Response headers are written in exactly the spelling
// each API documents (X-Request-ID, not Go's X-Request-Id).
//
// Package server has no YAML dependency; the mock, its scenario files and
// "spinecat serve" are package mock, built on this one.
package server
