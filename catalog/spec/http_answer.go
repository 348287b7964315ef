package spec

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// answer reads an answer: an entry name; {entry, params}; or a mapping from
// surface names to either. on lists the surfaces where the answer is
// needed (nil: every surface); a surface mapping must cover each.
func (b *apiBuilder) answer(ptr string, raw json.RawMessage, on []string) catalog.Answer {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		if r := b.reply(ptr, "", raw); r != nil {
			return catalog.Answer{r}
		}
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil // the schema pass has reported it
	}
	if _, ok := m["entry"]; ok {
		if r := b.reply(ptr, "", raw); r != nil {
			return catalog.Answer{r}
		}
		return nil
	}
	if len(b.api.Surfaces) == 0 {
		b.problem(ptr, "an answer per surface needs surfaces; give an entry name, or {entry, params}")
		return nil
	}
	var out catalog.Answer
	for _, sn := range sortedKeys(m) {
		sp := ptr + "/" + escapePointer(sn)
		if !slices.Contains(b.surfaceNames(), sn) {
			b.problem(sp, "unknown surface %q (the surfaces are %s; a single answer is an entry name or {entry, params})", sn, orNone(b.surfaceNames()))
			continue
		}
		if r := b.reply(sp, sn, m[sn]); r != nil {
			out = append(out, r)
		}
	}
	// In surface order, so that the generated code reads as the file does.
	slices.SortStableFunc(out, func(x, y *catalog.Reply) int {
		return slices.Index(b.surfaceNames(), x.Surface) - slices.Index(b.surfaceNames(), y.Surface)
	})
	if on == nil {
		on = b.surfaceNames()
	}
	var missing []string
	for _, s := range on {
		if !slices.ContainsFunc(out, func(r *catalog.Reply) bool { return r.Surface == s }) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 && len(out) > 0 {
		b.problem(ptr, "no answer for surface %s; answer on every surface where the rule applies", strings.Join(missing, ", "))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := mapKeys(m)
	sort.Strings(keys)
	return keys
}

// reply reads one entry name or {entry, params} for surface ("": every).
func (b *apiBuilder) reply(ptr, surface string, raw json.RawMessage) *catalog.Reply {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return b.finishReply(ptr, ptr, surface, name, nil)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		b.problem(ptr, "an answer is an entry name or {entry, params}")
		return nil
	}
	for _, k := range sortedKeys(obj) {
		if k != "entry" && k != "params" {
			b.problem(ptr+"/"+escapePointer(k), "unknown key %q in an answer (want entry, params)", k)
		}
	}
	if json.Unmarshal(obj["entry"], &name) != nil || name == "" {
		b.problem(ptr, "an answer needs entry: the name of one of this file's entries")
		return nil
	}
	var params map[string]json.RawMessage
	if p, ok := obj["params"]; ok && json.Unmarshal(p, &params) != nil {
		b.problem(ptr+"/params", "params maps parameter names to values")
		return nil
	}
	return b.finishReply(ptr, ptr+"/entry", surface, name, params)
}

// finishReply resolves the entry and parses its parameter values, every
// one of which must be given.
func (b *apiBuilder) finishReply(ptr, entryPtr, surface, name string, params map[string]json.RawMessage) *catalog.Reply {
	e := b.entry(entryPtr, name)
	if e == nil {
		return nil
	}
	r := &catalog.Reply{Surface: surface, Entry: e, Params: make([]catalog.Value, len(e.Params))}
	given := map[string]bool{}
	for _, k := range sortedKeys(params) {
		pp := ptr + "/params/" + escapePointer(k)
		i := slices.IndexFunc(e.Params, func(p catalog.Param) bool { return p.Name == k })
		if i < 0 {
			b.problem(pp, "%s has no parameter %q%s", e.ID(), k, paramNames(e))
			continue
		}
		var s string
		if json.Unmarshal(params[k], &s) != nil {
			var n json.Number
			if json.Unmarshal(params[k], &n) != nil {
				b.problem(pp, "a parameter value is a string")
				continue
			}
			s = n.String()
		}
		v, err := catalog.ParseValue(s, nil)
		if err != nil {
			b.problem(pp, "%v", err)
			continue
		}
		r.Params[i], given[k] = v, true
	}
	var missing []string
	for _, p := range e.Params {
		if !given[p.Name] {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		b.problem(ptr, "%s needs parameter(s) %s: give them under params", e.ID(), strings.Join(missing, ", "))
	}
	return r
}

func paramNames(e *catalog.Entry) string {
	if len(e.Params) == 0 {
		return " (it takes none)"
	}
	return " (it takes " + strings.Join(e.ParamNames(), ", ") + ")"
}
