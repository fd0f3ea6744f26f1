package hostwin

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Fyne's own preferences (the file dialog's last folder) are kept in the
// configuration directory: a restart over the same directory has them,
// another directory does not (found by exploratory QA: they were in
// ~/.config/fyne, shared by isolated and parallel configurations).
func TestFynePreferencesAreKeptInTheConfigDir(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := t.TempDir()
	w := withConfigPrefs(a, dir, true)
	if _, ours := w.Preferences().(*fynePrefs); !ours || fyne.CurrentApp().Preferences() != w.Preferences() {
		t.Fatalf("the app answers %T, Fyne's widgets %T: not the configuration directory's preferences",
			w.Preferences(), fyne.CurrentApp().Preferences())
	}
	if a.Preferences() != w.Preferences() {
		t.Fatal("the app itself does not answer with the configuration directory's preferences")
	}
	p := fyne.CurrentApp().Preferences()
	changed := 0
	p.AddChangeListener(func() { changed++ })
	p.SetString("fyne:fileDialogLastFolder", "file:///srv/portal")
	p.SetInt("fyne:fileDialogViewLayout", 1)
	p.SetBool("b", true)
	p.SetFloat("f", 1.5)
	p.SetStringList("sl", []string{"a", "b"})
	p.SetIntList("il", []int{1, 2})
	p.SetBool("gone", true)
	p.RemoveValue("gone")
	if changed != 8 {
		t.Errorf("%d changes told, want 8", changed)
	}
	if _, err := os.Stat(filepath.Join(dir, FynePrefsFileName)); err != nil {
		t.Fatalf("no %s in the configuration directory: %v", FynePrefsFileName, err)
	}

	again := newFynePrefs(dir) // a restart
	if got := again.String("fyne:fileDialogLastFolder"); got != "file:///srv/portal" {
		t.Errorf("last folder after a restart %q", got)
	}
	if again.Int("fyne:fileDialogViewLayout") != 1 || !again.Bool("b") || again.Float("f") != 1.5 ||
		!slices.Equal(again.StringList("sl"), []string{"a", "b"}) || !slices.Equal(again.IntList("il"), []int{1, 2}) {
		t.Errorf("values after a restart: %v", again.values)
	}
	if again.BoolWithFallback("gone", false) || again.StringWithFallback("b", "fallback") != "fallback" {
		t.Error("a removed value, or one of another type, does not give the fallback")
	}
	if other := newFynePrefs(t.TempDir()); other.String("fyne:fileDialogLastFolder") != "" {
		t.Error("another configuration directory sees this one's last folder")
	}
}

// mpsim's own choices that an older mpsim kept in Fyne's per-user file
// (portalInside) still read from there until one is made here; Fyne's own
// keys never do.
func TestOlderChoicesStillReadFromFynesFile(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	a.Preferences().SetBool("portalInside", false)
	a.Preferences().SetBool("fyne:someKey", true)
	p := withConfigPrefs(a, t.TempDir(), true).Preferences()
	if p.BoolWithFallback("portalInside", true) {
		t.Error("an older mpsim's choice was not read")
	}
	if p.BoolWithFallback("fyne:someKey", false) {
		t.Error("a Fyne key leaked from the per-user file")
	}
	p.SetBool("portalInside", true)
	if !p.BoolWithFallback("portalInside", false) {
		t.Error("a choice made here does not win over the older one")
	}
}
