package simulator

import (
	"fmt"
	"os"
	"path/filepath"
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

// Loading presets is linear: 80,000 presets load in well under 5 s (before
// the merge was indexed: 10,000 took 0.67 s, 40,000 took 5.0 s, 50,000 took
// 17 s and 200,000 took 326 s; after: 40,000 take 0.4 s, 200,000 take 3.2 s).
func TestLoadPresetsScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("times loading 80,000 presets")
	}
	path := writePresetsFile(t, 80_000)
	start := time.Now()
	ps, err := LoadPresets(path)
	took := time.Since(start)
	if err != nil || len(ps) != 80_000+len(BuiltinPresets()) {
		t.Fatalf("LoadPresets = %d presets, %v", len(ps), err)
	}
	t.Logf("80,000 presets loaded in %v", took)
	if took > 5*time.Second {
		t.Errorf("80,000 presets took %v: loading is not linear", took)
	}
	if ps[0].Market != "FR" {
		t.Errorf("the file preset did not replace the built-in %q: %+v", ps[0].Name, ps[0])
	}
}
