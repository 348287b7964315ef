// Package textdist measures how far apart two words are, for the "did you
// mean" suggestions of the catalogue loader, the FHIR schema messages and
// the command line.
package textdist
