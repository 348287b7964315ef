package validate

import (
	"strings"
	"testing"

	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate/syntax"
)

// TestDepthLimitsAgree checks that the syntax layer's depth limit is the
// decoder's: a body the scan takes as not too deep is decoded whole, and one
// level deeper the scan says too deep.
func TestDepthLimitsAgree(t *testing.T) {
	nested := func(depth int) []byte { // the root object and depth-1 arrays
		return []byte(`{"resourceType": "OperationOutcome", "x": ` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) +
			`, "issue": [{"severity": "error", "code": "invalid"}]}`)
	}
	deepest := nested(syntax.MaxDepth)
	if a := syntax.Analyze(deepest); !a.Readable || a.Diagnosis != nil {
		t.Fatalf("nested %d deep: syntax diagnosis %v", syntax.MaxDepth, a.Diagnosis)
	}
	_, err := operationoutcome.Decode(deepest, operationoutcome.DecodeOptions{Strict: true})
	for _, de := range operationoutcome.AllDecodeErrors(err) {
		if de.Kind == operationoutcome.KindTooDeep {
			t.Errorf("nested %d deep: the decoder says %v", syntax.MaxDepth, de)
		}
	}
	if d := syntax.Diagnose(nested(syntax.MaxDepth + 1)); d == nil || d.Rule != syntax.RuleTooDeep {
		t.Errorf("nested %d deep: syntax diagnosis %v, want %s", syntax.MaxDepth+1, d, syntax.RuleTooDeep)
	}
}
