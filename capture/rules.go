package capture

// The Rule ids of the notes the reader leaves. They are stable: the
// validator and users' configuration refer to them. Like the validator's
// rule ids they are "layer.name", the layer being "capture".
const (
	// Whole-file encoding.
	RuleBOM        = "capture.bom"          // a UTF-8 byte order mark at the start of the file was removed
	RuleUTF16      = "capture.utf16"        // the file was UTF-16 with a byte order mark and was decoded to UTF-8
	RuleUTF16NoBOM = "capture.utf16-no-bom" // the file looked like UTF-16 without a byte order mark and was decoded to UTF-8
	RuleEmpty      = "capture.empty"        // the file is empty or blank
	RuleNotUTF8    = "capture.not-utf8"     // the body is not valid UTF-8 (binary, or another charset)

	// Limits.
	RuleFileTruncated = "capture.file-truncated" // the file is larger than the read limit; only its start was read
	RuleBodyTruncated = "capture.body-truncated" // the body was longer than Options.MaxBodyBytes and was cut

	// Raw HTTP.
	RuleLineEndings    = "capture.line-endings"    // the response head ends its lines with LF, CR alone, or a mix, not CRLF as HTTP/1.1 sends them
	RuleInterim        = "capture.interim"         // an interim or preceding response (100 Continue, proxy "Connection established", a redirect) was skipped
	RuleHeaderSyntax   = "capture.header-syntax"   // a header line that is not "Name: value" was skipped
	RuleNoBlankLine    = "capture.no-blank-line"   // the body starts without the blank line that ends the headers
	RuleChunked        = "capture.chunked"         // a chunked body was decoded, or looked chunked but was malformed and was kept as is
	RuleContentCoding  = "capture.content-coding"  // a gzip body was decompressed, or a compressed body could not be
	RuleContentLength  = "capture.content-length"  // the body is shorter or longer than Content-Length says, or Content-Length is not a number
	RuleBodyCharset    = "capture.body-charset"    // the body was decoded from UTF-16, or its charset is one the reader does not decode
	RuleBodyBOM        = "capture.body-bom"        // a byte order mark at the start of the body was removed
	RuleRequestSection = "capture.request-section" // a request section was found but no request line in it

	// HAR.
	RuleHARStatus  = "capture.har-status"  // the entry has status 0 (no response) or a status that is not a number
	RuleHARContent = "capture.har-content" // the entry's content has no text, bad base64, or an unknown encoding

	// .meta sidecars.
	RuleMetaUnknownKey = "capture.meta-unknown-key" // a key other than status, content-type and api
	RuleMetaSyntax     = "capture.meta-syntax"      // a line that is not "key: value", a bad status, a repeated key, or an unreadable sidecar
	RuleMetaIgnored    = "capture.meta-ignored"     // status or content-type given for a capture that carries its own
)
