//go:build race

package e2e

// raceEnabled is set when the tests run with the race detector; the
// samstyr binary is then built with it too.
const raceEnabled = true
