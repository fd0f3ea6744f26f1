package portalproc

import "testing"

// A killed window's last words are its last line that is not the routine
// start-up noise every healthy window process writes.
func TestStderrLogSaysTheLastTellingLine(t *testing.T) {
	tests := []struct{ wrote, want string }{
		{"", ""},
		{"Overriding existing handler for signal 10. Set JSC_SIGNAL_FOR_GC if you want WebKit to use a different signal\n", ""},
		{"mpsim-portal: cannot open display\nOverriding existing handler for signal 10. Set JSC_SIGNAL_FOR_GC\n", "mpsim-portal: cannot open display"},
		{"Overriding existing handler for signal 10.\n(WebKitWebProcess:12): Gtk-CRITICAL: boom\n", "(WebKitWebProcess:12): Gtk-CRITICAL: boom"},
		// A Go crash dump ends with registers: its head, and the line
		// before it, say why (crowd QA: "it said: gs     0x0").
		{"Overriding existing handler for signal 10.\nreadPIDFromPeer: Unexpected short read from PID socket\nSIGTRAP: trace trap\nPC=0x7f0 m=0 sigcode=128\n\ngoroutine 0 gp=0x0 m=0 mp=0x1 [idle]:\nruntime.futex(0x1)\nrax    0x0\ngs     0x0\n",
			"readPIDFromPeer: Unexpected short read from PID socket; then SIGTRAP: trace trap"},
		{"panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n\t/x.go:3 +0x1d\nexit status 2\n", "panic: runtime error: index out of range"},
	}
	for _, tt := range tests {
		l := newStderrLog()
		if l == nil {
			t.Skip("no temporary directory")
		}
		if _, err := l.f.WriteString(tt.wrote); err != nil {
			t.Fatal(err)
		}
		if got := l.lastLine(); got != tt.want {
			t.Errorf("after %q: last line %q, want %q", tt.wrote, got, tt.want)
		}
		l.f.Close()
	}
}
