package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

var (
	uuidRE       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	uuidDigitsRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-[0-9]{20}$`)
)

// checkStructure validates the body against the embedded FHIR schema of
// its release.
func (c *Checker) checkStructure(r *Report, body []byte, doc any, oo *operationoutcome.OperationOutcome, format operationoutcome.Format, version operationoutcome.Version) {
	seen := map[string]bool{}
	if format == operationoutcome.FormatXML {
		_, err := operationoutcome.DecodeXML(body, operationoutcome.DecodeOptions{Strict: true, Version: version})
		for _, de := range operationoutcome.AllDecodeErrors(err) {
			loc := de.Path
			if loc == "" {
				loc = fmt.Sprintf("body %d:%d", de.Line, de.Column)
			}
			seen[loc] = true
			r.add(xmlRule(de.Kind), Error, loc, fmt.Sprintf("%s (body %d:%d, FHIR %s)", de.Msg, de.Line, de.Column, version))
		}
		// The schema layer reads XML as the JSON of the outcome Check decoded.
		doc = decodeWhole(oo.AppendJSON(nil))
	}
	if doc == nil {
		return // the syntax layer has reported it
	}
	for _, v := range fhirschema.Validate(version, doc) {
		if seen[v.Location] {
			continue // the strict XML decoder has said it already
		}
		r.add(schemaRule(v.Keyword), Error, v.Location, v.Message+fmt.Sprintf(" (FHIR %s)", version))
	}
}

// xmlRules names the rule each kind of strict XML decoding problem breaks;
// any other kind breaks RuleFHIRElement.
var xmlRules = map[operationoutcome.DecodeErrorKind]string{
	operationoutcome.KindUnknownElement: RuleFHIRUnknownElement,
	operationoutcome.KindNotInValueSet:  RuleFHIRCode,
}

// xmlRule names the rule a strict XML decoding problem of kind k breaks.
func xmlRule(k operationoutcome.DecodeErrorKind) string {
	if rule, ok := xmlRules[k]; ok {
		return rule
	}
	return RuleFHIRElement
}

// decodeWhole decodes a JSON body as the schema layer takes it (numbers
// kept exact), or returns nil when it is not one whole JSON value. Whether
// the body is well-formed is the syntax scan's to say, not this decode's.
func decodeWhole(body []byte) any {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil // something follows the value: let the syntax layer say what
	}
	return doc
}

// schemaRule names the rule a schema keyword enforces.
func schemaRule(keyword string) string {
	switch keyword {
	case "additionalProperties":
		return RuleFHIRUnknownElement
	case "minItems", "maxItems":
		return RuleFHIRCardinality
	case "pattern", "format", "minimum", "maximum", "minLength", "maxLength":
		return RuleFHIRFormat
	case "enum", "const":
		return RuleFHIRCode
	case "required":
		return RuleFHIRRequired
	}
	return RuleFHIRType
}
