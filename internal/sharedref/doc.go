// Package sharedref finds the project's third-party reference material
// (the shared/ folder that sits beside the repository clone) for tests.
// The material is never committed or embedded: tests that use it skip,
// saying why, where it is absent.
package sharedref
