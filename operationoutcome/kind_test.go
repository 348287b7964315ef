package operationoutcome

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeErrorKinds checks that each problem the decoders raise carries
// the kind callers choose by.
func TestDecodeErrorKinds(t *testing.T) {
	const (
		x    = `<OperationOutcome xmlns="http://hl7.org/fhir">`
		xEnd = `</OperationOutcome>`
	)
	deepJSON := `{"resourceType":"OperationOutcome","x":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}`
	deepXML := x + `<issue><details><coding><extension url="u">` + strings.Repeat(`<extension url="u">`, maxDepth) +
		strings.Repeat(`</extension>`, maxDepth) + `</extension></coding></details></issue>` + xEnd
	tests := []struct {
		name string
		in   string
		want []DecodeErrorKind
	}{
		{"not JSON or XML", `hello`, []DecodeErrorKind{KindSyntax}},
		{"JSON syntax", `{"resourceType":"OperationOutcome",}`, []DecodeErrorKind{KindSyntax}},
		{"JSON empty", ` `, []DecodeErrorKind{KindSyntax}},
		{"JSON not an object", `[1]`, []DecodeErrorKind{KindNotOutcome}},
		{"JSON another resource", `{"resourceType":"Patient"}`, []DecodeErrorKind{KindNotOutcome}},
		{"JSON too deep", deepJSON, []DecodeErrorKind{KindTooDeep}},
		{"JSON unknown, duplicate, value set, wrong type",
			`{"resourceType":"OperationOutcome","foo":1,"id":"a","id":"b","issue":[{"severity":"bad","code":"nope","diagnostics":1,` +
				`"extension":[{"url":"u","valueString":1,"valueCode":"c"}]}]}`,
			[]DecodeErrorKind{KindUnknownElement, KindDuplicate, KindNotInValueSet, KindNotInValueSet, KindWrongType, KindWrongType, KindDuplicate}},
		{"XML syntax", x + `<issue>` + xEnd, []DecodeErrorKind{KindSyntax}},
		{"XML another root", `<Patient xmlns="http://hl7.org/fhir"/>`, []DecodeErrorKind{KindNotOutcome}},
		{"XML DOCTYPE", `<!DOCTYPE x>` + x + xEnd, []DecodeErrorKind{KindForm}},
		{"XML too deep", deepXML, []DecodeErrorKind{KindTooDeep}},
		{"XML unknown, duplicate, value set, wrong type, form",
			x + `<foo/><id value="a"/><id value="b"/><issue bar="1"><severity value="bad"/><code/>text<details><coding><userSelected value="yes"/></coding></details></issue>` + xEnd,
			[]DecodeErrorKind{KindUnknownElement, KindDuplicate, KindUnknownElement, KindNotInValueSet, KindForm, KindForm, KindWrongType}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decode := Decode
			if strings.HasPrefix(tt.in, "[") {
				decode = DecodeJSON // Decode takes only '{' as JSON
			}
			_, err := decode([]byte(tt.in), DecodeOptions{Strict: true})
			var got []DecodeErrorKind
			for _, e := range AllDecodeErrors(err) {
				got = append(got, e.Kind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("kinds (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

func TestDecodeErrorKindString(t *testing.T) {
	if got, want := KindUnknownElement.String(), "unknown-element"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := DecodeErrorKind(200).String(), "DecodeErrorKind(200)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
