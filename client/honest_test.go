package client

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/nrlf"
)

// epsInvalidValue is an EPS 400, written for this test from the shape EPS
// documents (eps.INCONSISTENT_VALUES): INVALID_VALUE under the R4 Spine code
// system, which an NRLF entry's documented variant also uses (with another
// status, issue-type and diagnostics).
const epsInvalidValue = `{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "invalid",
 "details": {"coding": [{"system": "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", "code": "INVALID_VALUE"}]},
 "diagnostics": "Expected all MedicationDispenses to have the same value"}]}`

// TestFromResponseNamesOnlyOnEvidence: without the API, an entry is named
// only when the response is exactly what it documents, or when the request
// URL is under the entry's API's base path; otherwise the error is
// unidentified and still carries the status, the OperationOutcome and the
// code.
func TestFromResponseNamesOnlyOnEvidence(t *testing.T) {
	nrlf404 := string(nrlf.NoRecordFound().OperationOutcome().AppendJSON(nil))
	type got struct {
		Entry    string // "" when unidentified
		Status   int
		Received bool
		Error    string // without the entry's hint, which is catalogue data
	}
	tests := []struct {
		name, path, body string
		status           int
		api              *catalog.API
		want             got
	}{
		{"exactly EPS's entry, nothing else known", "/x", epsInvalidValue, 400, nil, got{
			Entry: "eps.INCONSISTENT_VALUES", Status: 400, Received: true,
			Error: "eps: 400 INVALID_VALUE: Expected all MedicationDispenses to have the same value",
		}},
		{"a shared code with another status, nothing else known", "/x", epsInvalidValue, 422, nil, got{
			Status: 422, Received: true, Error: "422 INVALID_VALUE: Expected all MedicationDispenses to have the same value",
		}},
		{"a shared code, the API given", "/x", epsInvalidValue, 400, nrlf.API, got{
			Entry: "nrlf.DUPLICATE_REJECTED", Status: 400, Received: true,
			Error: "nrlf: 400 INVALID_VALUE: Expected all MedicationDispenses to have the same value",
		}},
		{"a shared code, the URL under the API's base path", "/record-locator/producer/FHIR/R4/DocumentReference", epsInvalidValue, 400, nil, got{
			Entry: "nrlf.DUPLICATE_REJECTED", Status: 400, Received: true,
			Error: "nrlf: 400 INVALID_VALUE: Expected all MedicationDispenses to have the same value",
		}},
		{"exactly an entry, nothing else known", "/x", nrlf404, 404, nil, got{
			Entry: "nrlf.NO_RECORD_FOUND", Status: 404, Received: true,
			Error: "nrlf: 404 NO_RECORD_FOUND: The requested DocumentReference could not be found",
		}},
		{"an entry's coding with another status, nothing else known", "/x", nrlf404, 400, nil, got{
			Status: 400, Received: true, Error: "400 NO_RECORD_FOUND: The requested DocumentReference could not be found",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/fhir+json")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			ce := asCatalogError(t, FromResponseWith(resp, Options{API: tt.api}))
			msg, _, _ := strings.Cut(ce.Error(), " (hint: ")
			g := got{Status: ce.HTTPStatus(), Received: ce.Received() != nil, Error: msg}
			if e := ce.Entry(); e != nil {
				g.Entry = e.ID()
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
