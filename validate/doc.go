// Package validate checks an HTTP error response of a Spine-style FHIR API
// for conformance, layer by layer, and says precisely which rule it breaks
// and what to do about it:
//
//   - transport: status, Content-Type and charset, body present or absent,
//     the documented non-FHIR bodies (an empty 401, an HTML 500);
//   - syntax: JSON and XML errors with line:col, typographic quotes, byte
//     order marks, UTF-16, truncation, trailing commas, unrendered templates
//     (package validate/syntax);
//   - FHIR structure: the project's own embedded OperationOutcome schemas
//     for STU3 and R4, with the cardinality rules the official schemas miss
//     (package validate/fhirschema);
//   - dialect: meta.profile, id and lastUpdated policy, display and
//     expression rules, issue count and the coding systems the profile fixes;
//   - catalogue: each issue identified as an entry, or a documented variant
//     of one, with its severity, issue-type, display, diagnostics and status.
//
// The API and dialect are detected from the profile, the coding system and
// the code when not given, and the report says which were chosen and why.
// Findings carry a rule id, a severity (only error makes a response
// non-conformant), a FHIR location and a message.
package validate
