package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/unicode"
)

func TestGoIdent(t *testing.T) {
	tests := map[string]string{
		"NO_RECORD_FOUND":      "NoRecordFound",
		"INVALID_NHS_NUMBER":   "InvalidNHSNumber",
		"spine-stu3":           "SpineSTU3",
		"nhsNumber":            "NHSNumber",
		"resourceType":         "ResourceType",
		"id":                   "ID",
		"ACCESS DENIED":        "AccessDenied",
		"R4_ACCESS_DENIED":     "R4AccessDenied",
		"spine-response-1-0":   "SpineResponse10",
		"1-0":                  "X10",
		"MISSING_ODS_HEADER":   "MissingODSHeader",
		"PAS_NOT_RESPONDING":   "PASNotResponding",
		"asidCheckFailed":      "ASIDCheckFailed",
		"ubrn":                 "UBRN",
		"businessFunction":     "BusinessFunction",
		"already-Title-Cased":  "AlreadyTitleCased",
		"ÉCOLE_CODE":           "ÉcoleCode",
		"":                     "",
		"__":                   "",
		"TOO_MANY_REQUESTS_42": "TooManyRequests42",
	}
	for in, want := range tests {
		if got := GoIdent(in); got != want {
			t.Errorf("GoIdent(%q) = %q, want %q", in, got, want)
		}
	}
}

const minimal = "package: shop\ntitle: Shop\n"

func problems(t *testing.T, path string, data []byte) []string {
	t.Helper()
	_, err := Load(Source{Path: path, Data: data})
	if err == nil {
		return nil
	}
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("Load error %T %v, want Problems", err, err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestLoadBadInput(t *testing.T) {
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"minimal", []byte(minimal), nil},
		{"utf-8 bom", []byte("\xef\xbb\xbf" + minimal), nil},
		{"utf-16", utf16(minimal), nil},
		{"empty", []byte("  \n"), []string{"shop/shop.yaml:1:1: the file is empty; a catalogue file needs at least package and title (see docs/catalog-format.md)"}},
		{"latin-1", []byte("package: shop\ntitle: Caf\xe9\n"), []string{"shop/shop.yaml:2:11: the file is not UTF-8 (the byte 0xE9 here); save it as UTF-8"}},
		{"not a mapping", []byte("- a\n- b\n"), []string{"shop/shop.yaml:1:1: the file must be a YAML mapping with package, title and entries (see docs/catalog-format.md)"}},
		{"typographic quotes", []byte("package: shop\ntitle: \u201cShop\u201d\n"), []string{"shop/shop.yaml:2:8: the value \u201cShop\u201d is wrapped in typographic quotes, probably pasted from a document; use straight quotes \" or none"}},
		{"duplicate key", []byte("package: shop\ntitle: a\ntitle: b\n"), []string{`shop/shop.yaml:3:1: key "title" appears twice in this mapping; keep one`}},
		{"wrong folder", []byte("package: other\ntitle: x\n"), []string{`shop/shop.yaml:1:10: package: package "other" must equal its folder name "shop"`}},
		{"alias cycle", []byte("package: shop\ntitle: x\ndoc: &d [*d]\n"), []string{"shop/shop.yaml:3:6: doc: expected string, but got array", "shop/shop.yaml:3:10: this alias refers to a value that contains it; remove the cycle"}},
		{"missing keys", []byte("api: shop\n"), []string{"shop/shop.yaml:1:1: document: missing required key package, title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, "shop/shop.yaml", tt.data)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadTabIndentation(t *testing.T) {
	got := problems(t, "shop/shop.yaml", []byte("package: shop\ntitle: x\ncodeSystems:\n\t- name: a\n"))
	if len(got) != 1 || !strings.HasPrefix(got[0], "shop/shop.yaml:4:") {
		t.Fatalf("problems = %q, want one problem at line 4", got)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("package: shop\ntitle: x\nentries:\n  - name: A\n    dialect: d\n    diagnostics: \"{a\"\n"))
	f.Add([]byte("package: shop\ntitle: x\ncodeSystems: [{name: a, url: 'https://x', kind: CodeSystem, title: t, sources: [s], concepts: [{code: A}]}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte(minimal + "doc: a\x00b\n"))
	f.Add([]byte(minimal + "---\npackage: other\n"))
	f.Add([]byte(minimal + "doc: &d [*d, *d]\nx: [*d, *d, *d]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Load(Source{Path: "shop/shop.yaml", Data: data})
		if err == nil && set == nil {
			t.Fatal("nil set without an error")
		}
		if ps, ok := err.(Problems); ok {
			for _, p := range ps {
				if p.Msg == "" || p.Line <= 0 || p.Col <= 0 {
					t.Fatalf("problem without a message or a position: %+v", p)
				}
			}
		}
	})
}
