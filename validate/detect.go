package validate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// The weight of each kind of evidence that a response is a dialect's. Only
// evidence that belongs to one dialect counts: its own profile, a system
// that only its API uses, or a first issue that is exactly one of its
// entries. What many APIs share (a published code system, coding.version,
// no id, no meta) decides nothing; it only breaks ties.
const (
	weightProfile   = 8 // meta.profile is the dialect's own, and no other API's
	weightOwnCoding = 6 // a system only the API uses, with a code the dialect documents under it
	weightOwnText   = 4 // diagnostics with a long fixed text only the dialect's entry documents
	weightOwnSystem = 3 // a system only the API uses, with a code nothing documents
	weightExactly   = 2 // the first issue is exactly one of the dialect's entries

	// weightVariantProfile is added to other evidence when meta.profile is
	// one a documented variant of the dialect allows; weightSharedProfile
	// when it is the dialect's own profile but other APIs send it too (the
	// generic NHSDigital-OperationOutcome): more than a variant's, and, as
	// it, no evidence alone.
	weightVariantProfile = 3
	weightSharedProfile  = 4

	// ownText is how much fixed text diagnostics need to be one service's
	// own words rather than a platform's stock phrase.
	ownText = 24
)

// candidate is one dialect with the evidence for it.
type candidate struct {
	d       *catalog.Dialect
	score   int // evidence
	fit     int // policies the response fits (id, lastUpdated, profile): ties only
	reasons []string
}

// detect chooses the dialect on evidence that belongs to it, within the
// given API if any. With no such evidence it reports dialect.unknown, saying
// what it saw and why that decides nothing, and returns nil; with the API
// given it takes the API's dialect closest in its policies.
func (c *Checker) detect(r *Report, resp Response, oo *operationoutcome.OperationOutcome, ids *firstIssue) *catalog.Dialect {
	var profiles []string
	if oo.Meta != nil {
		profiles = oo.Meta.Profile
	}
	// The first issue decides: a service leads with its error.
	var cd *operationoutcome.Coding
	if len(oo.Issue) > 0 {
		cd = oo.Issue[0].FirstCoding()
	}
	var best *candidate
	for _, d := range c.reg.Dialects() {
		if resp.API != "" && d.API != resp.API {
			continue
		}
		cand := c.evidence(d, resp, oo, profiles, cd, ids)
		if cand == nil {
			continue
		}
		if best == nil || cmp.Or(cmp.Compare(cand.score, best.score), cmp.Compare(cand.fit, best.fit)) > 0 {
			best = cand
		}
	}
	switch {
	case best != nil && best.score > 0:
		r.Dialect = best.d.Name
		if r.API == "" {
			r.API = best.d.API
			r.Reason = "detected: " + strings.Join(uniq(best.reasons), "; ")
		} else {
			r.Reason = "API given; dialect detected: " + strings.Join(uniq(best.reasons), "; ")
		}
		return best.d
	case best != nil && resp.API != "":
		r.Dialect = best.d.Name
		r.Reason = "API given; nothing decides between its dialects, so the " + resp.API + " dialect closest in its id, meta.lastUpdated and profile policies"
		return best.d
	}
	seen := c.nothingDecides(resp, oo, profiles, cd)
	where := "no dialect of any API spinecat knows"
	if resp.API != "" {
		where = "no dialect of the " + resp.API + " API"
	}
	r.add(RuleDialectUnknown, Warning, "OperationOutcome", fmt.Sprintf("%s fits: %s. Only FHIR structure and the code systems were checked; pass the API (--api) if you know it", where, seen))
	r.Reason = "no dialect detected: " + seen
	return nil
}

// evidence weighs what in the response belongs to dialect d. It returns nil
// when the response contradicts d: a meta.profile that is neither d's nor
// one of its documented variants' (unless the API is given, which forces
// its dialects to be considered).
func (c *Checker) evidence(d *catalog.Dialect, resp Response, oo *operationoutcome.OperationOutcome, profiles []string, cd *operationoutcome.Coding, ids *firstIssue) *candidate {
	cand := &candidate{d: d}
	own := d.Profile != "" && slices.Contains(profiles, d.Profile)
	variant := slices.IndexFunc(d.Variants, func(v catalog.DialectVariant) bool {
		return v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile)
	})
	if len(profiles) > 0 && !own && variant < 0 && resp.API == "" {
		return nil
	}
	shared := own && len(c.profileAPIs(d.Profile)) > 1
	if own && !shared {
		cand.score += weightProfile
		cand.reasons = append(cand.reasons, fmt.Sprintf("meta.profile is %s, the %s dialect's profile", d.Profile, d.Name))
	}
	if cd != nil && c.reg.Owner(cd.System) == d.API {
		documented, byAPI := "", false
		for _, e := range c.reg.Documenting(cd.System, cd.Code) {
			byAPI = byAPI || e.API == d.API
			if e.Dialect == d && documented == "" {
				documented = e.ID()
			}
		}
		switch {
		case documented != "":
			cand.score += weightOwnCoding
			cand.reasons = append(cand.reasons, fmt.Sprintf("the coding system %s, which only %s uses, with %s, which %s documents", cd.System, d.API, cd.Code, documented))
		case !byAPI:
			// The system is the API's, the code no dialect's: every
			// dialect of the API is as likely, policies decide.
			cand.score += weightOwnSystem
			cand.reasons = append(cand.reasons, fmt.Sprintf("the coding system %s, which only %s uses (no %s entry documents %s under it); the %s dialect closest in its id, meta.lastUpdated and profile policies", cd.System, d.API, d.API, cd.Code, d.API))
		}
	}
	// A response with a profile that is not d's own is not d's by its
	// issue alone: the same issue comes from other APIs under their
	// profiles.
	if len(oo.Issue) > 0 && (len(profiles) == 0 || own) {
		m, ok := ids.identifyIn(c.reg, &oo.Issue[0], resp.Status, d)
		if ok && m.Template != nil && m.Template.Specificity() >= ownText {
			cand.score += weightOwnText
			cand.reasons = append(cand.reasons, fmt.Sprintf("the diagnostics are the text %s documents (%q)", m.Entry.ID(), m.Template.String()))
		}
		if ok && len(m.Differences) == 0 {
			cand.score += weightExactly
			what := "the first issue"
			if cd != nil {
				what = fmt.Sprintf("the first issue (%s under %s)", cd.Code, cd.System)
			}
			cand.reasons = append(cand.reasons, fmt.Sprintf("%s is exactly %s (%s)", what, m.Entry.ID(), exactlyWhat(m.Entry, resp.Status)))
		}
	}
	switch {
	case shared && cand.score > 0:
		// A profile several APIs send is no evidence alone, but it agrees
		// with evidence that is, and more than a variant's departure does.
		cand.score += weightSharedProfile
		cand.reasons = append(cand.reasons, fmt.Sprintf("meta.profile %s, the %s dialect's profile (which %s send too)", d.Profile, d.Name, strings.Join(slices.DeleteFunc(c.profileAPIs(d.Profile), func(a string) bool { return a == d.API }), " and ")))
	case variant >= 0 && cand.score > 0:
		// A profile a documented variant allows is no evidence alone (other
		// APIs send it too), but it agrees with evidence that is.
		cand.score += weightVariantProfile
		cand.reasons = append(cand.reasons, fmt.Sprintf("meta.profile %s, which its documented variant %q allows", *d.Variants[variant].Profile, d.Variants[variant].Name))
	}
	lastUpdated := oo.Meta != nil && oo.Meta.LastUpdated != ""
	for _, fits := range []bool{
		lastUpdated == (d.LastUpdated == catalog.Required),
		(oo.ID == "") == (d.ID == catalog.IDNone),
		(len(profiles) == 0) == (d.ProfileRule != catalog.Required),
	} {
		if fits {
			cand.fit++
		}
	}
	return cand
}

// fhirVersion is the FHIR release to check the structure against: the
// dialect's; with none, STU3 for XML or when the profile or a coding system
// is an /STU3/ URL, else R4.
func fhirVersion(d *catalog.Dialect, oo *operationoutcome.OperationOutcome, format operationoutcome.Format) operationoutcome.Version {
	if d != nil {
		return d.FHIR
	}
	stu3 := func(url string) bool { return strings.Contains(url, "/STU3/") }
	if format == operationoutcome.FormatXML || oo.Meta != nil && slices.ContainsFunc(oo.Meta.Profile, stu3) {
		return operationoutcome.STU3
	}
	for i := range oo.Issue {
		if cd := oo.Issue[i].FirstCoding(); cd != nil && stu3(cd.System) {
			return operationoutcome.STU3
		}
	}
	return operationoutcome.R4
}

// exactlyWhat names the fields an exact match agreed on.
func exactlyWhat(e *catalog.Entry, status int) string {
	var parts []string
	if e.Code != "" {
		parts = append(parts, "system and code")
	}
	if status != 0 && e.Status != 0 {
		parts = append(parts, "status")
	}
	parts = append(parts, "severity", "issue type")
	if e.Display != "" {
		parts = append(parts, "display")
	}
	if e.Diagnostics != nil {
		parts = append(parts, "diagnostics")
	}
	return strings.Join(parts, ", ")
}

// nothingDecides says what the response shows and why none of it is
// evidence of a dialect.
func (c *Checker) nothingDecides(resp Response, oo *operationoutcome.OperationOutcome, profiles []string, cd *operationoutcome.Coding) string {
	var seen []string
	switch {
	case len(profiles) == 0:
		seen = append(seen, "no meta.profile")
	default:
		var ownedBy, allowedBy []string
		for _, d := range c.reg.Dialects() {
			if resp.API != "" && d.API != resp.API {
				continue
			}
			if d.Profile != "" && slices.Contains(profiles, d.Profile) {
				ownedBy = append(ownedBy, d.Name)
			}
			for _, v := range d.Variants {
				if v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile) {
					allowedBy = append(allowedBy, d.Name)
				}
			}
		}
		if len(ownedBy) > 0 {
			seen = append(seen, fmt.Sprintf("meta.profile %s is the profile of %s, but other APIs send it too, so it decides nothing alone", strings.Join(profiles, ", "), strings.Join(uniq(ownedBy), " and ")))
		} else if len(allowedBy) > 0 {
			seen = append(seen, fmt.Sprintf("meta.profile %s is no dialect's own profile (documented variants of %s allow it, so it decides nothing)", strings.Join(profiles, ", "), strings.Join(uniq(allowedBy), " and ")))
		} else {
			seen = append(seen, fmt.Sprintf("meta.profile %s is no catalogued dialect's profile", strings.Join(profiles, ", ")))
		}
	}
	switch {
	case cd == nil && len(oo.Issue) > 0:
		seen = append(seen, "the first issue has no coding, and no coding-less entry fits it exactly")
	case cd == nil:
	case cd.System == "":
		seen = append(seen, fmt.Sprintf("the first coding (%q) has no system", cd.Code))
	default:
		cs, known := c.reg.CodeSystem(cd.System)
		users := c.reg.APIsUsing(cd.System)
		what := fmt.Sprintf("the coding system %s", cd.System)
		switch {
		case !known:
			what += " is in no catalogue"
		case cs.Published():
			what += fmt.Sprintf(" is %s, a published code system that any API may use", cs.Title)
		case len(users) > 1:
			what += " is used by " + strings.Join(users, " and ")
		}
		documented := c.reg.Documenting(cd.System, cd.Code)
		switch {
		case len(documented) == 0:
			what += fmt.Sprintf(", and no catalogued entry documents %s under it", cd.Code)
		case len(profiles) > 0:
			what += fmt.Sprintf(", and %s, which %s %s, comes with a profile that is not %s dialect's", cd.Code, entryIDs(documented), plural(len(documented), "documents", "document"), plural(len(documented), "its", "their"))
		default:
			what += fmt.Sprintf(", and the response is not exactly what %s %s for %s", entryIDs(documented), plural(len(documented), "documents", "document"), cd.Code)
		}
		seen = append(seen, what)
		if cd.Version != "" {
			seen = append(seen, fmt.Sprintf("coding.version %q is sent by several APIs", cd.Version))
		}
	}
	var none []string
	if oo.ID == "" {
		none = append(none, "id")
	}
	if oo.Meta == nil {
		none = append(none, "meta")
	}
	if len(none) > 0 {
		seen = append(seen, "no "+strings.Join(none, " and ")+", as many APIs send")
	}
	return strings.Join(seen, "; ")
}

func entryIDs(es []*catalog.Entry) string {
	ids := make([]string, 0, len(es))
	for i, e := range es {
		if i == 3 {
			ids = append(ids, fmt.Sprintf("%d more", len(es)-3))
			break
		}
		ids = append(ids, e.ID())
	}
	return strings.Join(ids, ", ")
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

// profileAPIs returns the APIs whose dialects send profile, as their own or
// as a documented variant's.
func (c *Checker) profileAPIs(profile string) []string {
	return slices.Clone(c.profiles[profile])
}
