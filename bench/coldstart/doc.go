// Command coldstart measures spinecat's cold start in a fresh process: the
// time from the moment the parent started it (SPINECAT_T0, Unix
// nanoseconds) to the end of the first full check of a response, and the
// live heap once the catalogue is loaded and both embedded schemas are
// compiled for the schema walk. It prints one JSON object.
// BenchmarkColdStart runs it.
package main
