package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/operationoutcome"
)

// why is what a dialect's score is made of: enough to word the reasons, and
// comparable, so that the words are worked out once for the many responses
// of a run that have the same evidence.
type why struct {
	d             *catalog.Dialect
	api           string // the API the dialect is weighed for
	profile       bool   // meta.profile is the dialect's own
	sharedProfile bool   // meta.profile is the dialect's own, and other APIs' too
	at            *catalog.API
	url, surface  string // the request URL under at's base path, and its surface when at has several
	system, code  string // the first coding
	documented    *catalog.Entry
	ownSystem     bool // the system is the API's, the code no entry's
	text          *catalog.Entry
	template      *catalog.Template // the diagnostics are text only this entry documents
	exactly       *catalog.Entry    // the first issue is exactly this entry
	coded         bool              // the first issue has a coding
	status        bool              // the status is known
	variant       *catalog.DialectVariant
	apiGiven      bool // the API was given, only the dialect detected
	tied          bool // another dialect of the API had as much evidence
}

// reasons words w, one reason per kind of evidence.
func (c *Checker) reasons(w why) []string {
	d, api := w.d, w.api
	var out []string
	if w.profile {
		out = append(out, "meta.profile is "+d.Profile+", the "+d.Name+" dialect's profile")
	}
	if w.at != nil {
		where := ""
		if w.surface != "" {
			where = ", on its " + w.surface + " surface"
		}
		out = append(out, "the request URL "+shortURL(w.url)+" is under "+w.at.BasePath(w.url)+", the "+api+" API's base path"+where)
	}
	switch {
	case w.documented != nil:
		out = append(out, "the coding system "+w.system+", which only "+api+" uses, with "+w.code+", which "+w.documented.ID()+" documents")
	case w.ownSystem:
		out = append(out, "the coding system "+w.system+", which only "+api+" uses (no "+api+" entry documents "+w.code+" under it); the "+api+" dialect "+policies)
	}
	if w.text != nil {
		out = append(out, "the diagnostics are the text "+w.text.ID()+" documents ("+strconv.Quote(w.template.String())+")")
	}
	if w.exactly != nil {
		what := "the first issue"
		if w.coded {
			what = "the first issue (" + w.code + " under " + w.system + ")"
		}
		status := 0
		if w.status {
			status = 1
		}
		out = append(out, what+" is exactly "+w.exactly.ID()+" ("+exactlyWhat(w.exactly, status)+")")
	}
	switch {
	case w.sharedProfile:
		others := slices.DeleteFunc(slices.Clone(c.profiles[d.Profile]), func(a string) bool { return a == api })
		out = append(out, "meta.profile "+d.Profile+", the "+d.Name+" dialect's profile (which "+strings.Join(others, " and ")+" send too)")
	case w.variant != nil:
		out = append(out, "meta.profile "+*w.variant.Profile+", which its documented variant "+strconv.Quote(w.variant.Name)+" allows")
	}
	if w.tied && !w.ownSystem {
		out = append(out, "nothing else decides between the "+api+" dialects, so the one "+policies)
	}
	return uniq(out)
}

// wordings keeps Report.Reason for the evidence already worded: a run over
// a directory of captures meets the same evidence again and again.
type wordings struct {
	mu    sync.RWMutex
	words map[why]string
}

// maxWordings bounds the wordings kept, and maxWordingInput the coding and
// URL they may quote, so that hostile input cannot fill memory through
// them.
const (
	maxWordings     = 4096
	maxWordingInput = 512
)

// of returns the Reason for a dialect detected on evidence w, worded by
// reasons.
func (ws *wordings) of(w why, reasons func(why) []string) string {
	ws.mu.RLock()
	s, ok := ws.words[w]
	ws.mu.RUnlock()
	if ok {
		return s
	}
	s = "detected: " + strings.Join(reasons(w), "; ")
	if w.apiGiven {
		s = "API given; dialect " + s
	}
	if len(w.system)+len(w.code)+len(w.url) <= maxWordingInput {
		ws.mu.Lock()
		if ws.words == nil {
			ws.words = map[why]string{}
		}
		if len(ws.words) < maxWordings {
			ws.words[w] = s
		}
		ws.mu.Unlock()
	}
	return s
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
		for _, ad := range c.candidates {
			if resp.API != "" && ad.api != resp.API {
				continue
			}
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
