package validate

import (
	"fmt"
	"strconv"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

// checkStructure validates the body against the embedded FHIR schema of
// its release: a JSON body's tape, or for XML the JSON of the outcome
// decoded, after the strict XML decoder's problems.
func (c *Checker) checkStructure(r *Report, tape *jsontape.Tape, xmlProblems error, oo *operationoutcome.OperationOutcome, version operationoutcome.Version) {
	var vs []fhirschema.Violation
	var seen map[string]bool
	if tape != nil {
		vs = fhirschema.ValidateTape(version, tape)
	} else {
		seen = map[string]bool{}
		for _, de := range operationoutcome.AllDecodeErrors(xmlProblems) {
			loc := de.Path
			if loc == "" {
				loc = fmt.Sprintf("body %d:%d", de.Line, de.Column)
			}
			seen[loc] = true
			r.add(xmlRule(de.Kind), Error, loc, fmt.Sprintf("%s (body %d:%d, FHIR %s)", de.Msg, de.Line, de.Column, version))
		}
		vs = fhirschema.ValidateJSON(version, oo.AppendJSON(nil))
	}
	for _, v := range vs {
		if seen[v.Location] {
			continue // the strict XML decoder has said it already
		}
		r.add(schemaRule(v.Keyword), Error, v.Location, v.Message+" (FHIR "+string(version)+")")
	}
}

// issueLoc is the FHIR path of issue i.
func issueLoc(i int) string {
	if i < len(issueLocs) {
		return issueLocs[i]
	}
	return "OperationOutcome.issue[" + strconv.Itoa(i) + "]"
}

// issueLocs are the paths of the first issues, which nearly every response
// has alone.
var issueLocs = func() (locs [8]string) {
	for i := range locs {
		locs[i] = "OperationOutcome.issue[" + strconv.Itoa(i) + "]"
	}
	return locs
}()

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
