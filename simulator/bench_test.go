package simulator

import "testing"

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
