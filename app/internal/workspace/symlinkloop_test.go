package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A configuration directory that is a symbolic link loop (`ln -s loop
// loop`), or under one, stopped every command with "create configuration
// directory: mkdir …/loop: file exists", which says neither what is wrong
// nor what to do. Now ConfigDir and ConfigDirToRead name the looping link,
// say it is one (ELOOP) and how to mend it or go elsewhere. A link to a
// directory is no loop.
func TestConfigDirSymlinkLoop(t *testing.T) {
	base := t.TempDir()
	for _, l := range [][2]string{{"loop", "loop"}, {"a", "b"}, {"b", "a"}, {"good", "real"}} {
		if err := os.Symlink(l[1], filepath.Join(base, l[0])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(base, "real"), 0o700); err != nil {
		t.Fatal(err)
	}
	loop, a := filepath.Join(base, "loop"), filepath.Join(base, "a")
	tests := []struct {
		name string
		dir  string
		link string // the link named; "" for no loop
		says string
	}{
		{"itself", loop, loop, " is a symbolic link loop (" + loop + " → loop: "},
		{"under one", filepath.Join(loop, "mpsim"), loop, " is under " + loop + ", a symbolic link loop"},
		{"two links", a, a, " is a symbolic link loop (" + a + " → b: "},
		{"a link to a directory", filepath.Join(base, "good"), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(ConfigDirEnv, tc.dir)
			_, rErr := ConfigDir()
			_, ro, roErr := ConfigDirToRead()
			if tc.link == "" {
				if rErr != nil || ro != nil || roErr != nil {
					t.Fatalf("ConfigDir: %v; ConfigDirToRead: %v, %v", rErr, ro, roErr)
				}
				return
			}
			for name, err := range map[string]error{"ConfigDir": rErr, "ConfigDirToRead": roErr} {
				var le *SymlinkLoopError
				if !errors.As(err, &le) || !errors.Is(err, syscall.ELOOP) || le.Link != tc.link {
					t.Fatalf("%s: %v; want a *SymlinkLoopError naming %s", name, err, tc.link)
				}
				msg := err.Error()
				for _, want := range []string{"configuration directory " + tc.dir + tc.says, "ELOOP", "rm " + tc.link, "ln -sfn DIRECTORY " + tc.link, "set " + ConfigDirEnv} {
					if !strings.Contains(msg, want) {
						t.Errorf("%s: %q\nlacks %q", name, msg, want)
					}
				}
				if strings.Contains(msg, "file exists") {
					t.Errorf("%s still says %q", name, msg)
				}
			}
		})
	}
}
