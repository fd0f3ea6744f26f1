package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// SymlinkLoopError is the error for a directory whose path is, or goes
// through, a symbolic link whose links never reach a directory (ELOOP; `ln
// -s loop loop`). os.MkdirAll says "file exists" for such a path, and
// reading it "too many levels of symbolic links", neither of which says
// what is wrong or what to do.
type SymlinkLoopError struct {
	What   string // What the directory is: "configuration directory".
	Dir    string // Dir is the directory.
	Link   string // Link is the looping link: Dir, or a directory above it.
	Target string // Target is what Link points to ("" when unreadable).
	Env    string // Env is the variable that moves the directory, if any.
}

// Error names the directory and the looping link and says what to do.
func (e *SymlinkLoopError) Error() string {
	msg := fmt.Sprintf("%s %s is a symbolic link loop", e.What, e.Dir)
	if e.Link != e.Dir {
		msg = fmt.Sprintf("%s %s is under %s, a symbolic link loop", e.What, e.Dir, e.Link)
	}
	link := e.Link
	if e.Target != "" {
		link += " → " + e.Target
	}
	msg += fmt.Sprintf(" (%s: following its links never reaches a directory; ELOOP, too many levels of symbolic links)", link)
	msg += fmt.Sprintf("; remove the link (rm %s) or point it at a directory (ln -sfn DIRECTORY %s)", e.Link, e.Link)
	if e.Env != "" {
		msg += ", or set " + e.Env + " to another directory"
	}
	return msg
}

// Unwrap returns syscall.ELOOP.
func (e *SymlinkLoopError) Unwrap() error { return syscall.ELOOP }

// SymlinkLoop returns a *SymlinkLoopError when dir, or a directory above
// it, is a symbolic link that following never ends (what names the
// directory in the message, env the variable that moves it, "" for none);
// nil otherwise. Call it on an error of making or reading dir.
func SymlinkLoop(what, dir, env string) error {
	var prefixes []string
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		prefixes = append(prefixes, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	for i := len(prefixes) - 1; i >= 0; i-- {
		p := prefixes[i]
		if _, err := os.Stat(p); errors.Is(err, syscall.ELOOP) {
			target, _ := os.Readlink(p)
			return &SymlinkLoopError{What: what, Dir: dir, Link: p, Target: target, Env: env}
		}
	}
	return nil
}
