// Package watch tells the developer loop when a portal changed: a directory
// of portal files (every file under it but hidden files and editors'
// temporaries, through fsnotify) or a portal URL (polled; the hash of that
// page's status and body alone: the scripts, style sheets and images it
// loads are not fetched, so a change to one of them behind an unchanged
// page is not seen). Bursts of changes — an editor's save writes several
// files — are reported once, after a quiet moment; a burst that leaves
// the files it touched as they were at the last report (a save in two
// writes, the second the same bytes: a formatter with nothing to change,
// an editor that writes again, a chmod after a rename) is not reported
// again, and Options.Say is told so once.
package watch

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"mpsim/bridge"
)

// DefaultQuiet is how long no change must follow the last one before it is
// reported.
const DefaultQuiet = 300 * time.Millisecond

// DefaultPoll is how often a URL is fetched.
const DefaultPoll = time.Second

// Options tune a watch; zero values take the defaults.
type Options struct {
	Quiet time.Duration
	Poll  time.Duration
	// Client fetches URLs; nil uses a client that accepts the portal's
	// self-signed certificate (a watch only compares bodies).
	Client *http.Client
	// Ignore are files and directories whose changes are not the portal's
	// (what mpsim itself writes there: the report, the HAR file, the
	// screenshots): a change of one of them, of a file under it or of a
	// temporary file it is written through (its "PATH.tmp", or the
	// ".NAME.mpsim-*.tmp" beside it that workspace.WriteFileAtomic renames
	// onto it) is not reported. Hidden files and editors' temporaries (vim's
	// swap files and "4913" probe, "~" backups, Emacs's "#auto-save#"
	// files …) never are.
	Ignore []string
	// Say, when not nil, is told in a plain line what the developer should
	// know while a URL is watched: that it does not answer yet (the dev
	// server is not up), and that it answers again.
	Say func(string)
	// polled, when not nil, is called after each fetch of a watched URL
	// with its error (tests wait on it instead of on a clock).
	polled func(error)
	// after, when not nil, replaces time.After for the quiet time of a
	// burst (tests fire it themselves instead of waiting on a clock).
	after func(time.Duration) <-chan time.Time
	// settled, when not nil, is called after each burst with whether it
	// was reported (tests wait on it).
	settled func(reported bool)
}

// Start watches target, a directory or an http(s) URL, until ctx ends, and
// calls onChange (from its own goroutine) after each burst of changes. A
// URL's change is a change of that page's status or body, not of what the
// page loads. It fails at once when target can be neither; a URL that does
// not answer yet is polled until it does (opts.Say is told), and one that
// stops answering is said once. A directory deleted or moved away (a build's
// rm -rf dist) is said, polled every opts.Poll until it is back, and
// watched again then: its return is a change.
func Start(ctx context.Context, target string, opts Options, onChange func()) error {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if IsURL(target) {
		return startURL(ctx, target, opts, onChange)
	}
	return startDir(ctx, target, opts, onChange)
}

// IsURL reports whether a watch target is a URL (polled), not a directory.
func IsURL(target string) bool {
	return strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://")
}

func startDir(ctx context.Context, dir string, opts Options, onChange func()) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("watch %s: not a directory (give the portal's directory or its URL)", dir)
	}
	// A directory named through a symbolic link is watched where it is:
	// the walk below does not follow a link, so it watched nothing.
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	if real, err = filepath.Abs(real); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	if err := addTree(w, real); err != nil {
		_ = w.Close()
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	changes := make(chan struct{}, 1)
	seen := newContents()
	root := &rootDir{given: dir, real: real}
	events := &dirEvents{w: w, ignored: ignorer(opts.Ignore), changes: changes, seen: seen, root: root, opts: opts}
	go events.forward(ctx)
	go debounce(ctx, changes, opts, seen, root.isGone, onChange)
	return nil
}

// rootDir is the directory Start watches: as the developer named it
// (given) and where it is (real: absolute, its symbolic links resolved).
// A build that starts with `rm -rf dist` deletes it, or moves it away,
// and makes it again: gone is set meanwhile (dirEvents), and no burst is
// reported then (debounce): there is no portal to run.
type rootDir struct {
	given string
	real  string // read and written by dirEvents.forward alone
	gone  atomic.Bool
}

// isGone reports whether the watched directory is gone (deleted or moved
// away) and not back yet.
func (r *rootDir) isGone() bool { return r.gone.Load() }

// StartFiles watches paths, files and directories given on the command
// line (the scenario files of `mpsim test`), until ctx ends, and calls
// onChange after each burst of changes of one of the files or of a file
// under one of the directories. A file is watched through its directory,
// so an editor that saves by writing a new file and renaming it onto the
// old one is seen; its neighbours' changes are not. It fails at once when
// a path does not exist.
func StartFiles(ctx context.Context, paths []string, opts Options, onChange func()) error {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch the scenario files: %w", err)
	}
	files := map[string]bool{} // the real paths of the files watched
	var trees []string         // the real paths of the directories watched
	for _, p := range paths {
		if err := addPath(w, p, files, &trees); err != nil {
			_ = w.Close()
			return err
		}
	}
	ignored := ignorer(opts.Ignore)
	ours := func(name string) bool {
		if ignored(name) {
			return false
		}
		r := realPath(name)
		if files[name] || files[r] {
			return true
		}
		for _, t := range trees {
			if r == t || strings.HasPrefix(r, t+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	changes := make(chan struct{}, 1)
	seen := newContents()
	events := &dirEvents{w: w, ignored: func(name string) bool { return !ours(name) }, changes: changes, seen: seen, opts: opts}
	go events.forward(ctx)
	go debounce(ctx, changes, opts, seen, nil, onChange)
	return nil
}

// addPath has w watch p: a directory's tree, appended to trees, or a file's
// directory, the file being put in files.
func addPath(w *fsnotify.Watcher, p string, files map[string]bool, trees *[]string) error {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return fmt.Errorf("watch %s: %w", p, err)
	}
	if real, err = filepath.Abs(real); err != nil {
		return fmt.Errorf("watch %s: %w", p, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return fmt.Errorf("watch %s: %w", p, err)
	}
	if info.IsDir() {
		*trees = append(*trees, real)
		if err := addTree(w, real); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		return nil
	}
	files[real] = true
	if err := w.Add(filepath.Dir(real)); err != nil {
		return fmt.Errorf("watch %s: %w", p, err)
	}
	return nil
}

// ignorer reports whether a changed path is no change of the portal: a
// hidden file or an editor's temporary (editorTemporary), one of paths, a
// file under one of them, or a temporary file one of them is written
// through (ownOutput).
func ignorer(paths []string) func(string) bool {
	var abs []string
	for _, p := range paths {
		if p == "" {
			continue
		}
		if a, err := filepath.Abs(p); err == nil {
			abs = append(abs, a)
			// The same file named through a symbolic link (the watched
			// directory, or the output's, is one): its real path too.
			if r := realPath(a); r != a {
				abs = append(abs, r)
			}
		}
	}
	return func(name string) bool {
		if editorTemporary(filepath.Base(name)) {
			return true
		}
		a, err := filepath.Abs(name)
		return err == nil && (ownOutput(abs, a) || ownOutput(abs, realPath(a)))
	}
}

// realPath is the absolute path a with the symbolic links of its
// directory resolved (the file itself may not exist yet, or any more); a
// when they cannot be.
func realPath(a string) string {
	dir, err := filepath.EvalSymlinks(filepath.Dir(a))
	if err != nil {
		return a
	}
	return filepath.Join(dir, filepath.Base(a))
}

// ownOutput reports whether the absolute path a is one of outputs (absolute
// paths), a file under one of them, or a temporary file one of them is
// written through: its "PATH.tmp" or an atomicTemp of it.
func ownOutput(outputs []string, a string) bool {
	for _, p := range outputs {
		if a == p || a == p+".tmp" || strings.HasPrefix(a, p+string(filepath.Separator)) || atomicTemp(p, a) {
			return true
		}
	}
	return false
}

// atomicTemp reports whether a is a temporary file workspace.WriteFileAtomic
// writes beside p and renames onto it: ".NAME.mpsim-RANDOM.tmp" in p's
// directory, NAME being p's. (TestAtomicTempIsTheWritersName checks it
// against the real writer.)
func atomicTemp(p, a string) bool {
	if filepath.Dir(a) != filepath.Dir(p) {
		return false
	}
	rest, ok := strings.CutPrefix(filepath.Base(a), "."+filepath.Base(p)+".mpsim-")
	return ok && strings.HasSuffix(rest, ".tmp")
}

// editorTemporary reports whether a file named name (no directory) is no
// portal file but a hidden file or one an editor writes beside the file it
// edits: vim's swap files (".app.js.swp", ".swo" …, hidden) and its
// "4913" probe (then 5036, 5159 …: 4913 plus a multiple of 123), backups
// ("app.js~", Emacs's "app.js.~1~"), Emacs's lock (".#app.js", hidden) and
// auto-save ("#app.js#") files, and JetBrains IDEs' safe-write files
// ("app.js___jb_tmp___", "app.js___jb_old___").
func editorTemporary(name string) bool {
	switch {
	case name == "" || name == "." || name == "..":
		return false
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"):
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return vimProbe(name)
}

// vimProbe reports whether name is one of the files vim creates and
// deletes to learn whether it may write in a directory: "4913", or if that
// exists 4913+123, 4913+246 … (vim's bufwrite.c).
func vimProbe(name string) bool {
	if len(name) < 4 || len(name) > 9 {
		return false
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= 4913 && (n-4913)%123 == 0
}

// addTree has w watch root and every directory under it, hidden ones
// (.git, editors' folders) aside. (Hidden files in the directories it
// watches are no change either: ignorer.)
func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a directory that vanished meanwhile
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != root {
				return filepath.SkipDir // .git and editors' folders
			}
			return w.Add(p)
		}
		return nil
	})
}

// dirEvents turns the events of w into changes: each event but a bare
// chmod and those of ignored paths signals changes and notes its path in
// seen, and the directories created meanwhile are watched too. With a root
// (Start's directory, not StartFiles' paths), the root's own removal or
// move is followed: opts.Say is told, the root is polled every opts.Poll
// until it is back, then it is watched again and that is a change.
type dirEvents struct {
	w       *fsnotify.Watcher
	ignored func(string) bool
	changes chan<- struct{}
	seen    *contents
	root    *rootDir // nil for StartFiles
	opts    Options
}

// forward handles w's events until ctx ends; then it closes w.
func (d *dirEvents) forward(ctx context.Context) {
	defer d.w.Close()
	var back <-chan time.Time // ticks while the root is gone
	var ticker *time.Ticker
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-d.w.Events:
			if !ok {
				return
			}
			if d.event(ev) && d.rootGone() {
				ticker = time.NewTicker(d.opts.Poll)
				back = ticker.C
			}
		case <-back:
			if d.rootBack(true) {
				ticker.Stop()
				ticker, back = nil, nil
			}
		case <-d.w.Errors:
		}
	}
}

// event handles one event of w; it reports whether the event says the
// root itself was removed or moved away (the caller follows that).
func (d *dirEvents) event(ev fsnotify.Event) bool {
	if d.root != nil {
		if d.root.isGone() {
			return false // a late event of the tree that went away
		}
		if ev.Name == d.root.real && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
			return true
		}
	}
	if d.ignored(ev.Name) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			_ = addTree(d.w, ev.Name)
		}
	}
	if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
		return false
	}
	d.seen.touched(ev.Name, ev.Has(fsnotify.Create))
	markChanged(d.changes)
	return false
}

// rootGone follows the removal (or move) of the root: it stops watching
// what is left of its tree (a tree moved away would go on reporting its
// files under their old names) and, unless the root is back already (rm
// -rf dist && mkdir dist), says it is gone; it reports whether the root
// must be polled until it is back.
func (d *dirEvents) rootGone() bool {
	d.root.gone.Store(true)
	for _, p := range d.w.WatchList() {
		_ = d.w.Remove(p)
	}
	if d.rootBack(false) {
		return false
	}
	say(d.opts, fmt.Sprintf("the watched folder %s is gone (deleted or moved away); waiting for it to come back (checking every %s): no run until then", d.root.given, d.opts.Poll))
	return true
}

// rootBack watches the root again, and reports a change, when it is a
// directory again; it reports whether it is. saidGone says opts.Say was
// told it was gone.
func (d *dirEvents) rootBack(saidGone bool) bool {
	info, err := os.Stat(d.root.given)
	if err != nil || !info.IsDir() {
		return false
	}
	real, err := filepath.EvalSymlinks(d.root.given)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err == nil {
		err = addTree(d.w, real)
	}
	if err != nil {
		for _, p := range d.w.WatchList() {
			_ = d.w.Remove(p)
		}
		return false // tried again at the next tick
	}
	d.root.real = real
	d.root.gone.Store(false)
	if saidGone {
		say(d.opts, fmt.Sprintf("the watched folder %s is back; watching it again", d.root.given))
	} else {
		say(d.opts, fmt.Sprintf("the watched folder %s was deleted and made again; watching it again", d.root.given))
	}
	// The files made before it was watched again sent no event: the
	// folder made again is the change.
	d.seen.touched(real, true)
	markChanged(d.changes)
	return true
}

// markChanged puts a change on changes unless one is pending already.
func markChanged(changes chan<- struct{}) {
	select {
	case changes <- struct{}{}:
	default:
	}
}

// pollClient is opts.Client, or a client that accepts the portal's
// self-signed certificate.
func pollClient(opts Options) *http.Client {
	if opts.Client != nil {
		return opts.Client
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // #nosec G402 -- only compares bodies of the developer's own portal
	}}
}

// AwaitAnswer is for a watched directory whose portal did not load: when
// target, the portal's http(s) URL, does not answer now (the dev server is
// not up yet, or restarting), it tells opts.Say so and polls target every
// opts.Poll until it answers, then tells opts.Say and calls onAnswer once,
// from its own goroutine. A portal that answers at once failed to load for
// another reason, which only a change of its files mends: AwaitAnswer
// then returns false and polls nothing. It stops when ctx ends.
func AwaitAnswer(ctx context.Context, target string, opts Options, onAnswer func()) bool {
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	client := pollClient(opts)
	_, err := fetchHash(ctx, client, target)
	if opts.polled != nil {
		opts.polled(err)
	}
	if err == nil || ctx.Err() != nil {
		return false
	}
	say(opts, fmt.Sprintf("%s does not answer (%s) — is your dev server running? The launch runs again when it answers (polling every %s) or when a file changes.", target, shortReason(err), opts.Poll))
	go poll(ctx, client, target, opts, func([32]byte) bool {
		say(opts, target+" answers now")
		onAnswer()
		return false
	}, nil)
	return true
}

func startURL(ctx context.Context, target string, opts Options, onChange func()) error {
	client := pollClient(opts)
	// A dev server that is not up yet is no reason to give up: the watch
	// polls until it answers, and its first answer is a change (the run
	// before it found no portal).
	first, err := fetchHash(ctx, client, target)
	answered := err == nil
	if opts.polled != nil {
		opts.polled(err)
	}
	if !answered {
		say(opts, noAnswerLine(target, err, opts.Poll))
	}
	changes := make(chan struct{}, 1)
	last := first
	down := false // it answered, then stopped answering
	go poll(ctx, client, target, opts, func(h [32]byte) bool {
		switch {
		case !answered:
			say(opts, fmt.Sprintf("watching %s: it answers now", target))
		case down && h == last:
			down = false
			say(opts, fmt.Sprintf("watching %s: it answers again, with the same page: not run again", target))
			return true // a portal restarting is not a change
		case down:
			say(opts, fmt.Sprintf("watching %s: it answers again, with another page", target))
		case h == last:
			return true
		}
		answered, down, last = true, false, h
		markChanged(changes)
		return true
	}, func(err error) {
		// A dev server that stops mid-loop (QA: nothing was said, and a
		// watched URL sees no change while it is down): said once.
		if answered && !down {
			down = true
			say(opts, fmt.Sprintf("watching %s: it does not answer any more (%s) — did your dev server stop? Polling every %s; the launch runs again when it answers with another page.", target, shortReason(err), opts.Poll))
		}
	})
	go debounce(ctx, changes, opts, nil, nil, onChange) // the poll compares the pages
	return nil
}

// poll fetches target every opts.Poll until ctx ends, telling opts.polled
// each fetch's error, and hands the hash of each answer to answered, which
// returns false to stop; a fetch that fails is no answer, and is handed to
// failed (nil: not) unless ctx ended.
func poll(ctx context.Context, client *http.Client, target string, opts Options, answered func([32]byte) bool, failed func(error)) {
	t := time.NewTicker(opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h, err := fetchHash(ctx, client, target)
			if opts.polled != nil {
				opts.polled(err)
			}
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				if failed != nil {
					failed(err)
				}
				continue
			}
			if !answered(h) {
				return
			}
		}
	}
}

// noAnswerLine says that target did not answer the first poll (err) and
// that the watch polls every poll; for https:// typed for a server that
// speaks plain http, what to try instead, since no amount of polling makes
// it answer.
func noAnswerLine(target string, err error, poll time.Duration) string {
	reason := shortReason(err)
	// target is the URL the user gave: the hint keeps all of it.
	if hint := bridge.PlainHTTPHint(target, err.Error()); hint != "" {
		return fmt.Sprintf("watching %s: no answer (%s): %s. Polling every %s.", target, reason, hint, poll)
	}
	return fmt.Sprintf("watching %s: no answer yet (%s) — is your dev server running? Polling every %s.", target, reason, poll)
}

// say tells opts.Say line, if there is one to tell.
func say(opts Options, line string) {
	if opts.Say != nil {
		opts.Say(line)
	}
}

// shortReason is the innermost message of err ("connection refused" for a
// refused dial), which says more to a developer than Go's whole chain.
func shortReason(err error) string {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}

// fetchHash returns the SHA-256 of target's status and body.
func fetchHash(ctx context.Context, client *http.Client, target string) ([32]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return [32]byte{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return [32]byte{}, err
	}
	defer resp.Body.Close()
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", resp.StatusCode)
	if _, err := io.Copy(h, io.LimitReader(resp.Body, 32<<20)); err != nil {
		return [32]byte{}, errors.New("read the page: " + err.Error())
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// debounce calls onChange once changes have been quiet for opts.Quiet,
// unless seen (nil for a URL, whose poll compares the pages itself) says
// that the burst left the files it touched as they were at the last call:
// then opts.Say is told so, once until the next call. While gone (nil: never)
// reports the watched directory gone, a burst is not reported and stays
// under way: what it touched is compared when the directory is back.
func debounce(ctx context.Context, changes <-chan struct{}, opts Options, seen *contents, gone func() bool, onChange func()) {
	after := opts.after
	if after == nil {
		after = time.After
	}
	var fire <-chan time.Time
	said := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-changes:
			fire = after(opts.Quiet) // a later change starts the quiet time again
		case <-fire:
			fire = nil
			if gone != nil && gone() {
				if opts.settled != nil {
					opts.settled(false)
				}
				continue
			}
			run := seen == nil || seen.changed()
			switch {
			case run:
				said = false
				onChange()
			case !said:
				said = true
				say(opts, "the files saved are unchanged since the last run (the same contents written again): not run again")
			}
			if opts.settled != nil {
				opts.settled(run)
			}
		}
	}
}

// contents are what the files a watch saw change held at the end of the
// last burst, to tell a burst that changed nothing (the same bytes written
// again) from one that did. Only files that changed are read, at the end
// of their burst, not the whole tree (a portal's node_modules).
type contents struct {
	mu    sync.Mutex
	burst map[string]bool      // the paths changed in this burst: created in it
	known map[string]fileState // what they held at the end of their last burst
}

// fileState is what a path held: nothing, a directory, or a file's bytes.
type fileState struct {
	absent, dir bool
	sum         [32]byte
}

func newContents() *contents {
	return &contents{burst: map[string]bool{}, known: map[string]fileState{}}
}

// touched notes a change of path in the burst under way; created says
// the path was made (a file written through a temporary is renamed away).
func (c *contents) touched(path string, created bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.burst[path] = c.burst[path] || created
}

// changed ends the burst and reports whether it changed anything: a file
// that now holds other bytes than at the end of its last burst, is new or
// is gone. A path seen for the first time counts as changed (what it held
// before is not known), unless it was made and is gone again within the
// burst: an editor's or formatter's temporary file.
func (c *contents) changed() bool {
	c.mu.Lock()
	burst := c.burst
	c.burst = map[string]bool{}
	c.mu.Unlock()
	changed := len(burst) == 0 // a change with no path: never skipped
	for path, created := range burst {
		now, ok := stateOf(path)
		old, known := c.known[path]
		switch {
		case !ok:
			changed = true
			delete(c.known, path)
			continue
		case known:
			changed = changed || now != old
		case !(created && now.absent):
			changed = true
		}
		c.known[path] = now
	}
	return changed
}

// stateOf is what path holds now; ok is false when it cannot be read.
func stateOf(path string) (fileState, bool) {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fileState{absent: true}, true
	case err != nil:
		return fileState{}, false
	case info.IsDir():
		return fileState{dir: true}, true
	case !info.Mode().IsRegular():
		// A symbolic link: what it names.
		target, err := os.Readlink(path)
		return fileState{sum: sha256.Sum256([]byte(target))}, err == nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fileState{}, false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fileState{}, false
	}
	var st fileState
	copy(st.sum[:], h.Sum(nil))
	return st, true
}

// Check says whether target can be watched, before anything starts: an
// existing directory or an http(s) URL.
func Check(target string) error {
	if IsURL(target) {
		return nil
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("--watch %s: %w", target, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("--watch %s: not a directory (give the portal's directory or its URL)", target)
	}
	return nil
}
