package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/internal/jsontape"
)

// defectOwner is a dialect, dialect variant, entry or variant that
// documents defects, named as a finding names it.
type defectOwner struct {
	name    string
	defects []catalog.Defect
}

// nameDefects amends each error finding that a documented defect explains
// (its rule, element and value are the defect's) to name the defect, what
// documents it and its source. The finding stays an error: the response is
// as a documented source sends it, and that source is wrong. Defects are
// looked for on the identified entries and their variants, and on the
// dialect and its variants; when nothing could be identified because the
// body does not parse, on the API's entries documented for the status.
func (c *Checker) nameDefects(r *Report, d *catalog.Dialect, tape *jsontape.Tape) {
	owners := c.defectOwners(r, d)
	if len(owners) == 0 {
		return
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Severity != Error || f.Defect != "" {
			continue
		}
		for _, o := range owners {
			if def, ok := explains(o.defects, f, tape); ok {
				f.Defect = def.Name
				f.Message += fmt.Sprintf("; a documented defect of %s: %s (%s)", o.name, strings.TrimSuffix(def.Note, "."), firstSource(def.Sources))
				break
			}
		}
	}
}

func (c *Checker) defectOwners(r *Report, d *catalog.Dialect) []defectOwner {
	var out []defectOwner
	addEntry := func(e *catalog.Entry) {
		if len(e.Defects) > 0 {
			out = append(out, defectOwner{e.ID(), e.Defects})
		}
		for _, v := range e.Variants {
			if len(v.Defects) > 0 {
				out = append(out, defectOwner{fmt.Sprintf("%s (variant %q)", e.ID(), v.Name), v.Defects})
			}
		}
	}
	var dialects []*catalog.Dialect
	addDialect := func(d *catalog.Dialect) {
		if d == nil || slices.Contains(dialects, d) {
			return
		}
		dialects = append(dialects, d)
		if len(d.Defects) > 0 {
			out = append(out, defectOwner{"the " + d.Name + " dialect", d.Defects})
		}
		for _, v := range d.Variants {
			if len(v.Defects) > 0 {
				out = append(out, defectOwner{fmt.Sprintf("the %s dialect (variant %q)", d.Name, v.Name), v.Defects})
			}
		}
	}
	var seen []*catalog.Entry
	for _, is := range r.Issues {
		if e := is.entry; e != nil && !slices.Contains(seen, e) {
			seen = append(seen, e)
			addEntry(e)
		}
	}
	addDialect(d)
	if r.Outcome == nil && r.API != "" && r.Status != 0 {
		// Nothing was decoded, so nothing identified: the API's entries for
		// the status, and their dialects, are what could have sent it.
		for _, e := range c.reg.Entries() {
			if e.API == r.API && (e.Status == r.Status || slices.ContainsFunc(e.Variants, func(v catalog.Variant) bool { return v.Status == r.Status })) {
				addEntry(e)
				addDialect(e.Dialect)
			}
		}
	}
	return out
}

// explains returns the defect that explains finding f: the same rule, at
// the defect's element (the finding's location without indices), with the
// defect's value there in the body.
func explains(defects []catalog.Defect, f *Finding, tape *jsontape.Tape) (catalog.Defect, bool) {
	for _, def := range defects {
		if def.Rule != f.Rule {
			continue
		}
		if def.Element != "" && elementOf(f.Location) != def.Element {
			continue
		}
		if def.Value != "" {
			if v, ok := valueAt(tape, f.Location); !ok || v != def.Value {
				continue
			}
		}
		return def, true
	}
	return catalog.Defect{}, false
}

// elementOf turns a finding's location, "OperationOutcome.issue[0].code",
// into the element a defect names, "issue.code".
func elementOf(loc string) string {
	loc = strings.TrimPrefix(loc, "OperationOutcome.")
	var b strings.Builder
	for i := 0; i < len(loc); i++ {
		if loc[i] == '[' {
			if j := strings.IndexByte(loc[i:], ']'); j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(loc[i])
	}
	return b.String()
}

// valueAt returns the string (or number) at a finding's location in a
// JSON body's tape: "OperationOutcome.issue[0].code" is the body's
// issue[0].code.
func valueAt(tape *jsontape.Tape, loc string) (string, bool) {
	path, ok := strings.CutPrefix(loc, "OperationOutcome.")
	if !ok || tape == nil || !tape.Readable() {
		return "", false
	}
	cur := 0
	for part := range strings.SplitSeq(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if tape.Tokens[cur].Kind != jsontape.Object {
			return "", false
		}
		if cur = tape.Member(cur, name); cur < 0 {
			return "", false
		}
		for rest != "" {
			idx, after, ok := strings.Cut(rest, "]")
			n, err := strconv.Atoi(idx)
			if !ok || err != nil || tape.Tokens[cur].Kind != jsontape.Array {
				return "", false
			}
			if cur = tape.Item(cur, n); cur < 0 {
				return "", false
			}
			rest = strings.TrimPrefix(after, "[")
		}
	}
	switch tape.Tokens[cur].Kind {
	case jsontape.String:
		return tape.Text(cur), true
	case jsontape.Number:
		return string(tape.Raw(cur)), true
	}
	return "", false
}
