package watch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"mpsim/app/internal/workspace"
)

func waitCount(t *testing.T, n *atomic.Int32, want int32) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if n.Load() >= want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("changes reported = %d, want %d", n.Load(), want)
}

// countChanges watches target (Start) with opts until the test ends and
// returns the count of the changes it reports.
func countChanges(t *testing.T, target string, opts Options) *atomic.Int32 {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var n atomic.Int32
	if err := Start(ctx, target, opts, func() { n.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return &n
}

// staysAt waits d, long enough for the watch to report what was done, and
// stops the test unless the changes reported are still want: what was
// done (named by what) was no change.
func staysAt(t *testing.T, n *atomic.Int32, want int32, d time.Duration, what string) {
	t.Helper()
	time.Sleep(d)
	if got := n.Load(); got != want {
		t.Fatalf("%s: changes reported = %d, want %d", what, got, want)
	}
}

// mkdirAll makes the directory dir and its parents.
func mkdirAll(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestDirectoryBurstIsOneChange(t *testing.T) {
	dir := t.TempDir()
	mkdirAll(t, filepath.Join(dir, "css"))
	n := countChanges(t, dir, Options{Quiet: 100 * time.Millisecond})
	// An editor's save: three writes in a burst, one in a subdirectory.
	for i, name := range []string{"index.html", "app.js", "css/site.css"} {
		write(t, filepath.Join(dir, name), fmt.Sprint(i))
	}
	waitCount(t, n, 1)
	staysAt(t, n, 1, 300*time.Millisecond, "a burst of three writes")
	// A new directory is watched too.
	mkdirAll(t, filepath.Join(dir, "img"))
	time.Sleep(200 * time.Millisecond)
	write(t, filepath.Join(dir, "img", "logo.svg"), "<svg/>")
	waitCount(t, n, 3)
}

func TestURLChangeIsReportedAndSameBodyIsNot(t *testing.T) {
	var body atomic.Value
	body.Store("v1")
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, body.Load())
	}))
	defer srv.Close()
	n := countChanges(t, srv.URL, Options{Quiet: 20 * time.Millisecond, Poll: 20 * time.Millisecond})
	staysAt(t, n, 0, 150*time.Millisecond, "an unchanged page")
	body.Store("v2")
	waitCount(t, n, 1)
}

func TestStartRefusesWhatItCannotWatch(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.html")
	write(t, file, "")
	for _, target := range []string{"/does/not/exist", file} {
		if err := Start(context.Background(), target, Options{}, func() {}); err == nil {
			t.Errorf("Start(%q) = nil, want an error", target)
		}
	}
}

// What mpsim writes in the watched directory (the report, through its
// .tmp, the HAR file, screenshots) is no change; the portal's files still
// are.
func TestIgnoredOutputsAreNoChange(t *testing.T) {
	dir := t.TempDir()
	shots := filepath.Join(dir, "shots")
	mkdirAll(t, shots)
	report := filepath.Join(dir, "report.json")
	n := countChanges(t, dir, Options{Quiet: 50 * time.Millisecond, Ignore: []string{report, "", shots}})
	for _, p := range []string{report + ".tmp", filepath.Join(shots, "first-paint.png")} {
		write(t, p, "x")
	}
	if err := os.Rename(report+".tmp", report); err != nil {
		t.Fatal(err)
	}
	staysAt(t, n, 0, 300*time.Millisecond, "mpsim's own outputs")
	write(t, filepath.Join(dir, "report.json.bak"), "x")
	waitCount(t, n, 1)
}

// The report and the HAR file are written through workspace.WriteFileAtomic:
// a temporary file beside them, renamed onto them. Written inside the
// watched directory, neither is a change (before, each write of the report
// ran the session again, without end); a portal file written the same way
// still is.
func TestAtomicWritesOfOutputsAreNoChange(t *testing.T) {
	dir := t.TempDir()
	report, har := filepath.Join(dir, "report.json"), filepath.Join(dir, "out", "session.har")
	mkdirAll(t, filepath.Dir(har))
	n := countChanges(t, dir, Options{Quiet: 50 * time.Millisecond, Ignore: []string{report, har}})
	for range 3 { // written again after each run
		for _, p := range []string{report, har} {
			if err := workspace.WriteFileAtomic(p, []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	staysAt(t, n, 0, 300*time.Millisecond, "the report and HAR file written atomically")
	if err := workspace.WriteFileAtomic(filepath.Join(dir, "index.html"), []byte("<p>edited</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitCount(t, n, 1)
}

// The watched directory named through a symbolic link and the report by
// its real path, or the other way round: the report is still mpsim's own
// output, not a change (before, each run's report ran the session again).
func TestOutputsThroughASymlinkAreNoChange(t *testing.T) {
	for _, tc := range []struct{ name, watchVia, reportVia string }{
		{"watched through a link", "link", "real"},
		{"report through a link", "real", "link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			real := filepath.Join(base, "portal")
			if err := os.Mkdir(real, 0o755); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(base, "link")
			if err := os.Symlink(real, link); err != nil {
				t.Fatal(err)
			}
			via := map[string]string{"real": real, "link": link}
			report := filepath.Join(via[tc.reportVia], "report.json")
			n := countChanges(t, via[tc.watchVia], Options{Quiet: 50 * time.Millisecond, Ignore: []string{report}})
			for range 2 {
				if err := workspace.WriteFileAtomic(report, []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			staysAt(t, n, 0, 300*time.Millisecond, "the report written through another name of the directory")
			write(t, filepath.Join(real, "index.html"), "<p>edited</p>")
			waitCount(t, n, 1)
		})
	}
}

// ownOutput ignores the atomic writer's temporaries only beside an output,
// not everywhere.
func TestOwnOutput(t *testing.T) {
	dir := t.TempDir()
	outputs := []string{filepath.Join(dir, "report.json"), filepath.Join(dir, "shots")}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"report.json", true},
		{"report.json.tmp", true},
		{".report.json.mpsim-1234567.tmp", true},
		{"shots/first-paint.png", true},
		{"shots/.first-paint.png.mpsim-1.tmp", true},
		{".shots.mpsim-1.tmp", true},
		{"report.json.bak", false},
		{"app.js", false},
		{".app.js.mpsim-1234567.tmp", false}, // not an output's
		{"sub/.report.json.mpsim-1234567.tmp", false},
		{".report.json.mpsim-1234567.tmp.bak", false},
		{"shots-old/x.png", false},
	} {
		if got := ownOutput(outputs, filepath.Join(dir, tc.path)); got != tc.want {
			t.Errorf("ownOutput(%s) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// Hidden files and the files editors write beside the one being edited
// are no portal files; names that merely look alike are.
func TestEditorTemporary(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{".app.js.swp", true}, // vim's swap file
		{".app.js.swo", true},
		{".app.js.swx", true},
		{"4913", true},           // vim's probe of the directory
		{"5036", true},           // the next one, when 4913 exists
		{"app.js~", true},        // vim's and Emacs's backup
		{"app.js.~1~", true},     // Emacs's numbered backup
		{".#app.js", true},       // Emacs's lock
		{"#app.js#", true},       // Emacs's auto-save
		{".mpsim-123.tmp", true}, // workspace.WriteFileAtomic's
		{".DS_Store", true},
		{"app.js___jb_tmp___", true}, // JetBrains IDEs' safe write
		{"app.js___jb_old___", true},
		{"app.js", false},
		{"index.html", false},
		{"style.css", false},
		{"4913.js", false},
		{"4912", false},
		{"5000", false},
		{"404", false},
		{"#", false},
		{"#anchor.html", false},
		{"a~b.html", false},
		{"", false},
	} {
		if got := editorTemporary(tc.name); got != tc.want {
			t.Errorf("editorTemporary(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// An editor's save in the watched directory is one change: its swap, probe,
// backup and auto-save files are none, before the save or after it.
func TestEditorTemporariesAreNoChange(t *testing.T) {
	dir := t.TempDir()
	n := countChanges(t, dir, Options{Quiet: 50 * time.Millisecond})
	save := func(name string) {
		t.Helper()
		write(t, filepath.Join(dir, name), "x")
	}
	remove := func(name string) {
		t.Helper()
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	// Opening app.js in vim and Emacs, editing it a while.
	for _, name := range []string{".app.js.swp", ".app.js.swx", ".#app.js", "#app.js#"} {
		save(name)
	}
	remove(".app.js.swx")
	// vim's save: the probe, then the backup.
	save("4913")
	remove("4913")
	save("app.js~")
	staysAt(t, n, 0, 300*time.Millisecond, "editors' temporaries")
	save("app.js")
	waitCount(t, n, 1)
	// Quitting the editors.
	for _, name := range []string{".app.js.swp", ".#app.js", "#app.js#", "app.js~"} {
		remove(name)
	}
	staysAt(t, n, 1, 300*time.Millisecond, "editors' temporaries removed after the save")
}

// Every file workspace.WriteFileAtomic creates to write an output is the
// output or one of its temporaries by name (ownOutput), not only as a
// hidden file: a change of the writer's naming fails here.
func TestAtomicTempIsTheWritersName(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		t.Fatal(err)
	}
	if err := workspace.WriteFileAtomic(report, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	var created []string
	timeout := time.After(2 * time.Second)
	for len(created) < 2 { // the temporary file, then the report by its rename
		select {
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				created = append(created, ev.Name)
			}
		case err := <-w.Errors:
			t.Fatal(err)
		case <-timeout:
			t.Fatalf("the writer created %q, want a temporary file and the report", created)
		}
	}
	for _, name := range created {
		if !ownOutput([]string{report}, name) {
			t.Errorf("workspace.WriteFileAtomic created %s, which ownOutput does not take for the report's", filepath.Base(name))
		}
	}
}

// StartFiles reports an edit of a file named, also one saved by renaming
// a new file onto it, and of a file under a directory named, but not a
// change of a file named's neighbours.
func TestStartFilesSeesTheFilesNamed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		named  func(dir string) string
		change func(t *testing.T, dir string)
		want   bool
	}{
		{"a file written", func(dir string) string { return filepath.Join(dir, "buy.toml") }, func(t *testing.T, dir string) { write(t, filepath.Join(dir, "buy.toml"), "b") }, true},
		{"a file renamed onto", func(dir string) string { return filepath.Join(dir, "buy.toml") }, func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "new"), "b")
			if err := os.Rename(filepath.Join(dir, "new"), filepath.Join(dir, "buy.toml")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a new file in a directory", func(dir string) string { return dir }, func(t *testing.T, dir string) { write(t, filepath.Join(dir, "cancel.toml"), "c") }, true},
		{"a neighbour of a file", func(dir string) string { return filepath.Join(dir, "buy.toml") }, func(t *testing.T, dir string) { write(t, filepath.Join(dir, "other.toml"), "o") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "buy.toml"), "a")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var n atomic.Int32
			if err := StartFiles(ctx, []string{tc.named(dir)}, Options{Quiet: 20 * time.Millisecond}, func() { n.Add(1) }); err != nil {
				t.Fatal(err)
			}
			tc.change(t, dir)
			if tc.want {
				waitCount(t, &n, 1)
				return
			}
			staysAt(t, &n, 0, 200*time.Millisecond, tc.name)
		})
	}
	if err := StartFiles(context.Background(), []string{"/does/not/exist"}, Options{}, func() {}); err == nil {
		t.Error("StartFiles of a missing path = nil, want an error")
	}
}

// write writes body into the file name.
func write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// closedAddr returns a loopback address that nothing listens on now.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	return addr
}

// pollRecorder returns the results of a watch's polls and the
// Options.polled hook that sends them there, never waiting.
func pollRecorder() (chan error, func(error)) {
	polled := make(chan error, 100)
	return polled, func(err error) {
		select {
		case polled <- err:
		default:
		}
	}
}

// awaitFailedPoll waits for a poll that failed.
func awaitFailedPoll(polled chan error) {
	for err := range polled {
		if err != nil {
			return
		}
	}
}

// servePortalAt serves a page at addr until the test ends; it skips the
// test when the port was taken meanwhile.
func servePortalAt(t *testing.T, addr string) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "portal") })}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
}

// A watched URL whose dev server is not up yet is no error (before, Start
// failed with "connection refused" and mpsim exited 2): Start says so in a
// plain line and polls, and the server's first answer is a change.
func TestURLNotUpYetIsPolledUntilItAnswers(t *testing.T) {
	addr := closedAddr(t)
	target := "http://" + addr + "/"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polled, record := pollRecorder()
	changed := make(chan struct{}, 1)
	var said []string
	opts := Options{Quiet: time.Millisecond, Poll: 5 * time.Millisecond,
		Say:    func(s string) { said = append(said, s) },
		polled: record}
	if err := Start(ctx, target, opts, func() { changed <- struct{}{} }); err != nil {
		t.Fatalf("Start(%s) with nothing listening = %v, want nil", target, err)
	}
	if want := "watching " + target + ": no answer yet (connection refused) — is your dev server running? Polling every 5ms."; len(said) != 1 || said[0] != want {
		t.Fatalf("said %q, want %q", said, want)
	}
	// A failed poll after Start, then the server comes up.
	awaitFailedPoll(polled)
	servePortalAt(t, addr)
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("the server's first answer was not reported as a change")
	}
}

// TestURLThatAnswersPlainHTTPSaysSo: https:// typed for a loopback dev
// server that speaks plain http never answers a poll; the first line says
// the server answers plain http and which URL to watch instead: the
// watched URL with the http scheme, its query whole (before, parameters
// named like the launch's, market=mine, were left out).
func TestURLThatAnswersPlainHTTPSaysSo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "portal") }))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, rest := range []string{"/", "/p?market=mine&q=1"} {
		t.Run(rest, func(t *testing.T) {
			target := "https://" + addr + rest
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			said := make(chan string, 10)
			opts := Options{Quiet: time.Millisecond, Poll: time.Hour, Say: func(s string) { said <- s }}
			if err := Start(ctx, target, opts, func() {}); err != nil {
				t.Fatalf("Start(%s) = %v, want nil", target, err)
			}
			want := "the server at " + addr + " answers plain http; try http://" + addr + rest + "."
			select {
			case line := <-said:
				if !strings.Contains(line, want) || strings.Contains(line, "is your dev server running") {
					t.Errorf("said %q, want it to say %q (and not ask whether the server runs)", line, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("nothing said of a server that answers plain http")
			}
		})
	}
}

// A watched directory's portal that did not load because its dev server
// was not up yet runs again when the server comes up, with no change of a
// file (loop QA: it waited for a save that had nothing to save); a portal
// that answers failed for another reason and is not polled.
func TestAwaitAnswerRunsAgainWhenTheDevServerComesUp(t *testing.T) {
	addr := closedAddr(t)
	target := "http://" + addr + "/?market=US"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polled, record := pollRecorder()
	answered := make(chan struct{}, 2)
	var said []string
	opts := Options{Poll: 5 * time.Millisecond,
		Say:    func(s string) { said = append(said, s) },
		polled: record}
	if !AwaitAnswer(ctx, target, opts, func() { answered <- struct{}{} }) {
		t.Fatal("AwaitAnswer with nothing listening did not wait")
	}
	if len(said) != 1 || !strings.Contains(said[0], "does not answer (connection refused) — is your dev server running?") {
		t.Fatalf("said %q, want that the portal does not answer", said)
	}
	awaitFailedPoll(polled) // a failed poll after the first, then the server comes up
	servePortalAt(t, addr)
	select {
	case <-answered:
	case <-time.After(30 * time.Second):
		t.Fatal("the server's first answer did not run the launch again")
	}
	// Up now: a load that failed all the same is not waited on.
	if AwaitAnswer(ctx, target, opts, func() { answered <- struct{}{} }) {
		t.Error("AwaitAnswer waited for a portal that answers")
	}
	time.Sleep(50 * time.Millisecond)
	if len(answered) != 0 {
		t.Error("a portal that answered at once ran the launch again")
	}
}

// fakeQuiet is the quiet time of a watch under test: the test ends a
// burst itself (settle) instead of waiting on a clock.
type fakeQuiet struct {
	armed   chan chan time.Time
	settled chan bool
	said    chan string
}

func newFakeQuiet() *fakeQuiet {
	return &fakeQuiet{armed: make(chan chan time.Time, 100), settled: make(chan bool, 100), said: make(chan string, 100)}
}

func (f *fakeQuiet) options() Options {
	return Options{
		after: func(time.Duration) <-chan time.Time {
			c := make(chan time.Time, 1)
			f.armed <- c
			return c
		},
		settled: func(reported bool) { f.settled <- reported },
		Say:     func(s string) { f.said <- s },
	}
}

// settle ends the burst under way and returns whether it was reported.
func (f *fakeQuiet) settle(t *testing.T) bool {
	t.Helper()
	timeout := time.After(30 * time.Second) // a hung test, not a timed assertion
	for {
		select {
		case c := <-f.armed:
			c <- time.Time{}
		case reported := <-f.settled:
			return reported
		case <-timeout:
			t.Fatal("no burst ended")
		}
	}
}

// saveRenamed saves body into name as editors do: a hidden temporary file
// renamed onto it (one change of name, the temporary being hidden).
func saveRenamed(t *testing.T, name, body string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".swx")
	write(t, tmp, body)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// One save in two bursts further apart than the quiet time (loop QA: a
// save, then a chmod after the rename, or a formatter that rewrote the same
// bytes 400 ms later) started two runs. A burst that leaves the files as
// the last run started with them runs nothing, and says so once.
func TestSameContentsSavedAgainRunOnce(t *testing.T) {
	for _, files := range []bool{false, true} {
		t.Run(map[bool]string{false: "Start", true: "StartFiles"}[files], func(t *testing.T) {
			dir := t.TempDir()
			app := filepath.Join(dir, "app.js")
			write(t, app, "v0")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := newFakeQuiet()
			var runs atomic.Int32
			start := func() error { return Start(ctx, dir, f.options(), func() { runs.Add(1) }) }
			if files {
				start = func() error { return StartFiles(ctx, []string{app}, f.options(), func() { runs.Add(1) }) }
			}
			if err := start(); err != nil {
				t.Fatal(err)
			}
			steps := []struct {
				what string
				save func()
				run  bool
			}{
				{"the first save", func() { saveRenamed(t, app, "v1") }, true},
				{"a chmod, then the same bytes again", func() {
					if err := os.Chmod(app, 0o600); err != nil {
						t.Fatal(err)
					}
					saveRenamed(t, app, "v1")
				}, false},
				{"the same bytes a third time", func() { saveRenamed(t, app, "v1") }, false},
				{"other bytes", func() { saveRenamed(t, app, "v2") }, true},
				{"back to the bytes before", func() { saveRenamed(t, app, "v1") }, true},
			}
			for _, s := range steps {
				s.save()
				if got := f.settle(t); got != s.run {
					t.Fatalf("%s: reported = %v, want %v", s.what, got, s.run)
				}
			}
			if got := runs.Load(); got != 3 {
				t.Errorf("runs = %d, want 3", got)
			}
			close(f.said)
			var said []string
			for s := range f.said {
				said = append(said, s)
			}
			if len(said) != 1 || !strings.Contains(said[0], "unchanged") || !strings.Contains(said[0], "not run again") {
				t.Errorf("said %q, want one line that the files are unchanged and not run again", said)
			}
		})
	}
}

// contents.changed, driven by hand over real files: which bursts change
// something.
func TestBurstChangesOnlyWhatItChanged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		burst func(t *testing.T, dir string, c *contents)
		want  bool
	}{
		{"the same bytes written again in place", func(t *testing.T, dir string, c *contents) {
			write(t, filepath.Join(dir, "app.js"), "v1")
			c.touched(filepath.Join(dir, "app.js"), false)
		}, false},
		{"other bytes", func(t *testing.T, dir string, c *contents) {
			write(t, filepath.Join(dir, "app.js"), "v2")
			c.touched(filepath.Join(dir, "app.js"), false)
		}, true},
		{"a formatter's temporary renamed onto the file, the same bytes", func(t *testing.T, dir string, c *contents) {
			tmp := filepath.Join(dir, "app.js.fmt123")
			write(t, tmp, "v1")
			c.touched(tmp, true)
			if err := os.Rename(tmp, filepath.Join(dir, "app.js")); err != nil {
				t.Fatal(err)
			}
			c.touched(tmp, false)
			c.touched(filepath.Join(dir, "app.js"), true)
		}, false},
		{"the file removed", func(t *testing.T, dir string, c *contents) {
			if err := os.Remove(filepath.Join(dir, "app.js")); err != nil {
				t.Fatal(err)
			}
			c.touched(filepath.Join(dir, "app.js"), false)
		}, true},
		{"a file never seen before", func(t *testing.T, dir string, c *contents) {
			write(t, filepath.Join(dir, "style.css"), "")
			c.touched(filepath.Join(dir, "style.css"), true)
		}, true},
		{"a file removed that was never seen", func(t *testing.T, dir string, c *contents) {
			c.touched(filepath.Join(dir, "old.js"), false)
		}, true},
		{"a new directory", func(t *testing.T, dir string, c *contents) {
			if err := os.Mkdir(filepath.Join(dir, "img"), 0o755); err != nil {
				t.Fatal(err)
			}
			c.touched(filepath.Join(dir, "img"), true)
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			app := filepath.Join(dir, "app.js")
			c := newContents()
			write(t, app, "v1") // the save the last run started with
			c.touched(app, false)
			if !c.changed() {
				t.Fatal("the first burst of a file never seen = unchanged, want changed")
			}
			tc.burst(t, dir, c)
			if got := c.changed(); got != tc.want {
				t.Errorf("changed = %v, want %v", got, tc.want)
			}
		})
	}
}

// sayings collects what a watch tells Options.Say, safe for its
// goroutines.
type sayings struct {
	lines chan string
	mu    sync.Mutex
	said  []string
}

func newSayings() *sayings { return &sayings{lines: make(chan string, 100)} }

func (s *sayings) say(line string) {
	s.mu.Lock()
	s.said = append(s.said, line)
	s.mu.Unlock()
	s.lines <- line
}

// waitFor waits until a line containing want is said; it fails t after
// ten seconds (a hung test, not a timed assertion).
func (s *sayings) waitFor(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case line := <-s.lines:
			if strings.Contains(line, want) {
				return
			}
		case <-timeout:
			s.mu.Lock()
			defer s.mu.Unlock()
			t.Fatalf("did not say %q; said %q", want, s.said)
		}
	}
}

// A build that starts with `rm -rf dist` (or moves the folder away) and
// makes it again: the watch said nothing and went deaf, the watched folder
// being watched no more (loop QA: the delete ran the launch once, against
// no portal, and no save after it ever did). Now it says the folder is
// gone, runs nothing while it is, watches it again when it is back, and
// that is a change; later saves in it are changes too.
func TestWatchedFolderDeletedAndMadeAgain(t *testing.T) {
	for _, tc := range []struct {
		name string
		away func(t *testing.T, dir string) string // the tree moved away, if any
		// again makes the folder again before the watch sees it gone
		// (rm -rf dist && mkdir dist): only the line that it is
		// watched again may be said.
		again bool
	}{
		{"deleted", func(t *testing.T, dir string) string {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			return ""
		}, false},
		{"moved away", func(t *testing.T, dir string) string {
			old := dir + ".old"
			if err := os.Rename(dir, old); err != nil {
				t.Fatal(err)
			}
			return old
		}, false},
		{"deleted and made again at once", func(t *testing.T, dir string) string {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			mkdirAll(t, filepath.Join(dir, "assets"))
			write(t, filepath.Join(dir, "index.html"), "v2")
			return ""
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "dist")
			mkdirAll(t, filepath.Join(dir, "assets"))
			write(t, filepath.Join(dir, "index.html"), "v0")
			s := newSayings()
			n := countChanges(t, dir, Options{Quiet: 20 * time.Millisecond, Poll: 10 * time.Millisecond, Say: s.say})
			write(t, filepath.Join(dir, "index.html"), "v1")
			waitCount(t, n, 1)

			moved := tc.away(t, dir)
			if !tc.again {
				s.waitFor(t, "the watched folder "+dir+" is gone")
				if moved != "" {
					// The tree moved away is no longer the portal.
					write(t, filepath.Join(moved, "assets", "app.js"), "old")
				}
				staysAt(t, n, 1, 200*time.Millisecond, "the folder gone")
				mkdirAll(t, filepath.Join(dir, "assets"))
				write(t, filepath.Join(dir, "index.html"), "v2")
			}
			s.waitFor(t, "; watching it again")
			waitCount(t, n, 2)
			staysAt(t, n, 2, 100*time.Millisecond, "the folder back")

			write(t, filepath.Join(dir, "assets", "app.js"), "v3")
			waitCount(t, n, 3)
		})
	}
}

// A watched URL whose dev server stops mid-loop: nothing was said, and no
// change is seen while it is down. Now a line says it does not answer any
// more, once, and another when it answers again; the same page again is
// no change.
func TestURLThatStopsAnsweringSaysSo(t *testing.T) {
	addr := closedAddr(t)
	target := "http://" + addr + "/"
	stop := serveUntilStopped(t, addr)
	polled, record := pollRecorder()
	s := newSayings()
	n := countChanges(t, target, Options{Quiet: time.Millisecond, Poll: 5 * time.Millisecond, Say: s.say, polled: record})
	stop()
	s.waitFor(t, "watching "+target+": it does not answer any more (connection refused) — did your dev server stop?")
	awaitFailedPoll(polled)
	awaitFailedPoll(polled)
	serveUntilStopped(t, addr)
	s.waitFor(t, "watching "+target+": it answers again, with the same page: not run again")
	staysAt(t, n, 0, 50*time.Millisecond, "the same page again")
	s.mu.Lock()
	defer s.mu.Unlock()
	if got := strings.Count(strings.Join(s.said, "\n"), "does not answer any more"); got != 1 {
		t.Errorf("said %d times that it does not answer, want once: %q", got, s.said)
	}
}

// serveUntilStopped serves a page at addr until stop (or the end of the
// test); it skips the test when the port was taken meanwhile.
func serveUntilStopped(t *testing.T, addr string) (stop func()) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Connection", "close")
		fmt.Fprint(w, "portal")
	})}
	go func() { _ = srv.Serve(l) }()
	stop = func() { _ = srv.Close() }
	t.Cleanup(stop)
	return stop
}
