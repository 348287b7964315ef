// Package spinecat is the root of the spinecat module: a Go library,
// generator and command line for the FHIR error responses of NHS
// Spine-style APIs (NRL, NRLF, e-RS and its Patient Care API, PDS FHIR,
// GP Connect, EPS).
//
// The work is done by its packages:
//
//   - operationoutcome: the FHIR OperationOutcome resource, its codecs and HTTP.
//   - catalog: catalogue entries, errors, registries and identification;
//     catalog/<api> holds each API's generated entries.
//   - validate: conformance checks of a response.
//   - gen: the generator run by go generate, here and in a team's module,
//     which reads the shipped catalogue from Catalogue.
//   - cmd/spinecat: the command line.
package spinecat
