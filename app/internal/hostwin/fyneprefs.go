package hostwin

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"mpsim/app/internal/workspace"
)

// FynePrefsFileName is the file in the configuration directory that keeps
// Fyne's own preferences (the file dialog's last folder and view).
const FynePrefsFileName = "fyne-preferences.json"

// fynePrefs are Fyne's preferences kept in the configuration directory
// (MPSIM_CONFIG_DIR) instead of Fyne's per-user file
// (~/.config/fyne/<app id>/preferences.json), which every mpsim on the
// machine shared whatever its configuration directory: isolated or
// parallel configurations leaked their dialogs' folders into each other.
// The file is replaced whole and atomically at each change; one that
// cannot be read starts empty and is replaced at the next change.
//
// Fyne 2.7 takes that file's root from os.UserConfigDir
// (internal/app.RootConfigDir: $XDG_CONFIG_HOME/fyne on Linux), so
// setting XDG_CONFIG_HOME in the host process before fyneapp.New would
// move it too, but it moves more than the preferences and is not used
// for that: Fyne's settings.json and theme.json under the same root (a
// user's scale and theme, set with fyne_settings for every Fyne app)
// would be ignored; os.UserConfigDir would answer for the rest of the
// process (workspace.ConfigDir's and the simulator store's default
// directory); and every process the host starts inherits it: the
// portal window (WebKitGTK reads GTK's settings.ini and the user's
// fontconfig configuration there, which changes the fonts a portal is
// recorded with) and xdg-open for a finding's links (mimeapps.list
// chooses the browser, and a browser such as Chromium keeps its profile
// under $XDG_CONFIG_HOME: it would open with a fresh one). mpsim's older
// choices in Fyne's per-user file (legacy) would no longer be found.
//
// A fynePrefs is safe for concurrent use.
type fynePrefs struct {
	path string
	// legacy are Fyne's per-user preferences, where mpsim kept its own
	// choices before (portalInside): a choice of mpsim's not made here
	// reads from there, as it did (Fyne's own keys, "fyne:…", never do).
	legacy fyne.Preferences
	// unsaved keeps the changes in memory only: the configuration
	// directory cannot be written (hostConfig.unwritable), and trying at
	// each change would only fail.
	unsaved   bool
	mu        sync.Mutex
	values    map[string]any // as JSON decodes them
	listeners []func()
}

var _ fyne.Preferences = (*fynePrefs)(nil)

// newFynePrefs reads the preferences kept in the configuration directory
// dir.
func newFynePrefs(dir string) *fynePrefs {
	p := &fynePrefs{path: filepath.Join(dir, FynePrefsFileName), values: map[string]any{}}
	if b, err := os.ReadFile(p.path); err == nil {
		var m map[string]any
		if json.Unmarshal(b, &m) == nil && m != nil {
			p.values = m
		}
	}
	return p
}

// configDirProvider gives a Fyne app the preferences kept in the
// configuration directory. A cloud provider is the one way Fyne 2.7 has to
// replace an app's preferences (fyne.App.SetCloudProvider, through
// fyne.CloudProviderPreferences): the app itself then answers
// Preferences() with them, for mpsim and for Fyne's widgets alike, and
// Fyne no longer saves its per-user file when the app stops. Fyne wrote
// that file there by truncating it and writing it again, whatever had
// changed; two hosts quitting or starting together read it half written
// ("Preferences load error: EOF") and every host, however isolated its
// configuration directory, rewrote a file in the user's home.
//
// Fyne still reads its per-user file once when the app is made
// (app.NewWithID), and that is where legacy comes from.
type configDirProvider struct{ prefs *fynePrefs }

var (
	_ fyne.CloudProvider            = configDirProvider{}
	_ fyne.CloudProviderPreferences = configDirProvider{}
)

// ProviderDescription implements fyne.CloudProvider.
func (configDirProvider) ProviderDescription() string {
	return "mpsim's configuration directory (MPSIM_CONFIG_DIR)"
}

// ProviderIcon implements fyne.CloudProvider.
func (configDirProvider) ProviderIcon() fyne.Resource { return nil }

// ProviderName implements fyne.CloudProvider.
func (configDirProvider) ProviderName() string { return "mpsim configuration directory" }

// Cleanup implements fyne.CloudProvider: nothing is held open.
func (configDirProvider) Cleanup(fyne.App) {}

// Setup implements fyne.CloudProvider: the file was read when the
// provider was made.
func (configDirProvider) Setup(fyne.App) error { return nil }

// CloudPreferences implements fyne.CloudProviderPreferences.
func (c configDirProvider) CloudPreferences(fyne.App) fyne.Preferences { return c.prefs }

// withConfigPrefs makes a's preferences, for mpsim and for Fyne's own
// widgets, those kept in the configuration directory dir, and returns a.
// Where dir cannot be written (save false) they are read from there and
// the changes last until the process ends.
func withConfigPrefs(a fyne.App, dir string, save bool) fyne.App {
	p := newFynePrefs(dir)
	p.legacy, p.unsaved = a.Preferences(), !save
	a.SetCloudProvider(configDirProvider{prefs: p})
	return a
}

func (p *fynePrefs) get(key string) (any, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.values[key]
	return v, ok
}

// set keeps value (nil removes key), writes the file (unless unsaved) and
// tells the listeners.
func (p *fynePrefs) set(key string, value any) {
	p.mu.Lock()
	if value == nil {
		delete(p.values, key)
	} else if b, err := json.Marshal(value); err == nil {
		var v any
		if json.Unmarshal(b, &v) == nil {
			p.values[key] = v // as read back from the file
		}
	}
	data, err := json.MarshalIndent(p.values, "", "  ")
	if err == nil && !p.unsaved && os.MkdirAll(filepath.Dir(p.path), 0o700) == nil {
		_ = workspace.WriteFileAtomic(p.path, append(data, '\n'), 0o600) // a lost folder choice is no harm
	}
	listeners := append([]func(){}, p.listeners...)
	p.mu.Unlock()
	for _, l := range listeners {
		l()
	}
}

// list returns the value of key as a list of what conv accepts.
func list[T any](p *fynePrefs, key string, fallback []T, conv func(any) (T, bool)) []T {
	v, ok := p.get(key)
	items, isList := v.([]any)
	if !ok || !isList {
		return fallback
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		x, ok := conv(it)
		if !ok {
			return fallback
		}
		out = append(out, x)
	}
	return out
}

func asBool(v any) (bool, bool) { b, ok := v.(bool); return b, ok }

func asFloat(v any) (float64, bool) { f, ok := v.(float64); return f, ok }

func asInt(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}

func asString(v any) (string, bool) { s, ok := v.(string); return s, ok }

func one[T any](p *fynePrefs, key string, fallback T, conv func(any) (T, bool)) T {
	v, ok := p.get(key)
	if !ok {
		return fallback
	}
	if x, ok := conv(v); ok {
		return x
	}
	return fallback
}

// Bool implements fyne.Preferences.
func (p *fynePrefs) Bool(key string) bool { return p.BoolWithFallback(key, false) }

// BoolWithFallback implements fyne.Preferences.
func (p *fynePrefs) BoolWithFallback(key string, fallback bool) bool {
	if _, ok := p.get(key); !ok && p.legacy != nil && !strings.HasPrefix(key, "fyne:") {
		return p.legacy.BoolWithFallback(key, fallback)
	}
	return one(p, key, fallback, asBool)
}

// SetBool implements fyne.Preferences.
func (p *fynePrefs) SetBool(key string, value bool) { p.set(key, value) }

// BoolList implements fyne.Preferences.
func (p *fynePrefs) BoolList(key string) []bool { return p.BoolListWithFallback(key, []bool{}) }

// BoolListWithFallback implements fyne.Preferences.
func (p *fynePrefs) BoolListWithFallback(key string, fallback []bool) []bool {
	return list(p, key, fallback, asBool)
}

// SetBoolList implements fyne.Preferences.
func (p *fynePrefs) SetBoolList(key string, value []bool) { p.set(key, value) }

// Float implements fyne.Preferences.
func (p *fynePrefs) Float(key string) float64 { return p.FloatWithFallback(key, 0) }

// FloatWithFallback implements fyne.Preferences.
func (p *fynePrefs) FloatWithFallback(key string, fallback float64) float64 {
	return one(p, key, fallback, asFloat)
}

// SetFloat implements fyne.Preferences.
func (p *fynePrefs) SetFloat(key string, value float64) { p.set(key, value) }

// FloatList implements fyne.Preferences.
func (p *fynePrefs) FloatList(key string) []float64 {
	return p.FloatListWithFallback(key, []float64{})
}

// FloatListWithFallback implements fyne.Preferences.
func (p *fynePrefs) FloatListWithFallback(key string, fallback []float64) []float64 {
	return list(p, key, fallback, asFloat)
}

// SetFloatList implements fyne.Preferences.
func (p *fynePrefs) SetFloatList(key string, value []float64) { p.set(key, value) }

// Int implements fyne.Preferences.
func (p *fynePrefs) Int(key string) int { return p.IntWithFallback(key, 0) }

// IntWithFallback implements fyne.Preferences.
func (p *fynePrefs) IntWithFallback(key string, fallback int) int {
	return one(p, key, fallback, asInt)
}

// SetInt implements fyne.Preferences.
func (p *fynePrefs) SetInt(key string, value int) { p.set(key, value) }

// IntList implements fyne.Preferences.
func (p *fynePrefs) IntList(key string) []int { return p.IntListWithFallback(key, []int{}) }

// IntListWithFallback implements fyne.Preferences.
func (p *fynePrefs) IntListWithFallback(key string, fallback []int) []int {
	return list(p, key, fallback, asInt)
}

// SetIntList implements fyne.Preferences.
func (p *fynePrefs) SetIntList(key string, value []int) { p.set(key, value) }

// String implements fyne.Preferences.
func (p *fynePrefs) String(key string) string { return p.StringWithFallback(key, "") }

// StringWithFallback implements fyne.Preferences.
func (p *fynePrefs) StringWithFallback(key, fallback string) string {
	return one(p, key, fallback, asString)
}

// SetString implements fyne.Preferences.
func (p *fynePrefs) SetString(key string, value string) { p.set(key, value) }

// StringList implements fyne.Preferences.
func (p *fynePrefs) StringList(key string) []string {
	return p.StringListWithFallback(key, []string{})
}

// StringListWithFallback implements fyne.Preferences.
func (p *fynePrefs) StringListWithFallback(key string, fallback []string) []string {
	return list(p, key, fallback, asString)
}

// SetStringList implements fyne.Preferences.
func (p *fynePrefs) SetStringList(key string, value []string) { p.set(key, value) }

// RemoveValue implements fyne.Preferences.
func (p *fynePrefs) RemoveValue(key string) { p.set(key, nil) }

// AddChangeListener implements fyne.Preferences.
func (p *fynePrefs) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

// ChangeListeners implements fyne.Preferences.
func (p *fynePrefs) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]func(){}, p.listeners...)
}
