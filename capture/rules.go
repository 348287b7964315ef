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
	// Deprecated: the reader no longer notes a body that is not UTF-8; the
	// checker reports it once, with its position, as syntax.utf8.
	RuleNotUTF8 = "capture.not-utf8"

	// What is not checked.
	RuleNotCapture = "capture.not-a-capture" // the file is not a capture (no status line, no FHIR body, no sidecar): skipped
	RuleNoResponse = "capture.no-response"   // a HAR entry with status 0: the browser got no response; skipped

	// Limits.
	RuleFileTruncated = "capture.file-truncated" // the file is larger than the read limit; only its start was read
	RuleBodyTruncated = "capture.body-truncated" // the body was longer than Options.MaxBodyBytes and was cut
	RuleNotesCapped   = "capture.notes-capped"   // more notes than the reader keeps for one capture; the rest are counted

	// Raw HTTP.
	RuleLineEndings    = "capture.line-endings"    // the response head ends its lines with LF, CR alone, or a mix, not CRLF as HTTP/1.1 sends them
	RuleTranscript     = "capture.curl-verbose"    // the file is a curl -v transcript ("> " request, "< " response lines)
	RuleInterim        = "capture.interim"         // an interim or preceding response (100 Continue, proxy "Connection established", a redirect) was skipped
	RuleHeaderSyntax   = "capture.header-syntax"   // a header line that is not "Name: value" was skipped
	RuleNoBlankLine    = "capture.no-blank-line"   // the body starts without the blank line that ends the headers
	RuleChunked        = "capture.chunked"         // a chunked body was decoded, or looked chunked but was malformed and was kept as is
	RuleContentCoding  = "capture.content-coding"  // a gzip or deflate body was decompressed, or a compressed body could not be
	RuleContentLength  = "capture.content-length"  // the body is shorter or longer than Content-Length says, or Content-Length is not a number
	RuleBodyCharset    = "capture.body-charset"    // the body was decoded from UTF-16, or its charset is one the reader does not decode
	RuleBodyBOM        = "capture.body-bom"        // a byte order mark at the start of the body was removed
	RuleRequestSection = "capture.request-section" // a request section was found but no request line in it

	// HAR.
	RuleHARContent = "capture.har-content" // the entry's content has no text, bad base64, or an unknown encoding

	// .meta sidecars.
	RuleMetaUnknownKey = "capture.meta-unknown-key" // a key other than status, content-type, api, method and url
	RuleMetaSyntax     = "capture.meta-syntax"      // a line that is not "key: value", a bad status, or a repeated key
	RuleMetaIgnored    = "capture.meta-ignored"     // a value given for a capture that carries its own (status, content-type, method, url)
)

// RuleInfo documents one rule id of the reader's notes.
type RuleInfo struct {
	ID          string
	Description string // one line, for `spinecat list --rules`
}

// Rules lists every rule id a Note can carry, in the order of the
// constants.
var Rules = []RuleInfo{
	{RuleBOM, "a UTF-8 byte order mark at the start of the file was removed"},
	{RuleUTF16, "the file was UTF-16 with a byte order mark and was decoded to UTF-8"},
	{RuleUTF16NoBOM, "the file looked like UTF-16 without a byte order mark and was decoded to UTF-8"},
	{RuleEmpty, "the file is empty or blank"},
	{RuleNotCapture, "the file is not a capture (no status line, no JSON or XML body, no sidecar, or an extension captures do not have): skipped"},
	{RuleNoResponse, "a HAR entry with status 0: the browser got no response (aborted, blocked by CORS, failed), so there is nothing to check: skipped"},
	{RuleFileTruncated, "the file is larger than the read limit; only its start was read"},
	{RuleBodyTruncated, "the body was longer than the body cap and was cut"},
	{RuleNotesCapped, "more notes than the reader keeps for one capture (100); the rest are counted"},
	{RuleLineEndings, "the response head ends its lines with LF, CR alone, or a mix, not CRLF as HTTP/1.1 sends them"},
	{RuleTranscript, "the file is a curl -v transcript: \"> \" lines the request, \"< \" lines the response head, \"* \" remarks left out"},
	{RuleInterim, "an interim or earlier response (100 Continue, a proxy's Connection established, a redirect followed) was skipped"},
	{RuleHeaderSyntax, "a header line that is not \"Name: value\" was skipped"},
	{RuleNoBlankLine, "the body starts without the blank line that ends the headers"},
	{RuleChunked, "a chunked body was decoded, or looked chunked but was malformed and was kept as is"},
	{RuleContentCoding, "a gzip or deflate body was decompressed, or a compressed body could not be"},
	{RuleContentLength, "the body is shorter or longer than Content-Length says, or Content-Length is not a number"},
	{RuleBodyCharset, "the body was decoded from UTF-16, or its charset is one the reader does not decode"},
	{RuleBodyBOM, "a byte order mark at the start of the body was removed"},
	{RuleRequestSection, "a request section was found but no request line in it"},
	{RuleHARContent, "a HAR entry's content has no text, bad base64, or an unknown encoding"},
	{RuleMetaUnknownKey, "a .meta sidecar key other than status, content-type, api, method and url"},
	{RuleMetaSyntax, "a .meta line that is not \"key: value\", a status that is not a status code, or a repeated key"},
	{RuleMetaIgnored, "a .meta value for a capture that carries its own (status, content-type, method, url)"},
}
