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
// that only its API uses, a request URL under only its API's base path, or
// a first issue that is exactly one of its entries. What many APIs share (a
// published code system, coding.version, no id, no meta) decides nothing;
// it only breaks ties.
const (
	weightProfile   = 8 // meta.profile is the dialect's own, and no other API's
	weightOwnCoding = 6 // a system only the API uses, with a code the dialect documents under it
	weightURL       = 5 // the request URL is under the API's base path, on a surface the dialect answers on
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

// policies ends a reason whose dialect the policies chose among equals.
const policies = "closest in its id, meta.lastUpdated and profile policies"

// candidate is one dialect of one API with the evidence for it.
type candidate struct {
	api     string
	d       *catalog.Dialect
	score   int // evidence
	fit     int // policies the response fits (id, lastUpdated, profile): ties only
	reasons []string
}

// apiDialect is a dialect as one API uses it. A dialect belongs to the API
// that defines it, but another API's entries may use it too (a team's own
// API on a shipped dialect): it is then a candidate for each.
type apiDialect struct {
	api string
	d   *catalog.Dialect
}

// apiDialects lists the registry's dialects by the APIs that use them,
// within api when it is given.
func apiDialects(reg *catalog.Registry, api string) []apiDialect {
	var out []apiDialect
	seen := map[*catalog.Dialect]bool{}
	for _, a := range reg.APIs() {
		for _, d := range a.Dialects() {
			seen[d] = true
			if api == "" || a.Name == api {
				out = append(out, apiDialect{a.Name, d})
			}
		}
	}
	// Entries built without an API value still have their dialect's.
	for _, d := range reg.Dialects() {
		if !seen[d] && (api == "" || d.API == api) {
			out = append(out, apiDialect{d.API, d})
		}
	}
	return out
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
	var at *catalog.API // the API whose base path the request URL is under
	if resp.URL != "" {
		at = c.reg.APIAt(resp.URL)
	}
	var best *candidate
	tied := false // another dialect of the best's API has as much evidence
	for _, ad := range apiDialects(c.reg, resp.API) {
		cand := c.evidence(ad, at, resp, oo, profiles, cd, ids)
		if cand == nil {
			continue
		}
		switch {
		case best == nil || cmp.Or(cmp.Compare(cand.score, best.score), cmp.Compare(cand.fit, best.fit)) > 0:
			tied = best != nil && best.score == cand.score && best.api == cand.api
			best = cand
		case cand.score == best.score && cand.api == best.api:
			tied = true
		}
	}
	if best != nil && best.score > 0 && tied && !slices.ContainsFunc(best.reasons, func(s string) bool { return strings.HasSuffix(s, policies) }) {
		best.reasons = append(best.reasons, "nothing else decides between the "+best.api+" dialects, so the one "+policies)
	}
	switch {
	case best != nil && best.score > 0:
		r.Dialect = best.d.Name
		if r.API == "" {
			r.API = best.api
			r.Reason = "detected: " + strings.Join(uniq(best.reasons), "; ")
		} else {
			r.Reason = "API given; dialect detected: " + strings.Join(uniq(best.reasons), "; ")
		}
		return best.d
	case best != nil && resp.API != "":
		r.Dialect = best.d.Name
		r.Reason = "API given; nothing decides between its dialects, so the " + resp.API + " dialect " + policies
		return best.d
	}
	seen := c.nothingDecides(resp, oo, profiles, cd, ids)
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
func (c *Checker) evidence(ad apiDialect, at *catalog.API, resp Response, oo *operationoutcome.OperationOutcome, profiles []string, cd *operationoutcome.Coding, ids *firstIssue) *candidate {
	api, d := ad.api, ad.d
	cand := &candidate{api: api, d: d}
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
	if at != nil && at.Name == api {
		if s := at.Surface(resp.URL); s == nil || s.Serves(d) {
			cand.score += weightURL
			where := ""
			if s != nil && s.Name != "" && len(at.Surfaces) > 1 {
				where = fmt.Sprintf(", on its %s surface", s.Name)
			}
			cand.reasons = append(cand.reasons, fmt.Sprintf("the request URL %s is under %s, the %s API's base path%s", shortURL(resp.URL), at.BasePath(resp.URL), api, where))
		}
	}
	if cd != nil && c.reg.Owner(cd.System) == api {
		documented, byAPI := "", false
		for _, e := range c.reg.Documenting(cd.System, cd.Code) {
			byAPI = byAPI || e.API == api
			if e.Dialect == d && e.API == api && documented == "" {
				documented = e.ID()
			}
		}
		switch {
		case documented != "":
			cand.score += weightOwnCoding
			cand.reasons = append(cand.reasons, fmt.Sprintf("the coding system %s, which only %s uses, with %s, which %s documents", cd.System, api, cd.Code, documented))
		case !byAPI:
			// The system is the API's, the code no dialect's: every
			// dialect of the API is as likely, policies decide.
			cand.score += weightOwnSystem
			cand.reasons = append(cand.reasons, fmt.Sprintf("the coding system %s, which only %s uses (no %s entry documents %s under it); the %s dialect %s", cd.System, api, api, cd.Code, api, policies))
		}
	}
	// A response with a profile that is not d's own is not d's by its
	// issue alone: the same issue comes from other APIs under their
	// profiles.
	if len(oo.Issue) > 0 && (len(profiles) == 0 || own) {
		m, ok := ids.identifyIn(c.reg, &oo.Issue[0], resp.Status, api, d)
		// An issue that another API documents just as exactly (a proxy
		// template one API copied from another) belongs to neither, unless
		// the API is known (given, or by the request URL): then it still
		// tells the API's dialects apart.
		apiKnown := resp.API != "" || at != nil && at.Name == api
		ok = ok && (apiKnown || !(len(m.Differences) == 0 && ids.exactElsewhere(api, d, profiles)))
		if ok && m.Template != nil && m.Template.Specificity() >= ownText {
			cand.score += weightOwnText
			cand.reasons = append(cand.reasons, fmt.Sprintf("the diagnostics are the text %s documents (%q)", m.Entry.ID(), m.Template.String()))
		}
		// Without a coding only diagnostics that fit a template say which
		// entry an issue is: severity and issue type alone fit any API's.
		identifying := cd != nil || m.Template != nil
		if ok && len(m.Differences) == 0 && identifying {
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
		cand.reasons = append(cand.reasons, fmt.Sprintf("meta.profile %s, the %s dialect's profile (which %s send too)", d.Profile, d.Name, strings.Join(slices.DeleteFunc(c.profileAPIs(d.Profile), func(a string) bool { return a == api }), " and ")))
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
func (c *Checker) nothingDecides(resp Response, oo *operationoutcome.OperationOutcome, profiles []string, cd *operationoutcome.Coding, ids *firstIssue) string {
	var seen []string
	switch {
	case len(profiles) == 0:
		seen = append(seen, "no meta.profile")
	default:
		var ownedBy, allowedBy []string
		for _, ad := range apiDialects(c.reg, resp.API) {
			if ad.d.Profile != "" && slices.Contains(profiles, ad.d.Profile) {
				ownedBy = append(ownedBy, ad.d.Name)
			}
			for _, v := range ad.d.Variants {
				if v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile) {
					allowedBy = append(allowedBy, ad.d.Name)
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
		exact := ids.exactAPIs()
		switch {
		case len(exact) > 1:
			what += fmt.Sprintf(", and the first issue is exactly what %s document: APIs that send it alike, so it decides nothing", entryIDs(exact))
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

// shortURL is a request URL as a reason quotes it: without its query, and
// cut to a readable length.
func shortURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if r := []rune(u); len(r) > 100 {
		u = string(r[:99]) + "…"
	}
	return u
}
