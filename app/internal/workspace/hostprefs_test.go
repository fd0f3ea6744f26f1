package workspace

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
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
	if err := os.WriteFile(filepath.Join(dir, HostPrefsFileName), []byte("{torn"), 0o600); err != nil {
		t.Fatal(err)
	}
	if !p.BoolWithFallback("portalInside", true) {
		t.Errorf("an unreadable file should read as no choice")
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
