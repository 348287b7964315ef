package catalog

import (
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParamTypes(t *testing.T) {
	tests := []struct {
		typ, value string
		ok         bool
	}{
		{"string", "", true},
		{"text", "anything at all", true},
		{"int", "42", true},
		{"int", "-3", true},
		{"int", "two", false},
		{"int", "4.5", false},
		{"int", "", false},
		{"nhs-number", "9434765919", true},
		{"nhs-number", "9000000009", true},
		{"nhs-number", "9434765918", false}, // wrong check digit
		{"nhs-number", "943476591", false},  // nine digits
		{"nhs-number", "94347659190", false},
		{"nhs-number", "943476591X", false},
		{"nhs-number", "1000000010", false}, // the check digit would be 10
		{"ods-code", "RGD", true},
		{"ods-code", "Y05868", true},
		{"ods-code", "RX898.ABC", true},
		{"ods-code", "X2", false},
		{"ods-code", "R G D", false},
		{"ods-code", "RGD.", false},
		{"asid", "200000000115", true},
		{"asid", "2000000001150", false},
		{"asid", "20000000011a", false},
		{"uuid", "3de126fa-b5f5-4783-b67f-30c02b865016", true},
		{"uuid", "3DE126FA-B5F5-4783-B67F-30C02B865016", true},
		{"uuid", "3de126fab5f54783b67f30c02b865016", false},
		{"uuid", "3de126fa-b5f5-4783-b67f-30c02b86501g", false},
	}
	for _, tt := range tests {
		typ, ok := LookupParamType(tt.typ)
		if !ok {
			t.Fatalf("no type %q", tt.typ)
		}
		if err := typ.Validate(tt.value); (err == nil) != tt.ok {
			t.Errorf("%s %q: error %v, want ok %v", tt.typ, tt.value, err, tt.ok)
		}
	}
	if _, ok := LookupParamType("integer"); ok {
		t.Error(`"integer" is not a type`)
	}
	if err := (Param{Name: "n", Type: "no-such-type"}).Validate("x"); err != nil {
		t.Errorf("an unknown type accepts any value, got %v", err)
	}
}

// TestParamTypesDocumented keeps the table of docs/catalog-format.md equal
// to ParamTypes.
func TestParamTypesDocumented(t *testing.T) {
	data, err := os.ReadFile("../docs/catalog-format.md")
	if err != nil {
		t.Skipf("skipping: no docs/catalog-format.md: %v", err)
	}
	var got, want []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| (.+) \\|$").FindAllStringSubmatch(string(data), -1) {
		got = append(got, m[1]+": "+m[2])
	}
	for _, pt := range ParamTypes {
		want = append(want, pt.Name+": "+pt.Rule)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parameter types in docs/catalog-format.md (-catalog.ParamTypes +docs):\n%s", d)
	}
}
