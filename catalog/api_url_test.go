package catalog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
)

func TestAPIAt(t *testing.T) {
	mk := func(name string, bases ...string) *catalog.API {
		d := &catalog.Dialect{Name: name + "-r4", API: name}
		return catalog.NewAPI(&catalog.API{Name: name, BasePaths: bases}, []*catalog.Entry{{API: name, Name: "E", Dialect: d}})
	}
	apis := []*catalog.API{mk("ref", "/referrals"), mk("loc", "/record-locator/"), mk("twin", "/shared"), mk("twin2", "/shared"), mk("none")}
	var entries []*catalog.Entry
	for _, a := range apis {
		entries = append(entries, a.Entries()...)
	}
	reg := catalog.NewRegistry(nil, entries)
	tests := map[string]string{
		"https://api.service.nhs.uk/referrals/FHIR/R4/Binary/x":            "ref",
		"https://sandbox.api.service.nhs.uk/referrals":                     "ref",
		"/record-locator/consumer/FHIR/R4/DocumentReference?subject=x":     "loc",
		"https://api.service.nhs.uk/referrals-v2/FHIR/R4/Binary/x":         "", // another path that starts alike
		"https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient": "",
		"https://example.org/shared/x":                                     "", // two APIs share the base path
		"":                                                                 "",
		"::not a url":                                                      "",
	}
	for url, want := range tests {
		got := ""
		if a := reg.APIAt(url); a != nil {
			got = a.Name
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("APIAt(%q) (-want +got):\n%s", url, diff)
		}
	}
}
