// Package e2e holds tests that run the samstyr binary itself as a child
// process, the way an operator does: crash durability (the server killed
// with SIGKILL in the middle of a stream of writes, again and again) and
// backup and restore while writes are running. The tests build the binary
// with `go build` into a temporary directory; with -race when the tests
// run with -race, so the server is checked for data races under load too.
//
// make test runs 20 kill cycles on SQLite and 5 on PostgreSQL; -long runs
// 200 on each:
//
//	go test ./internal/e2e -run Crash -long
package e2e
