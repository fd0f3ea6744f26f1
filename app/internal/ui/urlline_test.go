package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/simulator"
)

// A long URL is shown elided in the middle, its host and its end visible,
// and its copy button copies the whole of it (issue 16).
func TestURLLinesCopyTheWholeURL(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	clip := func() fyne.Clipboard { return a.Clipboard() }

	t.Run("result card", func(t *testing.T) {
		c := newResultCard(clip)
		w := test.NewWindow(c.buildUI())
		t.Cleanup(w.Close)
		if !c.portalURL.copyBtn.Disabled() {
			t.Error("the copy button is enabled before any session")
		}
		rep := failReport()
		rep.Launch = simulator.Launch{URL: longURL}
		c.show(rep)
		assertURLLine(t, a, c.portalURL, "Launch: ")
	})
	t.Run("network request and navigation", func(t *testing.T) {
		p := newNetworkPanel(nil)
		p.clipboard = clip
		w := test.NewWindow(p.buildUI())
		t.Cleanup(w.Close)
		reqs, navs := networkSample()
		navs[0].URL = longURL + "#nav"
		p.add(reqs, navs)
		p.table.Select(widget.TableCellID{Row: 1, Col: colURL}) // longURL
		assertURLLine(t, a, p.reqURL, "")
		p.navList.Select(0)
		if p.navURL.full != longURL+"#nav" {
			t.Errorf("navigation URL line = %q", p.navURL.full)
		}
		test.Tap(p.navURL.copyBtn)
		if got := a.Clipboard().Content(); got != longURL+"#nav" {
			t.Errorf("copied %q, want the navigation's URL", got)
		}
		p.reset()
		if !p.reqURL.copyBtn.Disabled() || p.reqURL.label.Text != "" {
			t.Error("a new session kept the last request's URL line")
		}
	})
}

// assertURLLine checks that u shows longURL elided after prefix and copies
// all of it.
func assertURLLine(t *testing.T, a fyne.App, u *urlLine, prefix string) {
	t.Helper()
	shown := u.label.Text
	if !strings.HasPrefix(shown, prefix+"https://portal.example/") || !strings.HasSuffix(shown, "bundle.min.js?v=123") || !strings.Contains(shown, "…") || len([]rune(shown)) > len(prefix)+urlLineChars {
		t.Errorf("shown %q, want %q elided in the middle to %d characters", shown, longURL, urlLineChars)
	}
	a.Clipboard().SetContent("")
	test.Tap(u.copyBtn)
	if got := a.Clipboard().Content(); got != longURL {
		t.Errorf("copied %q, want %q", got, longURL)
	}
}

// The Portal URL field says what is wrong in one short sentence, a port
// browsers refuse included (WebKit would show a blank page without an
// error).
func TestCheckPortalField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://portal.example/", ""},
		{"http://127.0.0.1:8080/", ""},
		{"ftp://portal.example/", "Portal URL: use https:// (http:// on loopback only)"},
		{"https:///x", "Portal URL: give a host, like https://portal.example/"},
		{"https://127.0.0.1:6000/", "Portal URL: browsers refuse port 6000; use another"},
	}
	for _, tt := range tests {
		got := ""
		if err := checkPortalField(tt.in); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("checkPortalField(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
