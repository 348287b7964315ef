package capture_test

import (
	"fmt"
	"path/filepath"

	"github.com/spinecat/spinecat/capture"
)

func ExampleRead() {
	data := []byte("HTTP/1.1 100 Continue\r\n\r\n" +
		"HTTP/1.1 404 Not Found\r\n" +
		"Content-Type: application/fhir+json\r\n" +
		"\r\n" +
		`{"resourceType":"OperationOutcome"}`)
	for _, c := range capture.Read("search.http", data, capture.Options{}) {
		fmt.Println(c.Source, c.Kind, c.Status, c.Header.Get("Content-Type"))
		fmt.Printf("body on line %d: %s\n", c.BodyLine, c.Body)
		for _, n := range c.Notes {
			fmt.Println(n)
		}
	}
	// Output:
	// search.http http 404 application/fhir+json
	// body on line 6: {"resourceType":"OperationOutcome"}
	// 1:1: skipped the interim response "HTTP/1.1 100 Continue"; the final response starts at line 3 (capture.interim)
}

func ExampleReadFile() {
	// z.har holds two entries; z.meta beside it says which API they are from.
	for _, c := range capture.ReadFile(filepath.Join("testdata", "walk", "z.har"), capture.Options{}) {
		if c.Err != nil {
			fmt.Println(c.Err)
			continue
		}
		fmt.Println(filepath.Base(c.Source), c.API, c.Request.Method, c.Request.URL, c.Status)
	}
	// Output:
	// z.har#0 ers GET https://example.org/a 404
	// z.har#1 ers GET https://example.org/b 401
}
