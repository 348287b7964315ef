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
	d     *catalog.Dialect
	score int // evidence
	fit   int // policies the response fits (id, lastUpdated, profile): ties only
	why   why // what the score is made of
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
	// What every dialect is weighed against, looked up once: the API whose
	// base path the request URL is under, the API whose own system the
	// first coding is in, and the entries documenting the coding there.
	var at *catalog.API
	if resp.URL != "" {
		at = c.reg.APIAt(resp.URL)
	}
	var owner string
	var documenting []*catalog.Entry
	if cd != nil {
		if owner = c.reg.Owner(cd.System); owner != "" {
			documenting = c.reg.Documenting(cd.System, cd.Code)
		}
	}
	var best, cand candidate
	found := false
	tied := false // another dialect of the best's API has as much evidence
	for _, ad := range c.candidates {
		if resp.API != "" && ad.api != resp.API {
			continue
		}
		if !c.evidence(&cand, ad, at, resp, oo, profiles, cd, owner, documenting, ids) {
			continue
		}
		switch {
		case !found || cmp.Or(cmp.Compare(cand.score, best.score), cmp.Compare(cand.fit, best.fit)) > 0:
			tied = found && best.score == cand.score && best.why.api == cand.why.api
			best, found = cand, true
		case cand.score == best.score && cand.why.api == best.why.api:
			tied = true
		}
	}
	switch {
	case found && best.score > 0:
		r.Dialect = best.d.Name
		best.why.apiGiven = r.API != ""
		best.why.tied = tied
		if r.API == "" {
			r.API = best.why.api
		}
		r.Reason = c.words.of(best.why, c.reasons)
		return best.d
	case found && resp.API != "":
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

// evidence weighs in cand what in the response belongs to dialect ad, and
// records in cand.why what the score is made of; at is the API whose base
// path the request URL is under, owner the API whose own system the first
// coding is in, and documenting the entries that document the coding
// there. It returns false when the response contradicts the dialect: a
// meta.profile that is neither its own nor one of its documented variants'
// (unless the API is given, which forces its dialects to be considered).
func (c *Checker) evidence(cand *candidate, ad apiDialect, at *catalog.API, resp Response, oo *operationoutcome.OperationOutcome, profiles []string, cd *operationoutcome.Coding, owner string, documenting []*catalog.Entry, ids *firstIssue) bool {
	api, d := ad.api, ad.d
	*cand = candidate{d: d, why: why{d: d, api: api}}
	w := &cand.why
	own := d.Profile != "" && slices.Contains(profiles, d.Profile)
	variant := slices.IndexFunc(d.Variants, func(v catalog.DialectVariant) bool {
		return v.Profile != nil && *v.Profile != "" && slices.Contains(profiles, *v.Profile)
	})
	if len(profiles) > 0 && !own && variant < 0 && resp.API == "" {
		return false
	}
	if cd != nil {
		w.system, w.code = cd.System, cd.Code
	}
	shared := own && len(c.profiles[d.Profile]) > 1
	if own && !shared {
		cand.score += weightProfile
		w.profile = true
	}
	if at != nil && at.Name == api {
		if s := at.Surface(resp.URL); s == nil || s.Serves(d) {
			cand.score += weightURL
			w.url = resp.URL
			if s != nil && len(at.Surfaces) > 1 {
				w.surface = s.Name
			}
			w.at = at
		}
	}
	if cd != nil && owner == api {
		var documented *catalog.Entry
		byAPI := false
		for _, e := range documenting {
			byAPI = byAPI || e.API == api
			if e.Dialect == d && e.API == api && documented == nil {
				documented = e
			}
		}
		switch {
		case documented != nil:
			cand.score += weightOwnCoding
			w.documented = documented
		case !byAPI:
			// The system is the API's, the code no dialect's: every
			// dialect of the API is as likely, policies decide.
			cand.score += weightOwnSystem
			w.ownSystem = true
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
			w.text, w.template = m.Entry, m.Template
		}
		// Without a coding only diagnostics that fit a template say which
		// entry an issue is: severity and issue type alone fit any API's.
		identifying := cd != nil || m.Template != nil
		if ok && len(m.Differences) == 0 && identifying {
			cand.score += weightExactly
			w.exactly, w.coded, w.status = m.Entry, cd != nil, resp.Status != 0
		}
	}
	switch {
	case shared && cand.score > 0:
		// A profile several APIs send is no evidence alone, but it agrees
		// with evidence that is, and more than a variant's departure does.
		cand.score += weightSharedProfile
		w.sharedProfile = true
	case variant >= 0 && cand.score > 0:
		// A profile a documented variant allows is no evidence alone (other
		// APIs send it too), but it agrees with evidence that is.
		cand.score += weightVariantProfile
		w.variant = &d.Variants[variant]
	}
	if cand.score == 0 && resp.API == "" {
		return false // without evidence and without the API, d cannot be chosen
	}
	lastUpdated := oo.Meta != nil && oo.Meta.LastUpdated != ""
	for _, fits := range [...]bool{
		lastUpdated == (d.LastUpdated == catalog.Required),
		(oo.ID == "") == (d.ID == catalog.IDNone),
		(len(profiles) == 0) == (d.ProfileRule != catalog.Required),
	} {
		if fits {
			cand.fit++
		}
	}
	return true
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
