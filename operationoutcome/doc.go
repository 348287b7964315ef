// Package operationoutcome is the FHIR OperationOutcome resource (STU3 and R4):
// its Go model, its JSON and XML codecs in FHIR element order, strict decoding
// that names unknown elements by path, and reading and writing it over HTTP
// with FHIR content negotiation (_format, Accept, charset).
//
// It knows nothing of catalogues: package catalog builds on it.
package operationoutcome
