// Package bench holds spinecat's performance harness: the inputs every
// benchmark and peer shares (Fixtures), the benchmarks of the five measured
// paths (emit, parse and identify, full check, cold start, a directory of
// captures) beside the peers that run in-process (jsonschema/v5 alone and
// encoding/json alone), a cold-start program (bench/coldstart), the script
// that runs the out-of-process peers (peers.sh, with its node harness), and
// the mock under load beside a bare net/http handler (bench/mockload, with
// BenchmarkMockRequest for its handler's share).
//
// It has a package of its own because its benchmarks cross every other
// package and its peers need reference material (the official FHIR schema)
// that the library never depends on. BENCHMARKS.md at the repository root
// records the commands, the targets and the measured results.
package bench
