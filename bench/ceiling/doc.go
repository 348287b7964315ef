// Command ceiling measures how far this machine's cores scale on pure
// computation, with no memory traffic or allocation: the most any parallel
// benchmark here can show. Run it beside BenchmarkCheckDir:
//
//	go run ./bench/ceiling
package main
