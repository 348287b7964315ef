package report

import (
	"encoding/json"
	"io"

	"github.com/spinecat/spinecat/validate"
)

// jsonReport is the document WriteJSON writes; see the package doc.
type jsonReport struct {
	Results []Result `json:"results"`
	Summary Summary  `json:"summary"`
}

// WriteJSON writes the results and their summary as the JSON report
// described in the package documentation, indented, with a final newline.
func WriteJSON(w io.Writer, results []Result) error {
	if results == nil {
		results = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Diagnostics quote markup ("<br />"): keep it readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonReport{Results: normalized(results), Summary: Summarize(results)})
}

// normalized returns results whose slices and maps are never null in JSON.
func normalized(results []Result) []Result {
	out := make([]Result, len(results))
	for i, r := range results {
		if r.Issues == nil {
			r.Issues = []validate.Identification{}
		}
		for j := range r.Issues {
			if r.Issues[j].Params == nil {
				is := make([]validate.Identification, len(r.Issues))
				copy(is, r.Issues)
				for k := range is {
					if is[k].Params == nil {
						is[k].Params = map[string]string{}
					}
				}
				r.Issues = is
				break
			}
		}
		if r.Findings == nil {
			r.Findings = []validate.Finding{}
		}
		out[i] = r
	}
	return out
}
