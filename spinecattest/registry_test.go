package spinecattest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/spec"
)

// wardFile is a team's own API, loaded at run time over the shipped
// catalogue: one entry under the shipped R4 Spine code system.
const wardFile = `package: ward
api: ward
title: A ward's bed API
dialects:
  - {name: ward-r4, title: Ward R4, fhir: R4, profile: "https://example.org/StructureDefinition/Ward-OperationOutcome-1", id: none, lastUpdated: prohibited, display: required, expression: prohibited, systems: [spine-r4], formats: [json], sources: [test]}
entries:
  - {name: BED_NOT_FOUND, dialect: ward-r4, status: 404, severity: error, issueType: not-found, system: spine-r4, code: RESOURCE_NOT_FOUND, display: Resource not found,
     diagnostics: "No bed {id}", params: [{name: id, doc: The bed., example: "7"}], description: d, hint: h, sources: [test]}
`

// TestRegistryOption: with the team's registry a capture is checked as its
// API's entry, and one that departs from it fails; without it the same
// capture is no catalogued API's and fails nothing.
func TestRegistryOption(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "captures")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	body := func(display string) string {
		return "HTTP/1.1 404 Not Found\r\nContent-Type: application/fhir+json\r\n\r\n" +
			`{"resourceType": "OperationOutcome", "meta": {"profile": ["https://example.org/StructureDefinition/Ward-OperationOutcome-1"]}, "issue": [{"severity": "error", "code": "not-found",` +
			` "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", "code": "RESOURCE_NOT_FOUND", "display": "` + display + `"}]}, "diagnostics": "No bed 12"}]}`
	}
	for name, content := range map[string]string{"good.http": body("Resource not found"), "bad.http": body("Not found")} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := spec.LoadWith(spec.Options{Base: all.Registry()}, spec.Source{Path: "ward/ward.yaml", Data: []byte(wardFile)})
	if err != nil {
		t.Fatal(err)
	}
	reg := catalog.Merge(all.Registry(), set.Registry())

	var with fakeTB
	CheckDir(&with, dir, Registry(reg))
	want := []string{`bad.http: catalog.display OperationOutcome.issue[0].details.coding[0].display: display is "Not found"; ward.BED_NOT_FOUND documents "Resource not found". Send the display exactly as documented`}
	if diff := cmp.Diff(want, with.errors); diff != "" {
		t.Errorf("with the registry (-want +got):\n%s", diff)
	}
	var without fakeTB
	CheckDir(&without, dir)
	if len(without.errors) != 0 || !strings.Contains(strings.Join(without.logs, "\n"), "dialect.unknown") {
		t.Errorf("without the registry: errors %q, logs %q; want no error and dialect.unknown logged", without.errors, without.logs)
	}
}
