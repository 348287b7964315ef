// Package validate checks an HTTP error response of a Spine-style FHIR API
// for conformance, layer by layer, and says precisely which rule it breaks
// and what to do about it:
//
//   - transport: status, Content-Type and charset, body present or absent,
//     the documented non-FHIR bodies (an empty 401, an HTML 500), the body
//     cap (1 MiB by default; a larger body is a finding, never copied);
//   - syntax: JSON and XML errors with line:col, typographic quotes, byte
//     order marks, UTF-16, truncation, trailing commas, duplicate JSON keys,
//     bytes that are not UTF-8, unrendered templates (package
//     validate/syntax, whose scan runs on every body);
//   - FHIR structure: the project's own embedded OperationOutcome schemas
//     for STU3 and R4, compiled once per process, with the cardinality rules
//     the official schemas miss (package validate/fhirschema), and for XML
//     the strict decoder's findings;
//   - dialect: format, meta.profile, id and lastUpdated policy, display and
//     expression rules, coding.version, issue count and the coding systems
//     the profile fixes (a ValueSet URL where a CodeSystem belongs is named
//     as such);
//   - catalogue: each issue identified as an entry, or a documented variant
//     of one, with its severity, issue-type, display, diagnostics and status.
//
// A JSON body is scanned once: the tape the syntax layer records is what
// the OperationOutcome is decoded from and what the structure layer checks.
// An XML body is decoded once, strictly.
//
// The API and dialect are detected, when not given, from the profile, the
// coding system and the code, and the request URL (Response.URL under an
// API's base path), and Report.Reason says which were chosen and why.
//
// Each Finding carries a rule id (Rules lists them all, with a one-line
// description), a severity (only error makes a response non-conformant), a
// location and a message saying what was expected, what was found and what
// to do. A location is a FHIR path such as
// "OperationOutcome.issue[0].details.coding[0].system", or "HTTP status",
// "Content-Type", or a position in the body, "body 3:14" (line:column,
// counting characters). One fault gives one finding: a dialect or catalogue
// rule does not repeat what the FHIR structure layer already reported at
// the same place, and identical findings (two issues with the same wrong
// status) are reported once. Report.OperationOutcome renders the findings
// as an OperationOutcome, the way the HL7 validator reports.
//
// Check never panics: should the checker itself fail on some input, the
// report carries an internal.panic finding instead.
//
// The client side, turning a response into a typed error rather than a
// report, is package client.
package validate
