package citation

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/internal/textpos"
)

// Rule names the kind of citation a Finding reports.
type Rule string

// The citations a reader cannot open.
const (
	// RuleSeed: a numbered document of the reference folder: the word
	// "seed" and its three-digit number.
	RuleSeed Rule = "seed"
	// RuleRowID: a reference-table row id ("NRLDOC-042", "RI-JWT-SCOPE").
	RuleRowID Rule = "row-id"
	// RuleNotes: a section of the reference notes: the notes file's name,
	// a section sign and the section's number.
	RuleNotes Rule = "notes"
	// RuleSharedPath: a path into the reference folder or one of its tables.
	RuleSharedPath Rule = "shared-path"
)

// Finding is one citation a reader cannot open.
type Finding struct {
	Line, Col int    // 1-based; Col counts characters, not bytes
	Offset    int    // in bytes from the start of the text
	Text      string // the citation as written
	Rule      Rule
}

// Advice says what to write instead of the finding's citation.
func (f Finding) Advice() string { return advice[f.Rule] }

var advice = map[Rule]string{
	RuleSeed:       "cite the public page the document comes from (owner/repo@commit:path, its https:// address, or its exact title with its site), not its number in the reference folder",
	RuleRowID:      "cite the public source the row was read from (owner/repo@commit:path and the section or line), not the reference table's row id",
	RuleNotes:      "cite the public source the note itself cites, not a section of the reference notes",
	RuleSharedPath: "cite the public source; the reference folder is not published with the project",
}

// internal lists the patterns of citations a reader cannot open. Row ids
// follow the reference tables' families: NRLDOC-NNN, and NRL, NRLF,
// NRLFv2, RI or APIGEE followed by an upper-case or numeric segment (which
// leaves code system names such as NRL-ResponseCode alone).
var internal = []struct {
	rule Rule
	re   *regexp.Regexp
}{
	{RuleSeed, regexp.MustCompile(`(?i)\bseeds?\s+\d{3}\b|\b\d{3}_[0-9a-f]{16}\.txt\b`)},
	{RuleRowID, regexp.MustCompile(`\b(?:NRLDOC-\d{3}|(?:NRL|NRLF|NRLFv2|RI|APIGEE)-[A-Z0-9][A-Z0-9_]*(?:-[A-Za-z0-9_]+)*)\b`)},
	{RuleNotes, regexp.MustCompile(`\bNOTES\b`)},
	{RuleSharedPath, regexp.MustCompile(`\.\./shared/[\w./-]+|\bshared/(?:reference|seeds)\b|\b[\w-]+\.tsv\b|\bSOURCES\.md\b|\bnrl-spine\b`)},
}

// issueKey is an issue tracker's key (NRL-765), which the row-id pattern
// also matches: apart from NRLDOC-NNN, no row id is a family and a number.
var issueKey = regexp.MustCompile(`^(?:NRL|NRLF|NRLFv2|RI|APIGEE)-\d+$`)

// section is the section sign; it cites a note section unless it follows an
// RFC number ("RFC 9110 §11.1"), which a reader can open.
var (
	section          = regexp.MustCompile(`§\s*\d+(?:\.\d+)*`)
	rfcBeforeSection = regexp.MustCompile(`\bRFC\s?\d{1,5}\s?$`)
)

// rfcWindow is how far before a section sign an RFC number can start.
const rfcWindow = len("RFC 12345 ")

// Scan returns the citations in text that a reader cannot open, in the
// order they occur.
func Scan(text string) []Finding {
	var fs []Finding
	pos := textpos.Cursor{Text: []byte(text)}
	add := func(rule Rule, start, end int) {
		line, col := pos.At(start)
		fs = append(fs, Finding{Line: line, Col: col, Offset: start, Text: text[start:end], Rule: rule})
	}
	for _, p := range internal {
		for _, m := range p.re.FindAllStringIndex(text, -1) {
			if p.rule == RuleRowID && issueKey.MatchString(text[m[0]:m[1]]) {
				continue
			}
			add(p.rule, m[0], m[1])
		}
	}
	for _, m := range section.FindAllStringIndex(text, -1) {
		// The look-back is bounded, so that many section signs on one long
		// line cost no more than the line.
		before := text[max(0, m[0]-rfcWindow):m[0]]
		before = before[strings.LastIndexByte(before, '\n')+1:]
		if !rfcBeforeSection.MatchString(before) {
			add(RuleNotes, m[0], m[1])
		}
	}
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return fs
}
