package validate

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An empty 403 is documented on both the R4 and the STU3 paths of e-RS; the
// request URL, when the capture has it, says which.
func TestBodilessChosenByPath(t *testing.T) {
	tests := []struct {
		url, wantEntry, wantDialect string
	}{
		{"https://sandbox.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest", "ers.R4_APP_RESTRICTED_HEADER_SENT", "ers-r4-gateway"},
		{"https://sandbox.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/000000070000", "ers.APP_RESTRICTED_HEADER_SENT", "ers-stu3"},
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
