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
