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

func TestUnquote(t *testing.T) {
	raw := []byte(`a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x` + "\xff")
	if got, want := string(AppendUnquoted(nil, raw)), "a\"\\/\b\f\n\r\té😀\uFFFDx\uFFFD"; got != want {
		t.Errorf("AppendUnquoted = %q, want %q", got, want)
	}
	if got, want := string(AppendUnescaped(nil, raw)), "a\"\\/\b\f\n\r\té😀\uFFFDx\xff"; got != want {
		t.Errorf("AppendUnescaped = %q, want %q", got, want)
	}
}
