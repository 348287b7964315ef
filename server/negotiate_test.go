package server

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/servertest"
)

// negotiated is what a content negotiation case compares.
type negotiated struct {
	Status      int
	ContentType string
	Format      string // "json", "xml" or "" for a body that is neither
}

func negotiatedOf(res *result) negotiated {
	n := negotiated{Status: res.Status, ContentType: res.Header.Get("Content-Type")}
	switch {
	case strings.HasPrefix(res.Body, "{"):
		n.Format = "json"
	case strings.HasPrefix(res.Body, "<"):
		n.Format = "xml"
	}
	return n
}

// Every MIME type and _format value of NRL's rules
// (nhsconnect/FHIR-NRLS-API@bd28371:pages/development_guidance/development_overview.md), q-values,
// wildcards, and the Spine core 415.
func TestNRLNegotiation(t *testing.T) {
	headers := map[string]string{"Authorization": "Bearer " + testJWT, "fromASID": "200000000117", "toASID": "999999999999"}
	xml := negotiated{404, xmlCT, "xml"}
	json := negotiated{404, jsonCT, "json"}
	unsupportedXML := negotiated{415, xmlCT, "xml"}
	unsupportedJSON := negotiated{415, jsonCT, "json"}
	cases := []struct {
		accept, format string // format "" sends no _format
		want           negotiated
	}{
		{"", "", xml}, // NRL's default
		{"application/fhir+xml", "", xml},
		{"application/xml+fhir", "", xml},
		{"application/xml", "", xml},
		{"text/xml", "", xml}, // the reference implementation takes it too
		{"application/fhir+json", "", json},
		{"application/json+fhir", "", json},
		{"application/json", "", json},
		{"text/json", "", json},
		{"APPLICATION/FHIR+JSON", "", json},
		{"application/fhir+json; charset=utf-8", "", json},
		{"application/fhir+json;version=1", "", json},
		{"*/*", "", xml},
		{"application/*", "", xml},
		{"text/html, */*;q=0.8", "", xml},
		{"application/fhir+json;q=0.5, application/fhir+xml;q=0.9", "", xml},
		{"application/fhir+xml;q=0.5, application/fhir+json", "", json},
		{"application/fhir+json;q=0.8, application/fhir+xml;q=0.8", "", json}, // a tie goes to the first
		{"application/fhir+xml;q=0, */*", "", json},
		{"application/fhir+json;q=0, */*", "", xml},
		{"text/html, application/fhir+json;q=0.1", "", json},
		{"text/html", "", unsupportedXML},
		{"application/pdf, image/png", "", unsupportedXML},
		{"application/fhir+json;q=0", "", unsupportedXML},
		{"application/fhir+xml;q=0, application/fhir+json;q=0", "", unsupportedXML},
		{"", "json", json},
		{"", "xml", xml},
		{"", "application/fhir+json", json},
		{"", "application/fhir+xml", xml},
		{"", "application/json+fhir", json},
		{"", "application/xml+fhir", xml},
		{"", "application/json", json},
		{"", "application/xml", xml},
		{"", "text/json", json},
		{"", "text/xml", xml},
		{"", "application/fhir json", json},    // a '+' sent unescaped arrives as a space
		{"application/fhir+xml", "json", json}, // _format wins over Accept
		{"application/fhir+json", "xml", xml},
		{"application/fhir+json", "", json},
		{"", "html", unsupportedXML},
		{"", "text/turtle", unsupportedXML},
		{"application/fhir+json", "text/turtle", unsupportedJSON}, // the 415 follows a supported Accept
		{"text/html", "text/turtle", unsupportedXML},
	}
	ts := newTestServer(t, nrl.API)
	for _, c := range cases {
		name := "Accept=" + c.accept + " _format=" + c.format
		t.Run(name, func(t *testing.T) {
			h := with(headers)
			if c.accept != "" {
				h["Accept"] = c.accept
			}
			target := "/DocumentReference/abc"
			if c.format != "" {
				target += "?_format=" + url.QueryEscape(c.format)
				if strings.Contains(c.format, " ") {
					target = "/DocumentReference/abc?_format=" + strings.ReplaceAll(c.format, " ", "+")
				}
			}
			res := ts.Do(t, "GET", target, h)
			if diff := cmp.Diff(c.want, negotiatedOf(res)); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, res.Body)
			}
			wantEntry := "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE"
			if c.want.Status == 415 {
				wantEntry = "nrl.UNSUPPORTED_MEDIA_TYPE"
			}
			if res.Entry != wantEntry {
				t.Errorf("entry %s, want %s", res.Entry, wantEntry)
			}
		})
	}
}

// e-RS produces JSON only (406 otherwise); NRLF answers JSON whatever is asked.
func TestJSONOnlyNegotiation(t *testing.T) {
	ersHeaders := map[string]string{"Authorization": "Bearer user-token-1234", "NHSD-End-User-Organisation-ODS": "RB8"}
	nrlfHeaders := map[string]string{"X-Request-Id": "r-1", "NHSD-Correlation-Id": "c-1", "Authorization": "Bearer app-token-9f3c"}
	cases := []struct {
		api                  *catalog.API
		path, accept, format string
		want                 negotiated
	}{
		{ers.API, "/FHIR/R4/Binary/1", "", "", negotiated{404, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "*/*", "", negotiated{404, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "application/fhir+json", "", negotiated{404, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "application/json", "", negotiated{404, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "application/fhir+xml", "", negotiated{406, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "text/html", "", negotiated{406, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "", "xml", negotiated{406, jsonCT, "json"}},
		{ers.API, "/FHIR/R4/Binary/1", "application/fhir+xml", "json", negotiated{404, jsonCT, "json"}},
		{ers.API, "/FHIR/STU3/ReferralRequest/1", "application/fhir+json", "", negotiated{404, "", ""}},
		{ers.API, "/FHIR/STU3/ReferralRequest/1", "application/fhir+xml", "", negotiated{406, "text/plain;charset=utf-8", ""}},
		{ers.API, "/FHIR/STU3/ReferralRequest/1", "", "xml", negotiated{406, "text/plain;charset=utf-8", ""}},
		{nrlf.API, "/DocumentReference/1", "application/fhir+xml", "", negotiated{404, jsonCT, "json"}},
		{nrlf.API, "/DocumentReference/1", "text/html", "xml", negotiated{404, jsonCT, "json"}},
		{nrlf.API, "/DocumentReference/1", "application/fhir+json;version=1", "", negotiated{404, jsonCT, "json"}},
	}
	servers := map[*catalog.API]*servertest.Server{ers.API: newTestServer(t, ers.API), nrlf.API: newTestServer(t, nrlf.API)}
	for _, c := range cases {
		t.Run(c.api.Name+" "+c.path+" Accept="+c.accept+" _format="+c.format, func(t *testing.T) {
			h := ersHeaders
			if c.api == nrlf.API {
				h = nrlfHeaders
			}
			h = with(h)
			if c.accept != "" {
				h["Accept"] = c.accept
			}
			target := c.path
			if c.format != "" {
				target += "?_format=" + url.QueryEscape(c.format)
			}
			res := servers[c.api].Do(t, "GET", target, h)
			if diff := cmp.Diff(c.want, negotiatedOf(res)); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, res.Body)
			}
		})
	}
}
