// Package operationoutcome is the FHIR OperationOutcome resource (STU3 and R4):
// its Go model, its JSON and XML codecs in FHIR element order, strict decoding
// that names unknown elements by path, and reading and writing it over HTTP
// with FHIR content negotiation (_format, Accept, charset).
//
// It knows nothing of catalogues: package catalog builds on it.
//
// # Codecs
//
// [OperationOutcome.AppendJSON] and [OperationOutcome.AppendXML] write
// straight into a byte slice, without reflection; they leave out what they
// cannot write correctly (a zero severity is never written as a real code),
// while MarshalJSON and MarshalFHIRXML report it. [Decode] tells JSON from
// XML by the first byte; its errors are [*DecodeError] values carrying a FHIR
// path and a line and column, computed only when a problem is found.
//
// A complex extension value (valueCoding, valueQuantity, ...) is kept as
// compact JSON in Extension.Raw. Between JSON and XML it is converted by the
// generic FHIR mapping without a schema, so JSON numbers and booleans inside
// it are recognised from a table of common element names, and repeating
// elements from a table of common repeating names; extensions on primitives
// inside such a value are dropped. Nothing a Spine-style API sends is affected.
package operationoutcome
