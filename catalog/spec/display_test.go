package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// doorHead starts a catalogue file of one API with one code system.
const doorHead = `package: door
api: door
title: Door
codeSystems:
  - {name: door-codes, url: "https://example.org/codes", kind: CodeSystem, title: Codes, sources: [test], concepts: [{code: DENIED}]}
dialects:
`

const displayFile = doorHead + `  - {name: door-r4, title: R4, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited,
     codingVersion: required, codingVersionSent: "1", mediaType: application/json, formats: [json], sources: [test]}
entries:
  - name: DENIED
    dialect: door-r4
    status: 403
    severity: error
    issueType: forbidden
    system: door-codes
    code: DENIED
    display: "Cannot {verb} with {{braces}}"
    diagnostics: Denied.
    params: [{name: verb, doc: The method., example: GET}]
    description: d
    hint: h
    sources: [test]
    variants:
      - {name: old, note: Older wording., display: "May not {verb}", sources: [test]}
      - {name: plain, note: Plain., display: Denied, sources: [test]}
`

func TestLoadDisplayTemplates(t *testing.T) {
	set, err := Load(Source{Path: "door/door.yaml", Data: []byte(displayFile)})
	if err != nil {
		t.Fatal(err)
	}
	e := set.Files[0].Entries[0]
	d := set.Files[0].Dialects[0]
	var variantTemplates []string
	for _, v := range e.Variants {
		s := "(literal)"
		if v.DisplayTemplate != nil {
			s = v.DisplayTemplate.String()
		}
		variantTemplates = append(variantTemplates, s)
	}
	got := []any{e.DisplayTemplate.Params(), e.DisplayTemplate.Expand("GET"), variantTemplates, d.CodingVersionSent, d.MediaType}
	want := []any{[]string{"verb"}, "Cannot GET with {braces}", []string{"May not {verb}", "(literal)"}, "1", "application/json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLoadDisplayProblems(t *testing.T) {
	tests := []struct {
		name, dialect, entry string
		want                 []string
	}{
		{"undeclared placeholder in a display",
			"  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited, formats: [json], sources: [t]}\n",
			"  - {name: E, dialect: d, status: 403, severity: error, issueType: forbidden, system: door-codes, code: DENIED, display: \"Cannot {verb}\", description: d, hint: h, sources: [t]}\n",
			[]string{"door/door.yaml:9:122: entries[0].display: placeholder {verb} has no parameter; declare it under params"}},
		{"unclosed brace in a display",
			"  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited, formats: [json], sources: [t]}\n",
			"  - {name: E, dialect: d, status: 403, severity: error, issueType: forbidden, system: door-codes, code: DENIED, display: \"Cannot {verb\", description: d, hint: h, sources: [t]}\n",
			[]string{"door/door.yaml:9:122: entries[0].display: placeholder at offset 7 is not closed with '}'"}},
		{"a version sent where the dialect prohibits one",
			"  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited, codingVersion: prohibited, codingVersionSent: \"1\", formats: [json], sources: [t]}\n",
			"",
			[]string{`door/door.yaml:7:159: dialects[0].codingVersionSent: the dialect prohibits coding.version; drop codingVersionSent, or allow codingVersion`}},
		{"a version required but not given",
			"  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited, codingVersion: required, formats: [json], sources: [t]}\n",
			"",
			[]string{`door/door.yaml:7:128: dialects[0].codingVersion: a dialect that requires coding.version says which one its services send: give codingVersionSent`}},
		{"a media type for XML only",
			"  - {name: d, title: D, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: prohibited, mediaType: application/json, formats: [xml], sources: [t]}\n",
			"",
			[]string{`door/door.yaml:7:124: dialects[0].mediaType: mediaType is the media type of JSON bodies, and the dialect sends no JSON`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := doorHead + tt.dialect
			if tt.entry != "" {
				src += "entries:\n" + tt.entry
			}
			if diff := cmp.Diff(tt.want, problems(t, "door/door.yaml", []byte(src))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
