package webkit

import "testing"

// GDK keyvals and modifier masks (gdk/gdkkeysyms.h, GdkModifierType); a
// test file cannot use cgo.
const (
	keyP, keyR, keyL, keyF5, keyF12 = 0x070, 0x072, 0x06c, 0xffc2, 0xffc9
	keyF6, keyLeft, keyKPLeft       = 0xffc3, 0xff51, 0xff96
	keyRight                        = 0xff53
	key1, key3, key9, key0          = 0x031, 0x033, 0x039, 0x030
	keyPageUp, keyPageDown          = 0xff55, 0xff56
	keySlash, keyKPDivide           = 0x02f, 0xffaf
	shift, ctrl, alt                = 1 << 0, 1 << 2, 1 << 3
)

// Ctrl+P, Ctrl+R, F12, Ctrl+L, Alt+Left, F6 and Ctrl+F6 pressed in the
// page are the host's; every other key, these with other modifiers among
// them, is the page's. Before, only Ctrl+P was the host's, and F12 and
// Ctrl+R did nothing while the page had the keyboard; then Ctrl+L and
// Alt+Left did nothing in an embedded page, and no key took the keyboard
// out of it (found by GUI QA).
func TestHostShortcut(t *testing.T) {
	for _, tc := range []struct {
		name         string
		keyval, mods uint
		want         string
	}{
		{"Ctrl+P", keyP, ctrl, ShortcutPresenter},
		{"Ctrl+R", keyR, ctrl, ShortcutRelaunch},
		{"F12", keyF12, 0, ShortcutDevTools},
		{"P", keyP, 0, ""},
		{"R", keyR, 0, ""},
		{"Ctrl+Shift+R", keyR, ctrl | shift, ""},
		{"Ctrl+Alt+P", keyP, ctrl | alt, ""},
		{"Shift+F12", keyF12, shift, ""},
		{"Ctrl+F12", keyF12, ctrl, ""},
		{"Ctrl+L", keyL, ctrl, ShortcutLogSearch},
		{"Ctrl+Shift+L", keyL, ctrl | shift, ""},
		{"L", keyL, 0, ""},
		{"Alt+Left", keyLeft, alt, ShortcutBack},
		{"Alt+Left on the keypad", keyKPLeft, alt, ShortcutBack},
		{"Left", keyLeft, 0, ""},
		{"Ctrl+Left", keyLeft, ctrl, ""},
		{"Alt+Right", keyRight, alt, ""},
		{"F6", keyF6, 0, ShortcutHostFocus},
		{"Ctrl+F6", keyF6, ctrl, ShortcutHostFocus},
		{"Shift+F6", keyF6, shift, ""},
		{"F5", keyF5, 0, ""},
		// Alt+1 … Alt+9 and Ctrl+PageUp/PageDown switch the host's tabs
		// (GUI QA: they did nothing while the page had the keyboard).
		{"Alt+1", key1, alt, ShortcutTab + "1"},
		{"Alt+3", key3, alt, ShortcutTab + "3"},
		{"Alt+9", key9, alt, ShortcutTab + "9"},
		{"Alt+0", key0, alt, ""},
		{"1", key1, 0, ""},
		{"Ctrl+Alt+1", key1, ctrl | alt, ""},
		{"Ctrl+PageDown", keyPageDown, ctrl, ShortcutTabNext},
		{"Ctrl+PageUp", keyPageUp, ctrl, ShortcutTabPrev},
		{"PageDown", keyPageDown, 0, ""},
		{"Shift+Ctrl+PageUp", keyPageUp, ctrl | shift, ""},
		// Ctrl+/ lists the host's keys (the keyboard help), from the page too.
		{"Ctrl+/", keySlash, ctrl, ShortcutKeysHelp},
		{"Ctrl+/ on the keypad", keyKPDivide, ctrl, ShortcutKeysHelp},
		{"/", keySlash, 0, ""},
		{"Ctrl+Shift+/", keySlash, ctrl | shift, ""},
	} {
		if got := hostShortcut(tc.keyval, tc.mods); got != tc.want {
			t.Errorf("%s: hostShortcut(%#x, %#x) = %q, want %q", tc.name, tc.keyval, tc.mods, got, tc.want)
		}
	}
}

// A response is shown when WebKit can display its type, it is no download
// by its Content-Disposition (read as WebKit reads it: the type before any
// ";", trimmed, in any case) and it is no 204 or 205, where WebKit stops
// the load; else its load ends as "Frame load interrupted".
func TestResponseShown(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		r                     Response
		attachment, noContent bool
		shown                 bool
	}{
		{"a page", Response{MIMEType: "text/html", Supported: true, Status: 200}, false, false, true},
		{"a type WebKit cannot show", Response{MIMEType: "application/octet-stream", Status: 200}, false, false, false},
		{"attachment", Response{MIMEType: "text/html", Supported: true, Status: 200, Disposition: "attachment"}, true, false, false},
		{"attachment with a file name", Response{MIMEType: "text/html", Supported: true, Status: 200, Disposition: "Attachment; filename=plans.html"}, true, false, false},
		{"attachment with spaces", Response{MIMEType: "text/html", Supported: true, Status: 200, Disposition: " attachment ; filename=x"}, true, false, false},
		{"inline", Response{MIMEType: "text/html", Supported: true, Status: 200, Disposition: "inline; filename=plans.html"}, false, false, true},
		{"not quite attachment", Response{MIMEType: "text/html", Supported: true, Status: 200, Disposition: "attachments"}, false, false, true},
		{"204", Response{MIMEType: "text/plain", Supported: true, Status: 204}, false, true, false},
		{"205", Response{MIMEType: "text/plain", Supported: true, Status: 205}, false, true, false},
		{"an error page", Response{MIMEType: "text/html", Supported: true, Status: 404}, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.Attachment(); got != tc.attachment {
				t.Errorf("Attachment() = %v, want %v", got, tc.attachment)
			}
			if got := tc.r.NoContent(); got != tc.noContent {
				t.Errorf("NoContent() = %v, want %v", got, tc.noContent)
			}
			if got := tc.r.Shown(); got != tc.shown {
				t.Errorf("Shown() = %v, want %v", got, tc.shown)
			}
		})
	}
}
