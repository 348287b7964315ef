package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
)

const defectsFile = doorHead + `  - name: door-r4
    title: R4
    fhir: R4
    id: none
    lastUpdated: prohibited
    display: prohibited
    expression: optional
    formats: [json]
    sources: [t]
    defects:
      - {name: trailing-comma, rule: syntax.trailing-comma, note: A comma., sources: [t]}
entries:
  - name: DENIED
    dialect: door-r4
    status: 403
    severity: error
    issueType: forbidden
    system: door-codes
    code: DENIED
    description: d
    hint: h
    sources: [t]
    variants:
      - name: token
        note: The proxy sends token.
        issueType: token
        sources: [t]
        defects:
          - {name: token-issue-type, rule: fhir.code, element: issue.code, value: token, note: Not a FHIR issue type., sources: [t]}
`

func TestLoadDefects(t *testing.T) {
	set, err := Load(Source{Path: "door/door.yaml", Data: []byte(defectsFile)})
	if err != nil {
		t.Fatal(err)
	}
	f := set.Files[0]
	got := [][]catalog.Defect{f.Dialects[0].Defects, f.Entries[0].Variants[0].Defects}
	want := [][]catalog.Defect{
		{{Name: "trailing-comma", Rule: "syntax.trailing-comma", Note: "A comma.", Sources: []string{"t"}}},
		{{Name: "token-issue-type", Rule: "fhir.code", Element: "issue.code", Value: "token", Note: "Not a FHIR issue type.", Sources: []string{"t"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defects (-want +got):\n%s", diff)
	}
}

func TestLoadDefectProblems(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"an invalid issue type no defect documents", "value: token, note", "value: tokn, note",
			[]string{`door/door.yaml:32:20: entries[0].variants[0].issueType: "token" is not a FHIR R4 issue-type; if a source really sends it, say in the note that it is a typo, or record it as a defect (rule fhir.code, element issue.code, value "token")`}},
		{"a value without an element", "element: issue.code, value", "value",
			[]string{
				`door/door.yaml:32:20: entries[0].variants[0].issueType: "token" is not a FHIR R4 issue-type; if a source really sends it, say in the note that it is a typo, or record it as a defect (rule fhir.code, element issue.code, value "token")`,
				`door/door.yaml:35:62: entries[0].variants[0].defects[0].value: a value is what is sent at an element: give element, the path where it is sent (such as issue.code)`,
			}},
		{"a name twice", "{name: trailing-comma, rule: syntax.trailing-comma, note: A comma., sources: [t]}",
			"{name: trailing-comma, rule: syntax.trailing-comma, note: A comma., sources: [t]}\n      - {name: trailing-comma, rule: fhir.code, note: Again., sources: [t]}",
			[]string{`door/door.yaml:18:16: dialects[0].defects[1].name: defect "trailing-comma" is listed twice here; give each its own name`}},
		{"a rule that is no rule id", "rule: syntax.trailing-comma", "rule: trailing comma",
			[]string{`door/door.yaml:17:38: dialects[0].defects[0].rule: does not match pattern '^[a-z]+\\.[a-z]+(-[a-z0-9]+)*$'`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := replaceOnce(t, defectsFile, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, problems(t, "door/door.yaml", []byte(src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// replaceOnce returns s with its one occurrence of from replaced by to.
func replaceOnce(t *testing.T, s, from, to string) string {
	t.Helper()
	if strings.Count(s, from) != 1 {
		t.Fatalf("%q occurs %d times, want once", from, strings.Count(s, from))
	}
	return strings.Replace(s, from, to, 1)
}
