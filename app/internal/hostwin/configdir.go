package hostwin

import (
	"fmt"
	"sync"

	"mpsim/app/internal/ui"
	"mpsim/app/internal/workspace"
)

// hostConfig is the configuration directory the host window opens on
// (MPSIM_CONFIG_DIR, else mpsim's in the user configuration directory).
type hostConfig struct {
	dir string
	// unwritable, when set, is why the host cannot write in dir (a
	// read-only mount, a 0555 directory or another user's, a read-only
	// file system): it reads what is there and saves nothing there
	// (workspace.Options.Unwritable), as `mpsim run` does.
	unwritable *workspace.NotWritableError
}

// openConfigDir returns the configuration directory the host window opens
// on. One it cannot write in is no error (workspace.ConfigDirToRead): the
// window opens on what is there and says that changes will not be saved
// (notice). A relative MPSIM_CONFIG_DIR, or a file where the directory
// should be, is an error, which stops the host before any window.
func openConfigDir() (hostConfig, error) {
	dir, ro, err := workspace.ConfigDirToRead()
	if err != nil {
		return hostConfig{}, err
	}
	return hostConfig{dir: dir, unwritable: ro}, nil
}

// options are the workspace.Options of the directory, with the presets
// file presetsFile ("" for the directory's own).
func (c hostConfig) options(presetsFile string) workspace.Options {
	return workspace.Options{PresetsFile: presetsFile, Unwritable: c.unwritable}
}

// notice is what the host says once, on standard error and in its window
// (ui.Deps.ConfigNotice), when it cannot write in its configuration
// directory: that changes will not be saved, naming the directory and
// why, and what lasts until the window closes; with h, the workspace
// opened there, it names the seed of a device generated for the window
// when the directory holds none. It is "" when the directory can be
// written.
func (c hostConfig) notice(h *workspace.Workspace) string {
	if c.unwritable == nil {
		return ""
	}
	msg := c.unwritable.Warning() +
		"; the sessions' changes to the device and the window's choices (Dark, Portal inside the host) last until the window closes, and sessions run as usual (their history is kept elsewhere)"
	if h != nil {
		if seed, ok := h.Created(); ok {
			what := "it holds no device"
			if h.UnreadableDevice() != nil {
				what = "its device cannot be read"
			}
			msg += fmt.Sprintf("; %s: this window uses one generated from seed %d", what, seed)
		}
	}
	return msg
}

// windowNotice is notice as the window shows it (ui.Deps.ConfigNotice):
// a sentence, "Changes will not be saved: …."; "" when there is none.
func (c hostConfig) windowNotice(h *workspace.Workspace) string {
	n := c.notice(h)
	if n == "" {
		return ""
	}
	return ui.Sentence(n)
}

// hostPrefs are where the host keeps its choices (Dark, Portal inside the
// host): workspace.HostPrefs in the directory, or, where it cannot be
// written, those it holds with the choices made in this window on top,
// never written (sessionPrefs): a choice made then still applies until
// the window closes.
func (c hostConfig) hostPrefs() ui.Prefs {
	kept := workspace.NewHostPrefs(c.dir)
	if c.unwritable == nil {
		return kept
	}
	return &sessionPrefs{kept: kept, made: map[string]bool{}}
}

// sessionPrefs are the host's choices where they cannot be saved: those
// kept reads, unless one was made since (SetBool), which lasts until the
// process ends. Nothing is written. A sessionPrefs is safe for concurrent
// use.
type sessionPrefs struct {
	kept ui.Prefs
	mu   sync.Mutex
	made map[string]bool
}

// BoolWithFallback implements ui.Prefs: the choice made in this window,
// else the kept one, else fallback.
func (p *sessionPrefs) BoolWithFallback(key string, fallback bool) bool {
	p.mu.Lock()
	v, ok := p.made[key]
	p.mu.Unlock()
	if ok {
		return v
	}
	return p.kept.BoolWithFallback(key, fallback)
}

// SetBool implements ui.Prefs: the choice lasts until the process ends.
func (p *sessionPrefs) SetBool(key string, value bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.made[key] = value
}
