package validate

import (
	"strconv"

	"github.com/spinecat/spinecat/validate/syntax"
)

// RuleInfo documents one rule id a Checker can emit.
type RuleInfo struct {
	ID          string `json:"id"`          // e.g. "catalog.display"
	Layer       string `json:"layer"`       // transport, syntax, fhir, dialect, catalog, internal or report
	Description string `json:"description"` // one line, for README tables and `spinecat list --rules`
}

// The rule ids of the transport layer.
const (
	RuleBodyTooLarge       = "transport.body-too-large"
	RuleBodyTruncated      = "transport.body-truncated"
	RuleHead               = "transport.head"
	RuleStatusUnknown      = "transport.status-unknown"
	RuleBodyMissing        = "transport.body-missing"
	RuleNoBody             = "transport.no-body"
	RuleDocumentedBody     = "transport.documented-body"
	RuleNotFHIR            = "transport.not-fhir"
	RuleContentType        = "transport.content-type"
	RuleContentTypeLegacy  = "transport.content-type-legacy"
	RuleContentTypeGeneric = "transport.content-type-generic"
	RuleCharset            = "transport.charset"
)

// The rule ids of the FHIR structure layer.
const (
	RuleFHIRResource       = "fhir.resource"
	RuleFHIRElement        = "fhir.element"
	RuleFHIRUnknownElement = "fhir.unknown-element"
	RuleFHIRCardinality    = "fhir.cardinality"
	RuleFHIRRequired       = "fhir.required"
	RuleFHIRType           = "fhir.type"
	RuleFHIRFormat         = "fhir.format"
	RuleFHIRCode           = "fhir.code"
)

// The rule ids of the dialect layer.
const (
	RuleDialectUnknown        = "dialect.unknown"
	RuleDialectVariant        = "dialect.variant"
	RuleDialectFormat         = "dialect.format"
	RuleDialectProfile        = "dialect.profile"
	RuleDialectProfileWebPage = "dialect.profile-web-page"
	RuleDialectID             = "dialect.id"
	RuleDialectLastUpdated    = "dialect.last-updated"
	RuleDialectMaxIssues      = "dialect.max-issues"
	RuleDialectExpression     = "dialect.expression"
	RuleDialectCodingVersion  = "dialect.coding-version"
	RuleDialectDisplay        = "dialect.display"
	RuleDialectDetails        = "dialect.details"
	RuleDialectSystem         = "dialect.system"
	RuleDialectStatus         = "dialect.status"
)

// The rule ids of the catalogue layer.
const (
	RuleCatalogVariant         = "catalog.variant"
	RuleCatalogSeverity        = "catalog.severity"
	RuleCatalogIssueType       = "catalog.issue-type"
	RuleCatalogDisplay         = "catalog.display"
	RuleCatalogDiagnostics     = "catalog.diagnostics"
	RuleCatalogExpression      = "catalog.expression"
	RuleCatalogStatus          = "catalog.status"
	RuleCatalogStatusNotStated = "catalog.status-not-stated"
	RuleCatalogUnknownSystem   = "catalog.unknown-system"
	RuleCatalogUnknownCode     = "catalog.unknown-code"
	RuleCatalogOtherSystem     = "catalog.other-system"
	RuleCatalogCodeVersion     = "catalog.code-version"
	RuleCatalogConcept         = "catalog.concept"
	RuleCatalogUndocumented    = "catalog.undocumented"
	RuleCatalogUnidentified    = "catalog.unidentified"
	RuleInternalPanic          = "internal.panic"
	RuleFindingsCapped         = "report.findings-capped"
)

// Rules lists every rule id a Checker emits, by layer, with a one-line
// description. A finding's Rule is always one of these ids.
var Rules = []RuleInfo{
	{RuleBodyTooLarge, "transport", "the body is larger than the cap (1 MiB by default), so it was not checked"},
	{RuleBodyTruncated, "transport", "the body was cut off before the end (shorter than its Content-Length, or the capture was cut), so it was not checked"},
	{RuleHead, "transport", "a response to HEAD, which has no body: its status and headers were checked and no entry is named (information)"},
	{RuleStatusUnknown, "transport", "the capture has no HTTP status, so the status was not checked (information)"},
	{RuleBodyMissing, "transport", "an error status with an empty body where the API documents an OperationOutcome"},
	{RuleNoBody, "transport", "a success response without a body: nothing to check (information)"},
	{RuleDocumentedBody, "transport", "an empty, HTML or plain-text body that the API documents for this status, named (information)"},
	{RuleNotFHIR, "transport", "an HTML or plain-text body where the API documents an OperationOutcome"},
	{RuleContentType, "transport", "Content-Type missing, not a FHIR media type, or naming the other format than the body's"},
	{RuleContentTypeLegacy, "transport", "the DSTU2-era application/json+fhir or application/xml+fhir media type (warning)"},
	{RuleContentTypeGeneric, "transport", "application/json or application/xml instead of the FHIR media type (information)"},
	{RuleCharset, "transport", "a charset other than UTF-8 in Content-Type"},

	{syntax.RuleBOM, "syntax", "a UTF-8 byte order mark before a JSON body"},
	{syntax.RuleUTF16, "syntax", "a UTF-16 body where FHIR requires UTF-8"},
	{syntax.RuleTypographicQuotes, "syntax", "typographic quotes (pasted from a document) where JSON or XML quotes belong"},
	{syntax.RuleTrailingComma, "syntax", "a comma before } or ] in JSON"},
	{syntax.RuleTruncated, "syntax", "the body ends while an object, array, string or element is still open"},
	{syntax.RuleJSON, "syntax", "any other JSON syntax error, with line:col"},
	{syntax.RuleXML, "syntax", "any other XML well-formedness error, with line:col"},
	{syntax.RuleDuplicateKey, "syntax", "a JSON object names a property twice: readers disagree on which value counts (the last one is checked)"},
	{syntax.RuleUTF8, "syntax", "bytes that are not UTF-8, with the position of the first"},
	{syntax.RuleTooDeep, "syntax", "objects and arrays nest more than " + strconv.Itoa(syntax.MaxDepth) + " deep: too deep to check"},
	{syntax.RuleTemplate, "syntax", "an unrendered template placeholder ({{x}}, ${x}, #(x), %x#, {flow.variable}): a template, not a response"},

	{RuleFHIRResource, "fhir", "the body is JSON or XML but not an OperationOutcome"},
	{RuleFHIRElement, "fhir", "an XML element or attribute that FHIR XML does not allow there (repeated, misplaced, no value)"},
	{RuleFHIRUnknownElement, "fhir", "an element the OperationOutcome of that FHIR release does not define"},
	{RuleFHIRCardinality, "fhir", "an array with too few items (issue 1..*, no empty arrays)"},
	{RuleFHIRRequired, "fhir", "a required element is missing (issue, severity, code, Extension.url)"},
	{RuleFHIRType, "fhir", "an element of the wrong JSON type (a number where a string belongs, an object for an array)"},
	{RuleFHIRFormat, "fhir", "a primitive that breaks its FHIR format (empty string, instant, id, uri, integer range)"},
	{RuleFHIRCode, "fhir", "a severity or issue type outside the FHIR value set of the release"},

	{RuleDialectUnknown, "dialect", "nothing in the response belongs to one dialect (its own profile, a system only its API uses, an exact entry): only FHIR structure and the code systems were checked"},
	{RuleDialectVariant, "dialect", "the OperationOutcome matches a documented variant of its dialect, named with its source (information)"},
	{RuleDialectFormat, "dialect", "the body's format (JSON or XML) is one the dialect never sends"},
	{RuleDialectProfile, "dialect", "meta.profile missing, wrong, or sent where the dialect sends none"},
	{RuleDialectProfileWebPage, "dialect", "meta.profile is a web page rather than a StructureDefinition URL (information)"},
	{RuleDialectID, "dialect", "OperationOutcome.id breaks the dialect's id policy (none, any, UUID, UUID-and-20-digits)"},
	{RuleDialectLastUpdated, "dialect", "meta.lastUpdated missing where the dialect sends it, or sent where it does not"},
	{RuleDialectMaxIssues, "dialect", "more issues than the dialect sends"},
	{RuleDialectExpression, "dialect", "issue.expression where the dialect's profile prohibits it"},
	{RuleDialectCodingVersion, "dialect", "coding.version where the dialect's profile prohibits it, or missing where the dialect sends it in every coding"},
	{RuleDialectDisplay, "dialect", "coding.display missing where the dialect requires it, or sent where it never does"},
	{RuleDialectDetails, "dialect", "an error issue without details.coding in a dialect that codes every issue"},
	{RuleDialectSystem, "dialect", "a coding system the dialect's profile does not allow (a ValueSet URL where a CodeSystem belongs is named as such)"},
	{RuleDialectStatus, "dialect", "the HTTP status of an outcome with several issues differs from the one the dialect's status rule gives for their issue types"},

	{RuleCatalogVariant, "catalog", "the issue matches a documented variant of its entry, named with its source (information)"},
	{RuleCatalogSeverity, "catalog", "issue.severity differs from the entry's and every variant's"},
	{RuleCatalogIssueType, "catalog", "issue.code (the issue type) differs from the entry's and every variant's"},
	{RuleCatalogDisplay, "catalog", "coding.display differs from the entry's and every documented variant's"},
	{RuleCatalogDiagnostics, "catalog", "diagnostics do not match the entry's template or any variant's"},
	{RuleCatalogExpression, "catalog", "issue.expression is not the entry's documented expression (as many paths, each matching its template, with the diagnostics' values)"},
	{RuleCatalogStatus, "catalog", "the HTTP status differs from the entry's and every variant's"},
	{RuleCatalogStatusNotStated, "catalog", "the sources state no status for the entry, so the status was not checked (information)"},
	{RuleCatalogUnknownSystem, "catalog", "no catalogue knows the coding system, so the code could not be checked (warning)"},
	{RuleCatalogUnknownCode, "catalog", "the code is not defined in any version of its (known) code system, nor in any other the catalogue knows (a warning for a system the catalogue knows only in part)"},
	{RuleCatalogOtherSystem, "catalog", "the code is not defined in its code system but in another the catalogue knows, named: the system URL is probably wrong (warning)"},
	{RuleCatalogCodeVersion, "catalog", "the code is not in the version coding.version names or the dialect pins; the versions that define it are named (information)"},
	{RuleCatalogConcept, "catalog", "with no dialect detected, what the code system says of the code: versions, display, definition, the catalogued APIs using the system (information)"},
	{RuleCatalogUndocumented, "catalog", "the code is defined in its system but no entry of the API documents it (warning)"},
	{RuleCatalogUnidentified, "catalog", "an error issue without a coding that no coding-less entry of the API explains (warning)"},

	{RuleInternalPanic, "internal", "the checker itself failed on this response: please report it with the capture"},
	{RuleFindingsCapped, "report", "more findings than the cap (100 per response by default): the rest are counted by severity, not listed"},
}

// ruleDescription returns the one-line description of rule id, or "".
func ruleDescription(id string) string {
	for _, r := range Rules {
		if r.ID == id {
			return r.Description
		}
	}
	return ""
}
