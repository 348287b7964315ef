package validate

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An empty 403 is documented on both the R4 and the STU3 paths of e-RS; the
// request URL, when the capture has it, says which. Without it the response
// is conformant and no entry is named: either would be a guess.
func TestBodilessChosenByPath(t *testing.T) {
	tests := []struct {
		url, wantEntry, wantDialect string
	}{
		{"https://sandbox.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest", "ers.R4_APP_RESTRICTED_HEADER_SENT", "ers-r4-gateway"},
		{"https://sandbox.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/000000070000", "ers.APP_RESTRICTED_HEADER_SENT", "ers-stu3"},
		{"", "", ""},
	}
	for _, tt := range tests {
		rep := Check(Response{Status: 403, Header: http.Header{"Content-Type": {"text/plain"}}, API: "ers", URL: tt.url})
		got := struct{ Entry, Dialect string }{Dialect: rep.Dialect}
		if rep.BodyEntry != nil {
			got.Entry = rep.BodyEntry.ID()
		}
		want := struct{ Entry, Dialect string }{tt.wantEntry, tt.wantDialect}
		if diff := cmp.Diff(want, got); diff != "" || !rep.Conformant {
			t.Errorf("%s: conformant %v, (-want +got):\n%s%v", tt.url, rep.Conformant, diff, rep.Findings)
		}
	}
}

// A dialect variant can allow coding.version where the dialect prohibits it:
// NRLF's 2026 specification examples send it, NRL's profile forbids it.
func TestCodingVersionVariant(t *testing.T) {
	nrlf := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","details":{"coding":[{"system":"https://fhir.nhs.uk/ValueSet/Spine-ErrorOrWarningCode-1","version":"1","code":"INVALID_PARAMETER","display":"Invalid parameter"}]},"diagnostics":"Invalid query parameter (The provided query parameter is not supported)"}]}`
	rep := Check(Response{Status: 400, Header: http.Header{"Content-Type": {"application/fhir+json"}}, Body: []byte(nrlf), API: "nrlf"})
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == RuleDialectCodingVersion || f.Rule == RuleDialectVariant {
			got = append(got, string(f.Severity)+" "+f.Rule+" "+f.Location)
		}
	}
	want := []string{"information dialect.variant OperationOutcome.issue[0].details.coding[0].version"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NRLF with coding.version (-want +got):\n%s\n%v", diff, rep.Findings)
	}
}
