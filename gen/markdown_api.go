package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// frontDoorMarkdown renders the reference page's section on the API's front
// door: what package server and the mock do, from the http section.
func frontDoorMarkdown(b *strings.Builder, a *catalog.API) {
	if a == nil || !hasFrontDoor(a) {
		return
	}
	b.WriteString("## Front door\n\n")
	if a.Doc != "" {
		b.WriteString(strings.TrimSpace(a.Doc) + "\n\n")
	}
	if len(a.BasePaths) > 0 {
		fmt.Fprintf(b, "Base paths: %s (`spinecat serve` serves the first by default).\n\n", codeList(a.BasePaths))
	}
	if len(a.Sources) > 0 {
		b.WriteString("Sources:\n\n")
		for _, s := range a.Sources {
			fmt.Fprintf(b, "- %s\n", s)
		}
		b.WriteString("\n")
	}
	if len(a.Surfaces) > 1 || len(a.Surfaces) == 1 && a.Surfaces[0].Name != "" {
		b.WriteString("### Surfaces\n\n| surface | paths | dialects |\n|---|---|---|\n")
		for _, s := range a.Surfaces {
			paths := "every other path"
			if s.PathContains != "" {
				paths = "containing `" + s.PathContains + "`"
			}
			var ds []string
			for _, d := range s.Dialects {
				ds = append(ds, d.Name)
			}
			fmt.Fprintf(b, "| %s | %s | %s |\n", s.Name, paths, strings.Join(ds, ", "))
		}
		b.WriteString("\n")
	}
	if len(a.AccessModes) > 0 {
		b.WriteString("### Access modes\n\nThe first is the default. A mock cannot introspect a token: with a token table (`server.WithTokens`) only its tokens are valid, each with its mode; without one a token's prefix decides.\n\n| mode | token prefix | |\n|---|---|---|\n")
		for _, m := range a.AccessModes {
			fmt.Fprintf(b, "| %s | %s | %s |\n", m.Name, cell(code(m.TokenPrefix)), cell(m.Doc))
		}
		b.WriteString("\n")
	}
	if len(a.Rules) > 0 {
		b.WriteString("### Request rules\n\n`server.Middleware` applies them to every request, in this order; the first that fails answers.\n\n| # | rule | where | answer |\n|---|---|---|---|\n")
		var notes []string
		for i, r := range a.Rules {
			for _, row := range ruleRows(a, r) {
				fmt.Fprintf(b, "| %d | %s | %s | %s |\n", i+1, row[0], cell(conditionText(r.When)), row[1])
			}
			if note := strings.TrimSpace(r.Doc); note != "" {
				if len(r.Sources) > 0 {
					note += " Sources: " + strings.Join(r.Sources, "; ") + "."
				}
				notes = append(notes, fmt.Sprintf("%d. %s", i+1, strings.Join(strings.Fields(note), " ")))
			}
		}
		b.WriteString("\n")
		if len(notes) > 0 {
			b.WriteString(strings.Join(notes, "\n") + "\n\n")
		}
	}
	if ls := a.Leniencies(); len(ls) > 0 {
		b.WriteString("### Leniencies\n\nWhat live deployments were seen to accept beyond the rules. A mock refuses it unless asked by name (`server.WithLeniency`, `spinecat serve --lenient NAME`).\n\n| name | accepts | where | why |\n|---|---|---|---|\n")
		for _, l := range ls {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", l.Name, l.Accept, cell(conditionText(l.When)), cell(withSources(l.Doc, l.Sources)))
		}
		b.WriteString("\n")
	}
	b.WriteString("### Content negotiation\n\n")
	n := a.Negotiation
	if len(n.Formats) > 0 {
		var fs []string
		for _, f := range n.Formats {
			fs = append(fs, string(f))
		}
		fmt.Fprintf(b, "Formats: %s (the first is the default). ", strings.Join(fs, ", "))
	} else {
		b.WriteString("Each dialect's formats, the first being the default. ")
	}
	if n.IgnoreFormatParameter {
		b.WriteString("`_format` is ignored; `Accept` decides.\n\n")
	} else {
		b.WriteString("`_format` wins over `Accept`.\n\n")
	}
	if len(n.Unsupported) > 0 {
		fmt.Fprintf(b, "An unsupported format is answered with %s.\n\n", answerText(a, n.Unsupported))
	} else {
		b.WriteString("The API answers in its default format whatever was asked.\n\n")
	}
	if len(a.Headers) > 0 {
		b.WriteString("### Response headers\n\nWritten in exactly this spelling.\n\n| header | value | sent with |\n|---|---|---|\n")
		for _, h := range a.Headers {
			with := "every response"
			if len(h.Entries) > 0 {
				var ids []string
				for _, e := range h.Entries {
					ids = append(ids, "`"+e.ID()+"`")
				}
				with = strings.Join(ids, ", ")
			}
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", h.Name, cell(headerValueText(h)), with)
		}
		b.WriteString("\n")
	}
	if len(a.NotFound) > 0 || len(a.MethodNotAllowed) > 0 || len(a.InternalError) > 0 {
		b.WriteString("### Fallbacks\n\n| case | answer |\n|---|---|\n")
		fmt.Fprintf(b, "| unknown route | %s |\n", cell(answerText(a, a.NotFound)))
		mna := answerText(a, a.MethodNotAllowed)
		if len(a.MethodNotAllowed) == 0 {
			mna = "as an unknown route"
		}
		fmt.Fprintf(b, "| known path, another method | %s |\n", mna)
		fmt.Fprintf(b, "| an error that is not a catalogue error | %s |\n\n", cell(answerText(a, a.InternalError)))
	}
	if gw := a.Gateway; len(gw.Dialects) > 0 || len(gw.Entries) > 0 {
		var what []string
		for _, d := range gw.Dialects {
			what = append(what, "dialect "+d.Name)
		}
		for _, e := range gw.Entries {
			what = append(what, "`"+e.ID()+"`")
		}
		format := "in its dialect's default format whatever the request asked"
		if gw.FormatFromAccept {
			format = "in the format a supported `Accept` names, ignoring `_format`, else the default"
		}
		fmt.Fprintf(b, "### Built by the gateway\n\n%s: written %s.\n\n", strings.Join(what, ", "), format)
	}
}

func hasFrontDoor(a *catalog.API) bool {
	return a.Doc != "" || len(a.Rules) > 0 || len(a.Headers) > 0 || len(a.NotFound) > 0 || len(a.BasePaths) > 0
}

// ruleRows describes a rule as (condition, answer) rows, one per answer.
func ruleRows(a *catalog.API, r *catalog.RequestRule) [][2]string {
	var rows [][2]string
	add := func(what string, ans catalog.Answer) {
		if len(ans) > 0 {
			rows = append(rows, [2]string{cell(what), cell(answerText(a, ans))})
		}
	}
	switch r.Check {
	case catalog.CheckAuthorization:
		scheme := fmt.Sprintf("`%s`", r.Scheme)
		if r.ExactScheme {
			scheme += " (exactly so written)"
		}
		if len(r.Blank) > 0 {
			add("`Authorization` missing", r.Missing)
			add("`Authorization` blank", r.Blank)
		} else {
			add("`Authorization` missing or blank", r.Missing)
		}
		add("`Authorization` a single word (no credentials)", r.NoCredentials)
		add("`Authorization` of a scheme other than "+scheme, r.WrongScheme)
		invalid := fmt.Sprintf("`Authorization` not `%s <token68>`", r.Scheme)
		if len(r.NoCredentials) > 0 || len(r.WrongScheme) > 0 {
			var bad []string
			if len(r.NoCredentials) == 0 {
				bad = append(bad, "a single word")
			}
			if len(r.WrongScheme) == 0 {
				bad = append(bad, "of another scheme")
			}
			invalid = "`Authorization` " + strings.Join(append(bad, "credentials that are not a token68"), ", ")
		}
		add(invalid+", sent twice, or a token not in the token table", r.Invalid)
		if j := r.JWT; j != nil {
			add("the token is not a JWT of three sections", j.Sections)
			add("the JWT's body is not base64url JSON", j.Invalid)
			add("the JWT's body has no claims", j.NoClaims)
		}
	case catalog.CheckHeader, catalog.CheckQuery, catalog.CheckClaim:
		h := "header `" + r.Header + "`"
		switch r.Check {
		case catalog.CheckQuery:
			h = "query parameter `" + r.Param + "`"
		case catalog.CheckClaim:
			h = "claim `" + r.Claim + "` of the bearer JWT"
		}
		add(h+" missing or blank", r.Missing)
		var bad []string
		if len(r.OneOf) > 0 {
			bad = append(bad, "not one of "+codeList(r.OneOf))
		}
		if r.Is != "" {
			bad = append(bad, "not a "+strings.ToUpper(string(r.Is)))
		}
		if len(r.Base64JSON) > 0 {
			var members []string
			for _, k := range slices.Sorted(maps.Keys(r.Base64JSON)) {
				members = append(members, fmt.Sprintf("%q: %q", k, r.Base64JSON[k]))
			}
			bad = append(bad, "not base64 of a JSON object with `"+strings.Join(members, ", ")+"`")
		}
		twice := ", or sent twice"
		if r.Check == catalog.CheckClaim {
			twice = ""
		}
		add(h+" "+strings.Join(bad, ", ")+twice, r.Invalid)
		add(h+" not in the deployment's allow-list (`server.WithAllowList`)", r.NotAllowed)
	case catalog.CheckRefuse:
		add("refused", r.Answer)
	case catalog.CheckForbiddenHeaders:
		add("sends any of "+codeList(r.Headers), r.Answer)
	case catalog.CheckFormat:
		add("`_format` or `Accept` asks for a format the API does not produce", a.Negotiation.Unsupported)
	}
	return rows
}

func conditionText(c catalog.Condition) string {
	var parts []string
	if len(c.Modes) > 0 {
		parts = append(parts, strings.Join(c.Modes, " or "))
	}
	if len(c.Surfaces) > 0 {
		parts = append(parts, "on "+strings.Join(c.Surfaces, ", "))
	}
	if len(c.Methods) > 0 {
		parts = append(parts, strings.Join(c.Methods, " or "))
	}
	if len(c.Paths) > 0 {
		parts = append(parts, "paths containing "+codeList(c.Paths))
	}
	if len(c.PathEnds) > 0 {
		parts = append(parts, "paths ending "+codeList(c.PathEnds))
	}
	if len(c.ExceptPaths) > 0 {
		parts = append(parts, "not on paths containing "+codeList(c.ExceptPaths))
	}
	if len(parts) == 0 {
		return "every request"
	}
	return strings.Join(parts, "; ")
}

// answerText renders an answer: each reply's status, entry and parameter
// values, with its surface.
func answerText(a *catalog.API, ans catalog.Answer) string {
	if len(ans) == 0 {
		return "–"
	}
	var parts []string
	for _, p := range ans {
		s := fmt.Sprintf("%s `%s`", statusText(p.Entry.Status), p.Entry.ID())
		if p.Entry.Body != catalog.BodyOperationOutcome {
			s += fmt.Sprintf(" (%s)", p.Entry.Body.Describe())
		}
		for i, v := range p.Params {
			if i < len(p.Entry.Params) {
				s += fmt.Sprintf(" %s=%q", p.Entry.Params[i].Name, v.String())
			}
		}
		if p.Surface != "" && len(a.Surfaces) > 1 {
			s += " on " + p.Surface
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func statusText(s int) string {
	if s == 0 {
		return "status not stated,"
	}
	return fmt.Sprint(s)
}

func headerValueText(h *catalog.ResponseHeader) string {
	switch h.From {
	case catalog.HeaderEcho:
		return "the request's, echoed"
	case catalog.HeaderTransactionID:
		return "a new transaction id (`server.WithTransactionID`)"
	case catalog.HeaderRetryAfter:
		return "seconds (`server.WithRetryAfter`, 30 by default)"
	}
	return "`" + h.Value + "`"
}

func withSources(doc string, sources []string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if len(sources) > 0 {
		doc += " Sources: " + strings.Join(sources, "; ") + "."
	}
	return doc
}

func codeList(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "`" + x + "`"
	}
	return strings.Join(out, ", ")
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}
