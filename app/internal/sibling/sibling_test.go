package sibling

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFindNextToThenLibexec(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	libexec := filepath.Join(root, "libexec", "mpsim")
	for _, d := range []string{bin, libexec} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := find(bin, Portal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no helper anywhere: err = %v, want ErrNotFound", err)
	}
	// Not executable: not a helper.
	if err := os.WriteFile(filepath.Join(libexec, Portal), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := find(bin, Portal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("non-executable helper: err = %v, want ErrNotFound", err)
	}
	if err := os.Chmod(filepath.Join(libexec, Portal), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := find(bin, Portal); err != nil || p != filepath.Join(libexec, Portal) {
		t.Fatalf("libexec helper: %q, %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(bin, Portal), nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := find(bin, Portal); err != nil || p != filepath.Join(bin, Portal) {
		t.Fatalf("the helper next to the executable comes first: %q, %v", p, err)
	}
}
