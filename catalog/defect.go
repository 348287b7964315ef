package catalog

// Defect is something a documented source sends that is not valid: FHIR
// the checker rejects (issue.code "token", issue.expression as a string, a
// member FHIR does not define) or JSON that does not parse (a trailing
// comma in a proxy's template). It is recorded on the dialect, dialect
// variant, entry or variant whose source sends it, with that source, so
// that the checker's finding for the fault, still an error, names the
// defect and where it is documented: the response is as the service sends
// it, and the service is wrong.
type Defect struct {
	Name string
	// Rule is the checker rule whose finding the defect explains, such as
	// "fhir.code" (spinecat list --rules lists them).
	Rule string
	// Element is where the fault is: a path in the OperationOutcome
	// without indices, such as "issue.code"; "" for anywhere (a syntax
	// fault has no element).
	Element string
	// Value is the value the source sends there; "" for any.
	Value   string
	Note    string
	Sources []string
}
