package catalog

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/operationoutcome"
)

// Presence says whether an element must, may or must not be present.
type Presence string

// The presences a dialect or entry can set.
const (
	Required   Presence = "required"
	Optional   Presence = "optional"
	Prohibited Presence = "prohibited"
)

// IDPolicy is what a dialect puts in OperationOutcome.id.
type IDPolicy string

// The id policies seen in Spine-style APIs.
const (
	IDNone         IDPolicy = "none"          // no id (NRLF v3, e-RS)
	IDAny          IDPolicy = "any"           // some id, any form
	IDUUID         IDPolicy = "uuid"          // a UUID
	IDUUIDDigits20 IDPolicy = "uuid-digits20" // NRL: a UUID, "-", 20 digits
)

// BodyKind is what a documented response carries.
type BodyKind string

// The body kinds a catalogue entry can document.
const (
	BodyOperationOutcome BodyKind = "operationoutcome"
	BodyNone             BodyKind = "none" // an empty body (e-RS STU3 gateway 401 and 429)
	BodyText             BodyKind = "text" // text/plain (e-RS STU3 406 and 415)
	BodyHTML             BodyKind = "html" // an HTML page (NRL 500)
)

// Dialect is how one API shapes its OperationOutcomes.
type Dialect struct {
	Name          string // catalogue name, e.g. "nrl-stu3"
	API           string
	Title         string
	Doc           string
	FHIR          operationoutcome.Version
	Profile       string // the meta.profile sent; empty for none
	ProfileRule   Presence
	ID            IDPolicy
	LastUpdated   Presence
	Display       Presence
	Expression    Presence
	CodingVersion Presence
	// CodingVersionSent is the coding.version the dialect's services put
	// in every coding (PDS sends "1"), which constructors send too; "" for
	// none.
	CodingVersionSent string
	// MediaType is the JSON media type the dialect's services answer with
	// when it is not application/fhir+json (the PDS proxy's
	// application/json); "" for the FHIR one.
	MediaType string
	MaxIssues int      // 0: no limit
	Systems   []string // the system URLs the profile fixes; empty: any
	Pins      []Pin    // the versions of those systems the sources fix, where they do
	Formats   []string // "json", "xml"; the first is the default
	// StatusRule gives the HTTP status of an OperationOutcome with several
	// issues from their issue types; nil when the dialect has none.
	StatusRule *StatusRule
	Sources    []string
	Variants   []DialectVariant
	// Defects are what every service of the dialect sends that is not
	// valid (see Defect).
	Defects []Defect
}

// DialectVariant is a documented departure from a dialect that real
// responses show (e-RS STU3 gateway bodies without display, say). A response
// that matches it is conformant; the checker names it.
type DialectVariant struct {
	Name        string
	Note        string
	Sources     []string
	Profile     *string  // nil: as the dialect; "" : no profile
	LastUpdated Presence // empty: as the dialect
	Display     Presence
	ID          IDPolicy
	// CodingVersion, when set, replaces the dialect's coding.version rule.
	CodingVersion Presence
	Defects       []Defect // what the variant's sources send that is not valid
}

// ProfileFit is how a response's meta.profile fits a dialect, best first.
type ProfileFit int

const (
	// ProfileOwn: the response carries the dialect's own profile.
	ProfileOwn ProfileFit = iota
	// ProfileAllowed: the dialect's policy allows what the response
	// carries (no profile where the profile is not required), or one of
	// its documented variants does.
	ProfileAllowed
	// ProfileContrary: the dialect neither sends nor allows it.
	ProfileContrary
)

// FitProfiles says how a response whose meta.profile is profiles (empty:
// none) fits d.
func (d *Dialect) FitProfiles(profiles []string) ProfileFit {
	if d.Profile != "" && slices.Contains(profiles, d.Profile) {
		return ProfileOwn
	}
	fits := func(profile string) bool {
		if profile == "" {
			return len(profiles) == 0
		}
		return slices.Contains(profiles, profile)
	}
	if len(profiles) == 0 && d.ProfileRule != Required ||
		slices.ContainsFunc(d.Variants, func(v DialectVariant) bool { return v.Profile != nil && fits(*v.Profile) }) {
		return ProfileAllowed
	}
	return ProfileContrary
}

// Pinned returns the version of the system with that URL which the
// dialect's sources fix, or "" when they fix none.
func (d *Dialect) Pinned(url string) string {
	for _, p := range d.Pins {
		if p.System == url {
			return p.Version
		}
	}
	return ""
}

// Param is a named, typed parameter of an entry's display, diagnostics and
// expression templates.
type Param struct {
	Name    string // as written in the template: {name}
	Type    string // a ParamTypes name: "string", "text", "int", "nhs-number", ...
	Doc     string
	Example string
}

// Entry is one documented error (or success) type of one API.
type Entry struct {
	API         string
	Name        string // catalogue id, e.g. "NO_RECORD_FOUND_DOCUMENT_REFERENCE"
	GoName      string // e.g. "NoRecordFoundDocumentReference"
	Dialect     *Dialect
	Status      int    // 0: not stated by the sources
	StatusNote  string // why the status is not stated, e.g. "TBC in the NRL guidance"
	Body        BodyKind
	BodyText    string // the documented body for text and html bodies
	ContentType string // for text and html bodies
	Severity    operationoutcome.Severity
	IssueType   operationoutcome.IssueType
	System      *CodeSystem // nil: sent without one (CodeNote says why), or the sources do not name it (Undocumented)
	Code        string
	// CodeNote says why the service sends a code its system does not
	// define, or sends it without a system; "" when it is defined.
	CodeNote string
	Display  string // as written: a template when DisplayTemplate is set
	// DisplayTemplate is the display when it has {placeholders} (a display
	// the service builds per request); nil for literal text.
	DisplayTemplate *Template
	Diagnostics     *Template   // nil: none documented
	Expression      []*Template // issue.expression sent, each a template over Params; nil: none documented
	Params          []Param
	Undocumented    []string // fields the sources do not give ("issueType", "display", "system", "expression", ...): any value is accepted
	Interactions    []string
	Endpoints       []string
	Description     string
	Hint            string
	Sources         []string
	Variants        []Variant
	Defects         []Defect // what the entry's sources send that is not valid

	api *API // set by NewAPI
}

// ID is the entry's name qualified by its API, e.g. "nrl.NO_RECORD_FOUND_DOCUMENT_REFERENCE".
func (e *Entry) ID() string { return e.API + "." + e.Name }

// SystemURL is the URL of the entry's coding system, or "" when it has none.
func (e *Entry) SystemURL() string {
	if e.System == nil {
		return ""
	}
	return e.System.URL
}

// Codes reports whether the entry documents code under system: as its own
// coding (under any system when the sources name the code but not its
// system), or as a documented variant's (a variant that changes only the
// code keeps the entry's system, and the other way round).
func (e *Entry) Codes(system, code string) bool {
	if code == e.Code && (system == e.SystemURL() || e.System == nil && !e.Documented("system")) {
		return true
	}
	for i := range e.Variants {
		v := &e.Variants[i]
		if v.Code == "" && v.System == "" {
			continue
		}
		if cmp.Or(v.Code, e.Code) == code && cmp.Or(v.System, e.SystemURL()) == system {
			return true
		}
	}
	return false
}

// displayFor returns the display sent with parameter values aligned with
// e.Params: the template filled in, or the literal display.
func (e *Entry) displayFor(values []string) string {
	if e.DisplayTemplate != nil {
		return e.DisplayTemplate.expandParams(e.Params, values)
	}
	return e.Display
}

// Param returns the named parameter.
func (e *Entry) Param(name string) (Param, bool) {
	for _, p := range e.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// ParamNames returns the names of the entry's parameters, in order.
func (e *Entry) ParamNames() []string {
	names := make([]string, len(e.Params))
	for i, p := range e.Params {
		names[i] = p.Name
	}
	return names
}

// Variant is a documented departure from an entry: a published source or a
// real response that differs from the entry in one or more fields. Empty
// fields are as the entry. Constructors never emit a variant.
type Variant struct {
	Name      string
	Note      string
	Sources   []string
	Status    int
	Severity  operationoutcome.Severity
	IssueType operationoutcome.IssueType
	System    string // a coding system URL
	Code      string
	Display   *string // nil: as the entry; "": display absent
	// DisplayTemplate is Display when it has {placeholders}.
	DisplayTemplate *Template
	Diagnostics     *Template // nil: as the entry
	Endpoints       []string  // where the variant applies, when narrower than the entry
	Defects         []Defect  // what the variant's sources send that is not valid
}

// Documented reports whether the sources give the value of field (a YAML key
// such as "issueType" or "display") for this entry.
func (e *Entry) Documented(field string) bool {
	for _, f := range e.Undocumented {
		if f == field {
			return false
		}
	}
	return true
}

// Ptr returns a pointer to s; generated code uses it for optional strings.
func Ptr(s string) *string { return &s }

// Changes describes what the variant changes from its entry, one phrase a
// field: `status 400`, `display "Bad Request"`, `no display`, `on A015`.
func (v *Variant) Changes() []string {
	var parts []string
	if v.Status != 0 {
		parts = append(parts, "status "+strconv.Itoa(v.Status))
	}
	if v.Severity != "" {
		parts = append(parts, "severity "+string(v.Severity))
	}
	if v.IssueType != "" {
		parts = append(parts, "issue-type "+string(v.IssueType))
	}
	if v.System != "" {
		parts = append(parts, "system "+v.System)
	}
	if v.Code != "" {
		parts = append(parts, "code "+strconv.Quote(v.Code))
	}
	if v.Display != nil {
		if *v.Display == "" {
			parts = append(parts, "no display")
		} else {
			parts = append(parts, "display "+strconv.Quote(*v.Display))
		}
	}
	if v.Diagnostics != nil {
		parts = append(parts, "diagnostics "+strconv.Quote(v.Diagnostics.String()))
	}
	if len(v.Endpoints) > 0 {
		parts = append(parts, "on "+strings.Join(v.Endpoints, ", "))
	}
	return parts
}
