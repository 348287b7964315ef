package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A code a specification table names without its system is an entry with
// system listed under undocumented.
func TestLoadUndocumentedSystem(t *testing.T) {
	const dialect = "  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: prohibited, expression: prohibited, formats: [json], sources: [t]}\nentries:\n"
	tests := []struct {
		name, entry string
		want        []string
	}{
		{"a code without its system", "  - {name: E, dialect: d, status: 504, severity: error, issueType: timeout, code: GATEWAY_TIMEOUT, undocumented: [system, issueType], description: d, hint: h, sources: [t]}\n", nil},
		{"a system and an undocumented one", "  - {name: E, dialect: d, status: 504, severity: error, issueType: timeout, system: door-codes, code: DENIED, undocumented: [system], description: d, hint: h, sources: [t]}\n",
			[]string{"door/door.yaml:9:85: entries[0].system: the system is listed under undocumented: drop system, or take it off the list"}},
		{"an undocumented system without a code", "  - {name: E, dialect: d, status: 504, severity: error, issueType: timeout, undocumented: [system], description: d, hint: h, sources: [t]}\n",
			[]string{"door/door.yaml:9:91: entries[0].undocumented: an undocumented system is for a code the sources name without its system: give code"}},
		{"a code without a system", "  - {name: E, dialect: d, status: 504, severity: error, issueType: timeout, code: DENIED, description: d, hint: h, sources: [t]}\n",
			[]string{`door/door.yaml:9:5: entries[0]: code "DENIED" has no system: give the system, list system under undocumented when the sources name the code without one, or say with codeNotInSystem why the service sends the code without one`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, problems(t, "door/door.yaml", []byte(doorHead+dialect+tt.entry))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
