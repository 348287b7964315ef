package spinecat

//go:generate go run ./gen
