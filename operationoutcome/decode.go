package operationoutcome

import "github.com/spinecat/spinecat/internal/textpos"

// DecodeOptions controls decoding.
type DecodeOptions struct {
	// Strict reports every element the model does not know (with its path),
	// repeated elements, nulls, and severities and issue types outside
	// their value sets. Otherwise unknown elements are ignored. Valid FHIR
	// that the model does not keep (element ids, "_name" primitive
	// extension siblings, fhir_comments) is accepted in both modes.
	Strict bool
	// Version, when set, makes elements of the other release unknown
	// (STU3 has no meta.source) and checks issue
	// types against that release in strict mode. Zero accepts both.
	Version Version
}

// Decode decodes an OperationOutcome in FHIR JSON or XML, telling them apart
// by the first byte that is not white space ('{' JSON, '<' XML); a UTF-8 byte
// order mark is skipped.
//
// A syntax error, or a document that is not an OperationOutcome, returns a
// nil result and one *DecodeError. Other problems (wrong JSON types, and in
// strict mode unknown elements) do not stop decoding: Decode returns the
// OperationOutcome decoded so far together with every problem, as a
// *DecodeError when there is one and as DecodeErrors when there are more.
func Decode(data []byte, opts DecodeOptions) (*OperationOutcome, error) {
	switch sniff(data) {
	case FormatJSON:
		return DecodeJSON(data, opts)
	case FormatXML:
		return DecodeXML(data, opts)
	}
	off := skipBOM(data)
	for off < len(data) && isJSONSpace(data[off]) {
		off++
	}
	line, col := textpos.Of(data, off)
	msg := "not FHIR JSON or XML: expected '{' or '<'"
	if off == len(data) {
		msg = "empty input"
	}
	return nil, &DecodeError{Line: line, Column: col, Msg: msg}
}

// sniff returns the format the content looks like, or "".
func sniff(data []byte) Format {
	for i := skipBOM(data); i < len(data); i++ {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return FormatJSON
		case '<':
			return FormatXML
		}
		return ""
	}
	return ""
}

func skipBOM(data []byte) int {
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return 3
	}
	return 0
}
