package citation

import (
	"net/url"
	"regexp"
	"strings"
)

// repoRef is a file of a public repository at a fixed commit:
// owner/repo@commit:path, the commit 7 to 40 hex digits, the path optionally
// followed by #anchor or :line.
var repoRef = regexp.MustCompile(`\b[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+@[0-9a-f]{7,40}:[^\s,;()"]*[^\s,;()".]`)

// pageURL is an https:// address, up to the first space, quote or bracket.
var pageURL = regexp.MustCompile(`https://[^\s"'()<>\[\]]+`)

// title is a page's exact title in straight or curly double quotes.
var title = regexp.MustCompile(`"[^"]*\pL[^"]*"|“[^”]*\pL[^”]*”`)

// canonicalHosts publish FHIR canonical URLs: they name a resource rather
// than a page one reads the fact on, and several of them do not resolve.
var canonicalHosts = map[string]bool{
	"fhir.nhs.uk":     true,
	"fhir.hl7.org.uk": true,
	"www.fhir.nhs.uk": true,
}

// Followable reports whether source names at least one thing a reader can
// open: a repository file at a commit (owner/repo@commit:path), a published
// page by its https:// address, or a page by its exact title in quotes
// together with the https:// address of the site or guide that publishes it.
func Followable(source string) bool {
	if repoRef.MatchString(source) {
		return true
	}
	titled := title.MatchString(source)
	for _, raw := range pageURL.FindAllString(source, -1) {
		u, err := url.Parse(strings.TrimRight(raw, ".,;:"))
		if err != nil || u.Host == "" || canonicalHosts[u.Hostname()] {
			continue
		}
		if strings.Trim(u.Path, "/") != "" || titled {
			return true
		}
	}
	return false
}
