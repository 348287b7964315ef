package all_test

import (
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/operationoutcome"
)

// TestParamsOfTyped: a response whose int parameter is not an int is read
// back as the entry, but its ParamsOf reports not-ok; a good one reads.
func TestParamsOfTyped(t *testing.T) {
	oo := func(diag string) *operationoutcome.OperationOutcome {
		o := nrlf.InvalidResourceCategoryLength(2).OperationOutcome()
		o.Issue[0].Diagnostics = diag
		return o
	}
	good := all.Registry().FromOutcome(400, oo("Invalid category length: 3 Category must only contain a single value"), catalog.Evidence{})
	p, ok := nrlf.InvalidResourceCategoryLengthParamsOf(good)
	if !ok || p.Count != 3 {
		t.Errorf("ParamsOf(count 3) = %+v, %v", p, ok)
	}
	bad := all.Registry().FromOutcome(400, oo("Invalid category length: two Category must only contain a single value"), catalog.Evidence{})
	if bad.Entry() == nil || bad.Entry().Name != "INVALID_RESOURCE_CATEGORY_LENGTH" {
		t.Fatalf("the response was not read back as INVALID_RESOURCE_CATEGORY_LENGTH: %v", bad)
	}
	if p, ok := nrlf.InvalidResourceCategoryLengthParamsOf(bad); ok {
		t.Errorf("ParamsOf(count \"two\") = %+v, ok; want not-ok", p)
	}
	if got := bad.Param("count"); got != "two" {
		t.Errorf(`Param("count") = %q, want the text received, "two"`, got)
	}
}
