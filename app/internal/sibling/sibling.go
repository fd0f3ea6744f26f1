// Package sibling finds and starts mpsim's helper executables: the portal
// window (mpsim-portal) and the host window (mpsim-host) are programs of
// their own so that the mpsim command line links neither WebKitGTK nor
// Fyne's GL and starts in milliseconds (issue 15). A helper is looked for
// next to the running executable (bin/ of a build, /usr/bin), then in
// ../libexec/mpsim relative to it (/usr/libexec/mpsim of the .deb).
package sibling

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// The helpers' file names.
const (
	Portal = "mpsim-portal"
	Host   = "mpsim-host"
)

// ErrNotFound says a helper is in none of the places Path looks.
var ErrNotFound = errors.New("not found")

// Path returns the helper name installed with the running executable.
func Path(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find own executable: %w", err)
	}
	if real, err := filepath.EvalSymlinks(self); err == nil {
		self = real
	}
	return find(filepath.Dir(self), name)
}

func find(dir, name string) (string, error) {
	for _, d := range []string{dir, filepath.Join(dir, "..", "libexec", "mpsim")} {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return filepath.Clean(p), nil
		}
	}
	return "", fmt.Errorf("%s: %w next to %s or in %s", name, ErrNotFound, dir, filepath.Join(filepath.Dir(dir), "libexec", "mpsim"))
}

// Exec replaces the running process with the helper name, run with args
// (without the program name) and the process's environment; it returns
// only on failure. The process keeps its id, its standard streams and its
// place in the process tree, so a script that waits for mpsim or kills it
// still reaches the program doing the work.
func Exec(name string, args []string) error {
	p, err := Path(name)
	if err != nil {
		return err
	}
	if err := syscall.Exec(p, append([]string{p}, args...), os.Environ()); err != nil {
		return fmt.Errorf("start %s: %w", p, err)
	}
	return nil
}
