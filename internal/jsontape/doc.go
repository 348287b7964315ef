// Package jsontape is spinecat's one JSON scanner. It reads a body once,
// front to back, with an explicit stack, in time linear in its size, and
// records two things: the faults it finds (what stops a parser, and what a
// lenient reader reads through: a property named twice in one object,
// bytes that are not UTF-8) and a tape, one Token per value and key with
// its kind and offsets, and for an object or array where it ends.
//
// The layers of a check all read the one tape: package validate/syntax
// explains the faults, package operationoutcome decodes the typed
// OperationOutcome from it and package validate/fhirschema checks it
// against the FHIR schema, so that a body is scanned once however many
// layers read it. Nothing here depends on another library's error text or
// offsets.
package jsontape
