// Package catalog is the runtime of the spinecat catalogue: the documented
// error types of Spine-style FHIR APIs and the errors built from them.
//
//   - CodeSystem, Dialect and Entry describe what a service documents and
//     emits: an entry is one error (or success) type with its HTTP status,
//     severity, issue-type, coding (its display a Template too when the
//     service builds it per request), diagnostics and expression
//     Templates with typed parameters (ParamTypes), hint, sources and
//     documented Variants. A dialect's StatusRule gives the status of an
//     outcome of several issues. A
//     code system is one URL with every version published at it; each
//     Concept records the versions that define it. A Defect records what a
//     documented source sends that is not valid, so that the checker names
//     it.
//   - Error is an Entry with its parameter values: a Go error that compares
//     with errors.Is by entry, reports its HTTPStatus, and builds the
//     OperationOutcome the service sends (OperationOutcome, AppendJSON).
//     HTTPStatus(err) works on any error; Join puts several errors of one
//     dialect in one OperationOutcome.
//   - Registry identifies a received issue as an entry, with its parameter
//     values and the variants it matched (Identify), turns a received
//     OperationOutcome into an Error (FromOutcome), and identifies a response
//     without one (IdentifyBody: an empty, text or HTML body). An issue is an
//     entry only when the entry or one of its variants codes it with exactly
//     its code under exactly its system.
//   - API is one API as data: its entries and dialects, and its front door
//     (request surfaces, request rules, content negotiation, the answers to
//     an unknown route and an internal error, response headers, the bodies
//     its gateway builds). Package server applies it; APIOf gives the API
//     of an entry, Registry.APIs every API of a registry.
//
// The entries themselves are generated from YAML into the packages under
// catalog/ (nrl, nrlf, ers, erspc, pds, gpconnect, eps, spine); catalog/all
// gathers them. Loading YAML
// is package catalog/spec's job, so programs using the generated packages
// carry no YAML code.
package catalog
