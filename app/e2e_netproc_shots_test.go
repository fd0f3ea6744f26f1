package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2ENetprocScreenshotsDirNotUTF8: a --screenshots directory whose
// name is not valid UTF-8 (a Latin-1 "é", byte 0xE9) gets the session's
// screenshots, byte for byte; before, the IPC's JSON turned the byte into
// U+FFFD, and the window wrote to a directory of another name (or none).
func TestE2ENetprocScreenshotsDirNotUTF8(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": `<!doctype html><html><body><p>shots</p><script>` + handBackJS + `</script></body></html>`})
	root := t.TempDir()
	shots := filepath.Join(root, "caf\xe9-shots")
	if err := os.Mkdir(shots, 0o755); err != nil {
		t.Skip("the file system refuses a name that is not UTF-8:", err)
	}
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath,
		"--timeout", "60s", "--no-axe", "--screenshots", shots)
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, tail(stderr))
	}
	files, _ := filepath.Glob(filepath.Join(shots, "*.png"))
	var elsewhere []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.Name() != filepath.Base(shots) {
			elsewhere = append(elsewhere, e.Name())
		}
	}
	if len(files) == 0 || len(elsewhere) > 0 {
		t.Errorf("%d screenshots in %q, want some; other entries of its parent: %q; report screenshots %+v", len(files), shots, elsewhere, rep.Screenshots)
	}
	for _, s := range rep.Screenshots {
		if s.Path != "" && strings.ContainsRune(s.Path, '\uFFFD') && len(files) == 0 {
			t.Errorf("screenshot %s went to %q", s.Label, s.Path)
		}
	}
}
