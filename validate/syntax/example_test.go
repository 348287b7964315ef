package syntax_test

import (
	"fmt"

	"github.com/spinecat/spinecat/validate/syntax"
)

// A body a lenient reader takes (encoding/json keeps the last "severity")
// but that is not well-formed FHIR JSON: the rest of it can still be
// checked.
func ExampleAnalyze() {
	a := syntax.Analyze([]byte(`{"resourceType": "OperationOutcome", "issue": [{"severity": "banana", "severity": "error", "code": "invalid"}]}`))
	fmt.Printf("readable %v, %s at %d:%d\n", a.Readable, a.Diagnosis.Rule, a.Diagnosis.Line, a.Diagnosis.Col)
	// Output: readable true, syntax.duplicate-key at 1:71
}

// A body with a trailing comma: every problem found, with its position.
func ExampleProblems() {
	for _, p := range syntax.Problems([]byte("{\"issue\": [\n  {\"code\": \"invalid\",},\n]}")) {
		fmt.Println(p.Line, p.Col, p.Rule)
	}
	// Output:
	// 2 21 syntax.trailing-comma
	// 2 23 syntax.trailing-comma
}
