package workspace

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestHostPrefsKeepAChoice(t *testing.T) {
	dir := t.TempDir()
	p := NewHostPrefs(dir)
	if !p.BoolWithFallback("portalInside", true) || p.BoolWithFallback("portalInside", false) {
		t.Fatalf("no choice made: want the fallback")
	}
	p.SetBool("portalInside", false)
	if NewHostPrefs(dir).BoolWithFallback("portalInside", true) {
		t.Errorf("the choice did not outlive its HostPrefs (a restart)")
	}
	if NewHostPrefs(t.TempDir()).BoolWithFallback("portalInside", true) != true {
		t.Errorf("another configuration directory saw the choice")
	}
}

// A host-prefs.json that is not JSON (a full disk, a hand edit) was read
// as "no choices" without a word, and the next choice overwrote it: the
// user's settings were lost for good. It is kept aside and said once, by
// Open at start (the host window and every command print its notices) and
// by a HostPrefs that comes upon it later; the choices read as defaults
// and the next one is written anew.
func TestCorruptHostPrefsAreKeptAsideAndSaidOnce(t *testing.T) {
	garbage := []byte("{\"portalInside\": fal")
	tests := []struct {
		name    string
		content []byte
		open    bool // opened by Open (the host's start), else found by a running host
		said    bool
	}{
		{"garbage, at start", garbage, true, true},
		{"garbage, while running", garbage, false, true},
		{"not an object", []byte("[true]\n"), true, true},
		{"empty", []byte{}, false, true},
		{"fine", []byte(`{"portalInside": false}`), true, false},
		{"null", []byte("null"), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, HostPrefsFileName)
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			var said bytes.Buffer
			if tc.open {
				h := openT(t, dir, Options{Seed: seed(2)})
				for _, n := range h.Notices() {
					said.WriteString(n + "\n")
				}
			}
			p := NewHostPrefs(dir)
			p.warn = &said
			p.BoolWithFallback("portalInside", true)
			p.BoolWithFallback("portalInside", true)
			aside, _ := filepath.Glob(path + ".corrupt-*")
			if !tc.said {
				if said.Len() != 0 || len(aside) != 0 {
					t.Fatalf("a readable file: said %q, kept aside %v", said.String(), aside)
				}
				return
			}
			if len(aside) != 1 {
				t.Fatalf("kept aside: %v, want one file", aside)
			}
			if b, err := os.ReadFile(aside[0]); err != nil || !bytes.Equal(b, tc.content) {
				t.Errorf("kept aside %q, %v; want the file as it was", b, err)
			}
			if got := strings.Count(said.String(), "was not readable"); got != 1 || !strings.Contains(said.String(), aside[0]) {
				t.Errorf("said %d times, want once naming %s:\n%s", got, aside[0], said.String())
			}
			if !p.BoolWithFallback("portalInside", true) {
				t.Errorf("the choice is not the default")
			}
			p.SetBool("portalInside", false)
			if NewHostPrefs(dir).BoolWithFallback("portalInside", true) {
				t.Errorf("a new choice after the corrupt file was not kept")
			}
		})
	}
}

// Hosts running at once on one configuration directory (each its own
// HostPrefs, as in its own process) never leave the file torn: a reader
// always finds whole JSON.
func TestHostPrefsParallelHostsNeverTearTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, HostPrefsFileName)
	NewHostPrefs(dir).SetBool("portalInside", true)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := NewHostPrefs(dir)
			for i := range 200 {
				p.SetBool("portalInside", (i+w)%2 == 0)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for reads := 0; ; reads++ {
		select {
		case <-done:
			t.Logf("%d reads while 4 hosts wrote 800 times", reads)
			return
		default:
		}
		data, err := os.ReadFile(path)
		var m map[string]any
		if err != nil || json.Unmarshal(data, &m) != nil {
			t.Fatalf("read %d: the file was torn (%v): %q", reads, err, data)
		}
	}
}

// A write of WriteFileAtomic killed (kill -9) before its rename leaves the
// file as it was, whole, and a temporary file named after it; the next
// write of the same file removes such leftovers once they are stale, and
// leaves alone those of other files and any that may be a write in
// progress. (Before, the leftovers were ".mpsim-*.tmp", named after
// nothing, and stayed for good.)
func TestWriteFileAtomicCleansUpAfterAKill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out [1]") // a name that is a glob pattern
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.json")
	if err := WriteFileAtomic(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * staleTemp)
	leave := func(name string, when time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("ne"), 0o600); err != nil { // a write killed half way
			t.Fatal(err)
		}
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		when time.Time
		kept bool
	}{
		{".report.json.mpsim-123.tmp", old, false},
		{".report.json.mpsim-456.tmp", time.Now(), true}, // may be in progress
		{".other.json.mpsim-789.tmp", old, true},         // another file's
		{"report.json.tmp", old, true},                   // not ours
	}
	for _, tc := range tests {
		leave(tc.name, tc.when)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "old" {
		t.Fatalf("after the kill the file holds %q, %v; want the old content", b, err)
	}
	if err := WriteFileAtomic(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
		t.Fatalf("the file holds %q, %v", b, err)
	}
	for _, tc := range tests {
		_, err := os.Stat(filepath.Join(dir, tc.name))
		if kept := err == nil; kept != tc.kept {
			t.Errorf("%s kept: %t, want %t", tc.name, kept, tc.kept)
		}
	}
}
