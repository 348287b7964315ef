package jsontape

// MaxListed bounds the faults of one kind listed for a body (trailing
// commas, duplicate keys); the rest are counted in Tally.Unlisted.
const MaxListed = 100

// FaultKind is a kind of thing the scanner finds wrong.
type FaultKind uint8

// The fault kinds, in three groups: what a lenient reader reads through,
// what stops a parser but the scanner repairs and reads on from, and what
// ends the scan.
const (
	FaultNone FaultKind = iota
	// A lenient reader reads through these.
	FaultDuplicateKey // a key repeated in one object
	FaultUTF8         // a byte that is not UTF-8, inside a string
	// These stop a parser, but the scanner repairs them and reads on.
	FaultTypoQuote     // a typographic quote where a JSON quote belongs
	FaultTrailingComma // a comma before } or ]
	// These end the scan.
	FaultEOF         // the body ends inside a value
	FaultTooDeep     // nesting deeper than MaxDepth
	FaultKey         // not a key where one belongs
	FaultColon       // not a colon after a key
	FaultMemberEnd   // neither , nor } after a member
	FaultItemEnd     // neither , nor ] after an item
	FaultValue       // not a value where one belongs
	FaultAfterValue  // content after the top-level value
	FaultControl     // a raw control character inside a string
	FaultEscape      // an invalid escape sequence
	FaultLeadingZero // a number such as 01
	FaultNumber      // any other malformed number
	FaultLiteral     // a misspelt true, false or null
	FaultComment     // a // or /* comment
	FaultNonFinite   // NaN or Infinity
	FaultMismatch    // a } closing an array, or a ] an object
	NumFaultKinds
)

// Stops reports whether a fault of kind k stops a parser.
func (k FaultKind) Stops() bool { return k >= FaultTypoQuote }

// faultWords says in a few words what each kind of fault is.
var faultWords = [NumFaultKinds]string{
	FaultDuplicateKey: "a property named twice in one object", FaultUTF8: "a byte that is not UTF-8",
	FaultTypoQuote: "a typographic quote where a JSON quote belongs", FaultTrailingComma: "a trailing comma",
	FaultEOF: "the body ends inside a value", FaultTooDeep: "objects and arrays nest too deep",
	FaultKey: "expected a property name in double quotes", FaultColon: "expected : after a property name",
	FaultMemberEnd: "expected , or } after an object member", FaultItemEnd: "expected , or ] after an array item",
	FaultValue: "expected a value", FaultAfterValue: "more content after the JSON value",
	FaultControl: "a control character inside a string", FaultEscape: "an invalid escape sequence",
	FaultLeadingZero: "a number with a leading zero", FaultNumber: "a malformed number",
	FaultLiteral: "a misspelt literal", FaultComment: "a comment", FaultNonFinite: "NaN or Infinity",
	FaultMismatch: "a bracket that does not close what is open",
}

// String says in a few words what the fault is, for a short error message;
// package validate/syntax explains faults at length.
func (k FaultKind) String() string {
	if k < NumFaultKinds && faultWords[k] != "" {
		return faultWords[k]
	}
	return "a JSON syntax error"
}

// Fault is one thing the scanner found wrong, at byte offset Off.
type Fault struct {
	Kind FaultKind
	Off  int
	// Ref is a second offset a message names: the closer after a trailing
	// comma, the first occurrence of a duplicate key, the opener a
	// mismatched closer does not close, the start of the string the body
	// ends in; -1 when there is none.
	Ref int
	// Lo and Hi delimit the raw text of a duplicate key.
	Lo, Hi int
	// Depth, Open and Outer describe the objects and arrays still open
	// when the body ends: how many, the innermost and the outermost.
	Depth       int
	Open, Outer Frame
}

// Tally counts what the scanner found more than once.
type Tally struct {
	Typos    int // typographic quotes standing for JSON quotes
	BadUTF8  int // bytes inside strings that are not UTF-8
	Listed   [NumFaultKinds]int
	Unlisted [NumFaultKinds]int // faults beyond MaxListed, by kind
}
