package workspace

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"mpsim/app/internal/sessiontest"
)

// TestWindowGetsTheLanguagesAsSent: whatever the languages come from (the
// request, an operator profile, a preset, the comparison run), the window is
// given the list the launch's Accept-Language was built from, with q-values
// applied, q=0 left out and duplicates once (simulator.ParseLanguageList),
// never the list as written: WebKit takes the tags as they are, so a
// "fr;q=0.5" there would be sent as a tag.
func TestWindowGetsTheLanguagesAsSent(t *testing.T) {
	const operators = "[[operator]]\nname = \"Partner IL\"\niccid_prefix = \"8997201\"\nsmdp_address = \"smdp.partner.example\"\n" +
		"portal_url = \"https://portal.partner.example/\"\nmarkets = [\"IL\"]\nlanguages = [\"ar-IL;q=0.5\", \"he-IL\", \"HE-il\"]\n"
	const presets = "[[preset]]\nname = \"weighted\"\nlanguages = [\"ja;q=0\", \"de;q=0.3\", \"fr\"]\n"
	tests := []struct {
		name        string
		req         Request
		wantMain    []string
		wantHeader  string
		wantCompare []string // nil: no comparison run
	}{
		{"request", Request{Launch: LaunchRequest{PortalURL: testPortal, Languages: []string{"fr-FR;q=0.5", "en", "EN"}}},
			[]string{"en", "fr-FR"}, "en,fr-FR;q=0.90", nil},
		{"operator profile", Request{Launch: LaunchRequest{Operator: "Partner IL"}},
			[]string{"he-IL", "ar-IL"}, "he-IL,ar-IL;q=0.90", nil},
		{"preset", Request{Launch: LaunchRequest{PortalURL: testPortal, Preset: "weighted"}},
			[]string{"fr", "de"}, "fr,de;q=0.90", nil},
		{"comparison", Request{Launch: LaunchRequest{PortalURL: testPortal, Languages: []string{"en-US"}}, CompareLanguages: []string{"de;q=0.1,ja;q=0", "fr"}},
			[]string{"en-US"}, "en-US", []string{"fr", "de"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, OperatorsFileName), []byte(operators), 0o600); err != nil {
				t.Fatal(err)
			}
			cfgFile := filepath.Join(dir, "presets.toml")
			if err := os.WriteFile(cfgFile, []byte(presets), 0o600); err != nil {
				t.Fatal(err)
			}
			h := openT(t, dir, Options{Seed: seed(4), PresetsFile: cfgFile})
			main := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
			other := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
			r := Runner{Workspace: h, Opener: main, CompareOpener: other}
			tt.req.Launch.TransactionID, tt.req.ScreenshotDir = "t.1", "-"
			plan, err := r.Plan(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := plan.Config.Launch.Headers["Accept-Language"]; got != tt.wantHeader {
				t.Errorf("Accept-Language %q, want %q", got, tt.wantHeader)
			}
			if _, err := r.Run(context.Background(), plan, nil); err != nil {
				t.Fatal(err)
			}
			if ws := main.Windows(); len(ws) != 1 || !slices.Equal(ws[0].Spec.Languages, tt.wantMain) {
				t.Errorf("main window languages: %q; want %q", specLanguages(ws), tt.wantMain)
			}
			ws := other.Windows()
			switch {
			case tt.wantCompare == nil && len(ws) != 0:
				t.Errorf("%d comparison windows, want none", len(ws))
			case tt.wantCompare != nil && (len(ws) != 1 || !slices.Equal(ws[0].Spec.Languages, tt.wantCompare)):
				t.Errorf("comparison window languages: %q; want %q", specLanguages(ws), tt.wantCompare)
			}
		})
	}
}

// specLanguages are the languages each window was given.
func specLanguages(ws []*sessiontest.FakeWindow) [][]string {
	out := make([][]string, len(ws))
	for i, w := range ws {
		out[i] = w.Spec.Languages
	}
	return out
}
