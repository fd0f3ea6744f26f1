package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
)

// PruneOptions say which sessions Store.Prune removes: those beyond the
// newest Keep, and those saved before Before. Sessions dated after now
// (a clock that ran ahead) are the first to go beyond Keep, as with the
// retention limit, and are never older than Before.
type PruneOptions struct {
	// Keep is how many sessions stay at most, the newest; below 0 there
	// is no such limit (only Before removes).
	Keep int
	// Before, unless zero, removes every session saved before it.
	Before time.Time
	// DryRun removes nothing: Prune only says what it would remove.
	DryRun bool
}

// PruneResult is what Store.Prune did.
type PruneResult struct {
	// Removed are the IDs of the sessions removed (with DryRun, those
	// that would be), in the order they went.
	Removed []string
	// Kept counts the sessions left.
	Kept int
	// Recovered is what Prune finished or removed of what a killed
	// process left (see Recover) before it pruned.
	Recovered Recovery
}

// Prune removes the sessions o names. It runs under the history's lock,
// as the pruning after each save does, so a host or `mpsim test` saving
// at the same time loses no session it has just saved and no session is
// removed twice or half: each goes by a rename away first (see Delete).
// A dry run changes nothing and takes no lock: it works in a history that
// cannot be written (a read-only file system) or whose lock another
// process holds, and says what a prune would remove at that moment.
// A history directory that does not exist has nothing to prune and is
// not made.
func (s *Store) Prune(o PruneOptions) (PruneResult, error) {
	if _, err := os.Stat(s.Dir); errors.Is(err, fs.ErrNotExist) {
		return PruneResult{}, nil
	}
	var res PruneResult
	prune := func() error {
		if !o.DryRun {
			res.Recovered = s.recoverLocked()
		}
		removed, err := s.pruneLocked(o, "")
		res.Removed = removed
		ids, lerr := s.sessionIDs()
		if lerr == nil {
			res.Kept = len(ids)
			if o.DryRun {
				res.Kept -= len(removed)
			}
		}
		return errors.Join(err, lerr)
	}
	if o.DryRun {
		return res, prune()
	}
	err := s.locked(prune)
	return res, err
}

// AmbiguousError is Resolve's error for a prefix that more than one
// session ID starts with.
type AmbiguousError struct {
	Prefix string
	// IDs are the sessions it names, newest first.
	IDs []string
}

func (e *AmbiguousError) Error() string {
	shown := e.IDs
	more := ""
	if len(shown) > 3 {
		shown, more = shown[:3], fmt.Sprintf(" and %d more", len(e.IDs)-3)
	}
	return fmt.Sprintf("%d sessions have an ID that starts with %q (%s%s); give more of the ID", len(e.IDs), e.Prefix, strings.Join(shown, ", "), more)
}

// ErrNoSession is wrapped by Resolve's error when no session has the ID.
var ErrNoSession = errors.New("no such session")

// Resolve returns the ID of the one session whose ID is id or starts with
// it, so that a user may type the start of an ID only. Only directories
// named as Save names sessions count (a history pointed at a folder of
// the user's never resolves to one of the user's folders). More than one
// match is an *AmbiguousError; none wraps ErrNoSession.
func (s *Store) Resolve(id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("history: give a session ID: %w", ErrNoSession)
	}
	ids, err := s.sessionIDs()
	if errors.Is(err, fs.ErrNotExist) {
		ids, err = nil, nil
	}
	if err != nil {
		return "", err
	}
	var found []string
	for _, name := range ids {
		if name == id {
			return name, nil
		}
		if strings.HasPrefix(name, id) {
			found = append(found, name)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("history: %w %q in %s", ErrNoSession, id, s.Dir)
	case 1:
		return found[0], nil
	}
	slices.Sort(found)
	slices.Reverse(found)
	return "", &AmbiguousError{Prefix: id, IDs: found}
}
