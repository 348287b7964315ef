package erspc_test

import (
	"fmt"
	"os"
	"time"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/erspc"
)

// The Patient Care API's answer to a missing NHSD-Target-Identifier, as a
// mock sends it: the NHSDigital-OperationOutcome profile, meta.lastUpdated,
// no display, and the expression as FHIR writes it (the proxy's own
// template sends a string, a documented defect).
func ExampleValidationErrorTargetIdentifier() {
	clock := catalog.WithClock(func() time.Time { return time.Date(2026, 3, 6, 14, 20, 31, 845_000_000, time.UTC) })
	if _, err := erspc.ValidationErrorTargetIdentifier().WriteJSON(os.Stdout, clock); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"resourceType":"OperationOutcome","meta":{"lastUpdated":"2026-03-06T14:20:31.845Z","profile":["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"]},"issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode","code":"VALIDATION_ERROR"}]},"diagnostics":"Unknown value","expression":["http.\"NHSD-Target-Identifier\""]}]}
}
