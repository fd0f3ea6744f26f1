package workspace

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// HostPrefsFileName is the file in the configuration directory that keeps
// the host window's choices across restarts.
const HostPrefsFileName = "host-prefs.json"

// HostPrefs are the host window's choices kept across restarts (whether the
// portal opens inside the host), in HostPrefsFileName of a configuration
// directory, so that each configuration directory has its own, like its
// device and presets. The file is replaced whole and atomically: hosts
// running at once never leave it torn (the last choice wins). Fyne's own
// preferences file, shared by every mpsim on the machine, is rewritten in
// place, and a host reading it while another wrote it found it empty.
//
// A HostPrefs is safe for concurrent use.
type HostPrefs struct {
	path string
	mu   sync.Mutex
}

// NewHostPrefs returns the choices kept in the configuration directory dir.
func NewHostPrefs(dir string) *HostPrefs {
	return &HostPrefs{path: filepath.Join(dir, HostPrefsFileName)}
}

// BoolWithFallback returns the choice key, or fallback when none was made
// (or the file cannot be read).
func (p *HostPrefs) BoolWithFallback(key string, fallback bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.read()[key].(bool)
	if !ok {
		return fallback
	}
	return v
}

// SetBool keeps the choice key. A file that cannot be written loses the
// choice for the next start, never the session: the window shows it.
func (p *HostPrefs) SetBool(key string, value bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.read()
	m[key] = value
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(p.path), 0o700) == nil {
		_ = WriteFileAtomic(p.path, append(data, '\n'), 0o600)
	}
}

// read returns the kept choices; an unreadable file reads as none.
func (p *HostPrefs) read() map[string]any {
	m := map[string]any{}
	if data, err := os.ReadFile(p.path); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// WriteFileAtomic replaces path with data (mode perm) through a temporary
// file in the same directory and a rename: a reader sees the old file or
// the new one, never a part, and writers at once do not share a temporary
// file. A kill -9 mid-write leaves path as it was and the temporary file,
// named ".<name>.mpsim-*.tmp" after path's name; a later write of path
// removes those over an hour old (no write takes that long).
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	prefix := "." + filepath.Base(path) + ".mpsim-"
	f, err := os.CreateTemp(filepath.Dir(path), prefix+"*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	removeStaleTemps(filepath.Join(globQuote(filepath.Dir(path)), globQuote(prefix)+"*.tmp"), time.Now().Add(-staleTemp))
	return nil
}

// staleTemp is the age after which a temporary file of WriteFileAtomic is
// what a killed write left, not one in progress.
const staleTemp = time.Hour

// removeStaleTemps removes the files matching pattern last written before
// before.
func removeStaleTemps(pattern string, before time.Time) {
	matches, _ := filepath.Glob(pattern)
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(before) {
			_ = os.Remove(m)
		}
	}
}

// globQuote quotes the characters of s that filepath.Glob would read as a
// pattern.
func globQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
