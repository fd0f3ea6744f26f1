package simulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"mpsim/internal/filelock"
)

// Store persists the simulated device as JSON in one file.
type Store struct {
	Path string // Path is the device file, normally DefaultStorePath().
	// Wait bounds the wait for another process's lock; 0 is LockWait.
	Wait time.Duration
}

// DefaultStorePath returns <user config dir>/mpsim/device.json (for example ~/.config/mpsim/device.json).
func DefaultStorePath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("device store: %w", err)
	}
	return filepath.Join(dir, "mpsim", "device.json"), nil
}

// Load reads the device. found is false, with a nil error, when the file does not exist. A file that
// cannot be decoded is never silently dropped: it is renamed aside to "<path>.corrupt-<timestamp>" and the
// returned error says where it was kept. Keys this mpsim does not know (a hand edit, a newer mpsim's
// field) are ignored, the device kept (LoadReporting names them). Stray temporary files left by an
// interrupted Save are ignored.
func (s Store) Load() (Device, bool, error) {
	d, found, _, err := s.LoadReporting()
	return d, found, err
}

// LoadReporting is Load, and also returns the keys of the file that this mpsim does not know, as paths
// ("bogus", "profiles[0].nickname"), which Load ignores (and the next Save drops), so that the user can
// be told: before, one such key made the whole file corrupt, and a new device replaced the user's.
func (s Store) LoadReporting() (Device, bool, []string, error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return Device{}, false, nil, nil
	}
	if err != nil {
		return Device{}, false, nil, fmt.Errorf("device store: read %s: %w", s.Path, err)
	}
	d, unknown, err := s.decode(data)
	return d, err == nil, unknown, err
}

// decode decodes data, the content of the device file, and returns the
// device with the keys it does not know; a file that is no device is moved
// aside (see Load) and the error says where.
func (s Store) decode(data []byte) (Device, []string, error) {
	var d Device
	dec := json.NewDecoder(bytes.NewReader(data))
	decErr := dec.Decode(&d)
	if decErr == nil && dec.More() {
		decErr = errors.New("trailing data after the JSON object")
	}
	if decErr == nil && !d.Kind.Valid() {
		decErr = fmt.Errorf("unknown device kind %q", d.Kind)
	}
	if decErr == nil {
		// Valid JSON but not a device: a session launched with "eid=&imei=".
		// A malformed identifier is kept (a test may want one); a missing
		// one makes no device.
		switch {
		case d.IMEI == "":
			decErr = errors.New("no IMEI")
		case d.Kind == KindESIM && d.EID == "":
			decErr = errors.New("an eSIM device with no EID")
		case d.Kind == KindPSIM && d.ICCID == "":
			decErr = errors.New("a physical-SIM device with no ICCID")
		}
	}
	if decErr == nil {
		var raw any
		if json.Unmarshal(data, &raw) == nil {
			return d, unknownJSONKeys(reflect.TypeFor[Device](), raw, ""), nil
		}
		return d, nil, nil
	}
	aside := fmt.Sprintf("%s.corrupt-%s", s.Path, time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.Rename(s.Path, aside); err != nil {
		return Device{}, nil, fmt.Errorf("device store: %s is corrupt (%v) and could not be moved aside: %w", s.Path, decErr, err)
	}
	return Device{}, nil, fmt.Errorf("device store: %s was corrupt (%v); it was kept as %s and a new device will be created", s.Path, decErr, aside)
}

// unknownJSONKeys returns the keys of v, a decoded JSON value at path, that
// a value of type t does not take, as encoding/json matches them (case
// ignored), sorted within each object.
func unknownJSONKeys(t reflect.Type, v any, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		list, _ := v.([]any)
		var out []string
		for i, e := range list {
			out = append(out, unknownJSONKeys(t.Elem(), e, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok || reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
			return nil // a time stamp, say, is no object of keys
		}
		return unknownObjectKeys(t, obj, path)
	}
	return nil
}

// unknownObjectKeys is unknownJSONKeys for obj, an object decoded into the
// struct type t.
func unknownObjectKeys(t reflect.Type, obj map[string]any, path string) []string {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[strings.ToLower(name)] = f.Type
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		at := k
		if path != "" {
			at = path + "." + k
		}
		ft, ok := fields[strings.ToLower(k)]
		if !ok {
			out = append(out, at)
			continue
		}
		out = append(out, unknownJSONKeys(ft, obj[k], at)...)
	}
	return out
}

// LockWait is how long lock waits by default for another process to
// release the device's lock.
const LockWait = filelock.DefaultWait

// LockPath is the lock file beside the device file. It is never removed:
// removing a lock file while another process waits on it would let two
// processes hold "the" lock at once.
func (s Store) LockPath() string { return s.Path + ".lock" }

// lock takes an exclusive advisory lock (filelock, flock) on LockPath,
// creating the directory (mode 0700) and the lock file (mode 0600) if
// needed, and returns its release. flock locks belong to the open file, so
// the lock also excludes other goroutines of this process that take it
// through another Store value; it is released if the process dies.
func (s Store) lock() (func(), error) {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return nil, fmt.Errorf("device store: %w", err)
	}
	// The lock is held for a read-modify-write, milliseconds; a process
	// that holds it longer is stuck (or a user's flock), and waiting for
	// it without end hung mpsim after its session, deaf to Ctrl+C.
	l, err := filelock.Acquire(s.LockPath(), cmp.Or(s.Wait, LockWait))
	var held *filelock.HeldError
	if errors.As(err, &held) {
		return nil, fmt.Errorf("device store: %w: the device was not read or saved", err)
	}
	if err != nil {
		return nil, fmt.Errorf("device store: lock: %w", err)
	}
	return l.Release, nil
}

// Locked is the device store while Update holds its lock: Load and Save
// without taking the lock again.
type Locked struct{ s Store }

// Load reads the device like Store.Load.
func (l Locked) Load() (Device, bool, error) { return l.s.Load() }

// LoadReporting reads the device like Store.LoadReporting.
func (l Locked) LoadReporting() (Device, bool, []string, error) { return l.s.LoadReporting() }

// Save writes the device like Store.Save.
func (l Locked) Save(d Device) error { return l.s.save(d) }

// Update runs fn while holding the store's lock, so that a read-modify-write
// of the device (load, change, save) by one process or goroutine cannot
// interleave with another's and lose its update. fn should be quick: other
// processes wait for it.
func (s Store) Update(fn func(Locked) error) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return fn(Locked{s})
}

// Save writes the device atomically, under the store's lock (see Update): it writes a temporary file in the same directory, syncs it, renames it
// over the device file (mode 0600) and syncs the directory, so a crash leaves either the old or the new
// file, never a partial one. The directory is created (mode 0700) if needed.
func (s Store) Save(d Device) error {
	return s.Update(func(l Locked) error { return l.Save(d) })
}

func (s Store) save(d Device) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("device store: encode: %w", err)
	}
	data = append(data, '\n')
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	target := fileBehind(s.Path)
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("device store: write %s: %w", tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("device store: sync %s: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("device store: close %s: %w", tmpName, err)
	}
	if err := os.Rename(tmpName, target); err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	ok = true
	if dh, err := os.Open(dir); err == nil { // best effort: make the rename durable
		_ = dh.Sync()
		dh.Close()
	}
	removeStaleTemps(target)
	return nil
}

// fileBehind follows path's symbolic links, link by link, to the file they
// lead to, so that a save replaces that file and keeps the links (a
// dotfiles manager's device.json, linked into the configuration directory,
// was replaced by a plain file and no longer updated); path itself when it
// is no link. A link to a missing file names that file.
func fileBehind(path string) string {
	p := path
	for range 40 { // more links than that is a loop: write path itself
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p
		}
		link, err := os.Readlink(p)
		if err != nil {
			return p
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return path
}

// staleTemp is the age after which a temporary device file is a leftover
// of a save killed mid-way (kill -9), not one in progress.
const staleTemp = time.Hour

// removeStaleTemps removes the temporary files of saves that never ended;
// it is called with the lock held, after a save.
func removeStaleTemps(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && time.Since(fi.ModTime()) > staleTemp {
			_ = os.Remove(m)
		}
	}
}
