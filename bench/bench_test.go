package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/operationoutcome"
	"github.com/spinecat/spinecat/validate"
	"github.com/spinecat/spinecat/validate/fhirschema"
)

// countWriter is an io.Writer that keeps nothing, so that the benchmarks
// measure encoding and not a buffer's growth.
type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

const emitID = "8e0c3f2a-5b71-4d9e-a6c4-2f1b0e9d8c7a"

// BenchmarkEmit measures a server emitting one error: the generated
// constructor and the dialect's OperationOutcome as JSON to an io.Writer,
// against encoding/json marshalling the same OperationOutcome, already
// built, as a tagged struct.
func BenchmarkEmit(b *testing.B) {
	stamp := Stamp()
	b.Run("spinecat/OperationOutcome+AppendJSON", func(b *testing.B) {
		var w countWriter
		buf := make([]byte, 0, 1024)
		b.ReportAllocs()
		for b.Loop() {
			e := nrl.NoRecordFoundDocumentReference(emitID)
			buf = e.OperationOutcome(stamp...).AppendJSON(buf[:0])
			w.Write(buf)
		}
	})
	b.Run("spinecat/WriteJSON", func(b *testing.B) {
		var w countWriter
		b.ReportAllocs()
		for b.Loop() {
			if _, err := nrl.NoRecordFoundDocumentReference(emitID).WriteJSON(&w, stamp...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("spinecat/WriteJSON-default-id-clock", func(b *testing.B) {
		var w countWriter
		b.ReportAllocs()
		for b.Loop() {
			if _, err := nrl.NoRecordFoundDocumentReference(emitID).WriteJSON(&w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json/Marshal", func(b *testing.B) {
		var s stdOutcome
		body := nrl.NoRecordFoundDocumentReference(emitID).OperationOutcome(stamp...).AppendJSON(nil)
		if err := json.Unmarshal(body, &s); err != nil {
			b.Fatal(err)
		}
		var w io.Writer = &countWriter{}
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(&s)
			if err != nil {
				b.Fatal(err)
			}
			w.Write(out)
		}
	})
}

// BenchmarkParseIdentify measures a client turning a body into a typed error
// with its parameters, against a bare encoding/json unmarshal into a tagged
// struct.
func BenchmarkParseIdentify(b *testing.B) {
	reg := all.Registry()
	for _, f := range Fixtures() {
		b.Run(f.Name+"/spinecat", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				oo, err := operationoutcome.DecodeJSON(f.Body, operationoutcome.DecodeOptions{})
				if err != nil {
					b.Fatal(err)
				}
				e := reg.FromOutcome(f.Status, oo, catalog.Evidence{Status: f.Status, API: f.API})
				if e.Entry() == nil {
					b.Fatal("not identified")
				}
			}
		})
		b.Run(f.Name+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				var s stdOutcome
				if err := json.Unmarshal(f.Body, &s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheck measures a full check of one captured response (transport,
// syntax, FHIR structure, dialect, catalogue), the schema layer alone
// (fhirschema.ValidateJSON: one scan of the body and the schema walk),
// against the schema-only peers run in-process: jsonschema/v5 with the
// official R4 schema's #/definitions/OperationOutcome (decode with
// UseNumber and validate), and encoding/json decoding into any alone.
func BenchmarkCheck(b *testing.B) {
	for _, f := range Fixtures() {
		resp := validate.Response{Status: f.Status, Header: f.Header, Body: f.Body}
		if r := validate.Check(resp); !r.Conformant {
			b.Fatalf("%s: not conformant: %v", f.Name, r.Findings)
		}
		b.Run(f.Name+"/spinecat", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				if r := validate.Check(resp); !r.Conformant {
					b.Fatal("not conformant")
				}
			}
		})
		b.Run(f.Name+"/spinecat-schema-only", func(b *testing.B) {
			v := f.FHIR
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				if vs := fhirschema.ValidateJSON(v, f.Body); vs != nil {
					b.Fatal(vs)
				}
			}
		})
		b.Run(f.Name+"/jsonschema-v5-official", func(b *testing.B) {
			s := officialSchema(b)
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				doc, err := decodeAny(f.Body)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Validate(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(f.Name+"/encoding-json-any", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Body)))
			for b.Loop() {
				if _, err := decodeAny(f.Body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func Example_fixtures() {
	for _, f := range Fixtures() {
		fmt.Println(f.Name, f.Status, validate.Check(validate.Response{Status: f.Status, Header: f.Header, Body: f.Body}).Conformant)
	}
	// Output:
	// nrlf-r4-404 404 true
	// ers-r4-403 403 true
	// nrl-stu3-404 404 true
}
