package spec

import "encoding/json"

// The document shapes of a catalogue file, as decoded after the schema check.

type fileDoc struct {
	Package     string          `json:"package"`
	API         string          `json:"api"`
	Title       string          `json:"title"`
	Doc         string          `json:"doc"`
	CodeSystems []codeSystemDoc `json:"codeSystems"`
	Dialects    []dialectDoc    `json:"dialects"`
	Entries     []entryDoc      `json:"entries"`
	HTTP        *httpDoc        `json:"http"`
}

type codeSystemDoc struct {
	Name     string       `json:"name"`
	GoName   string       `json:"goName"`
	URL      string       `json:"url"`
	Kind     string       `json:"kind"`
	Versions []versionDoc `json:"versions"`
	Content  string       `json:"content"`
	Title    string       `json:"title"`
	Doc      string       `json:"doc"`
	Sources  []string     `json:"sources"`
	Include  []string     `json:"include"`
	Concepts []conceptDoc `json:"concepts"`
}

type versionDoc struct {
	Version string `json:"version"`
	Date    string `json:"date"`
	Source  string `json:"source"`
	Note    string `json:"note"`
}

type conceptDoc struct {
	Code       string           `json:"code"`
	Display    string           `json:"display"`
	Definition string           `json:"definition"`
	Versions   []string         `json:"versions"`
	Earlier    []conceptTextDoc `json:"earlier"`
	Unpub      string           `json:"unpublished"`
}

type conceptTextDoc struct {
	Versions   []string `json:"versions"`
	Display    string   `json:"display"`
	Definition string   `json:"definition"`
}

type dialectDoc struct {
	Name          string              `json:"name"`
	GoName        string              `json:"goName"`
	Title         string              `json:"title"`
	Doc           string              `json:"doc"`
	FHIR          string              `json:"fhir"`
	Profile       string              `json:"profile"`
	ProfileRule   string              `json:"profileRule"`
	ID            string              `json:"id"`
	LastUpdated   string              `json:"lastUpdated"`
	Display       string              `json:"display"`
	Expression    string              `json:"expression"`
	CodingVersion string              `json:"codingVersion"`
	VersionSent   string              `json:"codingVersionSent"`
	MediaType     string              `json:"mediaType"`
	MaxIssues     int                 `json:"maxIssues"`
	Systems       []string            `json:"systems"`
	Formats       []string            `json:"formats"`
	StatusRule    *statusRuleDoc      `json:"statusRule"`
	Sources       []string            `json:"sources"`
	Variants      []dialectVariantDoc `json:"variants"`
	Defects       []defectDoc         `json:"defects"`
}

type statusRuleDoc struct {
	Every []struct {
		IssueType string `json:"issueType"`
		Status    int    `json:"status"`
	} `json:"every"`
	Otherwise int `json:"otherwise"`
}

type dialectVariantDoc struct {
	Name        string      `json:"name"`
	Note        string      `json:"note"`
	Sources     []string    `json:"sources"`
	Profile     *string     `json:"profile"`
	LastUpdated string      `json:"lastUpdated"`
	Display     string      `json:"display"`
	ID          string      `json:"id"`
	CodingVer   string      `json:"codingVersion"`
	Defects     []defectDoc `json:"defects"`
}

type paramDoc struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Doc     string `json:"doc"`
	Example any    `json:"example"`
}

type entryDoc struct {
	Name         string       `json:"name"`
	GoName       string       `json:"goName"`
	Dialect      string       `json:"dialect"`
	Status       int          `json:"status"`
	StatusNote   string       `json:"statusNote"`
	Body         string       `json:"body"`
	BodyText     string       `json:"bodyText"`
	ContentType  string       `json:"contentType"`
	Severity     string       `json:"severity"`
	IssueType    string       `json:"issueType"`
	System       string       `json:"system"`
	Code         string       `json:"code"`
	CodeNote     string       `json:"codeNotInSystem"`
	Display      string       `json:"display"`
	Diagnostics  string       `json:"diagnostics"`
	Params       []paramDoc   `json:"params"`
	Expression   []string     `json:"expression"`
	Undocumented []string     `json:"undocumented"`
	Interactions []string     `json:"interactions"`
	Endpoints    []string     `json:"endpoints"`
	Description  string       `json:"description"`
	Hint         string       `json:"hint"`
	Sources      []string     `json:"sources"`
	Variants     []variantDoc `json:"variants"`
	Defects      []defectDoc  `json:"defects"`
}

type variantDoc struct {
	Name        string      `json:"name"`
	Note        string      `json:"note"`
	Sources     []string    `json:"sources"`
	Status      int         `json:"status"`
	Severity    string      `json:"severity"`
	IssueType   string      `json:"issueType"`
	System      string      `json:"system"`
	Code        string      `json:"code"`
	Display     string      `json:"display"`
	NoDisplay   bool        `json:"noDisplay"`
	Diagnostics string      `json:"diagnostics"`
	Endpoints   []string    `json:"endpoints"`
	Defects     []defectDoc `json:"defects"`
}

type defectDoc struct {
	Name    string   `json:"name"`
	Rule    string   `json:"rule"`
	Element string   `json:"element"`
	Value   string   `json:"value"`
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
}

// The http section (http.schema.json). Answers stay raw: an entry name, an
// {entry, params} mapping, or a mapping from surface names to either, told
// apart by the loader.

type httpDoc struct {
	Doc              string          `json:"doc"`
	Sources          []string        `json:"sources"`
	BasePaths        []string        `json:"basePaths"`
	Surfaces         []surfaceDoc    `json:"surfaces"`
	Negotiation      *negotiationDoc `json:"negotiation"`
	AccessModes      []accessModeDoc `json:"accessModes"`
	Rules            []ruleDoc       `json:"rules"`
	Headers          []headerDoc     `json:"headers"`
	NotFound         json.RawMessage `json:"notFound"`
	MethodNotAllowed json.RawMessage `json:"methodNotAllowed"`
	InternalError    json.RawMessage `json:"internalError"`
	Gateway          *gatewayDoc     `json:"gateway"`
}

type surfaceDoc struct {
	Name         string   `json:"name"`
	Doc          string   `json:"doc"`
	PathContains string   `json:"pathContains"`
	Dialects     []string `json:"dialects"`
}

type negotiationDoc struct {
	Doc             string          `json:"doc"`
	Formats         []string        `json:"formats"`
	FormatParameter *bool           `json:"formatParameter"`
	Unsupported     json.RawMessage `json:"unsupported"`
}

type accessModeDoc struct {
	Name        string `json:"name"`
	Doc         string `json:"doc"`
	TokenPrefix string `json:"tokenPrefix"`
}

type conditionDoc struct {
	Modes       []string `json:"modes"`
	Surfaces    []string `json:"surfaces"`
	Methods     []string `json:"methods"`
	Paths       []string `json:"paths"`
	PathEnds    []string `json:"pathEnds"`
	ExceptPaths []string `json:"exceptPaths"`
}

type ruleDoc struct {
	Check      string            `json:"check"`
	Doc        string            `json:"doc"`
	Sources    []string          `json:"sources"`
	When       *conditionDoc     `json:"when"`
	Header     string            `json:"header"`
	Param      string            `json:"param"`
	Claim      string            `json:"claim"`
	Base64JSON map[string]string `json:"base64JSON"`
	Blank      json.RawMessage   `json:"blank"`
	NoCreds    json.RawMessage   `json:"noCredentials"`
	WrongSch   json.RawMessage   `json:"wrongScheme"`
	Exact      bool              `json:"exactScheme"`
	Missing    json.RawMessage   `json:"missing"`
	Invalid    json.RawMessage   `json:"invalid"`
	OneOf      []string          `json:"oneOf"`
	Is         string            `json:"is"`
	NotAllowed json.RawMessage   `json:"notAllowed"`
	Scheme     string            `json:"scheme"`
	JWT        *jwtDoc           `json:"jwt"`
	Leniencies []leniencyDoc     `json:"leniencies"`
	Headers    []string          `json:"headers"`
	Answer     json.RawMessage   `json:"answer"`
}

type jwtDoc struct {
	Sections json.RawMessage `json:"sections"`
	Invalid  json.RawMessage `json:"invalid"`
	NoClaims json.RawMessage `json:"noClaims"`
}

type leniencyDoc struct {
	Name    string        `json:"name"`
	Accept  string        `json:"accept"`
	Doc     string        `json:"doc"`
	Sources []string      `json:"sources"`
	When    *conditionDoc `json:"when"`
}

type headerDoc struct {
	Name    string   `json:"name"`
	Doc     string   `json:"doc"`
	From    string   `json:"from"`
	Value   string   `json:"value"`
	Entries []string `json:"entries"`
}

type gatewayDoc struct {
	Doc      string   `json:"doc"`
	Dialects []string `json:"dialects"`
	Entries  []string `json:"entries"`
	Format   string   `json:"format"`
}
