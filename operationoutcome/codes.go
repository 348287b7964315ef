package operationoutcome

// Severity is OperationOutcome.issue.severity. Its zero value is invalid and
// is never written as a real code.
type Severity string

// The issue severities of FHIR STU3 and R4 (they are the same four).
const (
	SeverityFatal       Severity = "fatal"
	SeverityError       Severity = "error"
	SeverityWarning     Severity = "warning"
	SeverityInformation Severity = "information"
)

var severities = []Severity{SeverityFatal, SeverityError, SeverityWarning, SeverityInformation}

// Severities returns every valid severity in FHIR order.
func Severities() []Severity { return append([]Severity(nil), severities...) }

// Valid reports whether s is one of the four FHIR severities.
func (s Severity) Valid() bool {
	for _, v := range severities {
		if s == v {
			return true
		}
	}
	return false
}

// IssueType is OperationOutcome.issue.code. Its zero value is invalid.
type IssueType string

// The issue types of FHIR R4 (31 codes). STU3 has all of them except
// multiple-matches and deleted.
const (
	IssueInvalid         IssueType = "invalid"
	IssueStructure       IssueType = "structure"
	IssueRequired        IssueType = "required"
	IssueValue           IssueType = "value"
	IssueInvariant       IssueType = "invariant"
	IssueSecurity        IssueType = "security"
	IssueLogin           IssueType = "login"
	IssueUnknown         IssueType = "unknown"
	IssueExpired         IssueType = "expired"
	IssueForbidden       IssueType = "forbidden"
	IssueSuppressed      IssueType = "suppressed"
	IssueProcessing      IssueType = "processing"
	IssueNotSupported    IssueType = "not-supported"
	IssueDuplicate       IssueType = "duplicate"
	IssueMultipleMatches IssueType = "multiple-matches" // R4 only
	IssueNotFound        IssueType = "not-found"
	IssueDeleted         IssueType = "deleted" // R4 only
	IssueTooLong         IssueType = "too-long"
	IssueCodeInvalid     IssueType = "code-invalid"
	IssueExtension       IssueType = "extension"
	IssueTooCostly       IssueType = "too-costly"
	IssueBusinessRule    IssueType = "business-rule"
	IssueConflict        IssueType = "conflict"
	IssueTransient       IssueType = "transient"
	IssueLockError       IssueType = "lock-error"
	IssueNoStore         IssueType = "no-store"
	IssueException       IssueType = "exception"
	IssueTimeout         IssueType = "timeout"
	IssueIncomplete      IssueType = "incomplete"
	IssueThrottled       IssueType = "throttled"
	IssueInformational   IssueType = "informational"
)

var issueTypesR4 = []IssueType{
	IssueInvalid, IssueStructure, IssueRequired, IssueValue, IssueInvariant,
	IssueSecurity, IssueLogin, IssueUnknown, IssueExpired, IssueForbidden,
	IssueSuppressed, IssueProcessing, IssueNotSupported, IssueDuplicate,
	IssueMultipleMatches, IssueNotFound, IssueDeleted, IssueTooLong,
	IssueCodeInvalid, IssueExtension, IssueTooCostly, IssueBusinessRule,
	IssueConflict, IssueTransient, IssueLockError, IssueNoStore, IssueException,
	IssueTimeout, IssueIncomplete, IssueThrottled, IssueInformational,
}

// IssueTypes returns every issue type defined in release v, in FHIR order
// (31 for R4, 29 for STU3). It returns nil for an invalid version.
func IssueTypes(v Version) []IssueType {
	switch v {
	case R4:
		return append([]IssueType(nil), issueTypesR4...)
	case STU3:
		out := make([]IssueType, 0, len(issueTypesR4)-2)
		for _, t := range issueTypesR4 {
			if t != IssueMultipleMatches && t != IssueDeleted {
				out = append(out, t)
			}
		}
		return out
	}
	return nil
}

// ValidIn reports whether t is an issue type of release v.
func (t IssueType) ValidIn(v Version) bool {
	if !v.Valid() || v == STU3 && (t == IssueMultipleMatches || t == IssueDeleted) {
		return false
	}
	// Look in the table itself: IssueTypes copies it, and this runs per issue.
	for _, c := range issueTypesR4 {
		if t == c {
			return true
		}
	}
	return false
}

// Valid reports whether t is an issue type of any FHIR release spinecat knows.
func (t IssueType) Valid() bool { return t.ValidIn(R4) }
