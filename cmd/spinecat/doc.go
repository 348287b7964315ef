// Command spinecat checks captured error responses of NHS Spine-style FHIR
// APIs (NRL, NRLF, e-RS) against FHIR, each API's profile and the spinecat
// catalogue, prints the catalogue, explains an error code, and serves a mock.
//
// Usage:
//
//	spinecat check [--api NAME] [--format text|json|junit] [--max-body BYTES] [--verbose] [PATH...]
//	spinecat list [--api NAME] [--format text|json|markdown]
//	spinecat explain CODE|ENTRY
//	spinecat serve [flags]
//	spinecat version
//	spinecat help [COMMAND]
//
// Exit status: 0 when every capture checked is conformant (or the command
// succeeded), 1 when a capture is not conformant (or explain found nothing),
// 2 on usage or I/O errors.
//
// With no PATH, check checks a few sample captures embedded in the binary
// (samples/), so that a first run shows a report. The checking itself lives
// in package report (report.CheckPaths), shared with package spinecattest;
// this package only parses arguments and prints. See docs/cli.md for the
// JSON report contract.
package main
