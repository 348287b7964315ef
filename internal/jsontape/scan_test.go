package jsontape

import (
	"testing"
)

var benchBody = []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"The requested DocumentReference could not be found"}]}`)

func BenchmarkScan(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(benchBody, 0).Release()
	}
}
