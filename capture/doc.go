// Package capture reads captured HTTP responses from files, so that the
// conformance checks (package validate) see one shape whatever tool saved
// the response. It has a package of its own because reading captures is a
// job apart from checking them: it knows file formats, encodings and
// limits, and nothing of FHIR or the catalogues.
//
// # Formats
//
// The format is recognised by content, whatever the file's extension:
//
//   - A raw HTTP response, as curl -i or an editor's "save response" writes
//     it: a status line ("HTTP/1.1 404 Not Found", "HTTP/2 404",
//     "HTTP/2.0 404"), headers, a blank line, the body; CRLF, LF, or CR
//     alone (read as line ends, with a note). Interim responses curl prints
//     before the final one (100 Continue, a proxy's "200 Connection
//     established", redirects followed with -L) are skipped. A request
//     section before the response (a REST client file with "###"
//     separators, or a request line such as "GET /path HTTP/1.1") gives
//     Capture.Request. The chunked transfer coding is removed, then gzip or
//     deflate content coding; a body shorter than its Content-Length makes
//     the capture Truncated, except in a response to HEAD, which has no
//     body. A head that ends without its blank line, or a status outside
//     100-599, is an Err.
//   - A curl -v transcript, pasted from a terminal: "> " lines are the
//     request, "< " lines the response head, "* " lines curl's remarks; the
//     body follows. Positions in notes point into the paste.
//   - A HAR 1.2 file (browser devtools, Insomnia, API clients): a JSON object
//     whose first member is "log", or a file named *.har that does not start
//     with a status line. Each entry becomes a capture, "file.har#0",
//     "file.har#1", ..., base64 bodies decoded (and decompressed when the
//     exporter kept them compressed). A status that is not 0 or an HTTP
//     status code ("abc", -5, 1e10) is an Err; status 0 (the browser got no
//     response) makes the entry Skipped. ReadFile("file.har#N") reads entry
//     N alone.
//   - Anything else is a bare body (KindBody): JSON, XML, an empty file.
//     Its status and content type come from a sidecar "NAME.meta" beside
//     "NAME.json" with "key: value" lines (status, content-type, api,
//     method, url; "#" starts a comment). A file that is not a capture at
//     all (no sidecar, not named .json or .xml, and an extension captures
//     do not have or content that is not JSON or XML: notes, an HTML page,
//     an image) is Skipped with the note RuleNotCapture.
//
// A UTF-8 byte order mark is removed and UTF-16 (with a BOM, or detected by
// its NUL bytes) is decoded to UTF-8 before the format is recognised, so a
// raw HTTP file saved as UTF-16 by an editor reads like any other. A body
// whose Content-Type says charset=utf-16 is decoded too.
//
// # Notes, errors and skips
//
// Every such repair, and every oddity the reader cannot repair, leaves a
// Note with a stable Rule id (the Rule constants, listed with descriptions
// in Rules) and a position where one is known: the validator decides which
// notes are findings. A capture keeps at most 100 notes. A file that cannot
// be read at all (missing, unreadable, not a regular file, malformed HAR
// JSON, a malformed status line) still yields a capture, with Err set to an
// *Error whose message gives the position and says what to do, so that one
// bad file never stops a run. A Skipped capture holds nothing to check.
// Nothing in this package panics on bad input; a panic would be a bug, and
// becomes the capture's Err.
//
// # Files and directories
//
// ReadFile opens regular files only (a FIFO would block), its sidecar too.
// Walk and List walk directories in lexical order and leave out hidden
// files, sidecars, *.golden and README files, and what a .spinecatignore
// file lists (see IgnoreFile for its syntax); a path that does not exist is
// a capture with Err in its place. ReadFrom reads a stream, such as
// standard input.
//
// # Limits
//
// Bodies are cut to Options.MaxBodyBytes (1 MiB by default). A raw HTTP or
// bare-body file is never read beyond MaxBodyBytes + 64 KiB, so a 100 MB
// file costs no more memory than a small one. HAR files get a limit of
// their own, Options.MaxHARBytes (64 MiB by default), because an export
// from a browser holds every script and image of the page besides the API
// response, and a HAR file cut short is not valid JSON. Limits saturate
// rather than overflow (math.MaxInt64 means no limit), and every step is
// linear in the input: a file is read into one buffer of its size, folded
// header lines are joined in one buffer, and positions in a one-line HAR
// file cost one pass in all.
package capture
