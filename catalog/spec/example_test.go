package spec_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
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

// Extend loads a team's own catalogue file over the shipped one: the file
// names the shipped R4 Spine code system, and the registry returned holds
// the shipped APIs and the team's.
func ExampleExtend() {
	dir, _ := os.MkdirTemp("", "ward")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "ward.yaml")
	_ = os.WriteFile(file, []byte(`package: ward
api: ward
title: A ward's bed API
dialects:
  - {name: ward-r4, title: Ward R4, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: optional, formats: [json], sources: [ward guidance]}
entries:
  - name: BED_NOT_FOUND
    dialect: ward-r4
    status: 404
    severity: error
    issueType: not-found
    system: spine-r4
    code: RESOURCE_NOT_FOUND
    display: Resource not found
    diagnostics: "No bed {id}"
    params: [{name: id, doc: The bed asked for., example: "7"}]
    description: No bed has that id.
    hint: List the ward's beds first.
    sources: [ward guidance]
`), 0o644)
	reg, err := spec.Extend(all.Registry(), file)
	if err != nil {
		fmt.Println(err) // every mistake, as file:line:col: message
		return
	}
	api, _ := reg.API("ward")
	fmt.Println(api.Title+", beside the shipped APIs:", len(reg.APIs()) == len(all.APIs())+1)
	e, _ := api.Entry("BED_NOT_FOUND")
	fmt.Println(e.System.Name, e.System.URL)
	fmt.Println(catalog.New(e, "12").Error())
	// Output:
	// A ward's bed API, beside the shipped APIs: true
	// spine-r4 https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode
	// ward: 404 RESOURCE_NOT_FOUND: No bed 12 (hint: List the ward's beds first.)
}
