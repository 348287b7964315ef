package operationoutcome

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecodeJSON checks that decoding never panics and that whatever decodes
// re-encodes to JSON that decodes to the same OperationOutcome.
func FuzzDecodeJSON(f *testing.F) {
	for _, b := range bodies {
		f.Add([]byte(b.json), true)
	}
	for _, s := range []string{
		`{"resourceType":"OperationOutcome","_id":{"id":"x"},"issue":[{"severity":"error","code":"invalid","location":[null,"a"],"_location":[{"id":"l"},null]}]}`,
		`{"resourceType":"OperationOutcome","extension":[{"url":"a","valueBoolean":"yes"},{"url":"b","valueInteger":1e3},{"url":"c","valueCoding":{"code":"\u00e9"}}]}`,
		`{"resourceType":"OperationOutcome","text":{"div":"\ud800"},"issue":[{}]}`,
		`{"resourceType":"OperationOutcome","meta":{},"issue":[{"details":{"coding":[{}]}}]}`,
		`{"resourceType":"Patient"}`,
		`[]`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, strict bool) {
		o, err := DecodeJSON(data, DecodeOptions{Strict: strict})
		if o == nil {
			if err == nil {
				t.Fatal("nil outcome without an error")
			}
			return
		}
		out := o.AppendJSON(nil)
		o2, err := DecodeJSON(out, DecodeOptions{})
		if err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		if diff := cmp.Diff(o, o2); diff != "" {
			t.Fatalf("round trip of %s (-first +second):\n%s", out, diff)
		}
		// The XML encoder must not panic on anything JSON can hold, and
		// must produce XML that decodes.
		if _, err := DecodeXML(o.AppendXML(nil), DecodeOptions{}); err != nil {
			t.Fatalf("XML of %s does not decode: %v", out, err)
		}
	})
}

// FuzzDecodeXML checks the same for XML.
func FuzzDecodeXML(f *testing.F) {
	for _, b := range bodies {
		f.Add([]byte(b.xml), true)
	}
	for _, s := range []string{
		`<?xml version="1.0"?><!-- c --><OperationOutcome xmlns="http://hl7.org/fhir"><issue id="i"><severity value="error"><extension url="u"/></severity><code value="invalid" /></issue></OperationOutcome>`,
		`<OperationOutcome xmlns="http://hl7.org/fhir"><extension url="u"><valueQuantity id="q"><value value="1.5"/><extension url="x"><valueInteger value="3"/></extension></valueQuantity></extension></OperationOutcome>`,
		`<OperationOutcome xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">a &amp; b</div></text></OperationOutcome>`,
		`<OperationOutcome xmlns="http://hl7.org/fhir" xmlns:h="http://www.w3.org/1999/xhtml"><text><h:div/></text></OperationOutcome>`,
		`<html><body>502 Bad Gateway</body></html>`,
		`<OperationOutcome xmlns="http://hl7.org/fhir"><extension url="u"><valueCoding><a.b value="1"/><xmlx value="2"/><c value="3"/><c><d value="4"/></c></valueCoding></extension></OperationOutcome>`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, strict bool) {
		o, err := DecodeXML(data, DecodeOptions{Strict: strict})
		if o == nil {
			if err == nil {
				t.Fatal("nil outcome without an error")
			}
			return
		}
		out := o.AppendXML(nil)
		o2, err := DecodeXML(out, DecodeOptions{})
		if err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		if diff := cmp.Diff(o, o2); diff != "" {
			t.Fatalf("round trip of %s (-first +second):\n%s", out, diff)
		}
		if _, err := DecodeJSON(o.AppendJSON(nil), DecodeOptions{}); err != nil {
			t.Fatalf("JSON of %s does not decode: %v", out, err)
		}
	})
}

// FuzzNegotiate checks that negotiation never panics, always answers with an
// allowed format or an *UnsupportedFormatError, and that ParseContentType
// copes with anything.
func FuzzNegotiate(f *testing.F) {
	f.Add("json", "", uint8(0))
	f.Add("", "application/fhir+xml;q=0.5, application/json;q=0.9", uint8(1))
	f.Add("application/fhir+json;charset=utf-8", "*/*", uint8(2))
	f.Add("", "application/xml;q=0, */*;q=0.1", uint8(3))
	f.Add("", "text/html;q=abc,,;q=1", uint8(0))
	f.Fuzz(func(t *testing.T, format, accept string, which uint8) {
		allowed := [][]Format{nil, {FormatXML, FormatJSON}, {FormatJSON}, {FormatXML}}[which%4]
		r := &http.Request{Method: "GET", URL: &url.URL{Path: "/", RawQuery: "_format=" + url.QueryEscape(format)}, Header: http.Header{}}
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		got, err := Negotiate(r, allowed)
		if err != nil {
			if _, ok := err.(*UnsupportedFormatError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if len(allowed) == 0 {
			allowed = defaultAllowed
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == got
		}
		if !ok {
			t.Fatalf("Negotiate = %q, not in %v", got, allowed)
		}
		ParseContentType(accept)
	})
}
