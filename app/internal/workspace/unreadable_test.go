package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The error of a file that cannot be read says whose it is and its mode,
// and advises what fits: its owner makes it readable; anyone else asks
// the owner to make the files readable, or copies the directory.
func TestUnreadableFileAdviceFitsTheReader(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DeviceFileName)
	if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	me := os.Geteuid()
	tests := []struct {
		name string
		euid int
		want []string
	}{
		{"its owner", me, []string{"cannot read " + path, "its mode 0600 gives you, its owner, no read permission", "chmod u+r " + path}},
		{"another user", me + 1, []string{"cannot read " + path, "belongs to user", "its mode is 0600", "chmod a+r " + dir + "/*", "cp -r " + dir, ConfigDirEnv}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := unreadableFile(path, fs.ErrPermission, tc.euid)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if !errors.Is(err, fs.ErrPermission) {
				t.Errorf("%v does not wrap fs.ErrPermission", err)
			}
		})
	}
	if err := unreadable(path, fs.ErrNotExist); !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "cannot read") {
		t.Errorf("unreadable passed another error as %v", err)
	}
}
