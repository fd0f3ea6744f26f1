package hostwin

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"fyne.io/fyne/v2"
)

// fyneRootProblem says why the directory where Fyne keeps its per-user
// files, the "fyne" directory of os.UserConfigDir (Fyne 2.7's
// internal/app.RootConfigDir), cannot be used: it is not there and cannot
// be made (HOME read-only), or there is no user configuration directory
// at all (neither HOME nor XDG_CONFIG_HOME set: Fyne then made "fyne" in
// the current directory). It makes the directory when it can, as Fyne
// would; nil when it is there.
func fyneRootProblem() error {
	base, err := os.UserConfigDir()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(base) {
		return errors.New("the user configuration directory is not an absolute path: " + base)
	}
	root := filepath.Join(base, "fyne")
	if fi, err := os.Stat(root); err == nil && fi.IsDir() {
		return nil
	}
	return os.MkdirAll(root, 0o700)
}

// newFyneApp makes the Fyne app with newApp (fyneapp.NewWithID) and gives
// it the preferences kept in the configuration directory dir
// (withConfigPrefs; save false where dir cannot be written). Where Fyne's per-user directory cannot be used
// (fyneRootProblem), Fyne logged some seven "Fyne error" blocks on every
// start ("Unable to create settings storage", "Settings watch error",
// "Preferences load error", "Failed to create app storage space"; found by
// exploratory QA with HOME read-only): XDG_CONFIG_HOME then names a
// directory of the user's own under the temporary directory
// (fyneStandIn) while the app is made, and is set back at once, before
// the host starts any process or reads a directory of its own. Nothing of
// the user's is lost: there is no settings.json or theme.json Fyne could
// have read. Fyne reads its directory again only for its settings watch,
// which does not run once the host has set its theme (Run does, before
// Fyne starts), and for app.Storage, which mpsim does not use. The stand-in
// stays (empty, for the next start): Fyne watches a directory in it until
// the process ends, and logs an error when it goes. Fyne's own words are
// made English first (englishFyne), whatever the locale.
func newFyneApp(newApp func() fyne.App, dir string, save bool) fyne.App {
	if err := englishFyne(); err != nil {
		fyne.LogError("Fyne's dialogs may not be in English", err)
	}
	if fyneRootProblem() != nil {
		if standIn, err := fyneStandIn(os.TempDir(), os.Getuid()); err == nil {
			old, had := os.LookupEnv("XDG_CONFIG_HOME")
			_ = os.Setenv("XDG_CONFIG_HOME", standIn)
			defer func() {
				if had {
					_ = os.Setenv("XDG_CONFIG_HOME", old)
				} else {
					_ = os.Unsetenv("XDG_CONFIG_HOME")
				}
			}()
		}
	}
	return withConfigPrefs(newApp(), dir, save)
}

// fyneStandIn is the directory that stands in for the user configuration
// directory while Fyne's app is made, where Fyne's cannot be used:
// tmp/mpsim-fyne-UID, made private to the user uid. One that is not a
// directory of uid's alone (another user's, or a link) is refused.
func fyneStandIn(tmp string, uid int) (string, error) {
	dir := filepath.Join(tmp, fmt.Sprintf("mpsim-fyne-%d", uid))
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != uid || fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s is not a private directory of user %d", dir, uid)
	}
	return dir, nil
}
