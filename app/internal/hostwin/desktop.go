package hostwin

import (
	"time"

	"github.com/rymdport/portal/settings/appearance"
)

// colorSchemeWait bounds the wait for the desktop's colour scheme: Fyne
// notes that the lookup hangs on some desktops.
const colorSchemeWait = 700 * time.Millisecond

// desktopTheme is the theme the desktop asks for, "dark" or "light", or ""
// when it says nothing: FYNE_THEME (Fyne's own override) when it names
// one, else the colour scheme of the XDG desktop portal, which ask reads
// (appearance.GetColorScheme; no answer within wait is no answer). Fyne
// answers dark when it could read neither, and the host window started
// dark with no desktop setting where the README promises light (found by
// exploratory QA): the host asks the desktop itself, and light is the
// default (ui.StartDark).
func desktopTheme(getenv func(string) string, ask func() (appearance.ColorScheme, error), wait time.Duration) string {
	switch v := getenv("FYNE_THEME"); v {
	case "dark", "light":
		return v
	}
	answer := make(chan appearance.ColorScheme, 1)
	go func() {
		scheme, err := ask()
		if err != nil {
			scheme = appearance.NoPreference
		}
		answer <- scheme
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case scheme := <-answer:
		switch scheme {
		case appearance.Dark:
			return "dark"
		case appearance.Light:
			return "light"
		}
	case <-timer.C:
	}
	return ""
}
