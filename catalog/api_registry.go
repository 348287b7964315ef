package catalog

// APIs returns the APIs of the registry's entries, in the order their first
// entries were added.
func (r *Registry) APIs() []*API {
	var out []*API
	seen := map[*API]bool{}
	for _, e := range r.entries {
		if e.api != nil && !seen[e.api] {
			seen[e.api] = true
			out = append(out, e.api)
		}
	}
	return out
}

// API returns the registry's API with that name.
func (r *Registry) API(name string) (*API, bool) {
	for _, a := range r.APIs() {
		if a.Name == name {
			return a, true
		}
	}
	return nil, false
}

// APINames returns the names of the registry's APIs, in the order of APIs.
func (r *Registry) APINames() []string {
	apis := r.APIs()
	out := make([]string, len(apis))
	for i, a := range apis {
		out[i] = a.Name
	}
	return out
}
