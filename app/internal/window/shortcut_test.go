package window

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

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
		{webkit.ShortcutLogSearch, ipc.ShortcutLogSearch},
		{webkit.ShortcutBack, ipc.ShortcutBack},
		{webkit.ShortcutHostFocus, ipc.ShortcutHostFocus},
		{webkit.ShortcutTabNext, ipc.ShortcutTabNext},
		{webkit.ShortcutTabPrev, ipc.ShortcutTabPrev},
		{webkit.ShortcutKeysHelp, ipc.ShortcutKeysHelp},
		{webkit.ShortcutTab + "4", ipc.ShortcutTab + "4"},
		{webkit.ShortcutTab + "0", ""},
		{webkit.ShortcutTab + "12", ""},
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

// Which window forwards which host shortcut: the pane's keys (Alt+Left,
// the app's back; F6, the keyboard back to the host) only an embedded
// portal, where the host's pane is around it; a window of its own
// transient for the host forwards the others and keeps WebKit's Alt+Left;
// a window of mpsim run forwards none. Before, Ctrl+L, Alt+Left and F6
// went to the page of an embedded portal, and no key took the keyboard
// out of it (found by GUI QA).
func TestOnShortcutForwards(t *testing.T) {
	for _, tc := range []struct {
		name               string
		hostKeys, embedded bool
		key                string
		want               string
	}{
		{"embedded: Ctrl+L", true, true, webkit.ShortcutLogSearch, ipc.ShortcutLogSearch},
		{"embedded: Alt+Left", true, true, webkit.ShortcutBack, ipc.ShortcutBack},
		{"embedded: F6", true, true, webkit.ShortcutHostFocus, ipc.ShortcutHostFocus},
		{"embedded: Ctrl+P", true, true, webkit.ShortcutPresenter, ipc.ShortcutPresenter},
		{"embedded: Alt+2", true, true, webkit.ShortcutTab + "2", ipc.ShortcutTab + "2"},
		{"embedded: Ctrl+PageDown", true, true, webkit.ShortcutTabNext, ipc.ShortcutTabNext},
		{"transient: Alt+2 stays the page's", true, false, webkit.ShortcutTab + "2", ""},
		{"transient: Ctrl+L", true, false, webkit.ShortcutLogSearch, ipc.ShortcutLogSearch},
		{"transient: Alt+Left stays WebKit's", true, false, webkit.ShortcutBack, ""},
		{"transient: F6 stays the page's", true, false, webkit.ShortcutHostFocus, ""},
		{"mpsim run: Ctrl+L stays the page's", false, false, webkit.ShortcutLogSearch, ""},
		{"unknown", true, true, "print", ""},
	} {
		var out bytes.Buffer
		p := &portal{started: time.Now(), w: ipc.NewWriter(&out), hostKeys: tc.hostKeys, embedded: tc.embedded}
		took := p.onShortcut(tc.key)
		var got string
		if line := strings.TrimSpace(out.String()); line != "" {
			var m ipc.Message
			if err := json.Unmarshal([]byte(line), &m); err != nil || m.Type != ipc.TypeShortcut {
				t.Fatalf("%s: sent %q (%v)", tc.name, line, err)
			}
			got = m.Reason
		}
		if got != tc.want || took != (tc.want != "") {
			t.Errorf("%s: sent %q, took the key %v; want %q", tc.name, got, took, tc.want)
		}
	}
}
