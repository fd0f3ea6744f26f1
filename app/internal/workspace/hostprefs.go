package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
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
// A file that is not a JSON object is never read as "no choices" and then
// overwritten: it is kept aside as "host-prefs.json.corrupt-<time>" and
// said once (see KeepAsideCorruptHostPrefs; Open does it at start).
//
// A HostPrefs is safe for concurrent use.
type HostPrefs struct {
	path string
	// warn receives what went wrong with the file, once; NewHostPrefs
	// makes it standard error.
	warn   io.Writer
	mu     sync.Mutex
	warned bool
}

// NewHostPrefs returns the choices kept in the configuration directory dir.
// A corrupt file it comes upon is kept aside and said on standard error.
func NewHostPrefs(dir string) *HostPrefs {
	return &HostPrefs{path: filepath.Join(dir, HostPrefsFileName), warn: os.Stderr}
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
	m, ok := p.readOK()
	if !ok {
		return // a corrupt file that could not be kept aside stays as it is
	}
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
	m, _ := p.readOK()
	return m
}

// readOK returns the kept choices, and false when the file is corrupt and
// still there (it could not be kept aside). A corrupt file is kept aside
// and said once.
func (p *HostPrefs) readOK() (map[string]any, bool) {
	m, err := readHostPrefs(p.path)
	if err == nil {
		return m, true
	}
	notice, kept := keepAside(p.path, err)
	if notice != "" && !p.warned && p.warn != nil {
		p.warned = true
		fmt.Fprintln(p.warn, "mpsim: warning:", notice)
	}
	return map[string]any{}, kept
}

// readHostPrefs reads the choices in the file at path: none when it does
// not exist (or cannot be read); an error when it is not a JSON object.
func readHostPrefs(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return map[string]any{}, nil
	}
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		return map[string]any{}, err
	}
	if m == nil { // the file says null
		m = map[string]any{}
	}
	return m, nil
}

// KeepAsideCorruptHostPrefs looks at the host window's choices in the
// configuration directory dir and, when the file is not a JSON object
// (torn by a full disk, edited by hand), renames it to
// "host-prefs.json.corrupt-<time>" so that it is neither read as no
// choices nor overwritten by the next one. It returns what it did, for the
// user, or "" when the file is fine or absent.
func KeepAsideCorruptHostPrefs(dir string) string {
	path := filepath.Join(dir, HostPrefsFileName)
	if _, err := readHostPrefs(path); err != nil {
		notice, _ := keepAside(path, err)
		return notice
	}
	return ""
}

// keepAside renames the corrupt file at path (why: decodeErr) aside and
// says so; kept is false when it is still there.
func keepAside(path string, decodeErr error) (notice string, kept bool) {
	aside := fmt.Sprintf("%s.corrupt-%s", path, time.Now().UTC().Format("20060102T150405.000000000Z"))
	err := os.Rename(path, aside)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", true // another process kept it aside, and says so
	case err != nil:
		return fmt.Sprintf("%s is not readable (%v) and could not be kept aside (%v): the host window's choices (whether the portal opens inside it) are at their defaults until it is fixed or removed",
			path, decodeErr, unwrapPathError(err)), false
	}
	return fmt.Sprintf("%s was not readable (%v): it was kept as %s, and the host window's choices (whether the portal opens inside it) are back to their defaults",
		path, decodeErr, aside), true
}

// unwrapPathError returns the reason of a *fs.PathError or *os.LinkError
// without the paths, which the message already names.
func unwrapPathError(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteFileAtomic replaces path with data (mode perm) through a temporary
// file in the same directory and a rename: a reader sees the old file or
// the new one, never a part, and writers at once do not share a temporary
// file. A kill -9 mid-write leaves path as it was and the temporary file,
// named ".<name>.mpsim-*.tmp" after path's name; a later write of path
// removes those over an hour old (no write takes that long).
//
// Where path leads is OutputTarget's: a symbolic link is kept and the file
// it leads to is replaced; a device, a FIFO, a socket or /dev/stdout is
// written through (truncated, never renamed over: mpsim --junit /dev/full
// as root made /dev/full a regular file, and a reader of a named pipe
// waited forever), and a failed write of it is an error.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	target, through, err := OutputTarget(path)
	if err != nil {
		return err
	}
	if through {
		return writeThrough(target, data)
	}
	return replaceFile(target, data, perm)
}

// writeTemp writes data to the temporary file f (a test makes it fail).
var writeTemp = func(f *os.File, data []byte) (int, error) { return f.Write(data) }

// WriteError is a file WriteFileAtomic could not replace: Path is as it
// was before (the temporary file is removed).
type WriteError struct {
	Path string
	Err  error // the reason, without a path
}

func (e *WriteError) Error() string {
	what := "it was left as it was"
	if _, err := os.Lstat(e.Path); errors.Is(err, fs.ErrNotExist) {
		what = "nothing was written there"
	}
	return fmt.Sprintf("%s: %v%s; %s", e.Path, e.Err, DiskFullAdvice(e.Err), what)
}

func (e *WriteError) Unwrap() error { return e.Err }

// writeFailed is err, met replacing path, as a WriteError.
func writeFailed(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return &WriteError{Path: path, Err: err}
}

// DiskFullAdvice says what err, a failed write, means when the disk is full
// (ENOSPC), over its quota (EDQUOT) or the file over the process's size
// limit (EFBIG: ulimit -f), in words to add after it; "" otherwise.
func DiskFullAdvice(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return " (the disk is full or over its quota: free space, or write the file elsewhere)"
	case errors.Is(err, syscall.EFBIG):
		return " (the file size limit, ulimit -f, is too low for it)"
	}
	return ""
}

// replaceFile is WriteFileAtomic for path that is a regular file or none.
func replaceFile(path string, data []byte, perm os.FileMode) error {
	prefix := "." + filepath.Base(path) + ".mpsim-"
	f, err := os.CreateTemp(filepath.Dir(path), prefix+"*.tmp")
	if err != nil {
		return writeFailed(path, err)
	}
	tmp := f.Name()
	_, err = writeTemp(f, data)
	if err == nil {
		// On the disk before the rename: a crash or a full disk found
		// at write-back never leaves path empty.
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp, replacedMode(path, perm))
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return writeFailed(path, err)
	}
	removeStaleTemps(filepath.Join(globQuote(filepath.Dir(path)), globQuote(prefix)+"*.tmp"), time.Now().Add(-staleTemp))
	return nil
}

// replacedMode is the permission a file written by replaceFile gets: the
// one the file it replaces had (a report the user made private stays
// private), or for a new file perm less the process's umask, as
// os.WriteFile would give it. A desk with umask 077 got reports, HARs and
// JUnit files readable by everyone, with the device's identifiers in them.
func replacedMode(path string, perm os.FileMode) os.FileMode {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return fi.Mode().Perm()
	}
	return perm &^ processUmask()
}

// processUmask reads the process's file mode creation mask from
// /proc/self/status (Linux 4.7 and later), which, unlike umask(2), does
// not change it for a moment under the other goroutines' feet. Without
// it, 022 is assumed: the common default.
func processUmask() os.FileMode {
	const fallback = 0o022
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return fallback
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Umask:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
				return os.FileMode(m) & os.ModePerm
			}
		}
	}
	return fallback
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
