package catalog_test

import (
	"errors"
	"fmt"
	"io"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/eps"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/operationoutcome"
)

// A server builds the error with the generated constructor and sends the
// OperationOutcome it gives, with its status.
func ExampleError_OperationOutcome() {
	err := nrl.NoRecordFoundDocumentReference("5a4171ac-486e-11e8-9ffc-6c3be5a609f5")
	oo := err.OperationOutcome(catalog.WithIDSource(func(catalog.IDPolicy) string { return "example-id" }))
	fmt.Println(err.HTTPStatus())
	fmt.Println(string(oo.AppendJSON(nil)))
	// Output:
	// 404
	// {"resourceType":"OperationOutcome","id":"example-id","meta":{"profile":["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"]},"issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"No record found for supplied DocumentReference identifier - 5a4171ac-486e-11e8-9ffc-6c3be5a609f5"}]}
}

// HTTPStatus works on any error: catalogue errors give their status,
// wrapped or not, and anything else is a 500.
func ExampleHTTPStatus() {
	fmt.Println(catalog.HTTPStatus(fmt.Errorf("reading pointer: %w", nrl.InvalidNHSNumber("123"))))
	fmt.Println(catalog.HTTPStatus(io.ErrUnexpectedEOF))
	// Output:
	// 400
	// 500
}

// A client identifies an issue it received: the entry, the documented
// variant it matched, and the diagnostics parameters.
func ExampleRegistry_Identify() {
	iss := operationoutcome.Issue{
		Severity: operationoutcome.SeverityError,
		Code:     operationoutcome.IssueNotFound,
		Details: &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{
			System:  "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
			Code:    "NO_RECORD_FOUND",
			Display: "No record found",
		}}},
		Diagnostics: "The given NHS number could not be found 9434765919",
	}
	m, ok := all.Registry().Identify(&iss, catalog.Evidence{Status: 404, API: "nrl"})
	fmt.Println(ok, m.Entry.ID(), m.Params["nhsNumber"], len(m.Differences))
	// Output:
	// true nrl.NO_RECORD_FOUND_NHS_NUMBER 9434765919 0
}

// errors.Is compares by catalogue entry, whatever the parameters.
func ExampleSentinel() {
	err := fmt.Errorf("create: %w", nrl.OrganisationNotFound("RGD"))
	fmt.Println(errors.Is(err, nrl.ErrOrganisationNotFound), errors.Is(err, nrl.ErrInvalidNHSNumber))
	// Output:
	// true false
}

// A response without an OperationOutcome is identified from its status, its
// body and the surface of the request's path: e-RS documents an empty 403
// on its R4 paths and another on its STU3 paths.
func ExampleRegistry_IdentifyBody() {
	reg := all.Registry()
	for _, path := range []string{"/referrals/FHIR/R4/Binary/1", "/referrals/FHIR/STU3/ReferralRequest/1", ""} {
		e, ok := reg.IdentifyBody(catalog.BodyResponse{Status: 403, API: "ers", URL: path, ContentType: "text/plain"})
		if !ok {
			fmt.Println("not identified: two entries document it and the path is unknown")
			continue
		}
		fmt.Println(e.ID(), catalog.APIOf(e).Surface(path).Name)
	}
	// Output:
	// ers.R4_APP_RESTRICTED_HEADER_SENT r4
	// ers.APP_RESTRICTED_HEADER_SENT stu3
	// not identified: two entries document it and the path is unknown
}

// EPS returns every validation issue in one OperationOutcome and chooses
// the status from them; its dialect's status rule says how.
func ExampleStatusRule_Status() {
	rule := eps.DialectEpsR4.StatusRule
	scope := eps.MissingScope("prescribing").OperationOutcome().Issue[0]
	field := eps.MissingRequiredField("organization.partOf").OperationOutcome().Issue[0]
	fmt.Println(rule.Status([]operationoutcome.Issue{scope, scope}))
	fmt.Println(rule.Status([]operationoutcome.Issue{scope, field}))
	fmt.Println(rule)
	// Output:
	// 403
	// 400
	// 200 when every issue is "informational", 403 when every issue is "forbidden", else 400
}

// A service that collects every validation issue sends them in one
// OperationOutcome; the status is the one its dialect's rule gives them.
func ExampleJoin() {
	err := catalog.Join(
		eps.MedicationRequestMissingValue("statusReason"),
		eps.MissingRequiredField("organization.partOf"),
	)
	fmt.Println(err.HTTPStatus())
	for _, iss := range err.OperationOutcome().Issue {
		fmt.Println(iss.Diagnostics, iss.Expression)
	}
	// Output:
	// 400
	// Expected MedicationRequest to have a value for statusReason. [Bundle.entry.resource.ofType(MedicationRequest).statusReason]
	// Required field organization.partOf is missing. []
}
