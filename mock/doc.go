// Package mock runs a mock of a Spine-style API for client tests without
// writing Go: the API's front door (server.Middleware over its catalogue's
// http section), then a YAML scenario file that maps routes to catalogue
// errors (ParseScenarios documents the format), then the API's own answer to
// an unknown route. Command is "spinecat serve".
//
// Any API a catalogue registry holds can be mocked: the shipped ones
// (catalog/all) or one loaded with catalog/spec. Package server, which real
// services import, has no YAML dependency; this package adds the scenario
// language on top of it.
package mock
