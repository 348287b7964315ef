package fhirschema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/operationoutcome"
)

//go:embed operationoutcome.r4.schema.json
var r4Source []byte

//go:embed operationoutcome.stu3.schema.json
var stu3Source []byte

// Violation is one way in which a document breaks the OperationOutcome
// schema of a FHIR version.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value, such as
	// "/issue/0/severity". For a missing or unknown property it is the
	// pointer the property has (or would have). The whole document is "".
	Pointer string
	// Location is the same place as a FHIR path, such as
	// "OperationOutcome.issue[0].severity".
	Location string
	// Keyword is the JSON Schema keyword that failed: "required", "enum",
	// "type", "additionalProperties", "minItems", "pattern", "const",
	// "minimum", "maximum". Two keywords are the package's own: "version"
	// (an unknown FHIR version) and "input" (the document is not JSON, or
	// not a value encoding/json decodes).
	Keyword string
	// Message is a plain sentence saying what was expected and what was
	// found.
	Message string
}

// String returns "Location: Message".
func (v Violation) String() string { return v.Location + ": " + v.Message }

// schema is one version's schema, compiled for the walk.
type schema struct {
	version operationoutcome.Version
	fast    *fastSchema
}

var (
	r4Schema   = sync.OnceValues(func() (*schema, error) { return compile(operationoutcome.R4, r4Source) })
	stu3Schema = sync.OnceValues(func() (*schema, error) { return compile(operationoutcome.STU3, stu3Source) })
)

func compile(v operationoutcome.Version, src []byte) (*schema, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	fast, err := buildFast(doc)
	if err != nil {
		return nil, fmt.Errorf("fhirschema: embedded %s schema: %w", v, err)
	}
	return &schema{version: v, fast: fast}, nil
}

func schemaFor(v operationoutcome.Version) (*schema, error) {
	switch v {
	case operationoutcome.R4:
		return r4Schema()
	case operationoutcome.STU3:
		return stu3Schema()
	}
	return nil, fmt.Errorf("unknown FHIR version %q", string(v))
}

// Source returns a copy of the embedded JSON Schema for version v, or nil for
// an unknown version. The OperationOutcome is at #/definitions/OperationOutcome.
func Source(v operationoutcome.Version) []byte {
	switch v {
	case operationoutcome.R4:
		return bytes.Clone(r4Source)
	case operationoutcome.STU3:
		return bytes.Clone(stu3Source)
	}
	return nil
}

// Compile compiles the schema of version v for the walk if this process has
// not done so yet, and reports an error for an unknown version. The first
// check of each version calls it; a server may call it at start-up to move
// the cost (a fraction of a millisecond) out of its first request.
func Compile(v operationoutcome.Version) error {
	_, err := schemaFor(v)
	return err
}

// ValidateJSON checks body, one JSON value, against the OperationOutcome
// schema of FHIR version v. It returns nil when the body conforms, and
// otherwise every violation found, without duplicates, sorted by JSON
// pointer. A body that is not well-formed JSON gets one violation with
// keyword "input". It never panics.
//
// A repeated property counts once, with its last value, as encoding/json
// reads it; the syntax layer (package validate/syntax) reports the
// repetition itself.
func ValidateJSON(v operationoutcome.Version, body []byte) []Violation {
	t := jsontape.Scan(body, len(body)-len(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	defer t.Release()
	if f, stops := t.Stop(); stops {
		return []Violation{inputViolation("the body is not JSON: " + f.Kind.String())}
	}
	return ValidateTape(v, t)
}

// ValidateTape is [ValidateJSON] for a body the module's JSON scanner has
// already read, so that spinecat's checker scans each body once whatever
// reads it. The tape must be readable (no fault that stops a parser). Its
// type is internal to this module: outside it, use ValidateJSON.
func ValidateTape(v operationoutcome.Version, t *jsontape.Tape) (out []Violation) {
	s, err := schemaFor(v)
	if err != nil {
		return versionViolation(v)
	}
	defer func() {
		if r := recover(); r != nil {
			out = []Violation{inputViolation(fmt.Sprint(r))}
		}
	}()
	leaves := s.fast.validate(t)
	if len(leaves) == 0 {
		return nil
	}
	e := explainer{t: t, version: s.version}
	for _, l := range leaves {
		out = e.explain(out, l)
	}
	return sortDedupe(out)
}

// Validate checks doc, a value as encoding/json decodes it (preferably with
// json.Decoder.UseNumber), against the OperationOutcome schema of FHIR
// version v; see ValidateJSON. A value encoding/json never produces (a
// struct, a NaN) gets one violation with keyword "input".
func Validate(v operationoutcome.Version, doc any) []Violation {
	if _, err := schemaFor(v); err != nil {
		return versionViolation(v)
	}
	body, err := appendValue(nil, doc)
	if err != nil {
		return []Violation{inputViolation(err.Error())}
	}
	return ValidateJSON(v, body)
}

func versionViolation(v operationoutcome.Version) []Violation {
	return []Violation{{
		Pointer:  "",
		Location: "OperationOutcome",
		Keyword:  "version",
		Message:  fmt.Sprintf("cannot check against FHIR version %q; use STU3 or R4", string(v)),
	}}
}

func inputViolation(detail string) Violation {
	return Violation{
		Pointer:  "",
		Location: "OperationOutcome",
		Keyword:  "input",
		Message:  "the document is not a JSON value (" + detail + "); check the body, or decode it with encoding/json first",
	}
}
