package jsontape

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestPlain8 holds the eight-byte test to the byte table: whenever it says
// eight bytes are plain, each of them is.
func TestPlain8(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	alphabet := []byte{0x00, 0x1f, 0x20, 0x21, '"', 0x23, 0x5b, '\\', 0x5d, 'a', 0x7f, 0x80, 0xc3, 0xff}
	var b [8]byte
	for range 200000 {
		for i := range b {
			if r.IntN(3) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte(r.IntN(256))
			}
		}
		all := true
		for _, c := range b {
			all = all && c < 0x80 && plain[c]
		}
		if got := plain8(binary.LittleEndian.Uint64(b[:])); got != all {
			t.Fatalf("plain8(% x) = %v, the table says %v", b, got, all)
		}
	}
}

var benchBody = []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","code":"NO_RECORD_FOUND","display":"No record found"}]},"diagnostics":"The requested DocumentReference could not be found"}]}`)

func BenchmarkScan(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(benchBody, 0).Release()
	}
}
