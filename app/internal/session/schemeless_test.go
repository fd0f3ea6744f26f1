package session_test

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// QA: location.href = 'localhost:18443/done.html' (no https://) was told
// "another app would handle" it, with no word of the missing scheme.
func TestSchemelessAddressIsExplained(t *testing.T) {
	tests := []struct {
		url, want, wantNot string
	}{
		{"localhost:18443/done.html?tx=1", `without https:// in front, which a browser reads as a URL of the scheme "localhost":, another app's, not as a host and port; mpsim blocked it and kept the portal, as the app would not follow it. Write the whole address, https://localhost:18443/done.html?tx=1, or a relative URL, /done.html?tx=1.`, "another app would handle"},
		{"ms-windows-store://pdp/?productid=9X", "which another app would handle", "https://"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavScheme, URL: tc.url, Blocked: true}})
				w.UserClose()
			}}
			cfg := testConfig()
			cfg.Inspect = true
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var msg string
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeCustomScheme {
					msg = f.Message
				}
			}
			if !strings.Contains(msg, tc.want) || (tc.wantNot != "" && strings.Contains(msg, tc.wantNot)) {
				t.Errorf("custom-scheme-navigation = %q\nwant it to contain %q and not %q", msg, tc.want, tc.wantNot)
			}
		})
	}
}
