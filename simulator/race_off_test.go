//go:build !race

package simulator

// raceDetector says the tests run under the race detector, whose
// instrumentation, not the code, sets the pace of timing tests.
const raceDetector = false
