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
//     "HTTP/2.0 404"), headers, a blank line, the body; CRLF or LF. Interim
//     responses curl prints before the final one (100 Continue, a proxy's
//     "200 Connection established", redirects followed with -L) are
//     skipped. A request section before the response (a REST client file
//     with "###" separators, or a request line such as "GET /path
//     HTTP/1.1") gives Capture.Request. Chunked bodies are decoded, gzip
//     bodies decompressed, and a body shorter than its Content-Length
//     makes the capture Truncated.
//   - A HAR 1.2 file (browser devtools, Insomnia, API clients): a JSON object
//     whose first member is "log", or a file named *.har that does not start
//     with a status line. Each entry
//     becomes a capture, "file.har#0", "file.har#1", ..., base64 bodies
//     decoded; an entry with status 0 (the browser got no response) is kept.
//   - Anything else is a bare body (KindBody): JSON, XML, an HTML page, an
//     empty file, binary garbage. Its status and content type come from a
//     sidecar "NAME.meta" beside "NAME.json" with "key: value" lines
//     (status, content-type, api; "#" starts a comment).
//
// A UTF-8 byte order mark is removed and UTF-16 (with a BOM, or detected by
// its NUL bytes) is decoded to UTF-8 before the format is recognised, so a
// raw HTTP file saved as UTF-16 by an editor reads like any other. A body
// whose Content-Type says charset=utf-16 is decoded too.
//
// # Notes and errors
//
// Every such repair, and every oddity the reader cannot repair, leaves a
// Note with a stable Rule id (the Rule constants) and a position where one
// is known: the validator decides which notes are findings. A file that
// cannot be read at all (missing, unreadable, malformed HAR JSON, a
// malformed status line) still yields a capture, with Err set to an *Error
// whose message gives the position and says what to do, so that one bad
// file never stops a run. Nothing in this package panics on bad input.
//
// # Limits
//
// Bodies are cut to Options.MaxBodyBytes (1 MiB by default). A raw HTTP or
// bare-body file is never read beyond MaxBodyBytes + 64 KiB, so a 100 MB
// file costs no more memory than a small one. HAR files get a limit of
// their own, Options.MaxHARBytes (64 MiB by default), because an export
// from a browser holds every script and image of the page besides the API
// response, and a HAR file cut short is not valid JSON.
package capture
