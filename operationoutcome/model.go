package operationoutcome

// Version is the FHIR release an OperationOutcome follows. Its zero value is
// invalid: callers must say which release they mean.
type Version string

// The FHIR releases spinecat knows.
const (
	STU3 Version = "STU3" // FHIR 3.0.x, used by NRL and the e-RS STU3 API
	R4   Version = "R4"   // FHIR 4.0.1, used by NRLF and the e-RS R4 API
)

// Valid reports whether v is STU3 or R4.
func (v Version) Valid() bool { return v == STU3 || v == R4 }

// OperationOutcome is the FHIR OperationOutcome resource in the shape shared by
// STU3 and R4. Elements that no Spine-style API sends (contained resources,
// implicitRules) are kept where they occur so that a round trip loses nothing.
type OperationOutcome struct {
	ID                string
	Meta              *Meta
	ImplicitRules     string
	Language          string
	Text              *Narrative
	Extension         []Extension
	ModifierExtension []Extension
	Issue             []Issue
}

// Meta is the resource metadata. LastUpdated is kept as the exact string
// received so that a check can report its format rather than lose it.
type Meta struct {
	VersionID   string
	LastUpdated string
	Source      string // R4 only
	Profile     []string
	Extension   []Extension
}

// Narrative is the human-readable summary (text.div is XHTML, kept verbatim).
type Narrative struct {
	Status string
	Div    string
}

// Issue is one OperationOutcome.issue.
type Issue struct {
	ID                string
	Extension         []Extension
	ModifierExtension []Extension
	Severity          Severity
	Code              IssueType
	Details           *CodeableConcept
	Diagnostics       string
	Location          []string
	Expression        []string // FHIRPath of the elements at fault (STU3 and R4)
}

// CodeableConcept is issue.details.
type CodeableConcept struct {
	Extension []Extension
	Coding    []Coding
	Text      string
}

// Coding is one issue.details.coding.
type Coding struct {
	Extension    []Extension
	System       string
	Version      string
	Code         string
	Display      string
	UserSelected *bool
}

// Extension is a FHIR extension. Primitive values are kept as their lexical
// form with the value[x] type name (ValueType "String" for valueString);
// complex values are kept verbatim as JSON in Raw so a round trip keeps them.
type Extension struct {
	URL       string
	Extension []Extension
	ValueType string // the part after "value", e.g. "String", "Code", "Coding"; empty when absent
	Value     string // lexical form of a primitive value
	Raw       []byte // JSON of a complex value (ValueType names a datatype with elements)
}

// FirstCoding returns the first coding of the issue's details, or nil.
func (i *Issue) FirstCoding() *Coding {
	if i.Details == nil || len(i.Details.Coding) == 0 {
		return nil
	}
	return &i.Details.Coding[0]
}
