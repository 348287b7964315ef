package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// detect chooses the dialect: the one whose profile, systems and entries
// best explain the response, within the given API if any.
func (c *Checker) detect(r *Report, resp Response, oo *operationoutcome.OperationOutcome, ids *firstIssue) *catalog.Dialect {
	var profiles []string
	if oo.Meta != nil {
		profiles = oo.Meta.Profile
	}
	type scored struct {
		d       *catalog.Dialect
		score   int
		reasons []string
	}
	var best scored
	for _, d := range c.reg.Dialects() {
		if resp.API != "" && d.API != resp.API {
			continue
		}
		s := scored{d: d}
		if d.Profile != "" && slices.Contains(profiles, d.Profile) {
			s.score += 10
			s.reasons = append(s.reasons, fmt.Sprintf("meta.profile is %s", d.Profile))
		} else if d.Profile == "" && len(profiles) == 0 {
			s.score++
		}
		for _, v := range d.Variants {
			if v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile) {
				s.score += 8
				s.reasons = append(s.reasons, fmt.Sprintf("meta.profile is %s (variant %s)", *v.Profile, v.Name))
			}
		}
		for i := range oo.Issue {
			iss := &oo.Issue[i]
			if cd := iss.FirstCoding(); cd != nil && slices.Contains(d.Systems, cd.System) {
				s.score += 4
				s.reasons = append(s.reasons, fmt.Sprintf("the coding system %s", cd.System))
			}
			if m, ok := ids.identify(c.reg, iss, resp.Status, d.API); ok && m.Entry.Dialect == d {
				s.score += 6 - min(len(m.Differences), 3)
				s.reasons = append(s.reasons, fmt.Sprintf("%s is documented as %s", codeOf(iss), m.Entry.ID()))
			}
			break // the first issue decides
		}
		if (oo.Meta != nil && oo.Meta.LastUpdated != "") == (d.LastUpdated == catalog.Required) {
			s.score++
		}
		if (oo.ID == "") == (d.ID == catalog.IDNone) {
			s.score++
		}
		if s.score > best.score {
			best = s
		}
	}
	if best.d != nil && len(best.reasons) == 0 && resp.API != "" {
		// The API is given but nothing decisive matched: take its closest
		// dialect by the id, meta.lastUpdated and profile policies.
		best.reasons = []string{"no profile, system or code decides, so the " + resp.API + " dialect closest in its id, meta.lastUpdated and profile policies"}
	}
	if best.d == nil || len(best.reasons) == 0 {
		where := "any API spinecat knows"
		if resp.API != "" {
			where = "the " + resp.API + " API"
		}
		r.add(RuleDialectUnknown, Warning, "OperationOutcome", fmt.Sprintf("neither the profile, the coding system nor the code matches %s, so only FHIR structure was checked; pass the API (--api) if you know it", where))
		r.Reason = "no dialect detected: neither the profile, the coding system nor the code matches " + where
		return nil
	}
	r.Dialect = best.d.Name
	if r.API == "" {
		r.API = best.d.API
		r.Reason = "detected: " + strings.Join(uniq(best.reasons), "; ")
	} else {
		r.Reason = "API given; dialect detected: " + strings.Join(uniq(best.reasons), "; ")
	}
	return best.d
}

func uniq(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func codeOf(iss *operationoutcome.Issue) string {
	if cd := iss.FirstCoding(); cd != nil {
		return cd.Code
	}
	return string(iss.Code)
}
