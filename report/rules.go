package report

import (
	"github.com/spinecat/spinecat/capture"
	"github.com/spinecat/spinecat/validate"
)

// ownRules are the rules of the findings the report adds itself.
var ownRules = []validate.RuleInfo{
	{ID: RuleUnreadable, Layer: "capture", Description: "the capture could not be read: a path that does not exist, a file that cannot be opened, a malformed HAR file, status line or sidecar"},
	{ID: RuleNotAnError, Layer: "capture", Description: "a 1xx, 2xx or 3xx response that is not an OperationOutcome (a preflight, a Bundle, a script, an image): not an error response, skipped (information)"},
}

// Rules lists every rule id a Result's findings can carry, the way
// validate.Rules lists the checker's: first the capture layer (the report's
// own rules, then the reader's notes, with their severity), then the
// checker's rules.
func Rules() []validate.RuleInfo {
	out := append([]validate.RuleInfo(nil), ownRules...)
	for _, r := range capture.Rules {
		d := r.Description
		if sev := noteSeverity[r.ID]; sev != validate.Error {
			d += " (" + string(sev) + ")"
		}
		out = append(out, validate.RuleInfo{ID: r.ID, Layer: "capture", Description: d})
	}
	return append(out, validate.Rules...)
}
