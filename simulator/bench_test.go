package simulator

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkBuildLaunch measures building one eSIM launch URL and headers.
func BenchmarkBuildLaunch(b *testing.B) {
	op := DemoOperator()
	d := NewDevice(KindESIM, op, NewGenerator(1))
	opts := LaunchOptions{PortalURL: "https://portal.example/", Market: "US", Location: "US", Languages: []string{"fr-FR", "fr", "en"}, TransactionID: "waoigFfX00yGH3Vb.1"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildLaunch(d, op, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewDevice measures generating a device with valid identifiers.
func BenchmarkNewDevice(b *testing.B) {
	op := DemoOperator()
	g := NewGenerator(1)
	b.ReportAllocs()
	for b.Loop() {
		_ = NewDevice(KindESIM, op, g)
	}
}

// writePresetsFile writes n valid file presets named p0…p(n-1) plus one that
// replaces a built-in, and returns the file's path.
func writePresetsFile(tb testing.TB, n int) string {
	tb.Helper()
	var b strings.Builder
	b.Grow(n * 64)
	fmt.Fprintf(&b, "[[preset]]\nname = %q\nmarket = \"FR\"\n\n", BuiltinPresets()[0].Name)
	for i := range n {
		fmt.Fprintf(&b, "[[preset]]\nname = \"p%d\"\nmarket = \"US\"\nmutations = [\"drop:imei\"]\n\n", i)
	}
	path := filepath.Join(tb.TempDir(), "presets.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkLoadPresets measures loading and merging presets files of growing
// size; the time per preset stays flat (it grew linearly with n before the
// merge was indexed by name: 200,000 presets took 326 s, now about 3 s).
func BenchmarkLoadPresets(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 50_000} {
		path := writePresetsFile(b, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if ps, err := LoadPresets(path); err != nil || len(ps) != n+len(BuiltinPresets()) {
					b.Fatalf("LoadPresets = %d presets, %v", len(ps), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/preset")
		})
	}
}

// Loading presets is linear: 80,000 presets take about 16 times as long as
// 5,000. Before the merge was indexed, 10,000 took 0.67 s, 40,000 took
// 5.0 s, 50,000 took 17 s and 200,000 took 326 s: growing as the square,
// 80,000 would take far more than 40 times as long as 5,000. The test
// compares the two sizes on the same machine, in processor time, rather
// than holding to a time limit on the wall clock, so that a loaded machine
// does not fail it; the limit of 40 times leaves room for its noise.
func TestLoadPresetsScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("times loading 5,000 and 80,000 presets")
	}
	if raceDetector {
		// Its instrumentation dominates the timings, and with the collector
		// off (below) its shadow memory grows to gigabytes.
		t.Skip("a timing test: meaningless under the race detector")
	}
	const small, large, maxRatio = 5_000, 80_000, 40.0
	smallPath, largePath := writePresetsFile(t, small), writePresetsFile(t, large)
	load := func(path string, n int) ([]Preset, time.Duration) {
		t.Helper()
		// The collector is off while timing: its work depends on the heap
		// and on a busy machine's scheduling, not on how the merge scales.
		runtime.GC()
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		start := cpuTime()
		ps, err := LoadPresets(path)
		took := cpuTime() - start
		if err != nil || len(ps) != n+len(BuiltinPresets()) {
			t.Fatalf("LoadPresets = %d presets, %v; want %d", len(ps), err, n+len(BuiltinPresets()))
		}
		return ps, took
	}
	// The best of three runs of each, so that a busy machine's worst
	// moments and the first run's growing of the heap do not count as the
	// cost of loading.
	tookSmall := time.Duration(1<<63 - 1)
	for range 3 {
		_, took := load(smallPath, small)
		tookSmall = min(tookSmall, took)
	}
	ps, tookLarge := load(largePath, large)
	for range 2 {
		_, again := load(largePath, large)
		tookLarge = min(tookLarge, again)
	}
	ratio := float64(tookLarge) / float64(tookSmall)
	t.Logf("%d presets loaded in %v, %d in %v: %.1f times as long for %d times as many", small, tookSmall, large, tookLarge, ratio, large/small)
	if ratio > maxRatio {
		t.Errorf("%d presets took %.1f times as long as %d (%v, %v): loading is not linear", large, ratio, small, tookLarge, tookSmall)
	}
	if ps[0].Market != "FR" {
		t.Errorf("the file preset did not replace the built-in %q: %+v", ps[0].Name, ps[0])
	}
}
