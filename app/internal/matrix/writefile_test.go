package matrix

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes through a temporary file of its own: another run's
// "j.xml.tmp" is not truncated and renamed away (two runs writing one path
// shared that fixed name), a write that fails leaves the file as it was,
// and a symbolic link is kept while its target is written.
func TestWriteFileUsesATemporaryFileOfItsOwn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.xml")
	other := path + ".tmp" // another run's write in progress
	if err := os.WriteFile(other, []byte("the other run's"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFile(path, write("<testsuites/>")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(other); err != nil || string(b) != "the other run's" {
		t.Errorf("the other run's temporary file holds %q, %v", b, err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "<testsuites/>" {
		t.Errorf("%s holds %q, %v", path, b, err)
	}

	failed := errors.New("encode failed")
	err := WriteFile(path, func(w io.Writer) error { _, _ = io.WriteString(w, "<test"); return failed })
	if !errors.Is(err, failed) {
		t.Errorf("a failed write returned %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "<testsuites/>" {
		t.Errorf("a failed write left %q", b)
	}

	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink("j.xml", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, write("through the link")); err != nil {
		t.Fatal(err)
	}
	if to, err := os.Readlink(link); err != nil || to != "j.xml" {
		t.Errorf("the link was replaced: %q, %v", to, err)
	}
	if b, _ := os.ReadFile(path); string(b) != "through the link" {
		t.Errorf("the link's target holds %q", b)
	}
}
