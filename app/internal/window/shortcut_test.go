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
