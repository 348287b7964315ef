package mock

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/ers"
	"github.com/spinecat/spinecat/catalog/nrl"
	"github.com/spinecat/spinecat/catalog/nrlf"
	"github.com/spinecat/spinecat/internal/servertest"
)

var update = flag.Bool("update", false, "rewrite the golden files of bad scenario files")

// Each bad scenario file gives every mistake, at its line and column, as the
// golden file says.
func TestBadScenarioFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad scenario files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := LoadScenarios(filepath.ToSlash(file), nil, ers.API)
			if err == nil {
				t.Fatal("no error")
			}
			var se ScenarioErrors
			if !errors.As(err, &se) {
				t.Fatalf("error %T, want ScenarioErrors: %v", err, err)
			}
			for _, e := range se {
				if e.Line == 0 || e.Col == 0 {
					t.Errorf("no position: %v", e)
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScenarioAPI(t *testing.T) {
	src := []byte("scenarios:\n  - route: GET /x\n    entry: NO_RECORD_FOUND\n")
	if _, err := ParseScenarios("s.yaml", src, nil, nil); err == nil || !strings.Contains(err.Error(), `s.yaml:1:1: the file names no api: add "api: NAME" (one of nrl, nrlf, ers, pds, erspc, gpconnect, eps)`) {
		t.Errorf("no api: %v", err)
	}
	sc, err := ParseScenarios("s.yaml", src, nil, nrlf.API)
	if err != nil || sc.API != nrlf.API || sc.Len() != 1 {
		t.Fatalf("got %+v, %v", sc, err)
	}
	if _, err := New(Config{API: ers.API, Scenarios: sc}); err == nil {
		t.Error("New accepted NRLF scenarios for an e-RS mock")
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New accepted no API")
	}
	// A registry of one API: the file may name only that one.
	only := catalog.NewRegistry(nil, nrl.API.Entries())
	if _, err := ParseScenarios("s.yaml", []byte("api: ers\nscenarios: []\n"), only, nil); err == nil ||
		!strings.Contains(err.Error(), "s.yaml:1:6: api must be one of the catalogue's APIs: nrl") {
		t.Errorf("api outside the registry: %v", err)
	}
}

// The example scenario files load, and each scenario answers end to end with
// its entry (checked by validate like every response of the test servers).
func TestExampleScenarios(t *testing.T) {
	ersUser := map[string]string{"Authorization": "Bearer user-token-1234", "NHSD-End-User-Organisation-ODS": "RB8", "NHSD-eRS-Business-Function": "SERVICE_PROVIDER_CLINICIAN"}
	nrlOK := map[string]string{"Authorization": "Bearer " + testJWT, "fromASID": "200000000117", "toASID": "999999999999"}
	nrlfOK := map[string]string{"X-Request-Id": "r-1", "NHSD-Correlation-Id": "c-1", "Authorization": "Bearer 6Qk8Z0cCq2oUqJ5yVnKd"}
	cases := []struct {
		file string
		hits []hit
	}{
		{"ers.yaml", []hit{
			{"GET", "/FHIR/R4/Binary/c8a5e7d2-0000-4000-8000-00000000scan", ersUser, 422, "ers.R4_PENDING", "The file is being scanned and cannot be retrieved. Wait at least 5 minutes before checking its availability again."},
			{"GET", "/FHIR/R4/Binary/c8a5e7d2-0000-4000-8000-000000virus", ersUser, 422, "ers.R4_THREATS_FOUND", "The file failed the virus scan and cannot be retrieved."},
			{"GET", "/FHIR/R4/Binary/f185d16b", servertest.With(ersUser, "NHSD-End-User-Organisation-ODS", "R69"), 403, "ers.R4_NO_RELATIONSHIP", "No Legitimate Relationship for Binary with ID f185d16b."},
			{"GET", "/FHIR/R4/Binary/f185d16b", ersUser, 404, "ers.R4_REC_NOT_FOUND", "No attachment with id f185d16b."},
			{"GET", "/FHIR/R4/PractitionerRole?user.identifier=999999999999", ersUser, 503, "ers.R4_REC_UNAVAILABLE", ""},
			{"GET", "/FHIR/R4/PractitionerRole?user.identifier=1", ersUser, 404, "ers.R4_REC_NOT_FOUND", "The requested resource was not found."},
			{"GET", "/FHIR/STU3/ReferralRequest/000000070000", servertest.With(ersUser, "X-Mock-Scenario", "no-relationship"), 422, "ers.NO_RELATIONSHIP", "'UBRN' (000000070000) No legitimate relationship exists with this referral, check workgroup permissions."},
			{"GET", "/FHIR/STU3/ReferralRequest/000000070000", servertest.With(ersUser, "X-Mock-Scenario", "unavailable"), 503, "ers.SYSTEM_UNAVAILABLE", ""},
			{"GET", "/FHIR/STU3/ReferralRequest/000000070000", ersUser, 404, "ers.NOT_FOUND_NO_BODY", ""},
			{"GET", "/FHIR/STU3/Slot?page=5", ersUser, 400, "ers.INVALID_VALUE_400", "'Page Number' (5) is invalid."},
			{"POST", "/FHIR/STU3/Slot", ersUser, 404, "ers.NOT_FOUND_NO_BODY", ""}, // another method: the API's 404, not the ServeMux's 405
			{"GET", "/FHIR/R4/Binary/c8a5e7d2-0000-4000-8000-00000000scan", servertest.With(ersUser, "Authorization", "user-token-1234"), 401, "ers.R4_ACCESS_DENIED_INVALID_TOKEN", "Invalid access token"},
		}},
		{"nrl.yaml", []hit{
			{"GET", "/DocumentReference?subject=https://demographics.spineservices.nhs.uk/STU3/Patient/1234567890", nrlOK, 400, "nrl.INVALID_NHS_NUMBER", "The NHS number does not conform to the NHS Number format: 1234567890"},
			{"GET", "/DocumentReference?subject=https://demographics.spineservices.nhs.uk/STU3/Patient/9999999999&_format=json", nrlOK, 404, "nrl.NO_RECORD_FOUND_NHS_NUMBER", "The given NHS number could not be found 9999999999"},
			{"GET", "/DocumentReference?subject=Patient/1", nrlOK, 400, "nrl.INVALID_PARAMETER_SUBJECT_FORMAT", "The given resource URL does not conform to the expected format - https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]"},
			{"GET", "/DocumentReference/abc", servertest.With(nrlOK, "fromASID", "200000000666"), 403, "nrl.ASID_CHECK_FAILED", ""},
			{"GET", "/DocumentReference/abc", nrlOK, 404, "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", "No record found for supplied DocumentReference identifier - abc"},
			{"POST", "/DocumentReference", servertest.With(nrlOK, "X-Mock-Master-Identifier", "urn:uuid:1d2f"), 400, "nrl.DUPLICATE_REJECTED", "Duplicate masterIdentifier value: urn:uuid:1d2f system: urn:ietf:rfc:3986"},
		}},
		{"nrlf.yaml", []hit{
			{"GET", "/consumer/FHIR/R4/DocumentReference?subject:identifier=https://fhir.nhs.uk/Id/nhs-number%7C123", nrlfOK, 400, "nrlf.INVALID_NHS_NUMBER_SEARCH_INVALID", "Invalid NHS number provided in the search parameters"},
			{"GET", "/consumer/FHIR/R4/DocumentReference/X26-1", servertest.With(nrlfOK, "NHSD-End-User-Organisation-ODS", "X26"), 403, "nrlf.AUTHOR_CREDENTIALS_ERROR_READ_OTHER_ORGANISATION", "The requested DocumentReference cannot be read because it belongs to another organisation"},
			{"POST", "/producer/FHIR/R4/DocumentReference", nrlfOK, 400, "nrlf.INVALID_RESOURCE_REQUIRED_FIELD", "The required field 'custodian' is missing"},
			{"GET", "/consumer/FHIR/R4/DocumentReference/RGD-1", nrlfOK, 404, "nrlf.NO_RECORD_FOUND", "The requested DocumentReference could not be found"},
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) { runHits(t, c.file, "", c.hits) })
	}
}

// hit is one request to a mock of an example scenario file and the answer
// it must get.
type hit struct {
	method, target string
	header         map[string]string
	wantStatus     int
	wantEntry      string
	wantDiag       string
}

// runHits serves the example scenario file on base and sends each hit.
func runHits(t *testing.T, file, base string, hits []hit) {
	t.Helper()
	sc, err := LoadScenarios(filepath.Join("..", "examples", "scenarios", file), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{API: sc.API, Scenarios: sc, BasePath: base})
	for _, h := range hits {
		res := ts.Do(t, h.method, h.target, h.header)
		got := [3]any{res.Status, res.Entry, res.Diagnostics()}
		want := [3]any{h.wantStatus, h.wantEntry, h.wantDiag}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s\n%s", h.method, h.target, diff, res.Body)
		}
	}
}

// ParseScenarios never panics, whatever the input.
func FuzzParseScenarios(f *testing.F) {
	for _, name := range []string{"ers.yaml", "nrl.yaml", "nrlf.yaml", "gpconnect.yaml", "eps.yaml"} {
		if b, err := os.ReadFile(filepath.Join("..", "examples", "scenarios", name)); err == nil {
			f.Add(b)
		}
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := ParseScenarios("f.yaml", data, nil, nil)
		if err == nil {
			if _, err := New(Config{API: sc.API, Scenarios: sc}); err != nil {
				t.Errorf("parsed scenarios do not make a mock: %v", err)
			}
		}
	})
}

// Every prefix of every seed, and each seed with each byte replaced by a
// troublesome one, parses or fails without a panic (the fuzz target explores
// further).
func TestParseScenariosMutations(t *testing.T) {
	var seeds [][]byte
	for _, pat := range []string{filepath.Join("..", "examples", "scenarios", "*.yaml"), filepath.Join("testdata", "scenarios", "*.yaml")} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				seeds = append(seeds, b)
			}
		}
	}
	if testing.Short() {
		t.Skip("many inputs")
	}
	n := 0
	for _, seed := range seeds {
		for i := 0; i <= len(seed); i++ {
			n++
			if sc, err := ParseScenarios("m.yaml", seed[:i], nil, nil); err == nil {
				if _, err := New(Config{API: sc.API, Scenarios: sc}); err != nil {
					t.Errorf("prefix %d: %v", i, err)
				}
			}
			if i == len(seed) || i%3 != 0 {
				continue
			}
			for _, c := range []byte("{:[&\t\x00") {
				m := append([]byte(nil), seed...)
				m[i] = c
				n++
				if sc, err := ParseScenarios("m.yaml", m, nil, nil); err == nil {
					if _, err := New(Config{API: sc.API, Scenarios: sc}); err != nil {
						t.Errorf("byte %d = %q: %v", i, c, err)
					}
				}
			}
		}
	}
	t.Logf("%d mutated inputs", n)
}
