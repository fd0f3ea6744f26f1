package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
)

// The launch form's walled-garden switch and its allowed hosts reach the
// portal window (mpsim run --walled-garden --allow-host).
func TestWalledGardenSwitch(t *testing.T) {
	tests := []struct {
		name  string
		on    bool
		hosts string
		want  []string // among the window's walled garden
	}{
		{"off", false, "cdn.example", nil},
		{"on", true, "", []string{"portal.example"}},
		{"on with hosts", true, " cdn.example, *.fonts.example ", []string{"portal.example", "cdn.example", "*.fonts.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
			_ = s.launch.portal.Set("https://portal.example/buy")
			if s.launch.walled.Checked {
				t.Fatal("the walled garden is on by default")
			}
			if tc.on {
				test.Tap(s.launch.walled)
			}
			_ = s.launch.allowHosts.Set(tc.hosts)
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			wg := s.opener.Windows()[0].Spec.WalledGarden
			if !tc.on {
				if len(wg) != 0 {
					t.Errorf("walled garden %v with the switch off", wg)
				}
				return
			}
			for _, h := range tc.want {
				if !slices.Contains(wg, h) {
					t.Errorf("walled garden %v lacks %q", wg, h)
				}
			}
		})
	}
}
