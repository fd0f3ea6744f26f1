package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// Entries saved by an mpsim from before entries kept what the portal
// handed back (Entry.Outcome, added on 2026-12-05) have no outcome: their
// History rows said neither the hand-back's status nor, since rows name
// the plan of a purchase only, the plan. Their reports tell. List and
// Entry read the outcome from the report of such an entry (only the few
// fields it needs) and write it into the entry, once, so that later lists
// read small entries only, as they do for new ones: decoding 200 reports
// each time made listing 200 sessions 5–10 times slower.
//
// The entry is written as Save writes one, under the history's lock and
// atomically (a temporary file in the session's directory, synced, then
// renamed over entry.json, the directory synced), and changed as little
// as can be: the "outcome" (and, when it has none, "planName") field is
// added at its end; every other byte stays as the older mpsim wrote it,
// fields this mpsim does not know included, and that mpsim, which ignores
// fields it does not know, still reads the entry. A history that cannot
// be written (read-only, a full disk) or whose lock is held is left as it
// is: the outcome is then read from the reports at each list.
//
// A process killed (kill -9, a crash) between writing the temporary file
// and renaming it leaves the file, .entry.json.new-*, in the session's
// directory; the entry itself is whole, old or new. Such leftovers are
// removed under the history's lock, never outside it (removeStaleTemps):
// by the next upgrade of that entry, and by the tidying of what killed
// processes left that runs with the pruning after every save and with
// `mpsim history prune` (recoverLocked).

// upgradeWait bounds the wait for the history's lock to write the
// entries List brought up to date: the list does not wait for a stuck
// holder, and the entries are written at a later list.
const upgradeWait = 200 * time.Millisecond

// JSON names of the Entry fields an upgrade adds.
const (
	outcomeKey  = "outcome"
	planNameKey = "planName"
)

// upgrade brings entries, read as they are on disk from s, up to date
// with their reports when they were saved before entries kept an outcome
// or before rows said a failed download (UpgradeOutcome), and writes the
// first kind back (see above); best effort: an entry whose report cannot
// be read stays as it is.
func (s *Store) upgrade(entries []Entry) {
	var old []Entry
	for i := range entries {
		e := &entries[i]
		noOutcome := e.Outcome == ""
		if !noOutcome && !mayHaveFailedDownload(*e) {
			continue
		}
		rep, err := s.outcomeReport(e.ID)
		if err != nil {
			continue
		}
		if UpgradeOutcome(e, rep) && noOutcome {
			old = append(old, *e)
		}
	}
	if len(old) > 0 {
		_ = s.writeOutcomes(old)
	}
}

// outcomeFields are the parts of a saved report that OutcomeOf and
// DownloadFailureOf read: decoding only them takes half the time of the
// whole report.
type outcomeFields struct {
	Result *bridge.Result `json:"result"`
	Calls  []struct {
		API string `json:"api"`
	} `json:"calls"`
	DownloadFailure *session.DownloadFailure `json:"downloadFailure"`
	Log             []struct {
		Kind      session.EntryKind       `json:"kind"`
		Lifecycle *session.LifecycleEvent `json:"lifecycle"`
	} `json:"log"`
}

// outcomeReport reads, of session id's report, what OutcomeOf needs.
func (s *Store) outcomeReport(id string) (session.Report, error) {
	b, err := os.ReadFile(filepath.Join(s.Dir, id, ReportFile))
	if err != nil {
		return session.Report{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	var f outcomeFields
	if err := json.Unmarshal(b, &f); err != nil {
		return session.Report{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	rep := session.Report{Result: f.Result, DownloadFailure: f.DownloadFailure}
	for _, c := range f.Calls {
		rep.Calls = append(rep.Calls, session.CallRecord{API: c.API})
	}
	for _, e := range f.Log {
		if e.Kind == session.KindLifecycle {
			rep.Log = append(rep.Log, session.LogEntry{Kind: e.Kind, Lifecycle: e.Lifecycle})
		}
	}
	return rep, nil
}

// writeOutcomes writes the Outcome (and a PlanName an entry did not have)
// of each of entries into its entry.json, under the history's lock, each
// entry whole or not at all (see above). An entry that is gone, or that
// has an outcome by then (another process wrote it), is left.
func (s *Store) writeOutcomes(entries []Entry) error {
	wait := upgradeWait
	if s.LockWait > 0 {
		wait = min(wait, s.LockWait)
	}
	return s.lockedWithin(wait, func() error {
		var temps, finals, dirs []string
		defer func() {
			for _, t := range temps {
				if t != "" {
					_ = os.Remove(t) // not renamed
				}
			}
		}()
		var errs []error
		for _, e := range entries {
			dir := filepath.Join(s.Dir, e.ID)
			s.removeStaleTemps(dir)
			final := filepath.Join(dir, EntryFile)
			b, err := os.ReadFile(final)
			if err != nil {
				continue // deleted meanwhile
			}
			nb, ok := withFields(b, e)
			if !ok {
				continue
			}
			tmp, err := writeTemp(dir, nb)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			temps, finals, dirs = append(temps, tmp), append(finals, final), append(dirs, dir)
		}
		// Synced before the rename, all at once (syncAll): a crash leaves
		// the old entry or the new one, never an empty file.
		if err := syncAll(temps); err != nil {
			return errors.Join(append(errs, err)...)
		}
		for i := range temps {
			if err := os.Rename(temps[i], finals[i]); err != nil {
				errs = append(errs, fmt.Errorf("history: %w", err))
				continue
			}
			temps[i] = "" // renamed: nothing to remove
		}
		return errors.Join(append(errs, syncAll(dirs))...)
	})
}

// entryTempPrefix starts the name of the temporary file writeTemp writes
// an entry into before it is renamed over entry.json.
const entryTempPrefix = "." + EntryFile + ".new-"

// writeTemp writes b to a new hidden file in dir and returns its path.
func writeTemp(dir string, b []byte) (string, error) {
	f, err := os.CreateTemp(dir, entryTempPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	_, werr := f.Write(b)
	if err := errors.Join(werr, f.Close()); err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("history: write %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// removeStaleTemps removes from dir, a session's directory, the temporary
// entry files (entryTempPrefix) that an upgrade killed before its rename
// left, of those older than staleAfter; best effort. The caller holds the
// history's lock.
//
// Why that is safe: the only writer of such files, writeOutcomes, holds
// the history's lock from the file's creation to its rename or removal,
// so while the lock is held here no living process has one under way,
// and any such file is a dead process's. The file is left for staleAfter
// all the same, as recoverStaging spares a fresh staging directory: a
// history shared over a network file system may not pass the flock on to
// another machine (NFS mounted with local_lock), and a writer there that
// has just made its file must find it at its rename. Removing a leftover
// never harms the entry: it is renamed over entry.json only by the
// process that wrote it.
func (s *Store) removeStaleTemps(dir string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	now := s.now()
	for _, de := range des {
		if de.IsDir() || !strings.HasPrefix(de.Name(), entryTempPrefix) {
			continue
		}
		if fi, err := de.Info(); err == nil && now.Sub(fi.ModTime()) > staleAfter {
			_ = os.Remove(filepath.Join(dir, de.Name()))
		}
	}
}

// withFields is b, an entry.json without an outcome, with e's Outcome
// (and e's PlanName, when b has no plan name) added at its end, every
// other byte kept; false when b has an outcome already, or is no JSON
// object.
func withFields(b []byte, e Entry) ([]byte, bool) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil || len(keys) == 0 || e.Outcome == "" {
		return nil, false
	}
	if _, ok := keys[outcomeKey]; ok {
		return nil, false
	}
	add := [][2]string{{outcomeKey, e.Outcome}}
	if _, ok := keys[planNameKey]; !ok && e.PlanName != "" {
		add = append(add, [2]string{planNameKey, e.PlanName})
	}
	body := bytes.TrimRight(b, " \t\r\n")
	if !bytes.HasSuffix(body, []byte("}")) {
		return nil, false
	}
	var out bytes.Buffer
	out.Write(bytes.TrimRight(body[:len(body)-1], " \t\r\n"))
	for _, kv := range add {
		k, _ := json.Marshal(kv[0]) // a string always encodes
		v, _ := json.Marshal(kv[1])
		fmt.Fprintf(&out, ",\n  %s: %s", k, v)
	}
	out.WriteString("\n}\n")
	// The result must be the same object with the fields added.
	var check map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &check); err != nil || len(check) != len(keys)+len(add) {
		return nil, false
	}
	return out.Bytes(), true
}
