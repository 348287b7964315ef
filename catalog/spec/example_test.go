package spec_test

import (
	"fmt"

	"github.com/spinecat/spinecat/catalog/spec"
)

// Load reports every mistake in a catalogue file at once, each at its line
// and column.
func ExampleLoad() {
	_, err := spec.Load(spec.Source{Path: "shop/shop.yaml", Data: []byte(`package: shop
api: shop
title: A shop
entries:
  - name: OUT_OF_STOCK
    dialect: shop-r4
    status: 404
    sevrity: error
    issueType: not-fund
    description: The item is not in stock.
    hint: Try another store.
    sources: [shop guidance]
`)})
	fmt.Println(err)
	// Output:
	// shop/shop.yaml:5:5: entries[0]: missing required key severity
	// shop/shop.yaml:6:14: entries[0].dialect: unknown dialect "shop-r4"
	// shop/shop.yaml:8:5: entries[0]: unknown key "sevrity" (did you mean "severity"?)
	// shop/shop.yaml:9:16: entries[0].issueType: "not-fund" is not a FHIR R4 issue-type (record a misspelling the sources use as a variant)
}
