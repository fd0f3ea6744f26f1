package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// fabrikamProfile is an operator with a portal and defaults of its own
// (the GUI QA's operators.toml).
const fabrikamProfile = `[[operator]]
name = "Fabrikam"
iccid_prefix = "894412"
smdp_address = "smdp.fabrikam.example"
portal_url = "http://127.0.0.1:8793/good.html"
markets = ["GB", "IE"]
languages = ["en-GB", "en"]
`

// newOperatorScreen is a host screen on a workspace whose operators file
// has Fabrikam (fabrikamProfile), with the workspace.
func newOperatorScreen(t *testing.T, opener *sessiontest.FakeOpener) (testScreen, *workspace.Workspace) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, workspace.OperatorsFileName), []byte(fabrikamProfile), 0o600); err != nil {
		t.Fatal(err)
	}
	h := workspace.New(dir, 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: opener}, NewToken: func() string { return uiToken }, App: a})
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	s.AddShortcuts(w.Canvas())
	t.Cleanup(w.Close)
	return testScreen{HostScreen: s, win: w, app: a, opener: opener}, h
}

// Picking an operator in the launch form does what --operator does: the
// fields the form filled in take the operator's market, location and
// languages, an empty Portal URL is the operator's portal (its
// placeholder says so), and the preview is the launch Open portal opens
// and `mpsim url --operator NAME` builds with the same fields. What the
// user typed stays; back at Contoso the demo defaults return. Before, the
// fields stayed US and en-US and the preview showed the demo portal while
// Open portal opened Fabrikam's (found by GUI QA).
func TestLaunchFormOperatorDefaults(t *testing.T) {
	const demo = simulator.DemoOperatorName
	for _, tc := range []struct {
		name string
		// typed are the fields the user fills in first.
		portal, market, langs string
		picks                 []string
		// want are the fields after the picks, and how the launch URL starts.
		wantMarket, wantLocation, wantLangs, wantURL, wantPlaceholder string
	}{
		{name: "Fabrikam", picks: []string{"Fabrikam"},
			wantMarket: "GB", wantLocation: "GB", wantLangs: "en-GB,en",
			wantURL: "http://127.0.0.1:8793/good.html?", wantPlaceholder: "http://127.0.0.1:8793/good.html"},
		{name: "back to Contoso", picks: []string{"Fabrikam", demo},
			wantMarket: "US", wantLocation: "US", wantLangs: "en-US",
			wantURL: "https://127.0.0.1:", wantPlaceholder: "built-in demo portal"},
		{name: "typed market and languages stay", market: "FR", langs: "de-DE", picks: []string{"Fabrikam", demo, "Fabrikam"},
			wantMarket: "FR", wantLocation: "GB", wantLangs: "de-DE",
			wantURL: "http://127.0.0.1:8793/good.html?", wantPlaceholder: "http://127.0.0.1:8793/good.html"},
		{name: "typed portal stays", portal: "https://localhost:9443/mine", picks: []string{"Fabrikam"},
			wantMarket: "GB", wantLocation: "GB", wantLangs: "en-GB,en",
			wantURL: "https://localhost:9443/mine?", wantPlaceholder: "http://127.0.0.1:8793/good.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, h := newOperatorScreen(t, &sessiontest.FakeOpener{})
			p := s.launch
			if tc.portal != "" {
				_ = p.portal.Set(tc.portal)
			}
			if tc.market != "" {
				_ = p.market.Set(tc.market)
			}
			if tc.langs != "" {
				_ = p.langs.Set(tc.langs)
			}
			for _, op := range tc.picks {
				p.operator.SetSelected(op)
			}
			get := func(f func() (string, error)) string { v, _ := f(); return v }
			if m, l, langs := get(p.market.Get), get(p.location.Get), get(p.langs.Get); m != tc.wantMarket || l != tc.wantLocation || langs != tc.wantLangs {
				t.Errorf("market %q, location %q, languages %q; want %q, %q, %q", m, l, langs, tc.wantMarket, tc.wantLocation, tc.wantLangs)
			}
			if ph := formEntry(t, p, "Portal URL").PlaceHolder; ph != tc.wantPlaceholder {
				t.Errorf("Portal URL placeholder %q, want %q", ph, tc.wantPlaceholder)
			}
			waitFor(t, "the preview", func() bool { return strings.HasPrefix(p.url.Text, tc.wantURL) })

			// What Open portal (Ctrl+O) opens.
			plan, err := s.plan()
			if err != nil {
				t.Fatal(err)
			}
			// The preview shows the demo portal's usual address until the
			// demo portal runs; Open portal started it, on another port
			// when that one was taken (as in CI, beside the e2e tests).
			s.refresh()
			if plan.Config.Launch.URL != p.url.Text {
				t.Errorf("Open portal opens\n%s\nthe preview shows\n%s", plan.Config.Launch.URL, p.url.Text)
			}
			if got := headersText(plan.Config.Launch.Headers); got != p.headers.Text {
				t.Errorf("Open portal sends\n%s\nthe preview shows\n%s", got, p.headers.Text)
			}
			// What mpsim url --operator NAME sends with the fields typed
			// (--portal, --market, --lang; mpsim url without --operator
			// sends its flags' defaults, US and en-US).
			cli := workspace.LaunchRequest{PortalURL: tc.portal, Market: tc.market, TransactionID: p.txID}
			if tc.langs != "" {
				cli.Languages = []string{tc.langs}
			}
			if last := tc.picks[len(tc.picks)-1]; last != demo {
				cli.Operator = last
			} else {
				cli = cli.Defaults()
			}
			l, _, err := h.Launch(cli)
			if err != nil {
				t.Fatal(err)
			}
			if l.URL != p.url.Text || headersText(l.Headers) != p.headers.Text {
				t.Errorf("mpsim url builds\n%s\n%s\nthe preview shows\n%s\n%s", l.URL, headersText(l.Headers), p.url.Text, p.headers.Text)
			}
		})
	}
}

// A preset naming an operator fills in its own values, and its
// operator's defaults for what it leaves unset, as mpsim url --preset
// does: a Fabrikam preset without languages sends Fabrikam's, not
// en-US.
func TestLaunchFormPresetTakesItsOperatorsDefaults(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := t.TempDir()
	preset := "[[preset]]\nname = \"fabrikam-ie\"\noperator = \"Fabrikam\"\ndescription = \"A Fabrikam customer in Ireland.\"\nmarket = \"IE\"\n"
	for name, text := range map[string]string{workspace.OperatorsFileName: fabrikamProfile, workspace.PresetsFileName: preset} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h := workspace.New(dir, 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: &sessiontest.FakeOpener{}}, NewToken: func() string { return uiToken }, App: a})
	w := test.NewWindow(s.BuildUI())
	t.Cleanup(w.Close)

	p := s.launch
	p.onPresetSelected(t, "fabrikam-ie")
	get := func(f func() (string, error)) string { v, _ := f(); return v }
	if m, l, langs := get(p.market.Get), get(p.location.Get), get(p.langs.Get); m != "IE" || l != "GB" || langs != "en-GB,en" {
		t.Errorf("market %q, location %q, languages %q; want IE, GB, en-GB,en", m, l, langs)
	}
	want, _, err := h.Launch(workspace.LaunchRequest{Preset: "fabrikam-ie", TransactionID: p.txID})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the preview", func() bool { return p.url.Text == want.URL })
}

// formEntry is the launch form's field labelled label.
func formEntry(t *testing.T, p *launchPanel, label string) *shortcutEntry {
	t.Helper()
	for _, it := range p.form.Items {
		if e, ok := it.Widget.(*shortcutEntry); ok && it.Text == label {
			return e
		}
	}
	t.Fatalf("the launch form has no field %q", label)
	return nil
}
