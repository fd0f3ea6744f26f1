package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"mpsim/internal/filelock"
)

// Recovery is what Recover did with the leftovers of saves and deletions
// that a kill (kill -9, a crash, a power cut) stopped mid-way.
type Recovery struct {
	// Finished are the IDs of sessions whose save was killed after the
	// session was whole but before it was in place; they now are.
	Finished []string
	// Removed counts the staging and deletion directories removed: saves
	// killed before their session was whole, deletions killed mid-way.
	Removed int
	// Err says why the history directory could not be looked at or
	// locked; nothing was changed then.
	Err error
}

// Recover finishes the saves that a killed process left whole in a staging
// directory (.tmp-*), removes those it left incomplete and the deletions
// (.del-*) it left half done. A staging directory whose process still runs
// is left alone: that process holds an flock on it until the session is in
// place. Recover touches nothing, and takes no lock, when the directory
// holds no leftover (or does not exist).
func (s *Store) Recover() Recovery {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Recovery{}
	}
	if err != nil {
		return Recovery{Err: s.dirErr(fmt.Errorf("history: %w", err))}
	}
	leftover := false
	for _, de := range des {
		if de.IsDir() && (strings.HasPrefix(de.Name(), tmpPrefix) || strings.HasPrefix(de.Name(), delPrefix)) {
			leftover = true
			break
		}
	}
	if !leftover {
		return Recovery{}
	}
	var r Recovery
	if err := s.locked(func() error { r = s.recoverLocked(); return nil }); err != nil {
		r.Err = err
	}
	return r
}

// recoverLocked is Recover; the caller holds the history's lock, so no
// deletion is under way. It also removes from each session's directory
// the temporary entry files an upgrade killed before its rename left
// (removeStaleTemps): it runs with the pruning after every save and with
// Prune, so they do not stay for good. (Recover, at each Open, runs it
// only when a staging or deletion directory is left, and so does not
// look into every session at each start.)
func (s *Store) recoverLocked() Recovery {
	var r Recovery
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		r.Err = s.dirErr(fmt.Errorf("history: %w", err))
		return r
	}
	for _, de := range des {
		name := de.Name()
		path := filepath.Join(s.Dir, name)
		switch {
		case !de.IsDir():
		case sessionName.MatchString(name):
			// An upgrade of its entry killed before its rename (see
			// removeStaleTemps); not counted: the entry is whole.
			s.removeStaleTemps(path)
		case strings.HasPrefix(name, delPrefix):
			if os.RemoveAll(path) == nil {
				r.Removed++
			}
		case strings.HasPrefix(name, tmpPrefix):
			id, removed := s.recoverStaging(path)
			if id != "" {
				r.Finished = append(r.Finished, id)
			}
			if removed {
				r.Removed++
			}
		}
	}
	return r
}

// recoverStaging finishes or removes the staging directory at path when no
// process holds it. It returns the ID of the session it put in place, or
// whether it removed the directory.
func (s *Store) recoverStaging(path string) (id string, removed bool) {
	l, err := filelock.AcquireDir(path, 0)
	if err != nil {
		return "", false // a save in progress (or gone meanwhile)
	}
	defer l.Release()
	if e, ok := wholeStaging(path); ok {
		// Synced as Save syncs it: a kill -9 leaves the files in the page
		// cache, a power cut may not have.
		synced := []string{filepath.Join(path, ReportFile), filepath.Join(path, EntryFile), path}
		for _, f := range e.Files {
			synced = append(synced, filepath.Join(path, FilesDir, filepath.Base(f)))
		}
		if syncAll(synced) == nil && os.Rename(path, filepath.Join(s.Dir, e.ID)) == nil {
			syncDir(s.Dir)
			return e.ID, false
		}
	}
	// Not whole: a save killed before it wrote its entry, or one that
	// has only just made the directory and not yet locked it.
	if fi, err := os.Stat(path); err != nil || s.now().Sub(fi.ModTime()) <= staleAfter {
		return "", false
	}
	return "", os.RemoveAll(path) == nil
}

// wholeStaging reads the entry of a staging directory and reports whether
// the session in it is whole: Save writes the entry last, so a whole entry
// naming a session ID, and a whole report beside it, make a whole session.
func wholeStaging(path string) (Entry, bool) {
	b, err := os.ReadFile(filepath.Join(path, EntryFile))
	if err != nil {
		return Entry{}, false
	}
	var e Entry
	if json.Unmarshal(b, &e) != nil || !sessionName.MatchString(e.ID) {
		return Entry{}, false
	}
	rep, err := os.ReadFile(filepath.Join(path, ReportFile))
	if err != nil || !json.Valid(rep) {
		return Entry{}, false
	}
	return e, true
}
