package citation

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spinecat/spinecat/internal/sharedref"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Finding
	}{
		{"seed number", "The primary source is the NRL error guidance (seed 004).",
			[]Finding{{Line: 1, Col: 47, Text: "seed 004", Rule: RuleSeed}}},
		{"seeds range", "support threads (seeds 000 to 003)",
			[]Finding{{Line: 1, Col: 18, Text: "seeds 000", Rule: RuleSeed}}},
		{"seed file name", "see 004_0438ba86d53e589d.txt",
			[]Finding{{Line: 1, Col: 5, Text: "004_0438ba86d53e589d.txt", Rule: RuleSeed}}},
		{"fuzz seed is fine", "the fuzz input that found it is a seed; f.Add seeds the corpus", nil},
		{"docs row id", "NRL docs 2018-05 (nrl-codes.tsv NRLDOC-042)",
			[]Finding{{Line: 1, Col: 19, Text: "nrl-codes.tsv", Rule: RuleSharedPath}, {Line: 1, Col: 33, Text: "NRLDOC-042", Rule: RuleRowID}}},
		{"row ids of every family", "RI-JWT-SCOPE; NRL-RNF-ID, NRLF-VAL-EXT-URL; NRLFv2-MAP-DuplicateError; APIGEE-CATCH-ALL; NRLF-R4-spec-2026-422-UNPROCESSABLE_ENTITY; RI-PARAM-*",
			[]Finding{
				{Line: 1, Col: 1, Text: "RI-JWT-SCOPE", Rule: RuleRowID},
				{Line: 1, Col: 15, Text: "NRL-RNF-ID", Rule: RuleRowID},
				{Line: 1, Col: 27, Text: "NRLF-VAL-EXT-URL", Rule: RuleRowID},
				{Line: 1, Col: 45, Text: "NRLFv2-MAP-DuplicateError", Rule: RuleRowID},
				{Line: 1, Col: 72, Text: "APIGEE-CATCH-ALL", Rule: RuleRowID},
				{Line: 1, Col: 90, Text: "NRLF-R4-spec-2026-422-UNPROCESSABLE_ENTITY", Rule: RuleRowID},
				{Line: 1, Col: 134, Text: "RI-PARAM", Rule: RuleRowID},
			}},
		{"issue keys are not row ids", "a feature test notes a known bug, NRL-765", nil},
		{"code system names are not row ids", "https://fhir.nhs.uk/ValueSet/NRL-ResponseCode and NRLF-SuccessCode, X-Request-ID, NHSD-API-ErrorOrWarningCode", nil},
		{"note sections", "e-RS NOTES §7.15 (sandbox)\nsee §2.8",
			[]Finding{{Line: 1, Col: 6, Text: "NOTES", Rule: RuleNotes}, {Line: 1, Col: 12, Text: "§7.15", Rule: RuleNotes}, {Line: 2, Col: 5, Text: "§2.8", Rule: RuleNotes}}},
		{"RFC sections are sources", "as RFC 9110 §11.1 says; JSON (RFC 8259 §8.1)", nil},
		{"paths into the reference folder", "read ../shared/reference/ers/codes.tsv and SOURCES.md (nrl-spine examples), shared/seeds; tests skip without ../shared",
			[]Finding{
				{Line: 1, Col: 6, Text: "../shared/reference/ers/codes.tsv", Rule: RuleSharedPath},
				{Line: 1, Col: 44, Text: "SOURCES.md", Rule: RuleSharedPath},
				{Line: 1, Col: 56, Text: "nrl-spine", Rule: RuleSharedPath},
				{Line: 1, Col: 77, Text: "shared/seeds", Rule: RuleSharedPath},
			}},
		{"columns count characters", "– – seed 001",
			[]Finding{{Line: 1, Col: 5, Text: "seed 001", Rule: RuleSeed}}},
		{"public sources", `nhsconnect/FHIR-NRLS-API@9918c6d:pages/development/general_api_guidance/nrl_error_guidance.md#resource-not-found; NHS England developer community thread "401 Access Denied on call to A0042"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scan(tt.text)
			for i, f := range got {
				if f.Offset < 0 || f.Offset+len(f.Text) > len(tt.text) || tt.text[f.Offset:f.Offset+len(f.Text)] != f.Text {
					t.Errorf("finding %d: offset %d does not hold %q", i, f.Offset, f.Text)
				}
				got[i].Offset = 0
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestAdvice(t *testing.T) {
	for _, r := range []Rule{RuleSeed, RuleRowID, RuleNotes, RuleSharedPath} {
		if (Finding{Rule: r}).Advice() == "" {
			t.Errorf("rule %s has no advice", r)
		}
	}
}

func TestFollowable(t *testing.T) {
	tests := []struct {
		source string
		want   bool
	}{
		{"NRL error guidance, \"Resource Not Found\" table, nhsconnect/FHIR-NRLS-API@9918c6d:pages/development/general_api_guidance/nrl_error_guidance.md#resource-not-found", true},
		{"nhsconnect/nrls-reference-implementation@88d6db9:NRLS-API/NRLS-API.Core/Helpers/JwtHelper.cs:176", true},
		{"NHSDigital/NRLF@03ed227bc6f0b85dbb0b3f67d5f1ab6d0d92dd1e:layer/nrlf/core/validators.py", true},
		{"https://developer.community.nhs.uk/t/401-access-denied-on-call-to-a0042/9485", true},
		{`e-RS integration guide, page "Stage 1.4 - Select your authentication level", https://digital.nhs.uk/services/e-referral-service/api`, true},
		{`developer community thread "Getting 403 NO_RELATIONSHIP error" (https://developer.community.nhs.uk)`, true},
		// not followable
		{"seed 004, NRL error guidance, \"Resource Not Found\" table", false},
		{"nrl-codes.tsv NRLDOC-042 (NRL docs 2018-05-24 to 2018-09-18)", false},
		{"NHSDigital/e-referrals-service-api:specification/components/r4/schemas/responses/NotFound.yaml", false}, // no commit
		{"NHSDigital/NRLF@release/2024-03-14:layer/nrlf/nrlf/core/nhsd_codings.py", false},                        // a branch-like tag moves
		{"nhsconnect/nrls-reference-implementation@88d6db9", false},                                               // no path
		{"NRL docs example (nhsconnect/FHIR-NRLS-API@e9c71cb4 _includes/examples)", false},                        // no path after the commit
		{"https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1", false},                          // a canonical URL
		{"https://developer.community.nhs.uk", false},                                                             // a site with no page named
		{"http://example.org/page", false},
		{"observed on INT, developer community (2024)", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Followable(tt.source); got != tt.want {
			t.Errorf("Followable(%q) = %v, want %v", tt.source, got, tt.want)
		}
	}
}

// TestRowIDsOfReferenceTables checks the row-id pattern against every row
// id of the NRL, NRLF and Spine reference table, so that no id can be cited
// unnoticed.
func TestRowIDsOfReferenceTables(t *testing.T) {
	f, err := os.Open(sharedref.Path(t, "reference", "nrl-spine", "nrl-codes.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	idCol := -1
	for i, h := range header {
		if h == "id" {
			idCol = i
		}
	}
	if idCol < 0 {
		t.Fatalf("the table has no id column: %q", header)
	}
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		id := rec[idCol]
		fs := Scan(id)
		if len(fs) != 1 || fs[0].Rule != RuleRowID || fs[0].Text != id {
			t.Errorf("row id %q is not recognised as one whole row id: %+v", id, fs)
		}
	}
	if rows < 100 {
		t.Errorf("read only %d rows", rows)
	}
}

// FuzzScan checks that any text gives findings in order, each at an offset
// that holds its text, and that Followable answers.
func FuzzScan(f *testing.F) {
	for _, s := range []string{"seed 004 and NRLDOC-042", "RFC 9110 §11.1 §2", "nhsconnect/x@abcdef1:p.md#a, https://example.org/p", "– §1\n§§ RI-A-*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := -1
		for _, fd := range Scan(text) {
			if fd.Offset < prev || fd.Offset+len(fd.Text) > len(text) || text[fd.Offset:fd.Offset+len(fd.Text)] != fd.Text {
				t.Fatalf("finding %+v out of order or not at its offset in %q", fd, text)
			}
			prev = fd.Offset
		}
		Followable(text)
	})
}
