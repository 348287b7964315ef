// Command spinecat checks captured error responses of NHS Spine-style FHIR
// APIs (NRL, NRLF, e-RS and its Patient Care API, PDS FHIR, GP Connect, EPS)
// against FHIR, each API's profile and the spinecat catalogue, prints the
// catalogue, explains an error code, and serves a mock.
//
// Usage:
//
//	spinecat check [flags] [PATH...|-]
//	spinecat list [flags]
//	spinecat explain CODE|ENTRY
//	spinecat serve [flags]
//	spinecat completion bash|zsh|fish
//	spinecat version
//	spinecat help [COMMAND]
//
// "spinecat help" prints the commands and the exit statuses (usageSummary
// is the one place they are stated); "spinecat help COMMAND" a command's
// flags.
//
// With no PATH, check checks a few sample captures embedded in the binary
// (samples/), so that a first run shows a report; "-" reads one capture
// from standard input. The checking itself lives in package report
// (report.CheckPaths), shared with package spinecattest; this package only
// parses arguments and prints. See docs/cli.md for the JSON report
// contract.
package main
