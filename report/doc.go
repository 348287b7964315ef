// Package report turns checked captures into results and writes them for
// people (text), for tools (JSON) and for CI dashboards (JUnit XML).
//
// It has a package of its own because the spinecat command, the go test
// helper (package spinecattest) and benchmarks all need the same two things:
// running the checks over many captures on every core with the results in
// input order (CheckPaths, CheckCaptures), and rendering those results in
// one stable shape (WriteText, WriteJSON, WriteJUnit).
//
// # Results
//
// A Result is one capture: its source, HTTP status, API and dialect, the
// identification of each OperationOutcome.issue and the findings. Besides
// the checker's findings (package validate), a Result carries:
//
//   - a finding "capture.unreadable" (error) when the capture could not be
//     read at all (a path that does not exist included), with the reader's
//     position and message;
//   - one finding per note the capture reader left (a UTF-8 byte order mark
//     removed, UTF-16 decoded, LF line endings...), with the note's rule id
//     ("capture.utf16") and a severity of warning or information: a note never
//     makes a capture non-conformant by itself;
//   - Skipped, with a finding saying why, when the capture holds nothing to
//     check: a file that is not a capture, a HAR entry with no response, a
//     1xx, 2xx or 3xx response that is not an OperationOutcome
//     ("capture.not-an-error"). A skipped capture is neither conformant nor
//     not, and Summary counts it apart.
//
// Rules lists every rule id a finding can carry. Selection chooses the
// captures to check (errors only, URL patterns) for CheckOptions.Select.
//
// # The JSON report
//
// WriteJSON writes the stable interface other tools read:
//
//	{"results":[{"source":"nrl/x.har#0","status":404,"conformant":false,"skipped":false,
//	             "api":"nrl","dialect":"nrl-stu3",
//	             "issues":[{"system":"…","code":"…","entry":"nrl.…","params":{"id":"…"}}],
//	             "findings":[{"rule":"…","severity":"error","location":"…","message":"…"}]}],
//	 "summary":{"captures":1,"conformant":0,"nonconformant":1,"skipped":0}}
//
// source is the path as given, with "#n" for the n-th response (from 0) of
// a HAR file; status is 0 when the capture has none; api and dialect are as
// identified, or as given; issues has one element per OperationOutcome.issue,
// in order, with system and code exactly as received, entry the catalogue
// entry id or "", and params the diagnostics parameters (an empty object
// when there are none). Fields are never removed or renamed; new ones may be
// added.
package report
