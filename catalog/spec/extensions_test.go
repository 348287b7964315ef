package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// A file with a dialect status rule, an expression template and a code
// sent without a system, the keys added for EPS and GP Connect.
const extended = `package: shop
api: shop
title: Shop
codeSystems:
  - name: shop-sd
    url: https://example.org/StructureDefinition/shop
    kind: StructureDefinition
    title: A StructureDefinition URL used as a system
    sources: [test]
    concepts:
      - {code: "405", display: Method not allowed}
dialects:
  - name: shop-r4
    title: Shop
    fhir: R4
    id: none
    lastUpdated: required
    display: optional
    expression: optional
    formats: [json]
    statusRule:
      every:
        - {issueType: forbidden, status: 403}
      otherwise: 400
    sources: [test]
entries:
  - name: FIELD_MISSING
    dialect: shop-r4
    status: 400
    severity: error
    issueType: required
    diagnostics: "Required field {field} is missing."
    params:
      - {name: field, doc: The field., example: item}
      - {name: resource, doc: The resource., example: Order}
    expression: ["{resource}.{field}"]
    description: d
    hint: h
    sources: [test]
  - name: NO_SYSTEM
    dialect: shop-r4
    status: 400
    severity: error
    issueType: value
    code: MISSING_QUANTITY
    codeNotInSystem: The till sends the code without a system.
    description: d
    hint: h
    sources: [test]
  - name: METHOD
    dialect: shop-r4
    status: 405
    severity: fatal
    issueType: not-supported
    system: shop-sd
    code: "405"
    description: d
    hint: h
    sources: [test]
`

func TestLoadExtensions(t *testing.T) {
	set, err := Load(Source{Path: "shop/shop.yaml", Data: []byte(extended)})
	if err != nil {
		t.Fatal(err)
	}
	f := set.Files[0]
	want := &catalog.StatusRule{Every: []catalog.StatusCase{{IssueType: operationoutcome.IssueForbidden, Status: 403}}, Otherwise: 400}
	if diff := cmp.Diff(want, f.Dialects[0].StatusRule); diff != "" {
		t.Errorf("status rule (-want +got):\n%s", diff)
	}
	e := f.Entries[0]
	if len(e.Expression) != 1 || e.Expression[0].String() != "{resource}.{field}" {
		t.Errorf("expression = %v", e.Expression)
	}
	got := catalog.New(e, "item", "Order").OperationOutcome().Issue[0].Expression
	if diff := cmp.Diff([]string{"Order.item"}, got); diff != "" {
		t.Errorf("constructed expression (-want +got):\n%s", diff)
	}
	if ns := f.Entries[1]; ns.System != nil || ns.Code != "MISSING_QUANTITY" {
		t.Errorf("code without a system: system %v, code %q", ns.System, ns.Code)
	}
	if k := f.CodeSystems[0].Kind; k != "StructureDefinition" {
		t.Errorf("kind = %q", k)
	}
}

func TestLoadExtensionProblems(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"status rule issue type", "{issueType: forbidden, status: 403}", "{issueType: forbiden, status: 403}",
			[]string{`shop/shop.yaml:23:23: dialects[0].statusRule.every[0].issueType: "forbiden" is not a FHIR R4 issue-type`}},
		{"status rule repeated", "        - {issueType: forbidden, status: 403}\n", "        - {issueType: forbidden, status: 403}\n        - {issueType: forbidden, status: 401}\n",
			[]string{`shop/shop.yaml:24:23: dialects[0].statusRule.every[1].issueType: issue type "forbidden" has a case already; the first would always win`}},
		{"status rule with one issue", "    formats: [json]\n", "    formats: [json]\n    maxIssues: 1\n",
			[]string{"shop/shop.yaml:23:7: dialects[0].statusRule: a status rule decides the status of outcomes with several issues, but the dialect sends one (maxIssues: 1)"}},
		{"status rule without otherwise", "      otherwise: 400\n", "",
			[]string{"shop/shop.yaml:22:7: dialects[0].statusRule: missing required key otherwise"}},
		{"code without system or note", "    codeNotInSystem: The till sends the code without a system.\n", "",
			[]string{`shop/shop.yaml:40:5: entries[1]: code "MISSING_QUANTITY" has no system: give the system, list system under undocumented when the sources name the code without one, or say with codeNotInSystem why the service sends the code without one`}},
		{"expression placeholder undeclared", `["{resource}.{field}"]`, `["{resource}.{fieldName}"]`,
			[]string{"shop/shop.yaml:36:18: entries[0].expression[0]: placeholder {fieldName} has no parameter; declare it under params"}},
		{"expression placeholder unclosed", `["{resource}.{field}"]`, `["{resource}.{field"]`,
			[]string{
				"shop/shop.yaml:35:16: entries[0].params[1].name: parameter \"resource\" is not used by the display, diagnostics or expression template, nor by any variant's",
				"shop/shop.yaml:36:18: entries[0].expression[0]: placeholder at offset 11 is not closed with '}'",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(replaceOnce(t, extended, tt.old, tt.new))
			got := problems(t, "shop/shop.yaml", data)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
