package pds_test

import (
	"errors"
	"fmt"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/pds"
)

// The proxy builds INVALID_METHOD's display per request: the constructor
// fills it, and a client reads the values back from a received outcome.
func ExampleInvalidMethod() {
	err := pds.InvalidMethod("update", "application-restricted")
	fmt.Println(err.Display())

	received := all.Registry().FromOutcome(403, err.OperationOutcome(), catalog.Evidence{})
	p, ok := pds.InvalidMethodParamsOf(received)
	fmt.Println(errors.Is(received, pds.ErrInvalidMethod), ok, p.Operation, p.AccessMode)
	// Output:
	// Cannot update resource with application-restricted access token
	// true true update application-restricted
}
