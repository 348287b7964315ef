package spec

import (
	"fmt"

	"github.com/spinecat/spinecat/catalog"
)

// defects builds the documented defects listed under ptr (a dialect,
// dialect variant, entry or variant), each name once there.
func (l *loader) defects(pf *parsedFile, ptr string, docs []defectDoc) []catalog.Defect {
	var out []catalog.Defect
	seen := map[string]bool{}
	for i, d := range docs {
		dp := fmt.Sprintf("%s/defects/%d", ptr, i)
		if seen[d.Name] {
			l.problem(pf, dp+"/name", "defect %q is listed twice here; give each its own name", d.Name)
		}
		seen[d.Name] = true
		if d.Value != "" && d.Element == "" {
			l.problem(pf, dp+"/value", "a value is what is sent at an element: give element, the path where it is sent (such as issue.code)")
		}
		out = append(out, catalog.Defect{Name: d.Name, Rule: d.Rule, Element: d.Element, Value: d.Value, Note: d.Note, Sources: d.Sources})
	}
	return out
}

// documentsIssueType reports whether one of the defects is issue.code
// sent as value, which is not an issue type of the FHIR release.
func documentsIssueType(defects []catalog.Defect, value string) bool {
	for _, d := range defects {
		if d.Rule == "fhir.code" && d.Element == "issue.code" && d.Value == value {
			return true
		}
	}
	return false
}
