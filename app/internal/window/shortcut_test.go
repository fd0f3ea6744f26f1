package window

import (
	"testing"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// The host shortcuts the page's key handler names reach the host under
// their ipc names: Ctrl+P, Ctrl+R and F12 (before, only Ctrl+P did).
func TestIPCShortcut(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{webkit.ShortcutPresenter, ipc.ShortcutPresenter},
		{webkit.ShortcutRelaunch, ipc.ShortcutRelaunch},
		{webkit.ShortcutDevTools, ipc.ShortcutDevTools},
		{"print", ""},
	} {
		if got := ipcShortcut(tc.name); got != tc.want {
			t.Errorf("ipcShortcut(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Only the host window listens for the host shortcuts: a portal embedded
// in it or transient for it forwards them; a window of mpsim run or mpsim
// test leaves the keys to the page (before, it took Ctrl+P, Ctrl+R and F12
// from the page with no one to hear them).
func TestForHostWindow(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec ipc.StartSpec
		want bool
	}{
		{"embedded", ipc.StartSpec{Embed: &ipc.Embed{}}, true},
		{"transient for the host", ipc.StartSpec{TransientFor: 0x600020}, true},
		{"mpsim run", ipc.StartSpec{}, false},
	} {
		if got := forHostWindow(tc.spec); got != tc.want {
			t.Errorf("%s: forHostWindow = %v, want %v", tc.name, got, tc.want)
		}
	}
}
