package validate

import (
	"fmt"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// Severity is how much a finding matters: only error findings make a
// response non-conformant.
type Severity string

// The finding severities.
const (
	Error       Severity = "error"
	Warning     Severity = "warning"
	Information Severity = "information"
)

// Finding is one way a response departs from what FHIR, its API's dialect or
// the catalogue documents (or, with severity information, a fact worth
// knowing, such as the documented variant it matched).
type Finding struct {
	Rule     string   `json:"rule"`     // e.g. "catalog.display"; see Rules
	Severity Severity `json:"severity"` // error, warning or information
	Location string   `json:"location"` // a FHIR path, "HTTP status", "Content-Type", or "body 3:14"
	Message  string   `json:"message"`  // what was expected, what was found, what to do
	// Defect names the documented defect the fault is (catalog.Defect):
	// a documented source sends it so. The finding is still an error.
	Defect string `json:"defect,omitempty"`
}

// Identification says what one OperationOutcome.issue is: its coding as
// received and the catalogue entry, variants and parameters it was
// identified as. Report.Issues holds one per issue, in order, and so does
// the JSON report (report.Result.Issues).
type Identification struct {
	System string `json:"system"` // exactly as received
	Code   string `json:"code"`   // exactly as received
	Entry  string `json:"entry"`  // the entry id, e.g. "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", or ""
	// Variants are the documented variants the issue matched. The JSON
	// report leaves them out: its catalog.variant findings name them.
	Variants []string          `json:"-"`
	Params   map[string]string `json:"params"` // diagnostics parameter values

	entry *catalog.Entry
}

// CatalogEntry returns the identified entry, or nil.
func (i Identification) CatalogEntry() *catalog.Entry { return i.entry }

// Report is the result of checking one response.
type Report struct {
	Status     int    // the HTTP status checked; 0 when unknown
	API        string // as given, or as detected
	Dialect    string // the dialect the response was checked against; "" when none could be chosen
	Reason     string // why that API and dialect were chosen
	Conformant bool   // no finding of severity error
	Issues     []Identification
	Findings   []Finding
	// Outcome is the decoded OperationOutcome, nil when the body is not one.
	Outcome *operationoutcome.OperationOutcome
	// BodyEntry is the entry documenting a response without an
	// OperationOutcome (an empty 401, an HTML 500) that this one matched.
	BodyEntry *catalog.Entry

	seen           map[Finding]struct{} // the findings made, for add's duplicate test
	structureErrAt map[string]bool      // locations with a fhir.* error
	maxFindings    int                  // the cap on len(Findings); 0 for none
	dropped        map[Severity]int     // findings beyond the cap, by severity
}

// Errors returns the findings of severity error.
func (r *Report) Errors() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == Error {
			out = append(out, f)
		}
	}
	return out
}

// add records a finding, once: a finding identical to one already made
// (two issues of one entry with the same wrong status, say) is dropped, and
// so is a dialect or catalogue finding at a location where the FHIR
// structure layer has already reported an error. Both tests are map
// look-ups, so a body with tens of thousands of faults costs no more per
// finding than one with a few. Beyond the report's cap a finding is only
// counted; Check states the count in one last finding (see capFindings).
func (r *Report) add(rule string, sev Severity, loc, msg string) {
	f := Finding{Rule: rule, Severity: sev, Location: loc, Message: msg}
	if _, dup := r.seen[f]; dup {
		return
	}
	if (strings.HasPrefix(rule, "dialect.") || strings.HasPrefix(rule, "catalog.")) && r.structureErrAt[loc] {
		// One fault, one finding: the structure layer has the first word.
		return
	}
	if r.seen == nil {
		r.seen, r.structureErrAt, r.dropped = map[Finding]struct{}{}, map[string]bool{}, map[Severity]int{}
	}
	r.seen[f] = struct{}{}
	if sev == Error && strings.HasPrefix(rule, "fhir.") {
		r.structureErrAt[loc] = true
	}
	if r.maxFindings > 0 && len(r.Findings) >= r.maxFindings {
		r.dropped[sev]++
		return
	}
	r.Findings = append(r.Findings, f)
}

// capFindings adds the finding that says how many findings the cap left
// out, by severity. It is an error when an error was left out, so that the
// cap never turns a non-conformant response into a conformant one.
func (r *Report) capFindings() {
	n := r.dropped[Error] + r.dropped[Warning] + r.dropped[Information]
	if n == 0 {
		return
	}
	sev := Information
	switch {
	case r.dropped[Error] > 0:
		sev = Error
	case r.dropped[Warning] > 0:
		sev = Warning
	}
	r.Findings = append(r.Findings, Finding{Rule: RuleFindingsCapped, Severity: sev, Location: "body 1:1", Message: fmt.Sprintf(
		"%d more findings (%d errors, %d warnings, %d information) were left out: the report keeps the first %d of each response; fix these and check again, or raise the cap (Options.MaxFindings)",
		n, r.dropped[Error], r.dropped[Warning], r.dropped[Information], r.maxFindings)})
}

// OperationOutcome renders the findings as an OperationOutcome, the way the
// HL7 FHIR validator reports: one issue per finding, the rule id as the
// details code, the location as expression. A report without findings gives
// one information issue saying the response is conformant.
func (r *Report) OperationOutcome() *operationoutcome.OperationOutcome {
	oo := &operationoutcome.OperationOutcome{}
	for _, f := range r.Findings {
		iss := operationoutcome.Issue{
			Severity:    operationoutcome.Severity(f.Severity),
			Code:        issueTypeOf(f.Rule),
			Details:     &operationoutcome.CodeableConcept{Coding: []operationoutcome.Coding{{System: RuleSystem, Code: f.Rule}}},
			Diagnostics: f.Message,
		}
		if f.Location != "" {
			iss.Expression = []string{f.Location}
		}
		oo.Issue = append(oo.Issue, iss)
	}
	if len(oo.Issue) == 0 {
		oo.Issue = []operationoutcome.Issue{{Severity: operationoutcome.SeverityInformation, Code: operationoutcome.IssueInformational, Diagnostics: "the response is conformant"}}
	}
	return oo
}

// RuleSystem is the coding system of rule ids in Report.OperationOutcome.
const RuleSystem = "urn:spinecat:rule"

func issueTypeOf(rule string) operationoutcome.IssueType {
	switch {
	case rule == "fhir.required":
		return operationoutcome.IssueRequired
	case rule == RuleBodyTooLarge, rule == RuleFindingsCapped:
		return operationoutcome.IssueTooLong
	case rule == RuleBodyTruncated:
		return operationoutcome.IssueIncomplete
	case strings.HasPrefix(rule, "syntax."), strings.HasPrefix(rule, "fhir."):
		return operationoutcome.IssueStructure
	case strings.HasPrefix(rule, "dialect."):
		return operationoutcome.IssueInvariant
	case strings.HasPrefix(rule, "catalog."):
		return operationoutcome.IssueCodeInvalid
	}
	return operationoutcome.IssueProcessing
}
