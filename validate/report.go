package validate

import (
	"slices"
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
}

// Issue is the identification of one OperationOutcome.issue, in order.
type Issue struct {
	System   string            `json:"system"`            // exactly as received
	Code     string            `json:"code"`              // exactly as received
	Entry    string            `json:"entry"`             // the entry id, e.g. "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE", or ""
	Variants []string          `json:"variants,omitzero"` // documented variants the issue matched
	Params   map[string]string `json:"params,omitzero"`   // diagnostics parameter values

	entry *catalog.Entry
}

// CatalogEntry returns the identified entry, or nil.
func (i Issue) CatalogEntry() *catalog.Entry { return i.entry }

// Report is the result of checking one response.
type Report struct {
	Status     int    // the HTTP status checked; 0 when unknown
	API        string // as given, or as detected
	Dialect    string // the dialect the response was checked against; "" when none could be chosen
	Reason     string // why that API and dialect were chosen
	Conformant bool   // no finding of severity error
	Issues     []Issue
	Findings   []Finding
	// Outcome is the decoded OperationOutcome, nil when the body is not one.
	Outcome *operationoutcome.OperationOutcome
	// BodyEntry is the entry documenting a response without an
	// OperationOutcome (an empty 401, an HTML 500) that this one matched.
	BodyEntry *catalog.Entry
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
// structure layer has already reported an error.
func (r *Report) add(rule string, sev Severity, loc, msg string) {
	f := Finding{Rule: rule, Severity: sev, Location: loc, Message: msg}
	if slices.Contains(r.Findings, f) {
		return
	}
	if strings.HasPrefix(rule, "dialect.") || strings.HasPrefix(rule, "catalog.") {
		// One fault, one finding: the structure layer has the first word.
		for _, g := range r.Findings {
			if g.Location == loc && g.Severity == Error && strings.HasPrefix(g.Rule, "fhir.") {
				return
			}
		}
	}
	r.Findings = append(r.Findings, f)
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
	case rule == "transport.body-too-large":
		return operationoutcome.IssueTooLong
	case strings.HasPrefix(rule, "syntax."), strings.HasPrefix(rule, "fhir."):
		return operationoutcome.IssueStructure
	case strings.HasPrefix(rule, "dialect."):
		return operationoutcome.IssueInvariant
	case strings.HasPrefix(rule, "catalog."):
		return operationoutcome.IssueCodeInvalid
	}
	return operationoutcome.IssueProcessing
}
