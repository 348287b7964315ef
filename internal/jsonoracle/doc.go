// Package jsonoracle gives encoding/json's account of a JSON body, for the
// tests that hold spinecat's own scanner, decoder and schema checks to it.
// Only tests import it.
package jsonoracle
