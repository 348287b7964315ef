//go:build race

package catalog_test

// raceEnabled is true when the race detector is on: it adds allocations, so
// allocation budgets are not checked.
const raceEnabled = true
