package syntax

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/internal/jsonoracle"
	"github.com/spinecat/spinecat/internal/sniff"
)

const (
	advice    = "; it may have been cut off — check Content-Length or capture the whole body"
	emptyHint = "; an error response should carry an OperationOutcome — check that the capture kept the body and that the server sent one"
	typoHint  = "; the body was probably pasted from a word processor or chat — replace it with a straight quote \""
	tmplHint  = "; the body is a template that was never filled in (an Apigee AssignMessage policy, a mock or a test fixture) — fix whatever produced it"
	dupHint   = "; FHIR JSON allows each property once, and readers disagree on which value counts (Go's encoding/json keeps the last, others the first or reject the body) — remove one of them"
	utf8Hint  = "; FHIR JSON and XML are UTF-8 — re-encode the body as UTF-8 (was it written in another encoding, such as ISO-8859-1 or Windows-1252?)"
	valid     = "{\n  \"resourceType\": \"OperationOutcome\",\n  \"issue\": [\n    {\"severity\": \"error\", \"code\": \"invalid\", \"diagnostics\": \"it’s “quoted”\"}\n  ]\n}\n"
)

func toUTF16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func toUTF16BE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// manyKeys returns n members "k0": 0, "k1": 1, … of an object.
func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"k%d": %d`, i, i)
	}
	return b.String()
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want []Problem
		// diagnose is the rule Diagnose must return ("" for nil).
		diagnose string
	}{
		{name: "valid JSON with typographic quotes inside a string", body: []byte(valid)},
		{name: "valid XML", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/></issue></OperationOutcome>`)},
		{name: "XML with a BOM is fine", body: []byte("\xEF\xBB\xBF<OperationOutcome xmlns=\"http://hl7.org/fhir\"/>")},
		{
			name: "empty", body: nil, diagnose: RuleEmpty,
			want: []Problem{{Rule: RuleEmpty, Line: 1, Col: 1, Offset: 0, Message: "the body is empty" + emptyHint}},
		},
		{
			name: "whitespace only", body: []byte(" \r\n\t"), diagnose: RuleEmpty,
			want: []Problem{{Rule: RuleEmpty, Line: 1, Col: 1, Offset: 0, Message: "the body holds only whitespace (4 bytes)" + emptyHint}},
		},
		{
			name: "BOM only", body: []byte("\xEF\xBB\xBF\n"), diagnose: RuleEmpty,
			want: []Problem{{Rule: RuleEmpty, Line: 1, Col: 1, Offset: 0, Message: "the body holds only a UTF-8 byte order mark and 1 bytes of whitespace" + emptyHint}},
		},
		{
			name: "BOM before valid JSON", body: []byte("\xEF\xBB\xBF" + valid), diagnose: RuleBOM,
			want: []Problem{{Rule: RuleBOM, Line: 1, Col: 1, Offset: 0, Message: "the body starts with a UTF-8 byte order mark (EF BB BF); otherwise it is well-formed JSON, but JSON must not begin with one (RFC 8259 §8.1) and strict parsers such as Go's encoding/json reject it — remove the three bytes"}},
		},
		{
			name: "BOM and a trailing comma", body: []byte("\xEF\xBB\xBF{\"issue\": [1,]}"), diagnose: RuleTrailingComma,
			want: []Problem{
				{Rule: RuleBOM, Line: 1, Col: 1, Offset: 0, Message: "the body starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow (RFC 8259 §8.1) and strict parsers such as Go's encoding/json reject — remove the three bytes (the body has other problems too)"},
				{Rule: RuleTrailingComma, Line: 1, Col: 13, Offset: 15, Message: "trailing comma at 1:13 before the ] at 1:14; JSON allows no comma after the last member or item — remove it"},
			},
		},
		{
			name: "UTF-16LE with BOM", body: toUTF16LE(valid, true), diagnose: RuleUTF16,
			want: []Problem{{Rule: RuleUTF16, Line: 1, Col: 1, Offset: 0, Message: "the body is UTF-16 little-endian (it starts with the byte order mark FF FE); FHIR JSON and XML must be UTF-8 — re-encode it as UTF-8 (check the charset the server declares and how the capture was saved: Windows PowerShell's > and Out-File write UTF-16)"}},
		},
		{
			name: "UTF-16LE without BOM", body: toUTF16LE(valid, false), diagnose: RuleUTF16,
			want: []Problem{{Rule: RuleUTF16, Line: 1, Col: 1, Offset: 0, Message: "the body is UTF-16 little-endian without a byte order mark (every other byte is NUL, 0x00); FHIR JSON and XML must be UTF-8 — re-encode it as UTF-8 (check the charset the server declares and how the capture was saved: Windows PowerShell's > and Out-File write UTF-16)"}},
		},
		{
			name: "UTF-16BE XML without BOM", body: toUTF16BE(`<OperationOutcome xmlns="http://hl7.org/fhir"/>`), diagnose: RuleUTF16,
			want: []Problem{{Rule: RuleUTF16, Line: 1, Col: 1, Offset: 0, Message: "the body is UTF-16 big-endian without a byte order mark (every other byte is NUL, 0x00); FHIR JSON and XML must be UTF-8 — re-encode it as UTF-8 (check the charset the server declares and how the capture was saved: Windows PowerShell's > and Out-File write UTF-16)"}},
		},
		{
			name: "typographic quotes", body: []byte("{\n  “resourceType”: “OperationOutcome”,\n  \"issue\": [{\"severity\": ‘error’}]\n}"), diagnose: RuleTypographicQuotes,
			want: []Problem{{Rule: RuleTypographicQuotes, Line: 2, Col: 3, Offset: 4, Message: "typographic quote “ (U+201C LEFT DOUBLE QUOTATION MARK) at 2:3 where a JSON quote belongs" + typoHint + " (6 typographic quotes in all stand where JSON quotes belong)"}},
		},
		{
			name: "a right double quotation mark closing a straight quote", body: []byte(`{"code": "invalid”}`), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 20, Offset: 21, Message: "the body ends at 1:20 inside a string that starts at 1:10, with 1 objects or arrays still open (the outermost opened at 1:1)" + advice}},
		},
		{
			name: "typographic quote in XML attribute", body: []byte("<OperationOutcome xmlns=\"http://hl7.org/fhir\">\n  <issue><severity value=”error”/></issue>\n</OperationOutcome>"), diagnose: RuleTypographicQuotes,
			want: []Problem{{Rule: RuleTypographicQuotes, Line: 2, Col: 26, Offset: 72, Message: "typographic quote ” (U+201D RIGHT DOUBLE QUOTATION MARK) at 2:26 where an XML attribute quote belongs" + typoHint}},
		},
		{
			name: "trailing commas", body: []byte("{\n  \"issue\": [\n    {\"severity\": \"error\", \"code\": \"invalid\",},\n  ],\n}"), diagnose: RuleTrailingComma,
			want: []Problem{
				{Rule: RuleTrailingComma, Line: 3, Col: 44, Offset: 58, Message: "trailing comma at 3:44 before the } at 3:45; JSON allows no comma after the last member or item — remove it"},
				{Rule: RuleTrailingComma, Line: 3, Col: 46, Offset: 60, Message: "trailing comma at 3:46 before the ] at 4:3; JSON allows no comma after the last member or item — remove it"},
				{Rule: RuleTrailingComma, Line: 4, Col: 4, Offset: 65, Message: "trailing comma at 4:4 before the } at 5:1; JSON allows no comma after the last member or item — remove it"},
			},
		},
		{
			name: "truncated inside an object", body: []byte("{\n  \"resourceType\": \"OperationOutcome\",\n  \"issue\": [\n    {\"severity\": \"error\","), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 4, Col: 26, Offset: 78, Message: "the body ends at 4:26 inside an object opened at 4:5, with 3 objects or arrays still open (the outermost opened at 1:1)" + advice}},
		},
		{
			name: "truncated at top level", body: []byte(`{"resourceType": "OperationOutcome"`), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 36, Offset: 35, Message: "the body ends at 1:36 inside an object opened at 1:1" + advice}},
		},
		{
			name: "truncated in a literal", body: []byte(`tru`), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 4, Offset: 3, Message: "the body ends at 1:4 in the middle of a value" + advice}},
		},
		{
			name: "truncated XML", body: []byte("<OperationOutcome xmlns=\"http://hl7.org/fhir\">\n  <issue>\n    <severity value=\"error\"/>\n"), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 4, Col: 1, Offset: 87, Message: "the body ends at 4:1 inside element <issue> opened at 2:3, with 2 elements still open (the outermost <OperationOutcome> opened at 1:1)" + advice}},
		},
		{
			name: "truncated XML inside a tag", body: []byte("<OperationOutcome><issue><severity val"), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 39, Offset: 38, Message: "the body ends at 1:39 inside element <issue> opened at 1:19, with 2 elements still open (the outermost <OperationOutcome> opened at 1:1)" + advice}},
		},
		{
			name: "HTML error page", body: []byte("\n<!DOCTYPE html>\n<html>\n<head><title>502 Bad\n Gateway</title></head><body>nginx</body></html>"), diagnose: RuleHTML,
			want: []Problem{{Rule: RuleHTML, Line: 2, Col: 1, Offset: 1, Message: "the body is an HTML page (title \"502 Bad Gateway\") where a FHIR body was expected; it probably came from a proxy, gateway, load balancer or login page rather than the FHIR server — check the URL, the HTTP status and the Accept header"}},
		},
		{
			name: "HTML without doctype or title", body: []byte("<HTML><body>Forbidden</body></HTML>"), diagnose: RuleHTML,
			want: []Problem{{Rule: RuleHTML, Line: 1, Col: 1, Offset: 0, Message: "the body is an HTML page where a FHIR body was expected; it probably came from a proxy, gateway, load balancer or login page rather than the FHIR server — check the URL, the HTTP status and the Accept header"}},
		},
		{
			name: "mustache placeholder breaking JSON", body: []byte("{\n  \"issue\": [{\"severity\": \"error\", \"code\": {{issueType}}}]\n}"), diagnose: RuleTemplate,
			want: []Problem{{Rule: RuleTemplate, Line: 2, Col: 43, Offset: 44, Message: "unrendered template placeholder {{issueType}} at 2:43" + tmplHint}},
		},
		{
			name: "Apigee percent placeholder", body: []byte(`{"diagnostics": %fault.reason#}`), diagnose: RuleTemplate,
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 17, Offset: 16, Message: "unrendered template placeholder %fault.reason# at 1:17" + tmplHint}},
		},
		{
			name: "Apigee flow variable", body: []byte(`{"id": {messageid}, "issue": []}`), diagnose: RuleTemplate,
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 8, Offset: 7, Message: "unrendered template placeholder {messageid} at 1:8" + tmplHint}},
		},
		{
			name: "placeholders inside strings of valid JSON", body: []byte(`{"code": "{{issueType}}", "diagnostics": "${reason}", "x": "expected {system}|{code}"}`), diagnose: "",
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 11, Offset: 10, Message: "unrendered template placeholder {{issueType}} at 1:11 (and 1 other)" + tmplHint}},
		},
		{
			name: "placeholder in valid XML", body: []byte(`<OperationOutcome><issue><code value="%issue.code#"/></issue></OperationOutcome>`), diagnose: "",
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 39, Offset: 38, Message: "unrendered template placeholder %issue.code# at 1:39" + tmplHint}},
		},
		{
			name: "plain text body", body: []byte("Internal Server Error\r\nplease retry"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 1, Offset: 0, Message: `not valid JSON: the body is neither JSON nor XML: it starts with "Internal Server Error"`}},
		},
		{
			name: "single quotes", body: []byte("{'severity': 'error'}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 2, Offset: 1, Message: `not valid JSON: a single quote ' at 1:2; JSON strings and property names need double quotes "`}},
		},
		{
			name: "missing comma", body: []byte("{\n  \"severity\": \"error\"\n  \"code\": \"invalid\"\n}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 3, Col: 3, Offset: 26, Message: `not valid JSON: expected , or } at 3:3, found '"'; a comma may be missing between two members`}},
		},
		{
			name: "missing colon", body: []byte(`{"severity" "error"}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 13, Offset: 12, Message: `not valid JSON: expected : after the property name at 1:13, found '"'`}},
		},
		{
			name: "missing comma in array", body: []byte(`{"expression": ["a" "b"]}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 21, Offset: 20, Message: `not valid JSON: expected , or ] at 1:21, found '"'; a comma may be missing between two items`}},
		},
		{
			name: "two values", body: []byte("{}\n{}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 2, Col: 1, Offset: 3, Message: `not valid JSON: more content after the end of the JSON value, at 2:1 (found '{'); a body holds exactly one JSON value — were two bodies or a trailer captured together?`}},
		},
		{
			name: "raw newline in string", body: []byte("{\"diagnostics\": \"line one\nline two\"}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 26, Offset: 25, Message: `not valid JSON: the control character U+000A inside a string at 1:26; escape it (\n for a line break, \t for a tab)`}},
		},
		{
			name: "bad escape", body: []byte(`{"diagnostics": "C:\temp\x"}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 25, Offset: 24, Message: `not valid JSON: an invalid escape sequence in a string at 1:25; a backslash must be followed by one of " \ / b f n r t u (and \u by four hex digits) — write \\ for a backslash itself`}},
		},
		{
			name: "leading zero", body: []byte(`{"count": 007}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 11, Offset: 10, Message: `not valid JSON: a number with a leading zero at 1:11; JSON numbers cannot start with 0 unless they are 0 or 0.x — drop the zero, or send an identifier such as an ODS code as a string`}},
		},
		{
			name: "capitalised literal", body: []byte(`{"userSelected": True}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 18, Offset: 17, Message: `not valid JSON: expected a value (a string, number, object, array, true, false or null) at 1:18, found 'T'`}},
		},
		{
			name: "misspelt literal", body: []byte(`{"userSelected": ture}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 19, Offset: 18, Message: `not valid JSON: a misspelt literal at 1:19 (found 'u'); JSON has only true, false and null, in lower case`}},
		},
		{
			name: "Latin-1 byte outside a string", body: []byte("{\"a\": \xe9}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 7, Offset: 6, Message: `not valid JSON: expected a value (a string, number, object, array, true, false or null) at 1:7, found the byte 0xE9, which is not UTF-8 (is the body in another encoding, such as ISO-8859-1 or Windows-1252?)`}},
		},
		{
			name: "columns count characters", body: []byte(`{"display": "Ünïcödé", x}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 24, Offset: 27, Message: `not valid JSON: expected a property name in double quotes at 1:24, found 'x'`}},
		},
		{
			name: "duplicate key", body: []byte(`{"severity": "banana", "severity": "error"}`), diagnose: RuleDuplicateKey,
			want: []Problem{{Rule: RuleDuplicateKey, Line: 1, Col: 24, Offset: 23, Message: `duplicate property name "severity" at 1:24, first at 1:2 in the same object` + dupHint}},
		},
		{
			name: "duplicate key spelt with an escape, in a nested object", body: []byte("{\"issue\": [{\n  \"code\": \"invalid\",\n  \"\\u0063ode\": \"value\"}]}"), diagnose: RuleDuplicateKey,
			want: []Problem{{Rule: RuleDuplicateKey, Line: 3, Col: 3, Offset: 36, Message: `duplicate property name "code" at 3:3, first at 2:3 in the same object` + dupHint}},
		},
		{name: "the same key in different objects", body: []byte(`{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": {"a": {"a": 1}}}`)},
		{
			name: "duplicate key in a large object", body: []byte(`{` + manyKeys(40) + `, "k7": 0}`), diagnose: RuleDuplicateKey,
			want: []Problem{{Rule: RuleDuplicateKey, Line: 1, Col: 422, Offset: 421, Message: `duplicate property name "k7" at 1:422, first at 1:65 in the same object` + dupHint}},
		},
		{
			name: "bytes that are not UTF-8 in a string", body: []byte("{\"display\": \"caf\xe9\",\n \"diagnostics\": \"\xff\xfe\"}"), diagnose: RuleUTF8,
			want: []Problem{{Rule: RuleUTF8, Line: 1, Col: 17, Offset: 16, Message: "the byte 0xE9 at 1:17 is not UTF-8" + utf8Hint + " (3 bytes in all are not UTF-8)"}},
		},
		{
			name: "a byte that is not UTF-8 in XML", body: []byte("<OperationOutcome>\n<diagnostics value=\"caf\xe9\"/></OperationOutcome>"), diagnose: RuleUTF8,
			want: []Problem{{Rule: RuleUTF8, Line: 2, Col: 24, Offset: 42, Message: "the byte 0xE9 at 2:24 is not UTF-8" + utf8Hint}},
		},
		{name: "nested as deep as checked", body: []byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))},
		{
			name: "too deep to check", body: []byte(`{"a":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "}"), diagnose: RuleTooDeep,
			want: []Problem{{Rule: RuleTooDeep, Line: 1, Col: 261, Offset: 260, Message: "objects and arrays nest more than 256 deep at 1:261, too deep to check (an OperationOutcome nests a few levels) — check that the capture holds the response you meant"}},
		},
		{
			name: "comment", body: []byte("{\"a\": 1 // the count\n}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 9, Offset: 8, Message: "not valid JSON: a comment at 1:9; JSON has no comments — remove it"}},
		},
		{
			name: "NaN", body: []byte(`{"valueDecimal": NaN}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 18, Offset: 17, Message: "not valid JSON: NaN at 1:18 is not a JSON number; JSON has no NaN or Infinity — send null, or leave the element out"}},
		},
		{
			name: "minus Infinity", body: []byte(`[-Infinity]`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 2, Offset: 1, Message: "not valid JSON: -Infinity at 1:2 is not a JSON number; JSON has no NaN or Infinity — send null, or leave the element out"}},
		},
		{
			name: "malformed number", body: []byte(`{"a": 1.}`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 9, Offset: 8, Message: "not valid JSON: a malformed number at 1:9 (found '}'); a JSON number needs digits after its minus sign, its decimal point and its exponent"}},
		},
		{
			name: "bracket that does not match", body: []byte("{\"issue\": [\n  {\"code\": \"invalid\"}\n}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 3, Col: 1, Offset: 34, Message: "not valid JSON: the } at 3:1 cannot close the array opened at 1:11; a bracket is missing or misplaced"}},
		},
		{
			name: "raw tab in string", body: []byte("{\"a\": \"x\ty\"}"), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 9, Offset: 8, Message: `not valid JSON: the control character U+0009 inside a string at 1:9; escape it (\n for a line break, \t for a tab)`}},
		},
		{
			name: "bad unicode escape", body: []byte(`["\u12G4"]`), diagnose: RuleJSON,
			want: []Problem{{Rule: RuleJSON, Line: 1, Col: 3, Offset: 2, Message: `not valid JSON: an invalid escape sequence in a string at 1:3; a backslash must be followed by one of " \ / b f n r t u (and \u by four hex digits) — write \\ for a backslash itself`}},
		},
		{
			name: "truncated in a number", body: []byte(`{"a": -`), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 8, Offset: 7, Message: "the body ends at 1:8 inside an object opened at 1:1" + advice}},
		},
		{
			name: "truncated inside a typographic string", body: []byte("[“a\", “b"), diagnose: RuleTypographicQuotes,
			want: []Problem{
				{Rule: RuleTypographicQuotes, Line: 1, Col: 2, Offset: 1, Message: "typographic quote “ (U+201C LEFT DOUBLE QUOTATION MARK) at 1:2 where a JSON quote belongs" + typoHint + " (2 typographic quotes in all stand where JSON quotes belong)"},
				{Rule: RuleTruncated, Line: 1, Col: 9, Offset: 12, Message: "the body ends at 1:9 inside a string that starts at 1:7, with 1 objects or arrays still open (the outermost opened at 1:1)" + advice},
			},
		},
		{
			name: "Karate placeholder as a value", body: []byte(`{"diagnostics": "#(diagnostics)", "code": "##(code)"}`), diagnose: "",
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 18, Offset: 17, Message: "unrendered template placeholder #(diagnostics) at 1:18 (and 1 other)" + tmplHint}},
		},
		{
			name: "Karate placeholder breaking JSON", body: []byte(`{"severity": #(severity)}`), diagnose: RuleTemplate,
			want: []Problem{{Rule: RuleTemplate, Line: 1, Col: 14, Offset: 13, Message: "unrendered template placeholder #(severity) at 1:14" + tmplHint}},
		},
		{name: "a hash and a bracket in prose", body: []byte(`{"diagnostics": "see #(1) and #( x)"}`)},
		{
			name: "XML mismatched end tag", body: []byte("<OperationOutcome>\n  <issue>\n</OperationOutcome>"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 3, Col: 1, Offset: 29, Message: "not well-formed XML at 3:1: element <issue> closed by </OperationOutcome>"}},
		},
		{
			name: "XML second root", body: []byte("<OperationOutcome/>\n<OperationOutcome/>"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 2, Col: 1, Offset: 20, Message: "not well-formed XML at 2:1: a second root element <OperationOutcome>; an XML body holds exactly one root element"}},
		},
		{
			name: "XML trailing text", body: []byte("<OperationOutcome/>\n0\r\n\r\n"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 2, Col: 1, Offset: 20, Message: "not well-formed XML at 2:1: text after the root element; an XML body holds one root element and nothing else but comments and processing instructions"}},
		},
		{
			name: "XML declaration only", body: []byte(`<?xml version="1.0"?>`), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 1, Col: 22, Offset: 21, Message: "not well-formed XML at 1:22: no root element; the body has an XML declaration or comments but no element"}},
		},
		{
			name: "XML cut off in a comment after the root", body: []byte("<OperationOutcome/><!-- x"), diagnose: RuleTruncated,
			want: []Problem{{Rule: RuleTruncated, Line: 1, Col: 26, Offset: 25, Message: "the body ends at 1:26 in the middle of the markup that starts at 1:20" + advice}},
		},
		{
			name: "XML end tag with no element open", body: []byte("<OperationOutcome/>\n</issue>"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 2, Col: 1, Offset: 20, Message: "not well-formed XML at 2:1: unexpected end element </issue>"}},
		},
		{
			name: "XML control character after a reference", body: []byte("<diagnostics>a &amp; \x01</diagnostics>"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 1, Col: 22, Offset: 21, Message: "not well-formed XML at 1:22: illegal character code U+0001"}},
		},
		{
			name: "XML undefined entity", body: []byte("<OperationOutcome>\n<diagnostics value=\"a &nbsp; b\"/></OperationOutcome>"), diagnose: RuleXML,
			want: []Problem{{Rule: RuleXML, Line: 2, Col: 23, Offset: 41, Message: "not well-formed XML at 2:23: invalid character entity &nbsp;"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Problems(tt.body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check mismatch (-want +got):\n%s", diff)
			}
			d := Diagnose(tt.body)
			switch {
			case tt.diagnose == "" && d != nil:
				t.Errorf("Diagnose = %v, want nil", d)
			case tt.diagnose != "" && (d == nil || d.Rule != tt.diagnose):
				t.Errorf("Diagnose = %v, want rule %s", d, tt.diagnose)
			}
			// Diagnose is nil exactly when the body parses.
			if (d == nil) != parses(tt.body) {
				t.Errorf("Diagnose = %v but parses = %v", d, parses(tt.body))
			}
		})
	}
}

// parses reports whether body is well-formed by the test's own account:
// JSON that encoding/json accepts, all UTF-8, without duplicate keys and
// nested no deeper than MaxDepth; or UTF-8 XML that encoding/xml accepts
// with exactly one root element and is not HTML.
func parses(body []byte) bool {
	if json.Valid(body) {
		dup, depth := jsonoracle.Facts(body)
		return utf8.Valid(body) && !dup && depth <= MaxDepth
	}
	if !utf8.Valid(body) {
		return false
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '<' || sniff.HTML(trimmed) {
		return false
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return roots == 1
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(bytes.TrimPrefix(t, utf8BOM))) > 0 {
				return false
			}
		}
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Rule: RuleJSON, Line: 3, Col: 5, Offset: 20, Message: "not valid JSON"}
	if got, want := p.String(), "3:5: syntax.json: not valid JSON"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestLargeBodyBounded(t *testing.T) {
	// Thousands of trailing commas: the repair loop is bounded.
	body := []byte("[" + strings.Repeat("[1,],", 5000) + "1]")
	ps := Problems(body)
	if len(ps) == 0 || len(ps) > 201 {
		t.Fatalf("got %d problems, want between 1 and 201", len(ps))
	}
	for _, p := range ps {
		if p.Rule != RuleTrailingComma {
			t.Fatalf("unexpected %v", p)
		}
	}
}

func FuzzDiagnose(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte("\xEF\xBB\xBF{\"a\": [1,],}"))
	f.Add([]byte("{“a”: ‘b’}"))
	f.Add([]byte(`{"a": {{b}}, "c": %d#, "e": {f.g}}`))
	f.Add([]byte("<a><b x=“y”></a>"))
	f.Add([]byte("<!doctype html><title>x</title>"))
	f.Add(toUTF16LE(valid, false))
	f.Add([]byte("{\"a\": \"\\"))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"latin1\"?><a>&amp;</a>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		ps := Problems(body)
		d := Diagnose(body)
		if (d == nil) != parses(body) {
			t.Fatalf("Diagnose = %v but parses = %v", d, parses(body))
		}
		last := -1
		for _, p := range ps {
			if p.Rule == "" || p.Message == "" || p.Line < 1 || p.Col < 1 || p.Offset < 0 || p.Offset > len(body) {
				t.Fatalf("bad problem %+v", p)
			}
			if p.Offset < last {
				t.Fatalf("problems out of order: %v", ps)
			}
			last = p.Offset
		}
		if d != nil && !containsProblem(ps, *d) {
			t.Fatalf("Diagnose returned %v, which Check does not list: %v", d, ps)
		}
	})
}

func containsProblem(ps []Problem, p Problem) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// TestAnalyze checks the verdicts Analyze gives besides its problems.
func TestAnalyze(t *testing.T) {
	type verdict struct {
		Rules     []string
		Diagnosis string // the diagnosis's rule, "" for none
		Readable  bool
	}
	tests := []struct {
		body string
		want verdict
	}{
		{valid, verdict{Readable: true}},
		{`{"code": "{{code}}"}`, verdict{Rules: []string{RuleTemplate}, Readable: true}},
		{"\xEF\xBB\xBF{}", verdict{Rules: []string{RuleBOM}, Diagnosis: RuleBOM, Readable: true}},
		{`{"a": 1, "a": 2}`, verdict{Rules: []string{RuleDuplicateKey}, Diagnosis: RuleDuplicateKey, Readable: true}},
		{"[\"\xff\"]", verdict{Rules: []string{RuleUTF8}, Diagnosis: RuleUTF8, Readable: true}},
		{"\xEF\xBB\xBF{\"a\": \"\xff\", \"a\": 2,}", verdict{Rules: []string{RuleBOM, RuleUTF8, RuleDuplicateKey, RuleTrailingComma}, Diagnosis: RuleTrailingComma}},
		{"<a>\xff</a>", verdict{Rules: []string{RuleUTF8}, Diagnosis: RuleUTF8}},
		{`<html></html>`, verdict{Rules: []string{RuleHTML}, Diagnosis: RuleHTML}},
		{``, verdict{Rules: []string{RuleEmpty}, Diagnosis: RuleEmpty}},
	}
	for _, tt := range tests {
		a := Analyze([]byte(tt.body))
		got := verdict{Readable: a.Readable}
		for _, p := range a.Problems {
			got.Rules = append(got.Rules, p.Rule)
		}
		if a.Diagnosis != nil {
			got.Diagnosis = a.Diagnosis.Rule
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(%q) (-want +got):\n%s", tt.body, diff)
		}
	}
}
