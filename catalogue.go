package spinecat

import "embed"

// Catalogue is the YAML of the catalogue spinecat ships (catalog/*/*.yaml).
// The generator reads it when it generates a team's own catalogue in the
// team's module, so that the team's files can name the shipped code systems
// and dialects and the generated code refers to the shipped packages.
//
//go:embed catalog/*/*.yaml
var Catalogue embed.FS
