// Command mockload measures the mock under load beside a bare net/http
// handler, in one run: each server runs in a child process of its own (the
// mock as "spinecat serve" runs it, its request log on and written to a
// file; the bare handler writing the mock's response as a constant body),
// and a load generator in this process keeps 64 keep-alive connections busy
// with one request each at a time. It prints the requests per second of
// each, their ratio and each server's CPU time per request, round by round.
//
//	go run ./bench/mockload [-conns 64] [-warmup 1s] [-duration 5s] [-rounds 3] [-cpuprofile PREFIX]
//
// The request is an e-RS R4 attachment fetch with every header the front
// door checks, answered by a scenario of examples/scenarios/ers.yaml (404
// R4_REC_NOT_FOUND, its parameter from the route, X-Correlation-ID echoed,
// a transaction id, meta.lastUpdated). BENCHMARKS.md records the figures.
package main
