package validate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/spinecat/spinecat/internal/sharedref"
	"github.com/spinecat/spinecat/validate/syntax"
)

// knownGaps lists the verbatim reference examples that the catalogue does
// not identify yet, by path under the shared reference folder, each with
// the reason. They are catalogue data to add (or to decide against); the
// test fails for any other verbatim example that is not identified, and for
// a gap that has been closed (so that this list stays true).
var knownGaps = map[string]string{}

// publishedInvalid lists the examples published as invalid JSON, each with
// the syntax finding it must get and where it was published: they are
// checked as the responses they claim to be, and fail on their syntax.
var publishedInvalid = map[string]struct{ rule, source string }{
	"gpconnect/examples/dev_guidance_target_url_varies_from_endpoint_registered_in_sds.json": {syntax.RuleTrailingComma,
		"nhsconnect/gpconnect@0989f45:pages/development/development_fhir_error_handling_guidance.md, \"SSP error example: Target URL varies from endpoint registered in SDS\" (a comma after diagnostics)"},
	"gpconnect/examples/v162_guidance_target_url_varies_from_endpoint_registered_in_sds.json": {syntax.RuleTrailingComma,
		"nhsconnect/gpconnect@9dffc34:pages/development/development_fhir_error_handling_guidance.md, the same example, unchanged in 1.6.2"},
	"gpconnect/examples/v162_ars_forwards_compat_forwards_compatibility.json": {syntax.RuleTrailingComma,
		"nhsconnect/gpconnect@9dffc34:pages/accessrecord_structured/accessrecord_structured_development_version_compatibility.md, \"Forwards compatibility\" (a comma after details.text)"},
}

// strictAPIs are the APIs whose verbatim examples must be conformant, not
// only identified: their catalogues record every departure of their
// published examples, as a variant or as a documented defect.
var strictAPIs = []string{"pds", "erspc", "gpconnect", "eps"}

// example is one reference example body with what its .meta sidecar says.
type example struct {
	rel       string // path in the reference folder's reference/ directory, with forward slashes
	folder    string
	body      []byte
	statuses  []int
	header    http.Header
	api       string // from the folder
	verbatim  bool
	excluded  string // why it is not a response ("" when it is)
	wrapped   bool
	rendered  string // what the test filled in, as the service does at run time
	meta      map[string]string
	xmlFormat bool
}

// readMeta reads a "key: value" sidecar.
func readMeta(path string) map[string]string {
	m := map[string]string{}
	b, err := os.ReadFile(path)
	if err != nil {
		return m
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if ok && !strings.ContainsAny(k, " \t") {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// metaStatuses reads http_status: "404", "400, 422", "401|404", "200, 204
// (OpenAPI response key)", "n/a", "not stated", "4XX".
func metaStatuses(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '/' || r == '|' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			break
		}
		if n >= 100 && n <= 599 {
			out = append(out, n)
		}
	}
	return out
}

// metaContentType takes the first token of content_type when it parses as a
// media type ("application/fhir+json (Payload contentType attribute)").
func metaContentType(s string) http.Header {
	tok, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	tok = strings.TrimSuffix(tok, ";")
	if !strings.Contains(tok, "/") {
		return nil
	}
	if _, _, err := mime.ParseMediaType(tok); err != nil {
		return nil
	}
	return http.Header{"Content-Type": {tok}}
}

func apiOfFolder(rel string) string {
	switch {
	case strings.HasPrefix(rel, "pds/"):
		return "pds"
	case strings.HasPrefix(rel, "ers-patient-care/"), strings.HasPrefix(rel, "ers/examples/pca-"):
		return "erspc"
	case strings.HasPrefix(rel, "ers/"):
		return "ers"
	case strings.HasPrefix(rel, "gpconnect/"):
		return "gpconnect"
	case strings.HasPrefix(rel, "eps/"):
		return "eps"
	case strings.Contains(rel, "/nrlf-"):
		return "nrlf"
	case strings.Contains(rel, "/nrl-"):
		return "nrl"
	}
	return ""
}

// isVerbatim reads the provenance: the NRL and NRLF sidecars say "verbatim:
// yes ...", or TRANSCRIBED, rendered, re-serialised, converted; the e-RS
// examples are all verbatim copies, as the e-RS folder's notes record.
func isVerbatim(rel string, meta map[string]string) bool {
	v, ok := meta["verbatim"]
	if !ok {
		return strings.HasPrefix(rel, "ers/")
	}
	return strings.HasPrefix(strings.ToLower(v), "yes")
}

func loadExamples(t *testing.T) []example {
	t.Helper()
	ref := sharedref.Path(t, "reference")
	var out []example
	for _, dir := range []string{filepath.Join(ref, "ers", "examples"), filepath.Join(ref, "nrl-spine", "examples"),
		filepath.Join(ref, "pds", "examples"), filepath.Join(ref, "ers-patient-care", "examples"),
		filepath.Join(ref, "gpconnect", "examples"), filepath.Join(ref, "eps", "examples")} {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skipping %s: %v", dir, err)
			continue
		}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			ext := filepath.Ext(p)
			if ext != ".json" && ext != ".xml" {
				return nil
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			metaPath := p + ".meta"
			if _, err := os.Stat(metaPath); err != nil {
				metaPath = strings.TrimSuffix(p, ext) + ".meta"
			}
			rel, _ := filepath.Rel(ref, p)
			rel = filepath.ToSlash(rel)
			ex := example{rel: rel, folder: filepath.ToSlash(filepath.Dir(rel)), body: body, meta: readMeta(metaPath), xmlFormat: ext == ".xml"}
			ex.statuses = metaStatuses(ex.meta["http_status"])
			ex.header = metaContentType(ex.meta["content_type"])
			ex.api = apiOfFolder(rel)
			ex.verbatim = isVerbatim(rel, ex.meta)
			classify(&ex)
			out = append(out, ex)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Skip("no reference examples found")
	}
	return out
}

// karateFills renders the PDS Karate stubs, which the sandbox serves and
// the integration tests match exactly against INT with their #(...)
// placeholders filled per scenario: each is filled as the scenario cited
// fills it (NHSDigital/personal-demographics-service-api@f57f5839b956,
// under karate-tests/src/test/java/).
var karateFills = map[string]map[string]string{
	// patients/healthcareWorker/invalidHeaders/invalidHeaders.feature:32,40 (the sidecar's 401)
	"pds/examples/stub_ACCESS_DENIED.json": {
		"#(display)":     "Access Denied - Unauthorised",
		"#(diagnostics)": "Missing access token",
	},
	// patients/healthcareWorker/searchForAPatient/searchErrors.feature:31
	"pds/examples/stub_ADDITIONAL_PROPERTIES.json": {"#(diagnostics)": "Invalid request with error - Additional properties are not allowed ('year' was unexpected)"},
	// patients/healthcareWorker/updatePatientDetails/addErrors.feature:22
	"pds/examples/stub_FORBIDDEN_UPDATE.json": {"#(diagnostics)": "Forbidden update with error - multiple usual names cannot be added"},
	// patients/healthcareWorker/createPatient/postPatient.feature:175
	"pds/examples/stub_INVALID_CREATE.json": {"#(diagnostics)": "Invalid patient create data provided - 'address lines 1 and 4 or 2 and 4 must be completed as a minimum'"},
	// patients/healthcareWorker/searchForAPatient/searchErrors.feature:87
	"pds/examples/stub_INVALID_SEARCH_DATA.json": {"#(diagnostics)": "Invalid search data provided - 'No searches were performed as the search criteria did not meet the minimum requirements'"},
	// patients/healthcareWorker/updatePatientDetails/requestErrors.feature:19
	"pds/examples/stub_INVALID_UPDATE.json": {"#(diagnostics)": "Invalid update with error - No patches found"},
	// patients/healthcareWorker/updatePatientDetails/requestErrors.feature:58
	"pds/examples/stub_PRECONDITION_FAILED.json": {"#(diagnostics)": "Invalid request with error - If-Match header must be supplied to update this resource"},
	// mocks/sandbox/post-patient.js:36
	"pds/examples/stub_SINGLE_MATCH_FOUND.json": {"#('Unable to create new patient. NHS number ' + nhsNumber + ' found for supplied demographic data.')": "Unable to create new patient. NHS number 5900054586 found for supplied demographic data."},
	// patients/healthcareWorker/createNewPdsRecordAtBirth/createNewPdsRecordAtBirth.feature:284
	"pds/examples/stub_TOO_FEW_VALUES_SUBMITTED.json": {"#(diagnostics)": "Too few values submitted - <json too long to display> in field 'entry'"},
}

// proxyRenderings render the Apigee proxies' payload templates of PDS and
// the Patient Care API as the policies that use them do, variables filled
// with what those policies assign (each sidecar names its policy file), so
// that the checker sees what the proxy sends: among it the Patient Care
// template's expression as a string and the rate-limit template's
// trailing comma, which are documented defects.
var proxyRenderings = func() map[string]rendering {
	const now = "2026-03-06T10:11:12.000Z"
	targetIdentifier := rendering{404, map[string]string{ // RaiseFault.InvalidTargetIdentifier.xml
		"%current_timestamp#": now, "%erspca.error.code#": "not-found", "%erspca.error.coding.code#": "VALIDATION_ERROR",
		"%erspca.error.diagnostics#": "Unknown value", "%escapeJSON(erspca.error.expression)#": `http.\"NHSD-Target-Identifier\"`,
	}}
	oauth := rendering{401, map[string]string{"%current_timestamp#": now, "%faultstring#": "Invalid access token"}}
	rateLimit := rendering{429, map[string]string{"{current_timestamp}": now}}
	return map[string]rendering{
		"ers-patient-care/examples/proxy_CatchAllTarget_template.json":           targetIdentifier,
		"ers-patient-care/examples/proxy_OAuthPolicyErrorResponse_template.json": oauth,
		"ers-patient-care/examples/proxy_RatelimitResponse_template.json":        rateLimit,
		"ers/examples/pca-apim-proxy-template_VAR_VAR.json":                      targetIdentifier,
		"ers/examples/pca-apim-proxy_401_ACCESS_DENIED.json":                     oauth,
		"ers/examples/pca-apim-proxy_429_TOO_MANY_REQUESTS.json":                 rateLimit,
		// AssignMessage.Errors.UnsupportedRequest.xml, sent through CatchAllMessage
		"pds/examples/proxy_CatchAllMessage_template.json": {400, map[string]string{
			"{pds.error.code}": "value", "{pds.error.coding.code}": "UNSUPPORTED_REQUEST",
			"{pds.error.coding.display}": "The request is not one that is supported.", "{pds.error.diagnostics}": "Unsupported path - '/HelloWorld'",
		}},
		"pds/examples/proxy_OAuthPolicyResponse_template.json": {401, map[string]string{"{faultstring}": "Invalid Access Token"}},
		// AssignMessage.Errors.Default.xml's diagnostics
		"pds/examples/proxy_500UnknownError_template.json": {500, map[string]string{
			"{pds.error.diagnostics}": "An unknown error occurred processing this request. Contact us for assistance diagnosing this issue: https://digital.nhs.uk/developer/help-and-support. (Message ID: rrt-1234567890123456789-a-gew1-12345-6789012-1)",
		}},
	}
}()

// rendering is how a template is filled: the status its policy sets and the
// value of each variable.
type rendering struct {
	status int
	fills  map[string]string
}

// classify wraps fragments, unwraps Bundle entries, fills what the sidecar
// says the service fills at run time, and excludes what is not a response.
func classify(ex *example) {
	if rd, ok := proxyRenderings[ex.rel]; ok {
		for variable, value := range rd.fills {
			ex.body = bytes.ReplaceAll(ex.body, []byte(variable), []byte(value))
		}
		ex.statuses, ex.rendered = []int{rd.status}, "proxy template rendered as its policy fills it"
	}
	if fills, ok := karateFills[ex.rel]; ok {
		for placeholder, value := range fills {
			quoted, _ := json.Marshal(value)
			ex.body = bytes.ReplaceAll(ex.body, []byte(`"`+placeholder+`"`), quoted)
		}
		ex.rendered = "Karate placeholders filled as the scenario fills them"
	}
	if _, ok := ex.meta["wrapping"]; ok || strings.Contains(ex.meta["format"], "single OperationOutcome.issue") {
		ex.body = append(append([]byte(`{"resourceType": "OperationOutcome", "issue": [`), ex.body...), "]}"...)
		ex.wrapped = true
	}
	// GP Connect's structured record warnings are an entry of the 200
	// searchset Bundle, {"resource": OperationOutcome}: the resource is
	// what is checked.
	var entry struct {
		Resource json.RawMessage `json:"resource"`
	}
	if strings.Contains(ex.meta["note"], "Bundle entry") && json.Unmarshal(ex.body, &entry) == nil && len(entry.Resource) > 0 {
		ex.body = entry.Resource
		ex.wrapped = true
	}
	// NRLF v2 feature tests: "id" kept as the placeholder "<identifier>",
	// which the service replaces with the transaction id.
	if strings.Contains(ex.meta["verbatim"], `"<identifier>"`) && bytes.Contains(ex.body, []byte(`"<identifier>"`)) {
		ex.body = bytes.ReplaceAll(ex.body, []byte(`"<identifier>"`), []byte(`"8a2d3c1e-7f41-4a8e-9a55-0d5b7c9e6f10"`))
		ex.rendered = "id <identifier> filled with a transaction id"
	}
	if ex.xmlFormat {
		d := xml.NewDecoder(bytes.NewReader(ex.body))
		for {
			if _, err := d.Token(); err != nil {
				if err != io.EOF {
					ex.excluded = "not well-formed XML: " + err.Error()
				}
				break
			}
		}
	} else if !json.Valid(ex.body) && ex.rendered == "" {
		ex.excluded = "not valid JSON"
		if p := syntax.Diagnose(ex.body); p != nil {
			ex.excluded += " (" + p.String() + ")"
		}
		return
	}
	for _, p := range syntax.Problems(ex.body) {
		if p.Rule == syntax.RuleTemplate {
			ex.excluded = "a template, not a response: " + p.Message[:strings.Index(p.Message, ";")]
			return
		}
	}
}

// identified reports whether every issue of the report is explained by an
// entry or a documented variant (or the body by a bodiless entry), and if
// not, why, from the findings.
func identified(r *Report) (bool, string) {
	if r.BodyEntry != nil {
		return true, ""
	}
	var why []string
	for _, f := range r.Findings {
		if f.Severity == Error && (strings.HasPrefix(f.Rule, "catalog.") || strings.HasPrefix(f.Rule, "syntax.") || strings.HasPrefix(f.Rule, "transport.")) ||
			f.Rule == RuleCatalogUndocumented || f.Rule == RuleCatalogUnknownSystem || f.Rule == RuleCatalogUnidentified {
			why = append(why, f.Rule+" at "+f.Location+": "+f.Message)
		}
	}
	if len(r.Issues) == 0 && len(why) == 0 {
		why = append(why, "no issue identified")
	}
	for _, is := range r.Issues {
		if is.Entry == "" && len(why) == 0 {
			why = append(why, fmt.Sprintf("issue %s|%s: no entry", is.System, is.Code))
		}
	}
	return len(why) == 0, strings.Join(why, "; ")
}

// what says what a report identified: each issue's entry and variants, the
// bodiless entry, or the documented defects it found.
func what(r *Report) string {
	var parts []string
	if r.BodyEntry != nil {
		parts = append(parts, r.BodyEntry.ID())
	}
	for _, is := range r.Issues {
		p := is.Entry
		if len(is.Variants) > 0 {
			p += " (variant " + strings.Join(is.Variants, ", ") + ")"
		}
		parts = append(parts, p)
	}
	for _, f := range r.Errors() {
		if f.Defect != "" {
			parts = append(parts, "defect "+f.Defect)
		}
	}
	return strings.Join(parts, "; ")
}

// onlyDefects reports whether the report has errors and each is a fault a
// documented source sends, named with its defect: the response is as its
// source sends it.
func onlyDefects(r *Report) bool {
	errs := r.Errors()
	return len(errs) > 0 && !slices.ContainsFunc(errs, func(f Finding) bool { return f.Defect == "" })
}

// accepted reports whether the report identifies the response, or finds in
// it only documented defects.
func accepted(r *Report) (bool, string) {
	ok, why := identified(r)
	return ok || onlyDefects(r), why
}

// TestReferenceExamplesIdentified runs every example body of the shared
// reference folder through the checker, with the status and Content-Type of
// its sidecar, and requires each verbatim one to be identified as a
// catalogue entry or a documented variant (issue 3), and each verbatim one
// of the APIs catalogued with documented defects (PDS, the e-RS Patient
// Care API) to be conformant or to break only rules whose findings name a
// documented defect (issue 13).
func TestReferenceExamplesIdentified(t *testing.T) {
	exs := loadExamples(t)
	type tally struct{ total, excluded, identified, verbatim, verbatimIdentified, conformant, withAPI int }
	per := map[string]*tally{}
	var notIdentified, excludedList, withAPI, identifiedAs []string
	closed := map[string]bool{}
	for _, ex := range exs {
		tl := per[ex.folder]
		if tl == nil {
			tl = &tally{}
			per[ex.folder] = tl
		}
		tl.total++
		if inv, listed := publishedInvalid[ex.rel]; listed || ex.excluded != "" && strings.HasPrefix(ex.excluded, "not valid JSON") && slices.Contains(strictAPIs, ex.api) {
			checkPublishedInvalid(t, ex, inv.rule, inv.source, listed)
		}
		if ex.excluded != "" {
			tl.excluded++
			excludedList = append(excludedList, fmt.Sprintf("%s: %s", ex.rel, ex.excluded))
			continue
		}
		statuses := ex.statuses
		if len(statuses) == 0 {
			statuses = []int{0}
		}
		// With several statuses (an OpenAPI "200, 204" key, a "400, 422"
		// example), the example is identified if it is under one of them.
		var best *Report
		ok, why := false, ""
		for _, st := range statuses {
			r := Check(Response{Status: st, Header: ex.header, Body: ex.body})
			if k, w := accepted(r); k || best == nil {
				best, ok, why = r, k, w
				if k {
					break
				}
			}
		}
		if ok && best.API != ex.api {
			ok, why = false, fmt.Sprintf("detected API %q (%s), the folder is %s", best.API, best.Reason, ex.api)
		}
		if !ok && best.Dialect == "" {
			// Nothing in the body belongs to one API (a generic profile, a
			// shared code system): the checker rightly names no entry.
			// Given the API, as --api gives it, the body must be identified.
			for _, st := range statuses {
				r := Check(Response{Status: st, Header: ex.header, Body: ex.body, API: ex.api})
				if k, _ := accepted(r); k {
					best, ok = r, true
					tl.withAPI++
					withAPI = append(withAPI, fmt.Sprintf("%s: %s", ex.rel, strings.TrimPrefix(best.Reason, "API given; ")))
					break
				}
			}
		}
		if best.Conformant {
			tl.conformant++
		} else if ex.verbatim && slices.Contains(strictAPIs, ex.api) && !onlyDefects(best) {
			t.Errorf("verbatim example %s breaks a rule that neither a variant nor a documented defect explains:\n%s", ex.rel, dump(best.Errors()))
		}
		if ex.verbatim {
			tl.verbatim++
		}
		if ok {
			tl.identified++
			if ex.verbatim {
				tl.verbatimIdentified++
			}
			identifiedAs = append(identifiedAs, fmt.Sprintf("%s as %s", ex.rel, what(best)))
			if _, gap := knownGaps[ex.rel]; gap {
				closed[ex.rel] = true
			}
			continue
		}
		prov := "not verbatim"
		if ex.verbatim {
			prov = "verbatim"
		}
		notIdentified = append(notIdentified, fmt.Sprintf("%s (%s, status %v): %s", ex.rel, prov, statuses, why))
		if ex.verbatim {
			if gap, known := knownGaps[ex.rel]; known {
				t.Logf("known gap %s: %s", ex.rel, gap)
			} else {
				t.Errorf("verbatim example %s is not identified: %s", ex.rel, why)
			}
		}
	}
	for rel := range closed {
		t.Errorf("%s is identified now: remove it from knownGaps", rel)
	}
	folders := make([]string, 0, len(per))
	for f := range per {
		folders = append(folders, f)
	}
	sort.Strings(folders)
	var all tally
	for _, f := range folders {
		tl := per[f]
		checked := tl.total - tl.excluded
		t.Logf("%-40s identified %3d/%-3d (%5.1f%%, %d with the API given)  verbatim %3d/%-3d  conformant %3d  excluded %d (of %d files)",
			f, tl.identified, checked, pct(tl.identified, checked), tl.withAPI, tl.verbatimIdentified, tl.verbatim, tl.conformant, tl.excluded, tl.total)
		all.total += tl.total
		all.excluded += tl.excluded
		all.identified += tl.identified
		all.verbatim += tl.verbatim
		all.verbatimIdentified += tl.verbatimIdentified
		all.conformant += tl.conformant
		all.withAPI += tl.withAPI
	}
	checked := all.total - all.excluded
	t.Logf("%-40s identified %3d/%-3d (%5.1f%%, %d with the API given)  verbatim %3d/%-3d (%5.1f%%)  conformant %3d  excluded %d (of %d files)",
		"all", all.identified, checked, pct(all.identified, checked), all.withAPI, all.verbatimIdentified, all.verbatim, pct(all.verbatimIdentified, all.verbatim), all.conformant, all.excluded, all.total)
	for _, s := range identifiedAs {
		t.Logf("identified: %s", s)
	}
	for _, s := range withAPI {
		t.Logf("identified with the API given (no dialect detected): %s", s)
	}
	for _, s := range excludedList {
		t.Logf("excluded: %s", s)
	}
	for _, s := range notIdentified {
		t.Logf("not identified: %s", s)
	}
}

// checkPublishedInvalid requires an example published as invalid JSON to
// get its syntax finding, and to be listed in publishedInvalid with the
// place it was published.
func checkPublishedInvalid(t *testing.T, ex example, rule, source string, listed bool) {
	t.Helper()
	if !listed {
		t.Errorf("%s is not valid JSON (%s): list it in publishedInvalid with its syntax rule and where it was published", ex.rel, ex.excluded)
		return
	}
	if ex.excluded == "" {
		t.Errorf("%s is valid JSON now: remove it from publishedInvalid", ex.rel)
		return
	}
	st := 0
	if len(ex.statuses) > 0 {
		st = ex.statuses[0]
	}
	r := Check(Response{Status: st, Header: ex.header, Body: ex.body})
	if r.Conformant || !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Rule == rule && f.Severity == Error }) {
		t.Errorf("%s, published invalid (%s): want a %s error, got:\n%s", ex.rel, source, rule, dump(r.Findings))
		return
	}
	t.Logf("published invalid, %s as expected: %s (%s)", rule, ex.rel, source)
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}
