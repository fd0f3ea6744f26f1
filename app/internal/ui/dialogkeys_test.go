package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/history"
	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// press types key on the window's canvas, as the keyboard does when no
// widget has the focus (a dialog's buttons take none until Tab).
func press(s testScreen, key fyne.KeyName) {
	if f := s.win.Canvas().OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: key})
	}
}

// Escape and Enter close the dialogs that show something (the enlarged
// screenshot, Compare), and the window's own keys work again after (found
// by exploratory QA: no key did anything in a dialog).
func TestDialogsCloseWithEscapeAndEnter(t *testing.T) {
	dialogs := []struct {
		name string
		show func(s testScreen)
	}{
		{"screenshot", func(s testScreen) { s.showScreenshot(insp.Screenshot{Label: "loaded", Path: "/nonexistent.png"}) }},
		{"compare", func(s testScreen) {
			s.showCompare(history.Entry{}, history.Entry{}, session.Report{}, session.Report{})
		}},
	}
	for _, d := range dialogs {
		for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter} {
			t.Run(d.name+"/"+string(key), func(t *testing.T) {
				s := newTestScreen(t, &sessiontest.FakeOpener{})
				d.show(s)
				if s.win.Canvas().Overlays().Top() == nil {
					t.Fatal("no dialog shown")
				}
				press(s, key)
				if s.win.Canvas().Overlays().Top() != nil {
					t.Fatalf("%s left the dialog open", key)
				}
				// The window's own keys are back: F12 turns DevTools on.
				press(s, fyne.KeyF12)
				if on, _ := s.devTools.Get(); !on {
					t.Error("after the dialog closed F12 did not turn DevTools on")
				}
			})
		}
	}
}

// In "Leave the mobile operator experience?" Escape is Stay, the safe
// choice, and Enter is Leave, the default button.
func TestLeaveQuestionAnswersEscapeAndEnter(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal stays open until left
	test := func(key fyne.KeyName) {
		t.Helper()
		s.AskLeave()
		if s.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no leave question")
		}
		press(s, key)
		if s.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s left the question open", key)
		}
	}
	s.Open()
	waitFor(t, "the portal window", func() bool { return len(s.opener.Windows()) == 1 })
	test(fyne.KeyEscape)
	if !s.isRunning() {
		t.Fatal("Escape left the portal; it is Stay")
	}
	test(fyne.KeyReturn)
	rep := waitReport(t, s, 1)
	if rep.Ended != session.EndedUserCancelled {
		t.Errorf("Enter ended the session %q, want %q (Leave)", rep.Ended, session.EndedUserCancelled)
	}
}

// Escape cancels the file dialogs (open a scenario or a certificate;
// export HAR, with the keyboard out of the name field), which had no key
// at all, and F12 works again after (found by GUI QA). Nothing is chosen.
func TestFileDialogsCancelWithEscape(t *testing.T) {
	dialogs := []struct {
		name string
		show func(s testScreen, chosen func(string)) fyne.Window
	}{
		{"open a scenario", func(s testScreen, chosen func(string)) fyne.Window {
			s.askOpenPath([]string{".toml"}, "", chosen)
			return s.window() // the host's dialogs' window
		}},
		{"export HAR", func(s testScreen, chosen func(string)) fyne.Window {
			s.askExportHAR()
			s.win.Canvas().Unfocus() // Tab out of the name field
			return s.win
		}},
	}
	for _, d := range dialogs {
		t.Run(d.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			picked := ""
			c := d.show(s, func(p string) { picked = p }).Canvas()
			if c.Overlays().Top() == nil {
				t.Fatal("no dialog shown")
			}
			c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
			if c.Overlays().Top() != nil {
				t.Fatal("Escape left the file dialog open")
			}
			if picked != "" {
				t.Errorf("Escape chose %q", picked)
			}
			if f := c.OnTypedKey(); f != nil {
				f(&fyne.KeyEvent{Name: fyne.KeyF12})
			}
			if on, _ := s.devTools.Get(); !on && c == s.win.Canvas() {
				t.Error("after the dialog closed F12 did not turn DevTools on")
			}
		})
	}
}

// The file dialogs start in the folder last used, else in the working
// directory (where a checkout's examples/ are), not in the home folder
// (found by GUI QA).
func TestFileDialogsStartInTheWorkingDirectory(t *testing.T) {
	wd := workingDir()
	other := t.TempDir()
	for _, tc := range []struct{ dir, want string }{
		{"", wd},
		{other, other},
		{other + "/gone", wd},
	} {
		l := startFolder(tc.dir)
		if l == nil || l.Path() != tc.want {
			t.Errorf("startFolder(%q) = %v, want %s", tc.dir, l, tc.want)
		}
	}
}

// Escape cancels a save dialog also while its name field has the keyboard,
// as it has when the dialog opens (found by GUI QA: the field took Escape
// and nothing happened); the field still names the file: typed on and
// submitted with Enter, the dialog saves under the new name.
func TestSaveDialogNameFieldTakesEscape(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	dir := t.TempDir()
	c := s.win.Canvas()
	show := func(saved *string) {
		t.Helper()
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err == nil && wc != nil {
				*saved = wc.URI().Path()
				_ = wc.Close()
			}
		}, s.win)
		d.SetFileName("mpsim-portal.har")
		showFileDialog(s.win, d, dir)
		if c.Overlays().Top() == nil || c.Focused() == nil {
			t.Fatal("no save dialog with its name field focused")
		}
	}

	saved := ""
	show(&saved)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil {
		t.Fatal("Escape in the name field left the save dialog open")
	}
	if saved != "" {
		t.Errorf("Escape saved %s", saved)
	}

	show(&saved)
	test.Type(c.Focused(), "2")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if want := filepath.Join(dir, "mpsim-portal.har2"); saved != want {
		t.Errorf("Enter in the name field saved %q, want %q", saved, want)
	}
	if c.Overlays().Top() != nil {
		t.Error("the save dialog stayed open after Enter")
	}
}
