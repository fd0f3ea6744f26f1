package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// fullDiskWarning checks what a command on a configuration directory on a
// full disk says: that changes will not be saved, because the disk is
// full (or the quota used up), and what to do.
func fullDiskWarning(t *testing.T, ro *NotWritableError, dir string, why error, says string) {
	t.Helper()
	if ro == nil {
		t.Fatalf("ConfigDirToRead gave %s as writable, on a full disk", dir)
	}
	if !errors.Is(ro, why) {
		t.Errorf("the error %v is not %v", ro, why)
	}
	w := ro.Warning()
	for _, want := range []string{"changes will not be saved", dir, says, "free some space on its disk", ConfigDirEnv} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q lacks %q", w, want)
		}
	}
}

// A configuration directory on a full disk (or over quota) ran nothing:
// the first save of the device failed and mpsim url, run, presets and the
// host window refused to start, while a read-only one runs with
// temporaries and a warning. Now both go that way: ConfigDirToRead gives
// the directory to read, saying the disk is full; ConfigDir, for the
// commands that must write, says so too; Open writes nothing. The disk is
// made full by error injection here, by a real tmpfs in
// TestConfigDirOnARealFullDisk.
func TestConfigDirOnAFullDisk(t *testing.T) {
	tests := []struct {
		name  string
		probe error
		ro    bool
		says  string
	}{
		{"full", syscall.ENOSPC, true, "the disk it is on is full (no space left on device)"},
		{"quota used up", syscall.EDQUOT, true, "your disk quota there is used up (disk quota exceeded)"},
		{"the write fails otherwise", syscall.EIO, false, ""}, // left to the writes that follow
		{"room enough", nil, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cfg")
			t.Setenv(ConfigDirEnv, dir)
			probed := writeProbe
			t.Cleanup(func() { writeProbe = probed })
			writeProbe = func(d string) error {
				if tc.probe == nil {
					return probed(d)
				}
				return &fs.PathError{Op: "write", Path: filepath.Join(d, ".space-check-1.tmp"), Err: tc.probe}
			}
			got, ro, err := ConfigDirToRead()
			if err != nil || got != dir {
				t.Fatalf("ConfigDirToRead = %q, %v, %v", got, ro, err)
			}
			_, wErr := ConfigDir()
			if !tc.ro {
				if ro != nil || wErr != nil {
					t.Fatalf("ConfigDirToRead gave %v, ConfigDir %v; want a writable directory", ro, wErr)
				}
				return
			}
			fullDiskWarning(t, ro, dir, tc.probe, tc.says)
			if wErr == nil || !strings.Contains(wErr.Error(), tc.says) || !strings.Contains(wErr.Error(), ConfigDirEnv) {
				t.Errorf("ConfigDir = %v, want an error saying %q and what to do", wErr, tc.says)
			}
			h := openT(t, dir, Options{Unwritable: ro, Seed: seed(7)})
			if _, ok := h.Created(); !ok {
				t.Error("Open did not generate a device for the process")
			}
			if err := h.SaveDevice(h.SavedDevice()); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("SaveDevice = %v, want an error saying %q", err, tc.says)
			}
			if des, _ := os.ReadDir(dir); len(des) != 0 {
				t.Errorf("Open on a full disk wrote %d files", len(des))
			}
		})
	}
}

// The same on a real full disk: a tmpfs of 64 KiB, filled, under the
// configuration directory. A directory saved before the disk filled up is
// read (its device is the one used); a new one is made (a tmpfs
// directory takes no block) and used without saving; one that cannot even
// be made (no inode left) is read as missing. Mounting takes root.
func TestConfigDirOnARealFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs to fill takes root; TestConfigDirOnAFullDisk injects the error instead")
	}
	tests := []struct {
		name    string
		opts    string // mount options beside size=64k
		saved   bool   // a device is saved before the disk fills up
		missing bool   // the directory cannot be made
	}{
		{"new directory", "", false, false},
		{"saved before the disk filled up", "", true, false},
		{"no inode left", ",nr_inodes=8", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mnt := mountTmpfs(t, "size=64k"+tc.opts)
			dir := filepath.Join(mnt, "cfg")
			t.Setenv(ConfigDirEnv, dir)
			var saved string
			if tc.saved {
				h := openT(t, dir, Options{Seed: seed(8)})
				saved = h.SavedDevice().IMEI
			}
			fill(t, mnt, tc.missing)
			got, ro, err := ConfigDirToRead()
			if err != nil || got != dir {
				t.Fatalf("ConfigDirToRead = %q, %v, %v", got, ro, err)
			}
			fullDiskWarning(t, ro, dir, syscall.ENOSPC, "the disk it is on is full")
			if ro.missing != tc.missing {
				t.Errorf("directory missing: %t, want %t (%v)", ro.missing, tc.missing, ro)
			}
			if _, err := ConfigDir(); err == nil || !strings.Contains(err.Error(), "full") {
				t.Errorf("ConfigDir = %v, want an error saying the disk is full", err)
			}
			h := openT(t, dir, Options{Unwritable: ro, Seed: seed(9)})
			if _, created := h.Created(); created == tc.saved || (tc.saved && h.SavedDevice().IMEI != saved) {
				t.Errorf("Open on the full disk: generated a device %t, want %t (the saved one read)", created, !tc.saved)
			}
			if _, err := h.StartDemo(); err != nil {
				t.Errorf("StartDemo: %v", err)
			}
			if err := h.SaveDevice(h.SavedDevice()); err == nil || !strings.Contains(err.Error(), "full") {
				t.Errorf("SaveDevice = %v, want an error saying the disk is full", err)
			}
		})
	}
}

// mountTmpfs mounts a tmpfs with opts on a new directory, unmounted when
// the test ends; a system that refuses the mount (a container without
// CAP_SYS_ADMIN) skips the test.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	mnt := t.TempDir()
	if err := unix.Mount("tmpfs", mnt, "tmpfs", 0, opts); err != nil {
		t.Skipf("cannot mount a tmpfs (%s) to fill: %v", opts, err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount %s: %v", mnt, err)
		}
	})
	return mnt
}

// fill fills the file system of dir until a write fails with ENOSPC,
// and with inodes, until a file creation does too.
func fill(t *testing.T, dir string, inodes bool) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "fill"))
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for err == nil {
		_, err = f.Write(block)
	}
	f.Close()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v", dir, err)
	}
	for i := 0; inodes; i++ {
		if err := os.WriteFile(filepath.Join(dir, "inode-"+strconv.Itoa(i)), nil, 0o600); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling %s's inodes: %v", dir, err)
			}
			break
		}
	}
}
