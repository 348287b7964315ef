package spinecat

//go:generate go run ./gen -docs docs/catalog
