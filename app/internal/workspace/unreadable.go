package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// UnreadableError is the error of a file in the configuration directory
// (the device, the presets, the operator profiles) that this process may
// not read: another user's file of mode 0600, say, in a configuration
// directory shared read-only. It says whose the file is, its mode, and how
// to share a configuration.
type UnreadableError struct {
	Path string
	// Err is the error of reading Path (fs.ErrPermission).
	Err    error
	reason string
	advice string
}

// Error says which file cannot be read, why, and what to do.
func (e *UnreadableError) Error() string {
	return fmt.Sprintf("cannot read %s: %s; %s", e.Path, e.reason, e.advice)
}

// Unwrap returns the error of reading the file.
func (e *UnreadableError) Unwrap() error { return e.Err }

// unreadable returns err, from reading the file at path, as an
// *UnreadableError when it is a permission error, unchanged otherwise.
func unreadable(path string, err error) error {
	if err == nil || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return unreadableFile(path, err, os.Geteuid())
}

// unreadableFile is the *UnreadableError of the file at path, which the
// user euid may not read (err), with the advice that fits: chmod helps
// only the owner; anyone else asks the owner to make the files readable,
// or copies the directory.
func unreadableFile(path string, err error, euid int) *UnreadableError {
	e := &UnreadableError{Path: path, Err: err, reason: "permission denied"}
	dir := filepath.Dir(path)
	e.advice = fmt.Sprintf("to share a configuration directory, its owner makes its files readable (chmod a+r %s/*), or you copy it (cp -r %s DIR) and set %s to the copy",
		dir, dir, ConfigDirEnv)
	fi, statErr := os.Stat(path)
	if statErr != nil {
		return e
	}
	owner := ownerOf(fi)
	if owner < 0 {
		return e
	}
	if owner == euid {
		e.reason = fmt.Sprintf("its mode %#o gives you, its owner, no read permission", fi.Mode().Perm())
		e.advice = fmt.Sprintf("make it readable (chmod u+r %s)", path)
		return e
	}
	e.reason = anotherUsers(owner, euid, fi)
	return e
}
