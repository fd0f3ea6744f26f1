package watch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
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

func TestDirectoryBurstIsOneChange(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	if err := Start(ctx, dir, Options{Quiet: 100 * time.Millisecond}, func() { n.Add(1) }); err != nil {
		t.Fatal(err)
	}
	// An editor's save: three writes in a burst, one in a subdirectory.
	for i, name := range []string{"index.html", "app.js", "css/site.css"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitCount(t, &n, 1)
	time.Sleep(300 * time.Millisecond)
	if got := n.Load(); got != 1 {
		t.Fatalf("a burst of three writes was reported %d times, want once", got)
	}
	// A new directory is watched too.
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "img", "logo.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitCount(t, &n, 3)
}

func TestURLChangeIsReportedAndSameBodyIsNot(t *testing.T) {
	var body atomic.Value
	body.Store("v1")
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, body.Load())
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	if err := Start(ctx, srv.URL, Options{Quiet: 20 * time.Millisecond, Poll: 20 * time.Millisecond}, func() { n.Add(1) }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if n.Load() != 0 {
		t.Fatalf("an unchanged page was reported as changed")
	}
	body.Store("v2")
	waitCount(t, &n, 1)
}

func TestStartRefusesWhatItCannotWatch(t *testing.T) {
	file := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/does/not/exist", file, "https://127.0.0.1:1/"} {
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
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	opts := Options{Quiet: 50 * time.Millisecond, Ignore: []string{report, "", shots}}
	if err := Start(ctx, dir, opts, func() { n.Add(1) }); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{report + ".tmp", filepath.Join(shots, "first-paint.png")} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(report+".tmp", report); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if got := n.Load(); got != 0 {
		t.Fatalf("mpsim's own outputs were reported %d times as changes", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json.bak"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitCount(t, &n, 1)
}
