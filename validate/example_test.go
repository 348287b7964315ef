package validate_test

import (
	"fmt"
	"net/http"

	"github.com/spinecat/spinecat/validate"
)

// Check a captured response: the API and dialect are detected, the issue is
// identified, and each departure is a finding with a rule, a location and
// what to do.
func ExampleCheck() {
	body := `<OperationOutcome xmlns="http://hl7.org/fhir">
  <id value="5a4171ac-486e-11e8-9ffc-6c3be5a609f5-34326129638901216693"/>
  <meta><profile value="https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"/></meta>
  <issue>
    <severity value="error"/>
    <code value="invalid"/>
    <details><coding>
      <system value="https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1"/>
      <code value="INVALID_NHS_NUMBER"/>
      <display value="Invalid NHS Number"/>
    </coding></details>
    <diagnostics value="The NHS number does not conform to the NHS Number format: 123"/>
  </issue>
</OperationOutcome>`
	rep := validate.Check(validate.Response{
		Status: 400,
		Header: http.Header{"Content-Type": {"application/fhir+xml; charset=utf-8"}},
		Body:   []byte(body),
	})
	fmt.Println(rep.API, rep.Dialect, rep.Issues[0].Entry, rep.Issues[0].Params["nhsNumber"], rep.Conformant)
	for _, f := range rep.Errors() {
		fmt.Println(f.Rule, f.Location)
	}
	// Output:
	// nrl nrl-stu3 nrl.INVALID_NHS_NUMBER 123 false
	// catalog.display OperationOutcome.issue[0].details.coding[0].display
}
