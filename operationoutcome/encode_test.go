package operationoutcome

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppendJSONEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"quote \" backslash \\", `"quote \" backslash \\"`},
		{"nl\ncr\rtab\t", `"nl\ncr\rtab\t"`},
		{"\x00\x1f\x7f", `"\u0000\u001f` + "\x7f" + `"`},
		{"<b>&amp;</b>", `"<b>&amp;</b>"`},
		{"bad \xff\xfe utf8", `"bad \ufffd\ufffd utf8"`},
		{"sep \u2028 \u2029", `"sep \u2028 \u2029"`},
		{"ünïcödé 😀", `"ünïcödé 😀"`},
	}
	for _, tc := range tests {
		got := string(appendJSONString(nil, tc.in))
		if got != tc.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tc.in, got, tc.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%s is not JSON: %v", got, err)
		}
	}
}

func TestAppendXMLEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<a href="x">'&'</a>`, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"},
		{"nl\ncr\rtab\t", "nl&#xA;cr&#xD;tab&#x9;"},
		{"ctl\x01\x1f", "ctl\uFFFD\uFFFD"},
		{"bad \xff", "bad \uFFFD"},
		{"nonchar \uFFFE", "nonchar \uFFFD"},
		{"ünïcödé 😀", "ünïcödé 😀"},
	}
	for _, tc := range tests {
		if got := string(appendXMLEscaped(nil, tc.in)); got != tc.want {
			t.Errorf("appendXMLEscaped(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Every string survives an XML round trip as far as XML can carry it.
	o := &OperationOutcome{Issue: []Issue{{Severity: SeverityError, Code: IssueInvalid,
		Diagnostics: "a\tb\nc\r\nd \"e\" <f> & 'g'  h"}}}
	back, err := DecodeXML(o.AppendXML(nil), DecodeOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(o, back); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestZeroCodesAreNeverWritten(t *testing.T) {
	o := &OperationOutcome{Issue: []Issue{{Diagnostics: "no severity, no code"}}}
	if got, want := string(o.AppendJSON(nil)), `{"resourceType":"OperationOutcome","issue":[{"diagnostics":"no severity, no code"}]}`; got != want {
		t.Errorf("AppendJSON = %s, want %s", got, want)
	}
	if got, want := string(o.AppendXML(nil)), `<OperationOutcome xmlns="http://hl7.org/fhir"><issue><diagnostics value="no severity, no code"/></issue></OperationOutcome>`; got != want {
		t.Errorf("AppendXML = %s, want %s", got, want)
	}
	b, err := o.MarshalJSON()
	if err == nil {
		t.Fatalf("MarshalJSON = %s, want an error", b)
	}
	want := "operationoutcome: OperationOutcome.issue[0].severity: zero severity\noperationoutcome: OperationOutcome.issue[0].code: zero issue type"
	if err.Error() != want {
		t.Errorf("MarshalJSON error = %q, want %q", err, want)
	}
	if _, err := json.Marshal(o); err == nil || !strings.Contains(err.Error(), "zero severity") {
		t.Errorf("json.Marshal error = %v", err)
	}
	if _, err := o.MarshalFHIRXML(); err == nil {
		t.Error("MarshalFHIRXML: want an error")
	}
}

func TestCheckExtensions(t *testing.T) {
	o := &OperationOutcome{
		Extension: []Extension{
			{URL: "a", ValueType: "Boolean", Value: "yes"},
			{URL: "b", ValueType: "Integer", Value: "1.5.6"},
			{URL: "c", ValueType: "coding", Value: "x"},
			{URL: "d", ValueType: "Coding", Raw: []byte(`[1]`)},
			{URL: "e", Value: "orphan"},
			{URL: "f", ValueType: "Decimal", Value: "-0.5e3"},
		},
		Text:  &Narrative{Status: "generated", Div: "<p>not a div</p>"},
		Issue: []Issue{{Severity: SeverityError, Code: IssueInvalid}},
	}
	err := o.Encodable()
	want := []string{
		`operationoutcome: OperationOutcome.extension[0].valueBoolean: "yes" is not a boolean`,
		`operationoutcome: OperationOutcome.extension[1].valueInteger: "1.5.6" is not a number`,
		`operationoutcome: OperationOutcome.extension[2]: ValueType "coding" is not a FHIR type name`,
		`operationoutcome: OperationOutcome.extension[3].valueCoding: Raw is not a JSON object`,
		`operationoutcome: OperationOutcome.extension[4]: value without a ValueType`,
		`operationoutcome: OperationOutcome.text.div: not a well-formed XHTML div element`,
	}
	if err == nil {
		t.Fatal("Check: want errors")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
	// AppendJSON still writes valid JSON, quoting what is not a valid bare value.
	got := string(o.AppendJSON(nil))
	wantJSON := `{"resourceType":"OperationOutcome","text":{"status":"generated","div":"<p>not a div</p>"},"extension":[{"url":"a","valueBoolean":"yes"},{"url":"b","valueInteger":"1.5.6"},{"url":"c"},{"url":"d"},{"url":"e"},{"url":"f","valueDecimal":-0.5e3}],"issue":[{"severity":"error","code":"invalid"}]}`
	if got != wantJSON {
		t.Errorf("AppendJSON =\n%s\nwant\n%s", got, wantJSON)
	}
	if !json.Valid([]byte(got)) {
		t.Error("AppendJSON output is not valid JSON")
	}
	// AppendXML leaves the malformed div out.
	gotXML := string(o.AppendXML(nil))
	if strings.Contains(gotXML, "<p>") || !strings.Contains(gotXML, `<text><status value="generated"/></text>`) {
		t.Errorf("AppendXML = %s", gotXML)
	}
}

func TestNilOutcome(t *testing.T) {
	var o *OperationOutcome
	if got := string(o.AppendJSON(nil)); got != "null" {
		t.Errorf("AppendJSON(nil) = %q", got)
	}
	if got := o.AppendXML(nil); len(got) != 0 {
		t.Errorf("AppendXML(nil) = %q", got)
	}
	if err := o.Encodable(); err == nil {
		t.Error("Check(nil): want an error")
	}
}

func TestComplexValueConversion(t *testing.T) {
	// Element ids, nested extensions with url attributes, repeated elements
	// and arrays of one survive JSON -> XML -> JSON.
	raw := `{"id":"c1","extension":[{"url":"u","valueString":"s"}],"coding":[{"system":"s","code":"c"}],"text":"t"}`
	o := &OperationOutcome{Issue: []Issue{{
		Severity: SeverityError, Code: IssueInvalid,
		Extension: []Extension{{URL: "x", ValueType: "CodeableConcept", Raw: []byte(raw)}},
	}}}
	x := string(o.AppendXML(nil))
	wantXML := `<extension url="x"><valueCodeableConcept id="c1"><extension url="u"><valueString value="s"/></extension><coding><system value="s"/><code value="c"/></coding><text value="t"/></valueCodeableConcept></extension>`
	if !strings.Contains(x, wantXML) {
		t.Errorf("AppendXML = %s\nwant it to contain %s", x, wantXML)
	}
	back, err := DecodeXML([]byte(x), DecodeOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(o, back); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestSafeRun holds the eight-byte test of the string encoder to the byte
// table: the run it finds is exactly the leading eight-byte blocks none of
// whose bytes needs escaping.
func TestSafeRun(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	alphabet := []byte{0x00, 0x1f, 0x20, 0x21, '"', 0x23, 0x5b, '\\', 0x5d, 'a', 0x7f, 0x80, 0xc3, 0xff}
	for range 100000 {
		b := make([]byte, r.IntN(48))
		for i := range b {
			switch r.IntN(8) {
			case 0:
				b[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				b[i] = byte(r.IntN(256))
			default:
				b[i] = 'a' + byte(r.IntN(26))
			}
		}
		want := 0
		for want+8 <= len(b) {
			all := true
			for _, c := range b[want : want+8] {
				all = all && jsonSafe256[c]
			}
			if !all {
				break
			}
			want += 8
		}
		if got := safeRun(string(b)); got != want {
			t.Fatalf("safeRun(% x) = %d, want %d", b, got, want)
		}
	}
}
