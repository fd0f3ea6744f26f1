package cli_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/workspace"
)

// mpsimTo runs cli.Main with args, its standard output on stdout, in a
// configuration directory of its own.
func mpsimTo(t *testing.T, stdout io.Writer, args ...string) result {
	t.Helper()
	t.Setenv(workspace.ConfigDirEnv, t.TempDir())
	var errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: &errOut,
		Getenv: func(k string) string {
			if k == "DISPLAY" {
				return ""
			}
			return os.Getenv(k)
		}}
	return result{code: cli.Main(args, env), stderr: errOut.String()}
}

// shardsDir returns a directory holding the --json results of one whole
// run of one cell, for report merge.
func shardsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	res := matrix.Results{Tool: "mpsim", Seed: 1, Parallel: 1, Started: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Redacted: true,
		Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "buy/esim/en-US", SIM: "esim", Languages: "en-US", Lang: "en-US"}, Status: matrix.StatusMet}}}
	var b bytes.Buffer
	if err := matrix.WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shard.json"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// JSON for a standard output that is closed is exit 2 and says so, before
// any session: a process started with it closed (mpsim test --json >&-)
// finds /dev/null opened for reading and writing there, and wrote its JSON
// into it with exit 0. A shell's "> /dev/null" (opened for writing only)
// still drops the JSON with exit 0, and a write that fails is exit 2.
func TestJSONToAClosedStandardOutputIsAnError(t *testing.T) {
	payload := filepath.Join(t.TempDir(), "payload.json")
	if err := os.WriteFile(payload, []byte(`{"ver":"1","success":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	scenarios := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(scenarios, []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shards := shardsDir(t)
	commands := [][]string{
		{"url", "--json"},
		{"validate", "--json", payload},
		{"report", "merge", shards, "--json"},
		// These two stop before any session with standard output open:
		// at --run, and at the display.
		{"test", scenarios, "--json", "--run", "cancel"},
		{"run"},
	}
	open := func(flag int) func(t *testing.T) *os.File {
		return func(t *testing.T) *os.File {
			f, err := os.OpenFile(os.DevNull, flag, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
	}
	closedFile := func(t *testing.T) *os.File {
		f := open(os.O_WRONLY)(t)
		f.Close()
		return f
	}
	tests := []struct {
		name   string
		stdout func(t *testing.T) *os.File
		closed bool
	}{
		{"closed since", closedFile, true},
		{"> /dev/null", open(os.O_WRONLY), false},
		// What Go's runtime puts in place of one closed at start (>&-), and
		// what Python's subprocess.DEVNULL gives on purpose: kept.
		{"/dev/null read and write", open(os.O_RDWR), false},
	}
	for _, tc := range tests {
		for _, args := range commands {
			r := mpsimTo(t, tc.stdout(t), args...)
			said := strings.Contains(r.stderr, "standard output is closed")
			if tc.closed && (r.code != cli.ExitUsage || !said) {
				t.Errorf("%s: mpsim %v: exit %d, %q; want 2 and standard output said closed", tc.name, args, r.code, r.stderr)
			}
			if tc.closed && (strings.Contains(r.stderr, "DISPLAY") || strings.Contains(r.stderr, "matches none")) {
				t.Errorf("%s: mpsim %v went on to the session before saying so: %q", tc.name, args, r.stderr)
			}
			if !tc.closed && said {
				t.Errorf("%s: mpsim %v said standard output is closed: %q", tc.name, args, r.stderr)
			}
		}
	}
}

// report merge writes --junit through a FIFO its reader reads and through
// a symbolic link it keeps, and a device that fails the write (/dev/full,
// through a link in a temporary directory) is exit 2 with the reason.
// Before, each was replaced by a regular file and /dev/full exited 0.
func TestReportMergeWritesThroughSpecialFiles(t *testing.T) {
	shards := shardsDir(t)
	dir := t.TempDir()

	full := filepath.Join(dir, "full.xml")
	if err := os.Symlink("/dev/full", full); err != nil {
		t.Fatal(err)
	}
	r := mpsimTo(t, io.Discard, "report", "merge", shards, "--html", full)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--html: the HTML report was not written: "+full+": write /dev/full: no space left on device") {
		t.Errorf("report merge --html %s: exit %d, %q; want 2 and no space left", full, r.code, r.stderr)
	}

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	target := filepath.Join(dir, "target.html")
	link := filepath.Join(dir, "link.html")
	if err := os.Symlink("target.html", link); err != nil {
		t.Fatal(err)
	}
	r = mpsimTo(t, io.Discard, "report", "merge", shards, "--junit", fifo, "--html", link)
	if r.code != cli.ExitOK {
		t.Fatalf("report merge: exit %d, %q", r.code, r.stderr)
	}
	if b, _ := io.ReadAll(reader); !bytes.Contains(b, []byte("<testsuites")) {
		t.Errorf("the FIFO's reader read %q", b)
	}
	if to, err := os.Readlink(link); err != nil || to != "target.html" {
		t.Errorf("the link was replaced: %q, %v", to, err)
	}
	if b, err := os.ReadFile(target); err != nil || !bytes.Contains(b, []byte("<html")) {
		t.Errorf("the link's target holds %.40q, %v", b, err)
	}
}
