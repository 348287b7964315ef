package fhirschema

import (
	"testing"

	"github.com/spinecat/spinecat/internal/jsontape"
	"github.com/spinecat/spinecat/operationoutcome"
)

// BenchmarkCompile measures a fresh compile of each embedded schema (what
// the first check of each version in a process pays once).
func BenchmarkCompile(b *testing.B) {
	for _, tc := range []struct {
		v   operationoutcome.Version
		src []byte
	}{{stu3, stu3Source}, {r4, r4Source}} {
		b.Run(string(tc.v), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compile(tc.v, tc.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkValidate measures one check of a typical Spine-style body with a
// schema compiled once, valid and with three violations.
func BenchmarkValidate(b *testing.B) {
	bodies := map[string]string{
		"valid":   oo(`"id": "4f2c1c0a-6e3b-4a87-9a55-2d3d7b8e9f10", "meta": {"profile": ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-OperationOutcome"]}`, goodIssue),
		"invalid": oo(`"id": "a_b", "meta": {"lastUpdated": "2024"}`, `{"severity": "critical", "diagnostics": 42}`),
	}
	for _, v := range []operationoutcome.Version{stu3, r4} {
		for _, name := range []string{"valid", "invalid"} {
			body := []byte(bodies[name])
			b.Run(string(v)+"/"+name, func(b *testing.B) {
				if err := Compile(v); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					_ = ValidateJSON(v, body)
				}
			})
		}
	}
}

// TestFreshCompile checks that each schema compiles from scratch and checks
// a document alike (the package-level schemas may already be compiled by
// other tests). Its speed is BenchmarkCompile's business, never a test's.
func TestFreshCompile(t *testing.T) {
	body := []byte(oo("", goodIssue))
	for _, v := range []operationoutcome.Version{stu3, r4} {
		src := r4Source
		if v == stu3 {
			src = stu3Source
		}
		s, err := compile(v, src)
		if err != nil {
			t.Fatal(err)
		}
		tp := jsontape.Scan(body, 0)
		if leaves := s.fast.validate(tp); len(leaves) != 0 {
			t.Errorf("%s: a conforming body fails %d keywords", v, len(leaves))
		}
		tp.Release()
	}
}
