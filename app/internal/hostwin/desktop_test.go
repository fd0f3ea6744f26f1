package hostwin

import (
	"errors"
	"testing"
	"time"

	"github.com/rymdport/portal/settings/appearance"
)

// The desktop's theme is FYNE_THEME's, else the portal's colour scheme;
// no preference, no portal (no D-Bus) and a portal that does not answer
// say nothing, and the window then starts light (ui.StartDark).
func TestDesktopTheme(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	tests := []struct {
		name      string
		fyneTheme string
		ask       func() (appearance.ColorScheme, error)
		want      string
	}{
		{"dark desktop", "", func() (appearance.ColorScheme, error) { return appearance.Dark, nil }, "dark"},
		{"light desktop", "", func() (appearance.ColorScheme, error) { return appearance.Light, nil }, "light"},
		{"no preference", "", func() (appearance.ColorScheme, error) { return appearance.NoPreference, nil }, ""},
		{"no portal", "", func() (appearance.ColorScheme, error) { return appearance.Dark, errors.New("no D-Bus") }, ""},
		{"a portal that hangs", "", func() (appearance.ColorScheme, error) { <-hang; return appearance.Dark, nil }, ""},
		{"FYNE_THEME=light on a dark desktop", "light", func() (appearance.ColorScheme, error) { return appearance.Dark, nil }, "light"},
		{"FYNE_THEME=dark", "dark", func() (appearance.ColorScheme, error) { return appearance.NoPreference, nil }, "dark"},
		{"FYNE_THEME of another name", "custom", func() (appearance.ColorScheme, error) { return appearance.Dark, nil }, "dark"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "FYNE_THEME" {
					return tc.fyneTheme
				}
				return ""
			}
			start := time.Now()
			if got := desktopTheme(getenv, tc.ask, 50*time.Millisecond); got != tc.want {
				t.Errorf("desktopTheme = %q, want %q", got, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("desktopTheme took %v", d)
			}
		})
	}
}
