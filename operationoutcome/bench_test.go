package operationoutcome

import (
	"encoding/json"
	"testing"
)

// stdOutcome mirrors OperationOutcome with encoding/json tags: the baseline
// the hand-written codec is measured against.
type stdOutcome struct {
	ResourceType string   `json:"resourceType"`
	ID           string   `json:"id,omitempty"`
	Meta         *stdMeta `json:"meta,omitempty"`
	Issue        []struct {
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Details  *struct {
			Coding []struct {
				System  string `json:"system,omitempty"`
				Version string `json:"version,omitempty"`
				Code    string `json:"code,omitempty"`
				Display string `json:"display,omitempty"`
			} `json:"coding,omitempty"`
			Text string `json:"text,omitempty"`
		} `json:"details,omitempty"`
		Diagnostics string   `json:"diagnostics,omitempty"`
		Location    []string `json:"location,omitempty"`
		Expression  []string `json:"expression,omitempty"`
	} `json:"issue"`
}

type stdMeta struct {
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated string   `json:"lastUpdated,omitempty"`
	Profile     []string `json:"profile,omitempty"`
}

func BenchmarkAppendJSON(b *testing.B) {
	o := nrlWant
	b.Run("spinecat", func(b *testing.B) {
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			buf = o.AppendJSON(buf[:0])
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("spinecat-MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := o.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		var s stdOutcome
		if err := json.Unmarshal([]byte(nrlJSON), &s); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecodeJSON(b *testing.B) {
	data := []byte(nrlJSON)
	b.Run("spinecat", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := DecodeJSON(data, DecodeOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("spinecat-strict", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := DecodeJSON(data, DecodeOptions{Strict: true, Version: STU3}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var s stdOutcome
			if err := json.Unmarshal(data, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkXML(b *testing.B) {
	data := []byte(nrlXML)
	b.Run("AppendXML", func(b *testing.B) {
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			buf = nrlWant.AppendXML(buf[:0])
		}
	})
	b.Run("DecodeXML", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := DecodeXML(data, DecodeOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestAllocations guards the allocation budget: nothing for AppendJSON into a
// large enough buffer, at most 3 for MarshalJSON of one error, and fewer than
// encoding/json for decoding.
func TestAllocations(t *testing.T) {
	buf := make([]byte, 0, 2048)
	if n := testing.AllocsPerRun(100, func() { buf = nrlWant.AppendJSON(buf[:0]) }); n != 0 {
		t.Errorf("AppendJSON: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { buf = nrlWant.AppendXML(buf[:0]) }); n != 0 {
		t.Errorf("AppendXML: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { nrlWant.MarshalJSON() }); n > 3 {
		t.Errorf("MarshalJSON: %v allocations", n)
	}
	data := []byte(nrlJSON)
	if n := testing.AllocsPerRun(100, func() { DecodeJSON(data, DecodeOptions{Strict: true, Version: STU3}) }); n > 16 {
		t.Errorf("DecodeJSON: %v allocations", n)
	}
}
