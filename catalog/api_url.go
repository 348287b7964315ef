package catalog

import "strings"

// BasePath returns the base path of the API's (BasePaths) that a request
// URL or path is under, or "" when it is under none: "/referrals" for
// https://api.service.nhs.uk/referrals/FHIR/R4/Binary/x. A path is under a
// base path when it is the base path or continues it with "/".
func (a *API) BasePath(url string) string {
	p := urlPath(url)
	for _, b := range a.BasePaths {
		b = strings.TrimRight(b, "/")
		if b != "" && (p == b || strings.HasPrefix(p, b+"/")) {
			return b
		}
	}
	return ""
}

// APIAt returns the one API of the registry whose base paths the request
// URL is under, or nil when none is, or several are: the request URL is
// evidence of an API only when it belongs to one.
func (r *Registry) APIAt(url string) *API {
	if url == "" {
		return nil
	}
	var found *API
	for _, a := range r.APIs() {
		if a.BasePath(url) == "" {
			continue
		}
		if found != nil {
			return nil
		}
		found = a
	}
	return found
}
