package hostwin

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2/lang"
)

// englishFyne makes Fyne's own words English: the buttons, titles and
// fields of its dialogs (the file dialogs of Open scenario…, Save
// report…, Export HAR…; the Yes and No of a confirmation), the entries'
// Cut, Copy and Paste menu. The host's own text is English and not
// translated, and Fyne translated its part by the system locale: under
// de_DE a file dialog said "Öffnen" and "Abbrechen" beside an English
// host.
//
// Fyne picks its language once, when its lang package initialises, and
// again each time translations are added, from the locale environment
// (LC_ALL, LC_MESSAGES, LANG, and LANGUAGE before them unless the locale
// is C or POSIX, through github.com/jeandeaual/go-locale). englishFyne sets
// LANGUAGE to "en" while it adds an empty English catalogue, which makes
// Fyne pick again, and sets LANGUAGE back at once: the locale stays the
// user's for everything else, the processes the host starts (the portal
// window's WebKit and GTK) and Fyne's lang.SystemLocale (which orders the
// system fonts Fyne falls back on) included. It must run before the host
// starts any process or Fyne starts; Fyne keeps its choice until the
// process ends.
func englishFyne() error {
	old, had := os.LookupEnv("LANGUAGE")
	if err := os.Setenv("LANGUAGE", "en"); err != nil {
		return fmt.Errorf("setting LANGUAGE for Fyne's own words: %w", err)
	}
	defer func() {
		if had {
			_ = os.Setenv("LANGUAGE", old)
		} else {
			_ = os.Unsetenv("LANGUAGE")
		}
	}()
	if err := lang.AddTranslationsForLocale(nil, "en"); err != nil {
		return fmt.Errorf("making Fyne's own words English: %w", err)
	}
	return nil
}
