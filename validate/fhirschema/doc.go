// Package fhirschema owns the project's own JSON Schemas for the FHIR
// OperationOutcome resource (STU3 and R4), embedded in the binary, and checks
// a decoded JSON document against them.
//
// The schemas cover OperationOutcome and only the datatypes reachable from it
// (Meta, Narrative, Extension with the primitive, Coding and CodeableConcept
// value[x] types, Element siblings such as _severity, CodeableConcept,
// Coding and the primitives with the FHIR regular expressions). Contained
// resources are checked only for a resourceType. They add the rules that the
// official FHIR JSON schemas miss: issue has at least one item; each issue
// has a severity and a code; Extension.url and Narrative.status are
// required; no element may hold an empty string or an empty array; unknown
// properties are rejected in STU3 as in R4; every pattern is anchored; and the
// issue-type enumeration is the one of the version (31 codes in R4, 29 in
// STU3, which lacks multiple-matches and deleted).
//
// Each schema is compiled at most once per process, on first use, into a
// small tree that the package walks over the tape of the module's JSON
// scanner (fast.go): the body is read once, strings are matched without
// regular expressions, numbers are compared exactly, and a conforming body
// costs no allocation. ValidateJSON checks a body, Validate a value decoded
// by encoding/json; both return a flat, sorted list of Violations, each
// with a JSON pointer, a FHIR path and a plain-English message (explain.go).
//
// A general JSON Schema validator, github.com/santhosh-tekuri/jsonschema/v5,
// is the tests' oracle (oracle_test.go): on the same schemas it must find the
// same violations, over a generated corpus and under fuzzing. The tests also
// cross-check the schemas against the official FHIR JSON schemas kept in the
// shared reference folder beside the repository (never committed); see
// crosscheck_test.go for the list of intended differences.
package fhirschema
