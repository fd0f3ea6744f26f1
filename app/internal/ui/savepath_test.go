package ui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"mpsim/app/internal/sessiontest"
)

// showSaveDialog shows a save dialog over s's window in dir, suggesting
// name; saved gets the path it hands back. It returns the dialog's overlay.
func showSaveDialog(t *testing.T, s testScreen, dir, name string, saved *string) fyne.CanvasObject {
	t.Helper()
	*saved = ""
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			*saved = "error: " + err.Error()
			return
		}
		if wc != nil {
			*saved = wc.URI().Path()
			_ = wc.Close()
		}
	}, s.win)
	d.SetFileName(name)
	showFileDialog(s.win, d, dir)
	c := s.win.Canvas()
	if c.Overlays().Top() == nil || c.Focused() == nil {
		t.Fatal("no save dialog with its name field focused")
	}
	return c.Overlays().Top()
}

// setName types name into the save dialog's name field, in place of what
// it holds.
func setName(c fyne.Canvas, name string) {
	e, _ := c.Focused().(*escapeEntry)
	if e != nil {
		e.SetText(name)
	}
}

// overlayText is the text of the labels of the dialog on top of c.
func overlayText(c fyne.Canvas) string {
	var out []string
	for _, l := range shownLabels(c.Overlays().Top()) {
		out = append(out, l.Text)
	}
	return strings.Join(out, "\n")
}

// A path typed in a save dialog's name field is followed: an absolute one,
// or one from ~/, saves in its folder under its last element; a folder's
// path moves the dialog there and keeps the suggested name; a folder that
// does not exist is said, with the path as typed, over the save dialog,
// which stays open. Before, the dialog joined the path to its own folder:
// "/tmp/x/y.html" typed in /work/main was "open /work/main/tmp/x/y.html:
// no such file or directory" (found by GUI QA).
func TestSaveDialogFollowsATypedPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	start, other := t.TempDir(), t.TempDir()
	missing := filepath.Join(other, "no-such-folder", "y.html")
	tests := []struct {
		name, typed string
		want        string // the path saved after Enter ("" none)
		// then: after a first Enter that saved nothing, the dialog is
		// open, with this text over it ("" none), and a second Enter
		// saves wantThen.
		over, wantThen string
	}{
		{"absolute", filepath.Join(other, "y.html"), filepath.Join(other, "y.html"), "", ""},
		{"home", "~/y.html", filepath.Join(home, "y.html"), "", ""},
		{"folder", other, "", "", filepath.Join(other, "report.html")},
		{"missing folder", missing, "", "There is no folder " + filepath.Dir(missing) + "\nfor the file name typed: " + missing, ""},
		{"a name", "z.html", filepath.Join(start, "z.html"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			c := s.win.Canvas()
			saved := ""
			pop := showSaveDialog(t, s, start, "report.html", &saved)
			setName(c, tt.typed)
			typeKey(c, fyne.KeyReturn, 0)
			if saved != tt.want {
				t.Fatalf("Enter on %q saved %q, want %q", tt.typed, saved, tt.want)
			}
			if tt.want != "" {
				return
			}
			if tt.over != "" {
				if c.Overlays().Top() == pop || !strings.Contains(overlayText(c), tt.over) {
					t.Fatalf("over the save dialog: %q, want %q", overlayText(c), tt.over)
				}
				typeKey(c, fyne.KeyEscape, 0)
			}
			if c.Overlays().Top() != pop {
				t.Fatal("the save dialog closed")
			}
			typeKey(c, fyne.KeyReturn, 0)
			if tt.wantThen != "" && saved != tt.wantThen {
				t.Errorf("then Enter saved %q, want %q", saved, tt.wantThen)
			}
		})
	}
}

// Fyne's "Overwrite?" over a save dialog answers the keys as showConfirm's
// dialogs do: Enter is Yes, the default; Escape is No and leaves the save
// dialog open; Tab to a button and Enter presses it. Before, Enter did
// nothing and Escape closed the save dialog too (found by GUI QA).
func TestSaveDialogOverwriteQuestionTakesKeys(t *testing.T) {
	tab := func(c fyne.Canvas) { c.FocusNext() }
	tests := []struct {
		name  string
		tabs  int
		keys  []fyne.KeyName
		saved bool
	}{
		{"Enter is Yes", 0, []fyne.KeyName{fyne.KeyReturn}, true},
		{"Escape is No", 0, []fyne.KeyName{fyne.KeyEscape}, false},
		{"Tab Tab Enter presses Yes", 2, []fyne.KeyName{fyne.KeyReturn}, true},
		{"Tab Enter presses No", 1, []fyne.KeyName{fyne.KeyReturn}, false},
		{"Tab Tab Escape is No", 2, []fyne.KeyName{fyne.KeyEscape}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			c := s.win.Canvas()
			dir := t.TempDir()
			file := filepath.Join(dir, "report.html")
			if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			saved := ""
			pop := showSaveDialog(t, s, dir, "report.html", &saved)
			typeKey(c, fyne.KeyReturn, 0)
			if c.Overlays().Top() == pop || !strings.Contains(overlayText(c), "overwrite") {
				t.Fatalf("no Overwrite? question over the save dialog (%q)", overlayText(c))
			}
			for range tt.tabs {
				tab(c)
			}
			if _, ok := c.Focused().(*dialogButton); tt.tabs > 0 && !ok {
				t.Fatalf("Tab put the keyboard on %T, not on a button of the question", c.Focused())
			}
			for _, k := range tt.keys {
				typeKey(c, k, 0)
			}
			if got := saved == file; got != tt.saved {
				t.Errorf("saved %q, want saved %v", saved, tt.saved)
			}
			switch top := c.Overlays().Top(); {
			case tt.saved && top != nil:
				t.Error("a dialog is still open after Yes")
			case !tt.saved && top != pop:
				t.Errorf("after No the save dialog is not on top (%T)", top)
			}
		})
	}
}

// The status line says why a save dialog wrote nothing with the path last,
// where the line is cut.
func TestNotSavedPutsThePathLast(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "/work/main/tmp/x/y.html", Err: fs.ErrNotExist}, "Not saved: there is no folder /work/main/tmp/x"},
		{fmt.Errorf("writer: %w", &fs.PathError{Op: "open", Path: "/ro/y.html", Err: fs.ErrPermission}), "Not saved (permission denied): /ro/y.html"},
		{fmt.Errorf("no writer"), "Not saved: no writer"},
	}
	for _, tt := range tests {
		if got := notSaved(tt.err); got != tt.want {
			t.Errorf("notSaved(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
