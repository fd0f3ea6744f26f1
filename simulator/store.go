package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Store persists the simulated device as JSON in one file.
type Store struct {
	Path string // Path is the device file, normally DefaultStorePath().
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
// returned error says where it was kept. Stray temporary files left by an interrupted Save are ignored.
func (s Store) Load() (Device, bool, error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return Device{}, false, nil
	}
	if err != nil {
		return Device{}, false, fmt.Errorf("device store: read %s: %w", s.Path, err)
	}
	var d Device
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	decErr := dec.Decode(&d)
	if decErr == nil && dec.More() {
		decErr = errors.New("trailing data after the JSON object")
	}
	if decErr == nil && !d.Kind.Valid() {
		decErr = fmt.Errorf("unknown device kind %q", d.Kind)
	}
	if decErr == nil {
		return d, true, nil
	}
	aside := fmt.Sprintf("%s.corrupt-%s", s.Path, time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.Rename(s.Path, aside); err != nil {
		return Device{}, false, fmt.Errorf("device store: %s is corrupt (%v) and could not be moved aside: %w", s.Path, decErr, err)
	}
	return Device{}, false, fmt.Errorf("device store: %s was corrupt (%v); it was kept as %s and a new device will be created", s.Path, decErr, aside)
}

// Save writes the device atomically: it writes a temporary file in the same directory, syncs it, renames it
// over the device file (mode 0600) and syncs the directory, so a crash leaves either the old or the new
// file, never a partial one. The directory is created (mode 0700) if needed.
func (s Store) Save(d Device) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("device store: encode: %w", err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.Path)+".tmp-*")
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
	if err := os.Rename(tmpName, s.Path); err != nil {
		return fmt.Errorf("device store: %w", err)
	}
	ok = true
	if dh, err := os.Open(dir); err == nil { // best effort: make the rename durable
		_ = dh.Sync()
		dh.Close()
	}
	return nil
}
