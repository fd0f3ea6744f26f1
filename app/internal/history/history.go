// Package history keeps every finished session — from the host window,
// `mpsim run` and the cells of `mpsim test` — on disk, so that the History
// tab lists the sessions of earlier runs too and can reopen, re-run, compare,
// export and delete them, and `mpsim history` lists, shows, exports, prunes
// and deletes them from a shell.
//
// Layout: one directory per session under the history directory, named by
// its ID (the UTC time it was saved, then random hex, so names sort by time
// and two processes never pick the same one; retention removes the oldest
// first, those dated after now before them, and never the session just
// saved):
//
//	<dir>/20261126T100000.000000000Z-1a2b3c4d/
//	    entry.json    what the list shows and what re-run needs (Entry)
//	    report.json   the session's JSON report, as `mpsim run --report` writes it,
//	                  its screenshot and HAR paths naming the copies under files/
//	    files/        the files the report names (screenshots, a HAR), copied
//
// A session is written into a hidden staging directory (.tmp-*), which its
// process holds an flock on, and renamed to its name when complete, so a
// reader sees a whole session or nothing. A kill -9 mid-save leaves only the
// staging directory, its flock gone with the process: the next start (Open)
// or save (Recover) finishes it when its entry.json, written last, is whole
// (the report and files are then whole too), and removes it otherwise.
// Deleting renames the directory away (.del-*) before removing it. Pruning
// (to the retention limit, or as Prune is told), recovering and deleting run
// under an flock on <dir>/.lock, so two hosts saving at once, or a prune
// while they save, never remove each other's sessions twice or half.
package history

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/internal/filelock"
	"mpsim/simulator"
)

// DefaultKeep is how many sessions the history keeps unless told otherwise
// (MPSIM_HISTORY_KEEP).
const DefaultKeep = 200

// File names inside a session's directory.
const (
	EntryFile  = "entry.json"
	ReportFile = "report.json"
	FilesDir   = "files"
	lockFile   = ".lock"
	tmpPrefix  = ".tmp-"
	delPrefix  = ".del-"
	// staleAfter is how old an unlocked staging directory without a whole
	// entry must be before it is removed: older than the moment between
	// its creation and its save's flock on it.
	staleAfter = time.Minute
	// maxAttachment caps one copied file (a screenshot, a HAR).
	maxAttachment = 64 << 20
)

// Sources: what ran the session.
const (
	SourceHost = "host window"
	SourceRun  = "mpsim run"
	SourceTest = "mpsim test"
)

// Launch is what re-run needs to open the same launch again: the launch
// request with its transactionId, the pinned certificates, the notification
// hosts and the lifecycle outcomes.
type Launch struct {
	SIM           simulator.SIMKind    `json:"sim,omitempty"`
	PortalURL     string               `json:"portalUrl,omitempty"`
	Market        string               `json:"market,omitempty"`
	Location      string               `json:"location,omitempty"`
	Languages     []string             `json:"languages,omitempty"`
	Generation    simulator.Generation `json:"generation,omitempty"`
	Extra         []simulator.Param    `json:"extra,omitempty"`
	TransactionID string               `json:"transactionId,omitempty"`
	Preset        string               `json:"preset,omitempty"`
	PhoneNumber   string               `json:"phoneNumber,omitempty"`
	CountryCode   string               `json:"countryCode,omitempty"`
	PreviousICCID bool                 `json:"previousIccid,omitempty"`
	Trusted       []Cert               `json:"trusted,omitempty"`
	NotifyHosts   []string             `json:"notifyHosts,omitempty"`
	Lifecycle     session.Lifecycle    `json:"lifecycle"`
	TimeoutMs     int64                `json:"timeoutMs,omitempty"`
	// Demo is what the built-in demo portal did in the session on its own
	// (a scenario's demo_choice, demo_api and demo_break_policies, or the
	// host's demo settings); nil when another portal served it, and in
	// entries saved before 2026-12-06, whose re-run gets the demo portal
	// of the window it runs in.
	Demo *Demo `json:"demo,omitempty"`
	// Steps are the scenario steps the session ran in the page (a cell
	// run from the Scenario tab or by `mpsim test`), for a re-run to run
	// them again. A value taken from the environment (value_env) is not
	// kept: the re-run reads its variable again. Entries saved before
	// 2026-12-06 have none, and their re-run is the bare launch.
	Steps []session.Step `json:"steps,omitempty"`
}

// Demo is what the built-in demo portal did in a session on its own.
type Demo struct {
	Choice string `json:"choice,omitempty"`
	API    string `json:"api,omitempty"`
	Break  bool   `json:"breakPolicies,omitempty"`
}

// Cert is a pinned certificate of a launch.
type Cert struct {
	PEM   string   `json:"pem"`
	Hosts []string `json:"hosts"`
}

// Entry is one saved session as the History tab lists it.
type Entry struct {
	ID       string    `json:"id"`
	Time     time.Time `json:"time"`
	Source   string    `json:"source"`
	Portal   string    `json:"portal"` // the portal's address, without the query
	Demo     bool      `json:"demo,omitempty"`
	Preset   string    `json:"preset,omitempty"`
	Scenario string    `json:"scenario,omitempty"`
	// Languages are the launch's languages, first the preferred one.
	Languages      []string          `json:"languages,omitempty"`
	SIM            simulator.SIMKind `json:"sim,omitempty"`
	Verdict        bridge.Verdict    `json:"verdict"`
	Ended          string            `json:"ended"`
	Findings       int               `json:"findings"`
	Errors         int               `json:"errors"`
	ExpectationMet *bool             `json:"expectationMet,omitempty"`
	// Cell is what the expectations of the `mpsim test` cell that ran
	// the session said of it, as the run reported the cell: its status
	// and each expectation, met or not. Nil for a session run otherwise
	// (the host window, `mpsim run`), which no scenario's expectations
	// judged, and in entries saved before 2026-12-08: the session's
	// export then shows no expectation of a scenario's (WriteHTML).
	Cell     *matrix.CellOutcome `json:"cell,omitempty"`
	PlanName string              `json:"planName,omitempty"`
	// Outcome is what the portal handed back, for the History row (see
	// OutcomeOf); "" in entries saved before it was kept.
	Outcome string `json:"outcome,omitempty"`
	// DurationMs is how long the session ran: from the window asked for to
	// the report's last entry (0 in entries saved before it was kept).
	// `mpsim test` starts the cells that took longest last time first.
	DurationMs float64 `json:"durationMs,omitempty"`
	Launch     Launch  `json:"launch"`
	// Files are the copied attachments, by their names under files/.
	Files []string `json:"files,omitempty"`
}

// Language is the preferred language of the launch, or "".
func (e Entry) Language() string {
	if len(e.Languages) == 0 {
		return ""
	}
	return e.Languages[0]
}

// Store is a history directory. Its methods are safe for concurrent use,
// also from several processes.
type Store struct {
	Dir string
	// Keep is the retention limit: after a save only the newest Keep
	// sessions stay. 0 or less means DefaultKeep.
	Keep int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Recovered is what Open finished or removed of the saves and
	// deletions a killed process left (see Recover), for the caller to
	// say.
	Recovered Recovery
	// LockWait bounds the wait for the history's lock; 0 means LockWait.
	LockWait time.Duration
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Store) keep() int {
	if s.Keep <= 0 {
		return DefaultKeep
	}
	return s.Keep
}

// Record is a session to save.
type Record struct {
	Entry  Entry
	Report session.Report
	// Files are paths of files to copy with the session; nil takes those
	// the report names (see Attachments).
	Files []string
}

// idTimeLayout is the form of the time that starts a session ID.
const idTimeLayout = "20060102T150405.000000000Z"

// newID returns a fresh session ID for t.
func newID(t time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand never fails on Linux
	return t.UTC().Format(idTimeLayout) + "-" + hex.EncodeToString(b)
}

// sessionName is the form of the names newID gives. Pruning takes only
// directories so named for sessions: a history directory pointed at a
// folder of the user's (MPSIM_HISTORY_DIR=~/work) once lost its oldest
// folders, whatever they held.
var sessionName = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9a-f]{8}$`)

// validID accepts the names Save gives, so an ID from a user or a file can
// never reach outside the history directory.
func validID(id string) bool {
	if id == "" || strings.HasPrefix(id, ".") || strings.ContainsAny(id, `/\`) || id != filepath.Base(id) {
		return false
	}
	return true
}

// Save writes rec as a new session and prunes the history to its retention
// limit. It returns the saved entry (ID, Time and Files filled in).
func (s *Store) Save(rec Record) (Entry, error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return Entry{}, s.dirErr(fmt.Errorf("history: create %s: %w", s.Dir, err))
	}
	e := rec.Entry
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	e.ID = newID(e.Time)
	tmp, err := os.MkdirTemp(s.Dir, tmpPrefix)
	if err != nil {
		return Entry{}, fmt.Errorf("history: %w", err)
	}
	// Held until the rename and past it (an flock belongs to the
	// directory, whatever its name): Recover leaves a locked staging
	// directory alone, and the lock ends with the process, kill -9 too.
	// Only Recover's probe of this directory, moments long, can hold it.
	l, err := filelock.AcquireDir(tmp, filelock.Forever)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return Entry{}, fmt.Errorf("history: lock %s: %w", filepath.Base(tmp), err)
	}
	defer l.Release()
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := s.stage(tmp, &e, rec); err != nil {
		// The staging directory goes (done is false): nothing of this
		// session stays, and the sessions saved before are untouched.
		return Entry{}, fmt.Errorf("%w; nothing of this session was kept in %s (the sessions saved before are as they were)", err, s.Dir)
	}
	if err := os.Rename(tmp, filepath.Join(s.Dir, e.ID)); err != nil {
		return Entry{}, fmt.Errorf("history: %w", err)
	}
	done = true
	syncDir(s.Dir)
	if err := s.prune(e.ID); err != nil {
		return e, err
	}
	return e, nil
}

// stage writes the session of rec into the staging directory tmp, synced:
// its attachments copied under files/ (e.Files names them), its report
// naming those copies, and e last.
func (s *Store) stage(tmp string, e *Entry, rec Record) error {
	files := rec.Files
	if files == nil {
		files = Attachments(rec.Report)
	}
	names, copied, err := copyFiles(filepath.Join(tmp, FilesDir), files)
	if err != nil {
		return err
	}
	e.Files = names
	// The stored report names the history's own copies, not the files it
	// was written with: the screenshot cache keeps only the newest
	// sessions, and reopen, compare and export follow the report's paths.
	final, err := filepath.Abs(filepath.Join(s.Dir, e.ID, FilesDir))
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	rep := withPaths(rec.Report, func(p string) string {
		if name, ok := copied[p]; ok {
			return filepath.Join(final, name)
		}
		return p
	})
	// A path that is not UTF-8 (the history's own directory, say) is
	// recorded losslessly (workspace.RecordedPath) and read back so.
	if err := writeJSONFile(filepath.Join(tmp, ReportFile), workspace.RecordPaths(rep)); err != nil {
		return err
	}
	if err := writeJSONFile(filepath.Join(tmp, EntryFile), *e); err != nil {
		return err
	}
	synced := []string{filepath.Join(tmp, ReportFile), filepath.Join(tmp, EntryFile), tmp}
	if len(e.Files) > 0 {
		synced = append(synced, filepath.Join(tmp, FilesDir))
		for _, name := range e.Files {
			synced = append(synced, filepath.Join(tmp, FilesDir, name))
		}
	}
	return syncAll(synced)
}

// writeJSONFile writes v as indented JSON to path (Save syncs it).
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("history: encode %s: %w", filepath.Base(path), err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("history: write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// copyFiles copies the regular files among paths into dir and returns
// their names there, and the name each path was first copied to. Missing
// files are skipped (a report may name a file that was never written); a
// name used twice gets a number.
func copyFiles(dir string, paths []string) ([]string, map[string]string, error) {
	var names []string
	copied := map[string]string{}
	used := map[string]bool{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxAttachment {
			continue
		}
		if len(names) == 0 {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, nil, fmt.Errorf("history: %w", err)
			}
		}
		name := freeName(p, used)
		used[name] = true
		if err := copyFile(filepath.Join(dir, name), p); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		if _, ok := copied[p]; !ok {
			copied[p] = name
		}
	}
	return names, copied, nil
}

// freeName is the name the file at path is copied to when the names in
// used are taken: its own, else numbered (shot-2.png). A name that is not
// valid UTF-8 gets '_' for each byte that is not, so that the entry (JSON)
// names the copy as it is on disk.
func freeName(path string, used map[string]bool) string {
	base := utf8Name(filepath.Base(path))
	name := base
	for i := 2; used[name]; i++ {
		ext := filepath.Ext(base)
		name = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), i, ext)
	}
	return name
}

// withPaths is workspace.WithPaths: each attachment path replaced by
// to(path), in the evidence too (it cited the screenshot cache, which is
// pruned, found by exploratory QA).
func withPaths(rep session.Report, to func(string) string) session.Report {
	return workspace.WithPaths(rep, to)
}

// ExportName is the file name Export HTML… offers for the session of e
// with report rep: its date and time, verdict and language, e.g.
// mpsim-session-2026-12-05-2019-pass-ja-JP.html (it was always
// mpsim-session.html).
func ExportName(e Entry, rep session.Report) string {
	at := e.Time
	if at.IsZero() {
		at = rep.Opened
	}
	if at.IsZero() {
		at = time.Now()
	}
	v := rep.Verdict
	if v == "" {
		v = e.Verdict
	}
	lang := e.Language()
	if lang == "" {
		lang, _, _ = strings.Cut(rep.Launch.Headers[simulator.HeaderAcceptLanguage], ",")
		lang, _, _ = strings.Cut(lang, ";")
	}
	parts := []string{"mpsim-session", at.Local().Format("2006-01-02-1504")}
	for _, p := range []string{string(v), lang} {
		if p = fileWord(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "-") + ".html"
}

// fileWord is s with what a file name should not hold left out: letters,
// digits, '-' and '.' stay.
func fileWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, strings.TrimSpace(s))
}

// utf8Name is name with '_' for each byte that is not UTF-8.
func utf8Name(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	var b strings.Builder
	for len(name) > 0 {
		r, n := utf8.DecodeRuneInString(name)
		if r == utf8.RuneError && n <= 1 {
			b.WriteByte('_')
		} else {
			b.WriteString(name[:n])
		}
		name = name[max(n, 1):]
	}
	return b.String()
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("history: copy %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("history: copy %s: %w", src, err)
	}
	_, cerr := io.Copy(out, io.LimitReader(in, maxAttachment))
	if err := errors.Join(cerr, out.Close()); err != nil {
		return fmt.Errorf("history: copy %s: %w", src, err)
	}
	return nil
}

// syncAll flushes the files and directories at paths to the disk, all at
// once: a session's half-dozen files then share journal commits instead of
// waiting for one each (BenchmarkSave: 3.2 ms a session with one after
// another, 2.1–2.4 ms so).
func syncAll(paths []string) error {
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := os.Open(p)
			if err == nil {
				err = errors.Join(f.Sync(), f.Close())
			}
			if err != nil {
				errs[i] = fmt.Errorf("history: sync %s: %w", filepath.Base(p), err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Attachments returns the files a report names: its screenshots and its
// HAR file. (It read them from the report's JSON, marshalled and parsed
// again into maps: 1–6 ms of a session's end for three paths.)
func Attachments(rep session.Report) []string {
	var out []string
	for _, s := range rep.Screenshots {
		if s.Path != "" {
			out = append(out, s.Path)
		}
	}
	if rep.HAR != "" {
		out = append(out, rep.HAR)
	}
	return out
}

// List returns the saved sessions, newest first. Directories that are not
// whole sessions (being written, being deleted, damaged) are left out;
// unreadable counts the damaged ones.
func (s *Store) List() (entries []Entry, unreadable int, err error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, s.dirErr(fmt.Errorf("history: %w", err))
	}
	for _, de := range des {
		if !de.IsDir() || !validID(de.Name()) {
			continue
		}
		e, err := s.entry(de.Name())
		if err != nil {
			unreadable++
			continue
		}
		entries = append(entries, e)
	}
	// Rows saved before entries kept what the portal handed back, or
	// before they said a failed download: their reports tell (upgrade).
	s.upgrade(entries)
	slices.SortFunc(entries, func(a, b Entry) int { return strings.Compare(b.ID, a.ID) })
	return entries, unreadable, nil
}

// Unreadable returns the IDs of the sessions whose entry cannot be read,
// which List leaves out (and counts), in ID order.
func (s *Store) Unreadable() ([]string, error) {
	des, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, s.dirErr(fmt.Errorf("history: %w", err))
	}
	var ids []string
	for _, de := range des {
		if !de.IsDir() || !validID(de.Name()) {
			continue
		}
		if _, err := s.entry(de.Name()); err != nil {
			ids = append(ids, de.Name())
		}
	}
	return ids, nil
}

// Entry reads one session's entry, brought up to date with its report
// when it was saved before entries kept what the portal handed back (see
// List).
func (s *Store) Entry(id string) (Entry, error) {
	e, err := s.entry(id)
	if err != nil {
		return Entry{}, err
	}
	one := []Entry{e}
	s.upgrade(one)
	return one[0], nil
}

// entry reads one session's entry as it is on disk.
func (s *Store) entry(id string) (Entry, error) {
	if !validID(id) {
		return Entry{}, fmt.Errorf("history: no session %q", id)
	}
	b, err := os.ReadFile(filepath.Join(s.Dir, id, EntryFile))
	if err != nil {
		return Entry{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return Entry{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	e.ID = id
	return e, nil
}

// Report reads one session's report.
func (s *Store) Report(id string) (session.Report, error) {
	if !validID(id) {
		return session.Report{}, fmt.Errorf("history: no session %q", id)
	}
	b, err := os.ReadFile(filepath.Join(s.Dir, id, ReportFile))
	if err != nil {
		return session.Report{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	var rep session.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return session.Report{}, fmt.Errorf("history: session %s: %w", id, err)
	}
	return s.ownCopies(id, workspace.ReadPaths(withDownloadFailure(rep))), nil
}

// ownCopies points rep's attachment paths at the session's copies under
// files/. Reports saved before Save rewrote them name the screenshot
// cache, which keeps only the newest sessions, and a history directory
// moved elsewhere names its old place: each path becomes the copy Save
// made of it, found as copyFiles named it (its base name, numbered when
// taken, only files that were copied taking a name). Paths without a copy
// are kept.
func (s *Store) ownCopies(id string, rep session.Report) session.Report {
	e, err := s.entry(id)
	if err != nil || len(e.Files) == 0 {
		return rep
	}
	kept := map[string]bool{}
	for _, name := range e.Files {
		kept[name] = true
	}
	copies := map[string]string{}
	used := map[string]bool{}
	for _, p := range Attachments(rep) {
		if _, ok := copies[p]; ok {
			continue
		}
		if name := freeName(p, used); kept[name] {
			used[name] = true
			copies[p] = s.FilePath(id, name)
		}
	}
	return withPaths(rep, func(p string) string {
		if c, ok := copies[p]; ok {
			return c
		}
		return p
	})
}

// FilePath is where a session's attachment name is kept.
func (s *Store) FilePath(id, name string) string {
	return filepath.Join(s.Dir, id, FilesDir, filepath.Base(name))
}

// Delete removes a session. Deleting one that is gone is not an error.
func (s *Store) Delete(id string) error {
	if !validID(id) {
		return fmt.Errorf("history: no session %q", id)
	}
	return s.locked(func() error { return s.remove(id) })
}

// remove renames a session away, so no reader sees it half removed, then
// removes it. The caller holds the lock.
func (s *Store) remove(id string) error {
	gone := filepath.Join(s.Dir, delPrefix+id)
	if err := os.Rename(filepath.Join(s.Dir, id), gone); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("history: delete %s: %w", id, err)
	}
	if err := os.RemoveAll(gone); err != nil {
		return fmt.Errorf("history: delete %s: %w", id, err)
	}
	return nil
}

// locked runs fn holding the history's lock (filelock, flock).
func (s *Store) locked(fn func() error) error {
	return s.lockedWithin(cmp.Or(s.LockWait, LockWait), fn)
}

// lockedWithin runs fn holding the history's lock, waiting up to wait for
// another holder.
func (s *Store) lockedWithin(wait time.Duration, fn func() error) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return s.dirErr(fmt.Errorf("history: %w", err))
	}
	// The lock is held for a save or a prune, milliseconds; a process that
	// holds it longer is stuck (or a user's flock), and waiting for it
	// without end hung mpsim run, mpsim test, history prune and the host
	// window after their sessions, saying nothing (crowd QA).
	l, err := filelock.Acquire(filepath.Join(s.Dir, lockFile), wait)
	var held *filelock.HeldError
	if errors.As(err, &held) {
		return fmt.Errorf("history: %w", err)
	}
	if err != nil {
		return fmt.Errorf("history: lock: %w", err)
	}
	defer l.Release()
	return fn()
}

// dirErr is err, an error of making or reading the history directory,
// unless the directory's path is a symbolic link loop (`ln -s loop
// loop`): mkdir says "file exists" for one, reading "too many levels of
// symbolic links"; the error then names the looping link and says what to
// do (workspace.SymlinkLoop).
func (s *Store) dirErr(err error) error {
	if !errors.Is(err, syscall.ELOOP) && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if loop := workspace.SymlinkLoop("history directory", s.Dir, settings.HistoryDir); loop != nil {
		return loop // "history directory …"
	}
	return err
}

// LockWait is how long a save, a prune or a deletion waits for another
// process's hold on the history's lock before it gives up.
const LockWait = filelock.DefaultWait

// prune keeps the newest Keep sessions, never the one just saved (saved,
// the caller's), and finishes or removes what saves and deletions killed
// mid-way left (see Recover). The oldest go first (pruneOrder).
func (s *Store) prune(saved string) error {
	return s.locked(func() error {
		s.recoverLocked()
		_, err := s.pruneLocked(PruneOptions{Keep: s.keep()}, saved)
		return err
	})
}

// pruneLocked removes the sessions o names, never spare, in pruneOrder,
// and returns their IDs. The caller holds the lock.
func (s *Store) pruneLocked(o PruneOptions, spare string) ([]string, error) {
	ids, err := s.sessionIDs()
	if err != nil {
		return nil, err
	}
	var (
		errs []error
		gone []string
	)
	n := len(ids)
	now := s.now()
	for _, id := range pruneOrder(ids, now) {
		if id == spare {
			continue
		}
		over := o.Keep >= 0 && n > o.Keep
		old := false
		if t, ok := idTime(id); ok && !o.Before.IsZero() {
			old = t.Before(o.Before)
		}
		if !over && !old {
			continue
		}
		n--
		if o.DryRun {
			gone = append(gone, id)
			continue
		}
		if err := s.remove(id); err != nil {
			errs = append(errs, err)
			continue
		}
		gone = append(gone, id)
	}
	return gone, errors.Join(errs...)
}

// sessionIDs are the names of the directories in the history that are
// named as Save names sessions: only those are pruned, resolved from a
// prefix or counted.
func (s *Store) sessionIDs() ([]string, error) {
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, s.dirErr(fmt.Errorf("history: %w", err))
	}
	var ids []string
	for _, de := range des {
		if name := de.Name(); de.IsDir() && validID(name) && sessionName.MatchString(name) {
			ids = append(ids, name)
		}
	}
	return ids, nil
}

// idTime is the time a session ID starts with, when it is one.
func idTime(id string) (time.Time, bool) {
	if len(id) < len(idTimeLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(idTimeLayout, id[:len(idTimeLayout)])
	return t, err == nil
}

// pruneOrder returns the session IDs in the order retention removes them:
// those dated after now first (no session can have been saved then: a
// clock that ran ahead, or a history copied from a machine whose clock
// did; before, they outlived every session saved here, and the session
// just saved was the oldest and went at once), then the others oldest
// first.
func pruneOrder(ids []string, now time.Time) []string {
	future := func(id string) bool {
		t, ok := idTime(id)
		return !ok || t.After(now)
	}
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b string) int {
		fa, fb := future(a), future(b)
		switch {
		case fa && !fb:
			return -1
		case fb && !fa:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// EntryFor describes a session that ran from plan, as Save records it.
func EntryFor(source string, plan workspace.Plan, rep session.Report) Entry {
	req := plan.Request
	l := req.Launch
	e := Entry{
		Source: source, Preset: plan.Preset, Scenario: plan.Scenario, Demo: plan.Demo,
		Portal: portalOf(rep.Launch), Languages: plan.Config.Languages, SIM: plan.Config.Device.Kind,
		Verdict: rep.Verdict, Ended: rep.Ended, Findings: len(rep.Findings), ExpectationMet: rep.ExpectationMet,
		Launch: Launch{
			SIM: l.SIM, PortalURL: l.PortalURL, Market: l.Market, Location: l.Location, Languages: l.Languages,
			Generation: l.Generation, Extra: l.Extra, TransactionID: l.TransactionID, Preset: l.Preset,
			PhoneNumber: l.PhoneNumber, CountryCode: l.CountryCode, PreviousICCID: l.PreviousICCID,
			NotifyHosts: req.NotifyHosts, Lifecycle: req.Lifecycle, TimeoutMs: req.Timeout.Milliseconds(),
		},
	}
	if e.Launch.TransactionID == "" {
		e.Launch.TransactionID, _ = rep.Launch.Param("transactionId")
	}
	e.Launch.Steps = keptSteps(req.Steps, rep)
	if d := plan.DemoRan; d != nil && plan.Demo {
		e.Launch.Demo = &Demo{Choice: d.Choice, API: d.API, Break: d.Break}
	}
	if e.SIM == "" {
		e.SIM = l.SIM
	}
	for _, c := range req.Trusted {
		e.Launch.Trusted = append(e.Launch.Trusted, Cert{PEM: c.PEM, Hosts: c.Hosts})
	}
	for _, f := range rep.Findings {
		if f.Severity == bridge.SeverityError {
			e.Errors++
		}
	}
	if rep.Result != nil {
		e.PlanName = rep.Result.PurchaseResult.PlanName
	}
	e.Outcome = OutcomeOf(rep)
	if n := len(rep.Log); n > 0 && !rep.Opened.IsZero() && rep.Log[n-1].At.After(rep.Opened) {
		e.DurationMs = float64(rep.Log[n-1].At.Sub(rep.Opened).Microseconds()) / 1000
	}
	return e
}

// No hand-back: the Outcome of a session whose portal handed nothing back.
const OutcomeNoHandBack = "no hand-back"

// RowOutcome is what the portal handed back in e's session, as a History
// row and `mpsim history list` say it: its Outcome, or, for an entry saved
// before entries kept one whose report could not be read (List and Entry
// fill it in from the report otherwise), OutcomeNoHandBack when the
// session did not end with a hand-back; "" when the entry cannot tell.
func (e Entry) RowOutcome() string {
	if e.Outcome != "" {
		return e.Outcome
	}
	if e.Ended != "" && e.Ended != session.EndedHandBack {
		return OutcomeNoHandBack
	}
	return ""
}

// OutcomeOf says in a few words what the portal handed back: the legacy
// hand-back's moDirectStatus (with "success false" when it says Complete
// and yet failed, and the step the customer left at when it is not
// Complete and a step says Bailed: "None (userAccount Bailed)"), else the
// last Mobile Plans call it made, else OutcomeNoHandBack; followed by the
// failed eSIM download, if the session's last one failed.
func OutcomeOf(rep session.Report) string {
	s := handedBack(rep)
	if f := rep.DownloadFailure; f != nil {
		s += ", eSIM download failed (" + f.Result + ")"
	}
	return s
}

// handedBack is OutcomeOf without the download.
func handedBack(rep session.Report) string {
	if r := rep.Result; r != nil {
		s := r.PurchaseResult.MoDirectStatus
		switch {
		case s == "":
			s = "no moDirectStatus"
		case s == "Complete" && !r.Success:
			s += " (success false)"
		}
		if step := bailedStep(r.PurchaseResult); step != "" && r.PurchaseResult.MoDirectStatus != "Complete" {
			s += " (" + step + " Bailed)"
		}
		return s
	}
	if n := len(rep.Calls); n > 0 {
		api := rep.Calls[n-1].API
		if i := strings.LastIndexByte(api, '.'); i >= 0 {
			api = api[i+1:]
		}
		return "called " + api
	}
	return OutcomeNoHandBack
}

// bailedStep names the first step of p that says Bailed, the one the
// flow stopped at (contract §2.7), or "".
func bailedStep(p bridge.PurchaseResult) string {
	for _, f := range []struct{ name, value string }{
		{"userAccount", p.UserAccount}, {"purchaseInstrument", p.PurchaseInstrument}, {"line", p.Line},
	} {
		if f.value == "Bailed" {
			return f.name
		}
	}
	return ""
}

// portalOf is the portal's address: the URL the launch parameters were
// appended to, else the launch URL without its query.
func portalOf(l simulator.Launch) string {
	if l.PortalURL != "" {
		return l.PortalURL
	}
	raw := l.URL
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i]
	}
	return raw
}

// Request is the session request that opens the entry's launch again: the
// same launch fields and transactionId, certificates, notification hosts,
// lifecycle outcomes, what the demo portal did on its own (a scenario
// cell's demo_* keys: Request.Demo) and the scenario's steps (a value_env
// step's value read from the environment now: MissingEnv). The window options (DevTools,
// placement, token) are the caller's.
func (e Entry) Request() workspace.Request {
	l := e.Launch
	req := workspace.Request{
		Launch: workspace.LaunchRequest{
			SIM: l.SIM, PortalURL: l.PortalURL, Market: l.Market, Location: l.Location,
			Languages: slices.Clone(l.Languages), Generation: l.Generation, Extra: slices.Clone(l.Extra),
			TransactionID: l.TransactionID, Preset: l.Preset, PhoneNumber: l.PhoneNumber,
			CountryCode: l.CountryCode, PreviousICCID: l.PreviousICCID,
		},
		NotifyHosts: slices.Clone(l.NotifyHosts), Lifecycle: l.Lifecycle,
		Timeout: time.Duration(l.TimeoutMs) * time.Millisecond,
	}
	for _, c := range l.Trusted {
		req.Trusted = append(req.Trusted, session.TrustedCert{PEM: c.PEM, Hosts: slices.Clone(c.Hosts)})
	}
	if d := l.Demo; d != nil && l.PortalURL == "" {
		req.Demo = &workspace.DemoSettings{Choice: d.Choice, API: d.API, Break: d.Break}
	}
	req.Steps = slices.Clone(l.Steps)
	for i, st := range req.Steps {
		if st.ValueEnv != "" {
			req.Steps[i].Value = os.Getenv(st.ValueEnv)
		}
	}
	return req
}

// keptSteps are steps as the history keeps them: without the values
// taken from the environment (value_env), which are never written, and
// with session.Masked for the value of each other secret fill — one the
// scenario made secret (a selector naming a password field) or whose
// field the session found a password field (workspace.SecretValues of
// the session's report rep), which no file holds either. The re-run of
// such an entry cannot fill it (MaskedSteps).
func keptSteps(steps []session.Step, rep session.Report) []session.Step {
	secrets := workspace.SecretValues(steps, rep)
	out := slices.Clone(steps)
	for i, st := range out {
		switch {
		case st.ValueEnv != "":
			out[i].Value = ""
		case st.Action == session.StepFill && st.Value != "" && (st.Secret || slices.Contains(secrets, st.Value)):
			out[i].Value, out[i].Secret = session.Masked, true
		}
	}
	return out
}

// MaskedSteps names the targets of the entry's fills whose secret value,
// written in the scenario (not value_env), the history did not keep
// (keptSteps): its re-run cannot fill them.
func (e Entry) MaskedSteps() []string {
	var out []string
	for _, st := range e.Launch.Steps {
		if st.Action == session.StepFill && st.Secret && st.ValueEnv == "" && st.Value == session.Masked && !slices.Contains(out, st.Target) {
			out = append(out, st.Target)
		}
	}
	return out
}

// MissingEnv names the environment variables the entry's steps take a
// value from (value_env) that are not set now: its re-run cannot fill
// them (Request leaves their values empty).
func (e Entry) MissingEnv() []string {
	var out []string
	for _, st := range e.Launch.Steps {
		if _, ok := os.LookupEnv(st.ValueEnv); st.ValueEnv != "" && !ok && !slices.Contains(out, st.ValueEnv) {
			out = append(out, st.ValueEnv)
		}
	}
	return out
}

// Recorder saves each session a workspace.Runner runs (see
// workspace.Recorder), labelled with Source.
type Recorder struct {
	Store  *Store
	Source string
}

// Record saves the session of plan and returns its ID.
func (r Recorder) Record(plan workspace.Plan, rep session.Report) (string, error) {
	if r.Store == nil {
		return "", nil
	}
	e, err := r.Store.Save(Record{Entry: EntryFor(r.Source, plan, rep), Report: rep})
	return e.ID, err
}

// RecordCell saves the session of a `mpsim test` cell, run from plan,
// with out, what the cell's expectations said of it (Entry.Cell), and
// returns its ID.
func (r Recorder) RecordCell(plan workspace.Plan, rep session.Report, out matrix.CellOutcome) (string, error) {
	if r.Store == nil {
		return "", nil
	}
	e := EntryFor(r.Source, plan, rep)
	e.Cell = &out
	saved, err := r.Store.Save(Record{Entry: e, Report: rep})
	return saved.ID, err
}

var (
	_ workspace.Replacer  = Recorder{}
	_ matrix.CellReplacer = Recorder{}
)

// Replace saves the session of plan again, whose report is rep, and then
// deletes its first entry id (workspace.Replacer: the report of a session
// whose profile did not fit on the saved eSIM, corrected after the first
// save), so that the history keeps one entry of it, the new one, or the
// first when the new one could not be saved. It returns the ID of the
// entry kept.
func (r Recorder) Replace(id string, plan workspace.Plan, rep session.Report) (string, error) {
	return r.replace(id, func() (string, error) { return r.Record(plan, rep) })
}

// ReplaceCell is Replace for the session of a `mpsim test` cell, saved
// again with out, what the cell's expectations said of it (RecordCell).
func (r Recorder) ReplaceCell(id string, plan workspace.Plan, rep session.Report, out matrix.CellOutcome) (string, error) {
	return r.replace(id, func() (string, error) { return r.RecordCell(plan, rep, out) })
}

// replace saves a session again (record) and then deletes its first
// entry id, as Replace says.
func (r Recorder) replace(id string, record func() (string, error)) (string, error) {
	newID, err := record()
	if err != nil {
		return id, err
	}
	if id != "" && id != newID {
		if err := r.Store.Delete(id); err != nil {
			return newID, fmt.Errorf("the session is saved again as %s, but its first entry %s is still there: %w", newID, id, err)
		}
	}
	return newID, nil
}
