package spec_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spinecat/spinecat/catalog"
	"github.com/spinecat/spinecat/catalog/all"
	"github.com/spinecat/spinecat/catalog/spec"
)

// ownFile is a private API that builds on the shipped catalogue: its entries
// use the shipped R4 Spine code system by name, and one of them a shipped
// dialect.
const ownFile = `package: ward
api: ward
title: A ward's bed API
dialects:
  - {name: ward-r4, title: Ward R4, fhir: R4, id: none, lastUpdated: prohibited, display: required, expression: optional, systems: [spine-r4], formats: [json], sources: [test]}
entries:
  - {name: NO_BED, dialect: ward-r4, status: 404, severity: error, issueType: not-found, system: spine-r4, code: RESOURCE_NOT_FOUND, display: Resource not found,
     diagnostics: "No bed {id}", params: [{name: id, doc: The bed., example: "7"}], description: d, hint: h, sources: [test]}
  - {name: BAD_VALUE, dialect: ers-r4-backend, status: 400, severity: error, issueType: invalid, description: d, hint: h, sources: [test]}
`

func TestLoadWithBase(t *testing.T) {
	base := all.Registry()
	set, err := spec.LoadWith(spec.Options{Base: base}, spec.Source{Path: "ward/ward.yaml", Data: []byte(ownFile)})
	if err != nil {
		t.Fatal(err)
	}
	spineR4, _ := base.CodeSystem("https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode")
	var nrlfDialect *catalog.Dialect
	for _, d := range base.Dialects() {
		if d.Name == "ers-r4-backend" {
			nrlfDialect = d
		}
	}
	f := set.Files[0]
	got := []bool{f.Entries[0].System == spineR4, f.Entries[1].Dialect == nrlfDialect, len(f.CodeSystems) == 0, len(f.Dialects) == 1}
	if diff := cmp.Diff([]bool{true, true, true, true}, got); diff != "" {
		t.Errorf("the file's names do not resolve to the base's values (system, dialect, no own systems, its own dialect) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode"}, f.Dialects[0].Systems); diff != "" {
		t.Errorf("dialect systems (-want +got):\n%s", diff)
	}
}

func TestLoadWithoutBase(t *testing.T) {
	_, err := spec.Load(spec.Source{Path: "ward/ward.yaml", Data: []byte(ownFile)})
	want := `ward/ward.yaml:5:133: dialects[0].systems[0]: unknown code system "spine-r4" (define it under codeSystems in any catalogue file)
ward/ward.yaml:7:98: entries[0].system: unknown code system "spine-r4" (define it under codeSystems in any catalogue file)
ward/ward.yaml:9:32: entries[1].dialect: unknown dialect "ers-r4-backend"`
	if diff := cmp.Diff(want, errText(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestLoadWithBaseClashes: a file may not define again what the base
// defines, by name or by URL, nor describe one of its APIs.
func TestLoadWithBaseClashes(t *testing.T) {
	const clash = `package: nrl
api: nrl
title: Another NRL
codeSystems:
  - {name: spine-r4, url: https://example.org/a, kind: CodeSystem, title: A, sources: [test], concepts: [{code: A, display: A}]}
  - {name: mine, url: "https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode", kind: CodeSystem, title: B, sources: [test], concepts: [{code: A, display: A}]}
dialects:
  - {name: nrl-stu3, title: T, fhir: STU3, id: none, lastUpdated: prohibited, display: optional, expression: prohibited, formats: [json], sources: [test]}
`
	_, err := spec.LoadWith(spec.Options{Base: all.Registry()}, spec.Source{Path: "nrl/nrl.yaml", Data: []byte(clash)})
	want := `nrl/nrl.yaml:2:6: api: api "nrl" is defined by the catalogue these files build on; use it by its name, or give yours another name
nrl/nrl.yaml:5:12: codeSystems[0].name: code system "spine-r4" is defined by the catalogue these files build on; use it by its name, or give yours another name
nrl/nrl.yaml:6:23: codeSystems[1].url: code system "mine" has the same URL as "spine-r4", which the catalogue these files build on defines; use "spine-r4" by its name
nrl/nrl.yaml:8:12: dialects[0].name: dialect "nrl-stu3" is defined by the catalogue these files build on; use it by its name, or give yours another name`
	if diff := cmp.Diff(want, errText(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestExtend(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "ward.yaml")
	if err := os.WriteFile(good, []byte(ownFile), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, err := spec.Extend(all.Registry(), good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(append(all.Registry().APINames(), "ward"), reg.APINames()); diff != "" {
		t.Errorf("APIs of the extended registry (-want +got):\n%s", diff)
	}
	if e, ok := reg.Lookup("ward.NO_BED"); !ok || e.System == nil || e.System.Name != "spine-r4" {
		t.Errorf("ward.NO_BED = %v, %v; want the entry, under spine-r4", e, ok)
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("package: bad\ntitle: x\nentries: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	reg, err = spec.Extend(all.Registry(), bad, missing)
	want := filepath.ToSlash(bad) + ":3:10: entries: expected array, but got number\n" +
		missing + ": cannot read the file (no such file or directory); check that it exists and is readable"
	if diff := cmp.Diff(want, errText(err)); diff != "" || reg != nil {
		t.Errorf("Extend with a bad and a missing file = %v; problems (-want +got):\n%s", reg, diff)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
