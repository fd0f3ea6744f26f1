package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// The launch form's operator picker lists the operator profiles; choosing
// one makes the launch that operator's (its ICCID range), as --operator does.
func TestLaunchFormOperatorPicker(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := t.TempDir()
	profile := "[[operator]]\nname = \"Fabrikam\"\niccid_prefix = \"894412\"\nsmdp_address = \"smdp.fabrikam.example\"\nmarkets = [\"GB\"]\n"
	if err := os.WriteFile(filepath.Join(dir, workspace.OperatorsFileName), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	preset := "[[preset]]\nname = \"fabrikam-uk\"\noperator = \"Fabrikam\"\ndescription = \"A Fabrikam customer in the UK.\"\nmarket = \"GB\"\nlocation = \"GB\"\n"
	if err := os.WriteFile(filepath.Join(dir, workspace.PresetsFileName), []byte(preset), 0o600); err != nil {
		t.Fatal(err)
	}
	h := workspace.New(dir, 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: &sessiontest.FakeOpener{}}, NewToken: func() string { return uiToken }, App: a})
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(w.Close)

	p := s.launch
	if !slices.Contains(p.operator.Options, "Fabrikam") || p.operator.Selected != h.OperatorName() {
		t.Fatalf("operator picker %v, selected %q", p.operator.Options, p.operator.Selected)
	}
	req, err := p.request(simulator.KindPSIM)
	if err != nil || req.Operator != "" {
		t.Fatalf("default request operator %q (%v), want the workspace's (empty)", req.Operator, err)
	}
	p.operator.SetSelected("Fabrikam")
	req, err = p.request(simulator.KindPSIM)
	if err != nil || req.Operator != "Fabrikam" {
		t.Fatalf("request operator %q (%v), want Fabrikam", req.Operator, err)
	}
	p.operator.SetSelected(h.OperatorName())
	p.onPresetSelected(t, "fabrikam-uk")
	if p.operator.Selected != "Fabrikam" {
		t.Errorf("a preset naming Fabrikam left the picker at %q", p.operator.Selected)
	}
	launch, _, err := h.Launch(req)
	if err != nil {
		t.Fatal(err)
	}
	if iccid, _ := launch.Param("iccid"); !strings.HasPrefix(iccid, "894412") {
		t.Errorf("launch ICCID %q is not in Fabrikam's range", iccid)
	}
}

// The form warns under the launch about market and location values the real
// app would not send (the CLI's rule: workspace.LaunchRequest.Warnings).
func TestLaunchFormRegionNotes(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	_ = s.launch.market.Set("UK")
	waitFor(t, "the market UK note", func() bool { return s.launch.notes.Visible() })
	if !strings.Contains(s.launch.notes.Text, "United Kingdom is GB") {
		t.Errorf("note %q", s.launch.notes.Text)
	}
	_ = s.launch.market.Set("GB")
	waitFor(t, "the note gone for GB", func() bool { return !s.launch.notes.Visible() })
}

// The form warns when the first language has no installed font: WebKit
// would draw none of the page's text (workspace.FontWarning; its answer
// for Japanese is set here, as this desk's fonts are not the test's).
func TestLaunchFormFontNote(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.launch.fontNotes = map[string]string{"ja-JP": "no installed font covers Japanese (Japanese script)"}
	_ = s.launch.langs.Set("ja-JP,ja,en")
	waitFor(t, "the font note", func() bool { return s.launch.notes.Visible() })
	if !strings.Contains(s.launch.notes.Text, "no installed font covers Japanese") {
		t.Errorf("note %q", s.launch.notes.Text)
	}
	_ = s.launch.langs.Set("fr-FR")
	waitFor(t, "the note gone for French", func() bool { return !s.launch.notes.Visible() })
}

// onPresetSelected picks the preset called name in the form.
func (p *launchPanel) onPresetSelected(t *testing.T, name string) {
	t.Helper()
	for _, o := range p.preset.Options {
		if strings.Contains(o, name) {
			p.preset.SetSelected(o)
			return
		}
	}
	t.Fatalf("no preset %q among %v", name, p.preset.Options)
}
