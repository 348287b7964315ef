package fhirschema_test

import (
	"fmt"

	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

// A body is checked as it is, from one scan of its bytes.
func ExampleValidateJSON() {
	body := []byte(`{"resourceType": "OperationOutcome", "issue": [{"severity": "critical", "code": "not-found", "diagnostic": "x"}]}`)
	for _, v := range fhirschema.ValidateJSON(operationoutcome.R4, body) {
		fmt.Println(v.Pointer, v.Keyword)
		fmt.Println(" ", v)
	}
	// Output:
	// /issue/0/diagnostic additionalProperties
	//   OperationOutcome.issue[0].diagnostic: issue[0].diagnostic is not an element of OperationOutcome.issue in FHIR R4; did you mean diagnostics?
	// /issue/0/severity enum
	//   OperationOutcome.issue[0].severity: issue[0].severity "critical" is not a FHIR issue severity; use one of fatal, error, warning, information
}
