package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// permits reports whether some dialect variant allows what the base rule
// does not, naming it in an information finding.
func permits(r *Report, d *catalog.Dialect, loc string, ok func(v catalog.DialectVariant) bool) bool {
	for _, v := range d.Variants {
		if ok(v) {
			r.add(RuleDialectVariant, Information, loc, fmt.Sprintf("matches the documented %s variant %q: %s (%s)", d.Name, v.Name, v.Note, firstSource(v.Sources)))
			return true
		}
	}
	return false
}

func (c *Checker) checkDialect(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome, format operationoutcome.Format) {
	if len(d.Formats) > 0 && !slices.Contains(d.Formats, string(format)) {
		r.add(RuleDialectFormat, Error, "OperationOutcome", fmt.Sprintf("the body is %s; the %s dialect sends only %s", strings.ToUpper(string(format)), d.Name, strings.ToUpper(strings.Join(d.Formats, " or "))))
	}
	var profiles []string
	lastUpdated := ""
	if oo.Meta != nil {
		profiles, lastUpdated = oo.Meta.Profile, oo.Meta.LastUpdated
	}
	switch {
	case d.ProfileRule == catalog.Required && !slices.Contains(profiles, d.Profile):
		if !permits(r, d, "OperationOutcome.meta.profile", func(v catalog.DialectVariant) bool {
			return v.Profile != nil && (*v.Profile == "" && len(profiles) == 0 || slices.Contains(profiles, *v.Profile))
		}) {
			found := "no meta.profile"
			if len(profiles) > 0 {
				found = "meta.profile " + strings.Join(profiles, ", ")
			}
			r.add(RuleDialectProfile, Error, "OperationOutcome.meta.profile", fmt.Sprintf("found %s; the %s dialect sends %s. Set meta.profile to it", found, d.Name, d.Profile))
		}
	case d.ProfileRule == catalog.Prohibited && len(profiles) > 0:
		if !permits(r, d, "OperationOutcome.meta.profile", func(v catalog.DialectVariant) bool { return v.Profile != nil && slices.Contains(profiles, *v.Profile) }) {
			r.add(RuleDialectProfile, Warning, "OperationOutcome.meta.profile", fmt.Sprintf("found meta.profile %s; the %s dialect sends no profile", strings.Join(profiles, ", "), d.Name))
		}
	}
	for _, p := range profiles {
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") {
			r.add(RuleDialectProfileWebPage, Information, "OperationOutcome.meta.profile", fmt.Sprintf("%s is a web page, not a StructureDefinition canonical URL; validators that resolve profiles cannot use it", p))
		}
	}
	c.checkID(r, d, oo.ID)
	switch {
	case d.LastUpdated == catalog.Required && lastUpdated == "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Prohibited
		}) {
			r.add(RuleDialectLastUpdated, Error, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("missing; the %s dialect sends meta.lastUpdated", d.Name))
		}
	case d.LastUpdated == catalog.Prohibited && lastUpdated != "":
		if !permits(r, d, "OperationOutcome.meta.lastUpdated", func(v catalog.DialectVariant) bool {
			return v.LastUpdated == catalog.Optional || v.LastUpdated == catalog.Required
		}) {
			r.add(RuleDialectLastUpdated, Warning, "OperationOutcome.meta.lastUpdated", fmt.Sprintf("present; the %s dialect does not send meta.lastUpdated", d.Name))
		}
	}
	c.checkOutcomeStatus(r, d, oo)
	if d.MaxIssues > 0 && len(oo.Issue) > d.MaxIssues {
		r.add(RuleDialectMaxIssues, Error, "OperationOutcome.issue", fmt.Sprintf("%d issues; the %s dialect sends at most %d", len(oo.Issue), d.Name, d.MaxIssues))
	}
	for i := range oo.Issue {
		iss := &oo.Issue[i]
		loc := issueLoc(i)
		if len(iss.Expression) > 0 && d.Expression == catalog.Prohibited {
			r.add(RuleDialectExpression, Error, loc+".expression", fmt.Sprintf("the %s dialect prohibits issue.expression (0..0 in its profile); drop it", d.Name))
		}
		if iss.Details == nil {
			continue
		}
		for j, cd := range iss.Details.Coding {
			cloc := loc + ".details.coding[" + strconv.Itoa(j) + "]"
			switch {
			case cd.Version != "" && d.CodingVersion == catalog.Prohibited:
				if !permits(r, d, cloc+".version", func(v catalog.DialectVariant) bool {
					return v.CodingVersion == catalog.Optional || v.CodingVersion == catalog.Required
				}) {
					r.add(RuleDialectCodingVersion, Error, cloc+".version", fmt.Sprintf("the %s dialect prohibits coding.version; drop it", d.Name))
				}
			case cd.Version == "" && d.CodingVersion == catalog.Required:
				if !permits(r, d, cloc+".version", func(v catalog.DialectVariant) bool {
					return v.CodingVersion == catalog.Optional || v.CodingVersion == catalog.Prohibited
				}) {
					r.add(RuleDialectCodingVersion, Error, cloc+".version", fmt.Sprintf("missing; the %s dialect sends coding.version %q in every coding", d.Name, d.CodingVersionSent))
				}
			}
			switch {
			case cd.Display == "" && d.Display == catalog.Required:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Prohibited
				}) {
					r.add(RuleDialectDisplay, Error, cloc+".display", fmt.Sprintf("missing; the %s dialect requires display (1..1 in its profile)", d.Name))
				}
			case cd.Display != "" && d.Display == catalog.Prohibited:
				if !permits(r, d, cloc+".display", func(v catalog.DialectVariant) bool {
					return v.Display == catalog.Optional || v.Display == catalog.Required
				}) {
					r.add(RuleDialectDisplay, Warning, cloc+".display", fmt.Sprintf("present; the %s dialect sends no display", d.Name))
				}
			}
		}
	}
}

// checkOutcomeStatus checks the status of an outcome with several issues
// against the dialect's status rule; with one issue the entry's status is
// checked instead.
func (c *Checker) checkOutcomeStatus(r *Report, d *catalog.Dialect, oo *operationoutcome.OperationOutcome) {
	if d.StatusRule == nil || len(oo.Issue) < 2 || r.Status == 0 {
		return
	}
	if want := d.StatusRule.Status(oo.Issue); want != r.Status {
		r.add(RuleDialectStatus, Error, "HTTP status", fmt.Sprintf("HTTP status %d; the %s dialect answers these %d issues with %d (its rule for several issues: %s)", r.Status, d.Name, len(oo.Issue), want, d.StatusRule))
	}
}

func (c *Checker) checkID(r *Report, d *catalog.Dialect, id string) {
	const loc = "OperationOutcome.id"
	check := func(p catalog.IDPolicy) (bool, string) {
		switch p {
		case catalog.IDNone:
			return id == "", "sends no id"
		case catalog.IDAny:
			return id != "", "sends an id"
		case catalog.IDUUID:
			return isUUID(id), "sends a UUID as id"
		case catalog.IDUUIDDigits20:
			return len(id) == 57 && isUUID(id[:36]) && id[36] == '-' && allDigits(id[37:]), `sends a UUID, "-" and 20 digits as id`
		}
		return true, ""
	}
	ok, want := check(d.ID)
	if ok || permits(r, d, loc, func(v catalog.DialectVariant) bool {
		if v.ID == "" {
			return false
		}
		ok, _ := check(v.ID)
		return ok
	}) {
		return
	}
	found := "no id"
	if id != "" {
		found = strconv.Quote(id)
	}
	sev := Error
	if d.ID == catalog.IDNone {
		sev = Warning
	}
	r.add(RuleDialectID, sev, loc, fmt.Sprintf("found %s; the %s dialect %s", found, d.Name, want))
}

// isUUID reports whether s is a UUID in its 36-character text form, hex
// digits in either case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
