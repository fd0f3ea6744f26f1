package fontconf

import (
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The environment variables Apply reads and sets.
const (
	fileEnv = "FONTCONFIG_FILE"
	pathEnv = "FONTCONFIG_PATH"
	// ModeEnv set to "system" keeps the system's configuration.
	ModeEnv = "MPSIM_FONTCONFIG"
)

// Applied is what Apply did.
type Applied struct {
	File   string // the configuration given to FONTCONFIG_FILE; empty: the system's stays
	Reason string // why the system's configuration stays, when it does
}

// Apply points FONTCONFIG_FILE, for this process and every process it
// starts (WebKit's), at the pruned configuration, kept under cacheDir.
// It leaves the environment as it is when it already chooses a
// configuration (FONTCONFIG_FILE, FONTCONFIG_PATH), when MPSIM_FONTCONFIG
// is "system", or when nothing would be left out. Call it before GTK or
// WebKit start, with no other goroutine using the environment.
//
// Pruning reads the system's whole configuration and checks the result
// against it (Requests), about 70 ms; it is done again only when the
// configuration's files, the fontconfig caches (which change when fonts
// are installed) or fontconfig itself change. Otherwise Apply costs a few
// file system lookups.
func Apply(cacheDir string) (Applied, error) {
	if v := os.Getenv(fileEnv) + os.Getenv(pathEnv); v != "" {
		return Applied{Reason: "FONTCONFIG_FILE or FONTCONFIG_PATH is set"}, nil
	}
	if strings.EqualFold(os.Getenv(ModeEnv), "system") {
		return Applied{Reason: ModeEnv + "=system"}, nil
	}
	key, err := fingerprint(defaultMain)
	if err != nil {
		return Applied{Reason: err.Error()}, err
	}
	path := filepath.Join(cacheDir, "fontconfig-"+key+".conf")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = prune(path, defaultMain, sameFonts)
	}
	if err != nil {
		return Applied{Reason: err.Error()}, err
	}
	if len(data) == 0 {
		return Applied{Reason: "no conf.d file to leave out"}, nil
	}
	if err := os.Setenv(fileEnv, path); err != nil {
		return Applied{Reason: err.Error()}, fmt.Errorf("setting %s: %w", fileEnv, err)
	}
	return Applied{File: path}, nil
}

// defaultMain is where fontconfig's main file is on Debian, Ubuntu and
// Fedora. Asking fontconfig (FcConfigFilename) costs 7 ms, as it loads the
// configuration: prune asks it once and stores nothing to leave out when
// it says another file.
const defaultMain = "/etc/fonts/fonts.conf"

// prune plans the pruned configuration of main, checks it and stores it at
// path once check passes on it. An empty file there says the system's configuration stays: there is
// nothing to leave out, or its shape or a check said no (ErrNotPrunable,
// returned the first time); the next window processes then do not plan
// again until the fingerprint changes.
func prune(path, main string, check func(path string) error) ([]byte, error) {
	config, err := plan(main)
	if err == nil {
		err = store(path, config, check)
	}
	if errors.Is(err, ErrNotPrunable) {
		if err := store(path, nil, nil); err != nil {
			return nil, err
		}
		return nil, err
	}
	return config, err
}

// plan is the pruned configuration of main, or nil when nothing is left out.
func plan(main string) ([]byte, error) {
	sys, err := Load()
	if err != nil {
		return nil, err
	}
	if sys.Main != main {
		return nil, fmt.Errorf("%w: fontconfig reads %s, not %s", ErrNotPrunable, sys.Main, main)
	}
	plan, err := Prune(sys)
	if err != nil || len(plan.Skipped) == 0 {
		return nil, err
	}
	return plan.Config, nil
}

// fingerprint names the state pruning depends on: fontconfig's version, its
// main file, the conf.d files (names, sizes, times, link targets) and the
// fontconfig cache directories, whose files fontconfig rewrites when the
// fonts change.
func fingerprint(main string) (string, error) {
	h := fnv.New128a() // a cache key, not a secret: no crypto package in the window
	fmt.Fprintf(h, "fontconfig %d\n", version())
	data, err := os.ReadFile(main)
	if err != nil {
		return "", fmt.Errorf("reading fontconfig's configuration: %w", err)
	}
	fmt.Fprintf(h, "%s %d\n", main, len(data))
	h.Write(data)
	dirs := []string{filepath.Join(filepath.Dir(main), "conf.d"), "/var/cache/fontconfig"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".fontconfig"))
	}
	if cache, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(cache, "fontconfig"))
	}
	for _, dir := range dirs {
		listDir(h, dir)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// listDir writes what dir holds to w: each entry's name, size, time and
// link target.
func listDir(w io.Writer, dir string) {
	entries, err := os.ReadDir(dir)
	fmt.Fprintf(w, "dir %s %v\n", dir, err != nil)
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		target, _ := os.Readlink(path)
		var size, mtime int64
		if info, err := os.Stat(path); err == nil {
			size, mtime = info.Size(), info.ModTime().UnixNano()
		}
		fmt.Fprintf(w, "%s %d %d %s\n", e.Name(), size, mtime, strings.ReplaceAll(target, "\n", " "))
	}
}

// sameFonts checks that the configuration in file gives every request of
// Requests what the system's gives.
func sameFonts(file string) error {
	diffs, err := Differences(file, Requests())
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%w: %d requests would get another font, like %s", ErrNotPrunable, len(diffs), diffs[0])
	}
	return nil
}

// store writes config at path once check passes on it (no check for an
// empty config), through a file renamed into place, so that window
// processes running at once never read half of one.
func store(path string, config []byte, check func(path string) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("writing the fontconfig configuration: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".fontconfig-*.conf")
	if err != nil {
		return fmt.Errorf("writing the fontconfig configuration: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if _, err := tmp.Write(config); err != nil {
		tmp.Close()
		return fmt.Errorf("writing the fontconfig configuration: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the fontconfig configuration: %w", err)
	}
	if len(config) > 0 {
		if err := check(tmp.Name()); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the fontconfig configuration: %w", err)
	}
	return nil
}
