package operationoutcome

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// errs renders the problems of err as "line:col: path: msg" strings.
func errs(err error) []string {
	var out []string
	for _, e := range AllDecodeErrors(err) {
		out = append(out, e.Error())
	}
	return out
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opts    DecodeOptions
		want    []string
		wantNil bool // a fatal error: no OperationOutcome
	}{
		{
			name: "strict reports every unknown element",
			in: `{"resourceType":"OperationOutcome",
"issue":[{"severity":"error","code":"invalid",
  "details":{"coding":[{"sytem":"https://x","code":"A"}]},
  "diagnostic":"typo"}],
"contained":[]}`,
			opts: DecodeOptions{Strict: true},
			want: []string{
				"3:25: OperationOutcome.issue[0].details.coding[0].sytem: unknown element",
				"4:3: OperationOutcome.issue[0].diagnostic: unknown element",
				"5:1: OperationOutcome.contained: unknown element",
			},
		},
		{
			name: "lenient ignores unknown elements",
			in:   `{"resourceType":"OperationOutcome","foo":{"bar":[1,{"x":null}]},"issue":[{"severity":"error","code":"invalid","sytem":1}]}`,
		},
		{
			name: "wrong JSON type in both modes",
			in:   `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":42}]}`,
			want: []string{"1:96: OperationOutcome.issue[0].diagnostics: expected string, got number"},
		},
		{
			name: "columns count characters",
			in:   `{"resourceType":"OperationOutcome","id":"é😀","issue":[{"severity":"error","code":"invalid","diagnostics":42}]}`,
			want: []string{"1:106: OperationOutcome.issue[0].diagnostics: expected string, got number"},
		},
		{
			name: "wrong types elsewhere",
			in:   `{"resourceType":"OperationOutcome","meta":[],"issue":{"severity":"error"}}`,
			want: []string{
				"1:43: OperationOutcome.meta: expected object, got array",
				"1:54: OperationOutcome.issue: expected array, got object",
			},
		},
		{
			name: "array items",
			in:   `{"resourceType":"OperationOutcome","issue":[{"location":["a",7],"details":{"coding":["x"]}},3]}`,
			want: []string{
				"1:62: OperationOutcome.issue[0].location[1]: expected string, got number",
				"1:86: OperationOutcome.issue[0].details.coding[0]: expected object, got string",
				"1:93: OperationOutcome.issue[1]: expected object, got number",
			},
		},
		{
			name: "primitive extension siblings are valid FHIR in strict mode",
			in:   `{"resourceType":"OperationOutcome","_id":{"id":"x"},"issue":[{"severity":"error","_severity":{"extension":[{"url":"u","valueString":"s"}]},"code":"invalid","_diagnostics":{},"details":{"coding":[{"code":"A","_code":{"id":"c"}}]}}]}`,
			opts: DecodeOptions{Strict: true},
		},
		{
			name: "underscore sibling of an unknown element is unknown",
			in:   `{"resourceType":"OperationOutcome","_foo":{},"issue":[]}`,
			opts: DecodeOptions{Strict: true},
			want: []string{"1:36: OperationOutcome._foo: unknown element"},
		},
		{
			name:    "resourceType missing",
			in:      `{"issue":[]}`,
			want:    []string{"1:1: OperationOutcome: resourceType is missing"},
			wantNil: true,
		},
		{
			name:    "resourceType not OperationOutcome",
			in:      "{\n  \"resourceType\": \"Patient\"}",
			want:    []string{`2:19: OperationOutcome: resourceType is "Patient", want "OperationOutcome"`},
			wantNil: true,
		},
		{
			name:    "syntax error",
			in:      `{"resourceType":"OperationOutcome","issue":[{"severity":"error",}]}`,
			want:    []string{"1:64: not valid JSON: a trailing comma"},
			wantNil: true,
		},
		{
			name:    "trailing data",
			in:      `{"resourceType":"OperationOutcome"} {}`,
			want:    []string{"1:37: not valid JSON: more content after the JSON value"},
			wantNil: true,
		},
		{
			name:    "not an object",
			in:      ` [1]`,
			want:    []string{"1:2: expected a JSON object, found array"},
			wantNil: true,
		},
		{
			name: "STU3 has no meta.source but has expression",
			in:   `{"resourceType":"OperationOutcome","meta":{"source":"x"},"issue":[{"severity":"error","code":"invalid","expression":["x"]}]}`,
			opts: DecodeOptions{Strict: true, Version: STU3},
			want: []string{"1:44: OperationOutcome.meta.source: unknown element"},
		},
		{
			name: "codes outside the value sets",
			in:   `{"resourceType":"OperationOutcome","issue":[{"severity":"fatalistic","code":"deleted"}]}`,
			opts: DecodeOptions{Strict: true, Version: STU3},
			want: []string{
				`1:57: OperationOutcome.issue[0].severity: "fatalistic" is not an issue severity`,
				`1:77: OperationOutcome.issue[0].code: "deleted" is not an issue type of STU3`,
			},
		},
		{
			name: "duplicates and nulls in strict mode",
			in:   `{"resourceType":"OperationOutcome","id":"a","id":"b","language":null,"issue":[]}`,
			opts: DecodeOptions{Strict: true},
			want: []string{
				"1:45: OperationOutcome.id: duplicate element",
				"1:65: OperationOutcome.language: expected string, got null",
			},
		},
		{
			name: "extension value types in strict mode",
			in:   `{"resourceType":"OperationOutcome","extension":[{"url":"a","valueBoolean":"yes"},{"url":"b","valueCoding":"c","valueString":"d"},{"url":"c","valueInteger":{}}],"issue":[]}`,
			opts: DecodeOptions{Strict: true},
			want: []string{
				"1:75: OperationOutcome.extension[0].valueBoolean: expected boolean, got string",
				"1:107: OperationOutcome.extension[1].valueCoding: expected object for a complex value, got string",
				"1:111: OperationOutcome.extension[1].valueString: more than one value[x]",
				"1:156: OperationOutcome.extension[2].valueInteger: expected a number for a primitive value, got object",
			},
		},
		{
			name:    "invalid escape",
			in:      `{"resourceType":"OperationOutcome","id":"a\q"}`,
			want:    []string{"1:43: not valid JSON: an invalid escape sequence"},
			wantNil: true,
		},
		{
			name:    "deep nesting",
			in:      `{"resourceType":"OperationOutcome","x":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`,
			want:    []string{"1:295: nesting deeper than 256"},
			wantNil: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := DecodeJSON([]byte(tc.in), tc.opts)
			if diff := cmp.Diff(tc.want, errs(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nerr = %v", diff, err)
			}
			if (o == nil) != tc.wantNil {
				t.Errorf("outcome = %v, want nil: %v", o, tc.wantNil)
			}
		})
	}
}

func TestDecodeXMLErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opts    DecodeOptions
		want    []string
		wantNil bool
	}{
		{
			name: "strict reports every unknown element and attribute",
			in: `<?xml version="1.0"?>
<OperationOutcome xmlns="http://hl7.org/fhir">
  <issue>
    <severity value="error"/>
    <code value="invalid" foo="1"/>
    <details><coding><sytem value="x"/><code value="A"/></coding></details>
    <diagnostic value="typo"/>
    <x:extra xmlns:x="urn:other"/>
  </issue>
  <contained/>
</OperationOutcome>`,
			opts: DecodeOptions{Strict: true},
			want: []string{
				"5:5: OperationOutcome.issue[0].code.@foo: unknown attribute",
				"6:22: OperationOutcome.issue[0].details.coding[0].sytem: unknown element",
				"7:5: OperationOutcome.issue[0].diagnostic: unknown element",
				"8:5: OperationOutcome.issue[0].{urn:other}extra: unknown element",
				"10:3: OperationOutcome.contained: unknown element",
			},
		},
		{
			name: "lenient ignores them",
			in:   `<OperationOutcome xmlns="http://hl7.org/fhir"><foo><bar/></foo><issue><severity value="error"/><code value="invalid"/><sytem value="x"/></issue></OperationOutcome>`,
		},
		{
			name: "primitive extensions and ids are valid FHIR",
			in:   `<OperationOutcome xmlns="http://hl7.org/fhir"><issue id="i1"><severity id="s" value="error"><extension url="u"><valueString value="x"/></extension></severity><code value="invalid"/></issue></OperationOutcome>`,
			opts: DecodeOptions{Strict: true},
		},
		{
			name:    "wrong root",
			in:      `<Bundle xmlns="http://hl7.org/fhir"/>`,
			want:    []string{`1:1: OperationOutcome: root element is {http://hl7.org/fhir}Bundle, want OperationOutcome in namespace "http://hl7.org/fhir"`},
			wantNil: true,
		},
		{
			name:    "missing namespace",
			in:      "\n<OperationOutcome><issue/></OperationOutcome>",
			want:    []string{`2:1: OperationOutcome: root element is OperationOutcome, want OperationOutcome in namespace "http://hl7.org/fhir"`},
			wantNil: true,
		},
		{
			name:    "HTML",
			in:      `<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>`,
			want:    []string{`1:1: OperationOutcome: root element is html, want OperationOutcome in namespace "http://hl7.org/fhir"`},
			wantNil: true,
		},
		{
			name:    "DOCTYPE refused",
			in:      `<!DOCTYPE x [<!ENTITY a "b">]><OperationOutcome xmlns="http://hl7.org/fhir"/>`,
			want:    []string{"1:1: a DOCTYPE or other directive is not allowed in FHIR XML"},
			wantNil: true,
		},
		{
			name:    "mismatched tags",
			in:      "<OperationOutcome xmlns=\"http://hl7.org/fhir\">\n<issue></OperationOutcome>",
			want:    []string{"2:8: OperationOutcome.issue[0]: XML syntax error: element <issue> closed by </OperationOutcome>"},
			wantNil: true,
		},
		{
			name: "missing value and bad boolean",
			in:   `<OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity/><code value="invalid"/><details><coding><userSelected value="yes"/></coding></details></issue></OperationOutcome>`,
			opts: DecodeOptions{Strict: true},
			want: []string{
				"1:54: OperationOutcome.issue[0].severity: missing value attribute",
				`1:105: OperationOutcome.issue[0].details.coding[0].userSelected: expected true or false, got "yes"`,
			},
		},
		{
			name: "div must be self-contained",
			in:   `<OperationOutcome xmlns="http://hl7.org/fhir" xmlns:h="http://www.w3.org/1999/xhtml"><text><status value="generated"/><h:div>x</h:div></text></OperationOutcome>`,
			want: []string{`1:119: OperationOutcome.text.div: the div must declare the XHTML namespace itself (xmlns="http://www.w3.org/1999/xhtml")`},
		},
		{
			name: "STU3 has no meta.source but has expression",
			in:   `<OperationOutcome xmlns="http://hl7.org/fhir"><meta><source value="x"/></meta><issue><severity value="error"/><code value="invalid"/><expression value="x"/></issue></OperationOutcome>`,
			opts: DecodeOptions{Strict: true, Version: STU3},
			want: []string{"1:53: OperationOutcome.meta.source: unknown element"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := DecodeXML([]byte(tc.in), tc.opts)
			if diff := cmp.Diff(tc.want, errs(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nerr = %v", diff, err)
			}
			if (o == nil) != tc.wantNil {
				t.Errorf("outcome = %v, want nil: %v", o, tc.wantNil)
			}
		})
	}
}

func TestDecodeErrorTypes(t *testing.T) {
	in := `{"resourceType":"OperationOutcome","a":1,"b":2}`
	_, err := DecodeJSON([]byte(in), DecodeOptions{Strict: true})
	var all DecodeErrors
	if !errors.As(err, &all) || len(all) != 2 {
		t.Fatalf("want DecodeErrors with 2 problems, got %#v", err)
	}
	var first *DecodeError
	if !errors.As(err, &first) || first.Path != "OperationOutcome.a" {
		t.Fatalf("errors.As(*DecodeError) = %v", first)
	}
	want := "1:36: OperationOutcome.a: unknown element\n1:42: OperationOutcome.b: unknown element"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	_, err = DecodeJSON([]byte(`{"resourceType":"OperationOutcome","a":1}`), DecodeOptions{Strict: true})
	if _, ok := err.(*DecodeError); !ok {
		t.Errorf("one problem: got %T, want *DecodeError", err)
	}
	if got := (&DecodeError{Line: 3, Column: 4, Msg: "m"}).Error(); got != "3:4: m" {
		t.Errorf("no path: %q", got)
	}
}

func TestDecodeSniff(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "1:1: empty input"},
		{"  \n ", "2:2: empty input"},
		{"\xEF\xBB\xBF  hello", "1:3: not FHIR JSON or XML: expected '{' or '<'"}, // columns count characters, the byte order mark none
		{"Internal Server Error", "1:1: not FHIR JSON or XML: expected '{' or '<'"},
	}
	for _, tc := range tests {
		_, err := Decode([]byte(tc.in), DecodeOptions{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("Decode(%q) = %v, want %s", tc.in, err, tc.want)
		}
	}
	// A byte order mark is skipped in both formats.
	for _, in := range []string{"\xEF\xBB\xBF" + nrlJSON, "\xEF\xBB\xBF" + nrlXML} {
		o, err := Decode([]byte(in), DecodeOptions{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(nrlWant, o); diff != "" {
			t.Errorf("with BOM (-want +got):\n%s", diff)
		}
	}
}

func TestDecodeJSONStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"plain"`, "plain"},
		{`"a\"b\\c\/d\b\f\n\r\t"`, "a\"b\\c/d\b\f\n\r\t"},
		{`"\u00e9\u20AC"`, "é€"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83d x"`, "\uFFFD x"},
		{"\"bad \xff utf8\"", "bad \uFFFD utf8"},
		{`"ünïcode"`, "ünïcode"},
	}
	for _, tc := range tests {
		o, err := DecodeJSON([]byte(`{"resourceType":"OperationOutcome","id":`+tc.in+`}`), DecodeOptions{Strict: true})
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if o.ID != tc.want {
			t.Errorf("%s: got %q, want %q", tc.in, o.ID, tc.want)
		}
	}
}

func TestDecodeEmptyElementsAreAbsent(t *testing.T) {
	in := `{"resourceType":"OperationOutcome","meta":{},"text":{},"issue":[{"details":{}}],"extension":[]}`
	o, err := DecodeJSON([]byte(in), DecodeOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	want := &OperationOutcome{Issue: []Issue{{}}}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
