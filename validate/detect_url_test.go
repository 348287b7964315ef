package validate

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrlf"
)

// TestDetectByRequestURL: the request URL is evidence of the one API whose
// base path it is under, on the surface it lands on; a URL under no
// catalogued API's base path is no evidence, and neither is its host.
func TestDetectByRequestURL(t *testing.T) {
	// An R4 issue every NHS API platform service could send: a published
	// Spine code, no profile, no id. By its body alone it is no one's.
	shared := oneIssue("", "error", "invalid", `"system": "`+r4SpineCS+`", "code": "INVALID_SEARCH_DATA"`, "The value given for the appointment slot is not one this service offers")
	// NRLF's own 404: the URL agrees with what the body shows.
	nrlfBody := string(nrlf.NoRecordFound().OperationOutcome().AppendJSON(nil))
	ersStu3 := string(ers.MissingODSHeader().OperationOutcome().AppendJSON(nil))
	// EPS's proxy copied its token fault from PDS's: by its body alone it
	// is either API's, so neither's.
	copied := oneIssue("", "error", "forbidden", coding(r4Spine, "1", "ACCESS_DENIED", "Access Denied - Unauthorised"), "Invalid Access Token")
	type got struct {
		API, Dialect, Reason string
		Entry                string // the first issue's entry, if named
	}
	tests := []struct {
		name, url, body string
		status          int
		want            got
	}{
		{"shared code under e-RS R4", "https://api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest/000000070000", shared, 400, got{
			API: "ers", Dialect: "ers-r4-sandbox",
			Reason: "detected: the request URL https://api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest/000000070000 is under /referrals, the ers API's base path, on its r4 surface; " +
				"nothing else decides between the ers dialects, so the one closest in its id, meta.lastUpdated and profile policies",
		}},
		{"shared code, no URL", "", shared, 400, got{
			Reason: "no dialect detected: no meta.profile; the coding system " + r4SpineCS + " is Spine-ErrorOrWarningCode (R4), a published code system that any API may use, and no catalogued entry documents INVALID_SEARCH_DATA under it; no id and meta, as many APIs send",
		}},
		{"shared code under an uncatalogued API", "https://api.service.nhs.uk/clinic-appointments/FHIR/R4/Appointment", shared, 400, got{
			Reason: "no dialect detected: no meta.profile; the coding system " + r4SpineCS + " is Spine-ErrorOrWarningCode (R4), a published code system that any API may use, and no catalogued entry documents INVALID_SEARCH_DATA under it; no id and meta, as many APIs send",
		}},
		{"NRLF's 404 under its base path", "https://sandbox.api.service.nhs.uk/record-locator/consumer/FHIR/R4/DocumentReference/X26-1", nrlfBody, 404, got{
			API: "nrlf", Dialect: "nrlf-r4-v3", Entry: "nrlf.NO_RECORD_FOUND",
			Reason: "detected: the request URL https://sandbox.api.service.nhs.uk/record-locator/consumer/FHIR/R4/DocumentReference/X26-1 is under /record-locator, the nrlf API's base path; " +
				"the coding system https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1, which only nrlf uses, with NO_RECORD_FOUND, which nrlf.NO_RECORD_FOUND documents; " +
				`the diagnostics are the text nrlf.NO_RECORD_FOUND documents ("The requested DocumentReference could not be found"); the first issue (NO_RECORD_FOUND under https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1) is exactly nrlf.NO_RECORD_FOUND (system and code, status, severity, issue type, display, diagnostics)`,
		}},
		{"a proxy template two APIs send, no URL", "", copied, 401, got{
			Reason: "no dialect detected: no meta.profile; the coding system " + r4Spine + " is Spine-ErrorOrWarningCode (the /R4/ URL, 1.4.0 and 2.0.0), a published code system that any API may use, and the first issue is exactly what pds.ACCESS_DENIED_INVALID_TOKEN, eps.ACCESS_DENIED_TOKEN document: APIs that send it alike, so it decides nothing; coding.version \"1\" is sent by several APIs; no id and meta, as many APIs send",
		}},
		{"a proxy template two APIs send, under EPS", "https://api.service.nhs.uk/fhir-prescribing/FHIR/R4/$process-message", copied, 401, got{
			API: "eps", Dialect: "eps-apigee", Entry: "eps.ACCESS_DENIED_TOKEN",
		}},
		{"a proxy template two APIs send, under PDS", "https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009", copied, 401, got{
			API: "pds", Dialect: "pds-proxy", Entry: "pds.ACCESS_DENIED_INVALID_TOKEN",
		}},
		{"e-RS STU3 path", "https://api.service.nhs.uk/referrals/STU3/Patient/9434765919", ersStu3, 400, got{
			API: "ers", Dialect: "ers-stu3", Entry: "ers.MISSING_ODS_HEADER",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {"application/fhir+json"}}
			r := Check(Response{Status: tt.status, Header: h, Body: []byte(tt.body), URL: tt.url})
			g := got{API: r.API, Dialect: r.Dialect, Reason: r.Reason}
			if len(r.Issues) > 0 {
				g.Entry = r.Issues[0].Entry
			}
			if tt.want.Reason == "" {
				g.Reason = "" // not the point of the case
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
