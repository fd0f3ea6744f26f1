package hostwin

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// englishChild makes the test binary the child of
// TestFyneDialogsAreEnglishUnderAnyLocale.
const englishChild = "HOSTWIN_TEST_ENGLISH_CHILD"

// dialogWords are the texts of the buttons and labels under o.
func dialogWords(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case *widget.Button:
		out = append(out, v.Text)
	case *widget.Label:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, dialogWords(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, dialogWords(c)...)
		}
	}
	return out
}

// englishChildRun is the child's part: it prints what Fyne would have said
// ("before: …"), makes the host's Fyne app as Run does (newFyneApp), and
// prints the words of a file dialog ("open: …") and a confirmation
// ("confirm: …"), drawn by Fyne's test driver, and LANGUAGE when it is
// not left as it was.
func englishChildRun() {
	fmt.Printf("before: %s\n", lang.L("Cancel"))
	language, had := os.LookupEnv("LANGUAGE")
	newFyneApp(func() fyne.App { return fyneapp.NewWithID("io.github.mpsim") }, os.Getenv("MPSIM_CONFIG_DIR"), true)
	if after, has := os.LookupEnv("LANGUAGE"); after != language || has != had {
		fmt.Printf("LANGUAGE is %q (%v) after, was %q (%v)\n", after, has, language, had)
	}
	a := test.NewApp()
	defer a.Quit()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(900, 700))
	dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, w).Show()
	var words []string
	for _, o := range w.Canvas().Overlays().List() {
		words = append(words, dialogWords(o)...)
	}
	fmt.Printf("open: %s\n", strings.Join(words, "|"))
	for _, o := range w.Canvas().Overlays().List() {
		w.Canvas().Overlays().Remove(o)
	}
	dialog.NewConfirm("Mobile Plans", "Leave?", func(bool) {}, w).Show()
	words = nil
	for _, o := range w.Canvas().Overlays().List() {
		words = append(words, dialogWords(o)...)
	}
	fmt.Printf("confirm: %s\n", strings.Join(words, "|"))
}

// The host is English, and Fyne's own words in it are English too under
// any locale: its file dialog said "Öffnen" and "Abbrechen" under de_DE,
// its confirmation "Ja" and "Nein" (Fyne translates them by the locale).
// LANGUAGE is left as it was, for the processes the host starts.
func TestFyneDialogsAreEnglishUnderAnyLocale(t *testing.T) {
	if os.Getenv(englishChild) != "" {
		englishChildRun()
		return
	}
	for _, tc := range []struct {
		env    []string
		before string // what Fyne would have called Cancel
	}{
		{[]string{"LC_ALL=de_DE.UTF-8"}, "Abbrechen"},
		{[]string{"LANG=fr_FR.UTF-8", "LANGUAGE=fr:de"}, "Annuler"},
		{[]string{"LANG=zh_CN.UTF-8"}, "取消"},
		{[]string{"LANG=en_US.UTF-8"}, "Cancel"},
		// Fyne reads LANGUAGE unless the locale is exactly C or POSIX.
		{[]string{"LC_ALL=C.UTF-8", "LANGUAGE=de"}, "Abbrechen"},
	} {
		t.Run(strings.Join(tc.env, " "), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFyneDialogsAreEnglishUnderAnyLocale$", "-test.count=1")
			cmd.Env = append(without(os.Environ(), "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "HOME", "XDG_CONFIG_HOME", "MPSIM_CONFIG_DIR"),
				englishChild+"=1", "HOME="+t.TempDir(), "MPSIM_CONFIG_DIR="+t.TempDir())
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			lines := map[string]string{}
			for _, l := range strings.Split(string(out), "\n") {
				if k, v, ok := strings.Cut(l, ": "); ok {
					lines[k] = v
				}
			}
			if lines["before"] != tc.before {
				t.Errorf("Fyne's own Cancel was %q before, want %q (the test's premise):\n%s", lines["before"], tc.before, out)
			}
			if strings.Contains(string(out), "may not be in English") || strings.Contains(string(out), "LANGUAGE is ") {
				t.Errorf("making Fyne English:\n%s", out)
			}
			open, confirm := strings.Split(lines["open"], "|"), strings.Split(lines["confirm"], "|")
			for _, want := range []string{"Open", "Cancel", "Open File"} {
				if !slices.Contains(open, want) {
					t.Errorf("the file dialog lacks %q: %q", want, open)
				}
			}
			for _, want := range []string{"Yes", "No"} {
				if !slices.Contains(confirm, want) {
					t.Errorf("the confirmation lacks %q: %q", want, confirm)
				}
			}
		})
	}
}
