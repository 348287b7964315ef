package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spinecat/spinecat/catalog"
)

// ruleKeys are the keys each kind of rule takes besides check, doc,
// sources and when.
var ruleKeys = map[string][]string{
	"authorization":     {"scheme", "exactScheme", "missing", "blank", "noCredentials", "wrongScheme", "invalid", "jwt", "leniencies"},
	"header":            {"header", "missing", "invalid", "oneOf", "is", "base64JSON", "notAllowed"},
	"query":             {"param", "missing", "invalid", "oneOf", "is", "base64JSON"},
	"claim":             {"claim", "missing", "invalid", "oneOf"},
	"forbidden-headers": {"headers", "answer"},
	"refuse":            {"answer"},
	"format":            {},
}

func (b *apiBuilder) rules(docs []ruleDoc) {
	leniencies := map[string]bool{}
	for i, rd := range docs {
		ptr := fmt.Sprintf("/http/rules/%d", i)
		b.ruleKeys(ptr, rd.Check)
		r := &catalog.RequestRule{Check: catalog.RuleCheck(rd.Check), Doc: rd.Doc, Sources: rd.Sources, When: b.condition(ptr+"/when", rd.When)}
		on := r.When.Surfaces
		r.Header, r.Param, r.Claim, r.OneOf, r.Is, r.Base64JSON = rd.Header, rd.Param, rd.Claim, rd.OneOf, catalog.ValueKind(rd.Is), rd.Base64JSON
		r.Scheme, r.ExactScheme, r.Headers = rd.Scheme, rd.Exact, rd.Headers
		r.Missing = b.answer(ptr+"/missing", rd.Missing, on)
		r.Invalid = b.answer(ptr+"/invalid", rd.Invalid, on)
		r.NotAllowed = b.answer(ptr+"/notAllowed", rd.NotAllowed, on)
		r.Answer = b.answer(ptr+"/answer", rd.Answer, on)
		r.Blank = b.answer(ptr+"/blank", rd.Blank, on)
		r.NoCredentials = b.answer(ptr+"/noCredentials", rd.NoCreds, on)
		r.WrongScheme = b.answer(ptr+"/wrongScheme", rd.WrongSch, on)
		switch r.Check {
		case catalog.CheckHeader, catalog.CheckQuery:
			b.valueRule(ptr, rd)
			if strings.EqualFold(rd.Header, "Authorization") {
				b.problem(ptr+"/header", "check Authorization with an authorization rule")
			}
		case catalog.CheckAuthorization:
			if rd.JWT != nil {
				r.JWT = &catalog.JWTCheck{
					Sections: b.answer(ptr+"/jwt/sections", rd.JWT.Sections, on),
					Invalid:  b.answer(ptr+"/jwt/invalid", rd.JWT.Invalid, on),
					NoClaims: b.answer(ptr+"/jwt/noClaims", rd.JWT.NoClaims, on),
				}
			}
			for j, ld := range rd.Leniencies {
				lp := fmt.Sprintf("%s/leniencies/%d", ptr, j)
				if leniencies[ld.Name] {
					b.problem(lp+"/name", "leniency %q is defined twice; names are per API", ld.Name)
				}
				leniencies[ld.Name] = true
				r.Leniencies = append(r.Leniencies, &catalog.Leniency{Name: ld.Name, Doc: ld.Doc, Sources: ld.Sources,
					Accept: catalog.Allowance(ld.Accept), When: b.condition(lp+"/when", ld.When)})
			}
		case catalog.CheckFormat:
			if len(b.api.Negotiation.Unsupported) == 0 {
				b.problem(ptr, "a format rule answers with negotiation.unsupported; give it")
			}
		}
		b.api.Rules = append(b.api.Rules, r)
	}
}

// valueRule checks a header or query rule: it answers something, and an
// invalid answer goes with a check of the value.
func (b *apiBuilder) valueRule(ptr string, rd ruleDoc) {
	checked := len(rd.OneOf) > 0 || rd.Is != "" || len(rd.Base64JSON) > 0
	if len(rd.Missing) == 0 && len(rd.Invalid) == 0 && len(rd.NotAllowed) == 0 {
		b.problem(ptr, "a %s rule needs an answer: missing, invalid or notAllowed", rd.Check)
	}
	if checked && len(rd.Invalid) == 0 {
		b.problem(ptr, "oneOf, is and base64JSON need invalid: the answer to a value that breaks them")
	}
	if len(rd.Invalid) > 0 && !checked {
		b.problem(ptr+"/invalid", "invalid answers a value that breaks oneOf, is or base64JSON; give one of them")
	}
	if _, ok := catalog.LookupParamType(rd.Is); rd.Is != "" && !ok {
		b.problem(ptr+"/is", "unknown value type %q%s", rd.Is, suggestParamType(rd.Is))
	}
}

// ruleKeys reports keys that do not apply to the rule's kind.
func (b *apiBuilder) ruleKeys(ptr, check string) {
	allowed, ok := ruleKeys[check]
	if !ok {
		return // the schema pass has reported it
	}
	for key := range b.pf.tree.keys {
		k, isChild := strings.CutPrefix(key, ptr+"/")
		if !isChild || strings.Contains(k, "/") {
			continue
		}
		switch k = unescapePointer(k); {
		case k == "check" || k == "doc" || k == "sources" || k == "when" || slices.Contains(allowed, k):
		case slices.ContainsFunc(mapKeys(ruleKeys), func(c string) bool { return slices.Contains(ruleKeys[c], k) }):
			b.l.probs = append(b.l.probs, Problem{File: b.pf.src.Path, Line: b.pf.tree.keys[key].line, Col: b.pf.tree.keys[key].col,
				Msg: fmt.Sprintf("%s: %s does not apply to a %s rule (it takes %s)", label(ptr), k, check, orNone(allowed))})
		}
	}
}
