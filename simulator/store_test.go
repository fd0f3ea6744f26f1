package simulator

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStoreRoundTrip(t *testing.T) {
	s := Store{Path: filepath.Join(t.TempDir(), "sub", "device.json")}
	if _, found, err := s.Load(); found || err != nil {
		t.Fatalf("Load of missing file = found %v, err %v", found, err)
	}
	g := NewGenerator(3)
	d := NewDevice(KindESIM, DemoOperator(), g)
	if err := d.RecordLPAError(DemoOperatorName, "ServerFailure", d.Profiles[0].ICCID, time.Date(2018, 5, 18, 23, 17, 23, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.Load()
	if err != nil || !found {
		t.Fatalf("Load = %v, %v", found, err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, d)
	}
	fi, err := os.Stat(s.Path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// Overwrite; no temporary files may remain.
	d2 := NewDevice(KindPSIM, DemoOperator(), g)
	if err := s.Save(d2); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Load()
	if !reflect.DeepEqual(got, d2) {
		t.Errorf("after overwrite got %+v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(s.Path))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(entries) != 2 || names[0] != "device.json" || names[1] != "device.json.lock" {
		t.Errorf("directory holds %v, want only device.json and its lock file", names)
	}
}

func TestStoreCorruptFileKeptAside(t *testing.T) {
	for name, content := range map[string]string{
		"truncated": `{"kind":"esim","imei":"0011`,
		"not json":  "hello",
		// An unknown key alone is kept (TestStoreKeepsAFileWithUnknownKeys); no EID is not.
		"unknown field, no EID": `{"kind":"esim","imei":"001102000315468","color":"red"}`,
		"bad kind":              `{"kind":"dual","imei":"001102000315468"}`,
		"trailing":              `{"kind":"none","imei":"001102000315468"} {}`,
		// Valid JSON that makes no device: its launch had "eid=&imei=".
		"no IMEI":            `{"kind":"esim"}`,
		"eSIM without EID":   `{"kind":"esim","imei":"001102000315468"}`,
		"pSIM without ICCID": `{"kind":"psim","imei":"001102000315468"}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := Store{Path: filepath.Join(dir, "device.json")}
			if err := os.WriteFile(s.Path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, found, err := s.Load()
			if found || err == nil {
				t.Fatalf("Load of corrupt file = found %v, err %v", found, err)
			}
			matches, _ := filepath.Glob(s.Path + ".corrupt-*")
			if len(matches) != 1 {
				t.Fatalf("corrupt copies: %v", matches)
			}
			if !strings.Contains(err.Error(), matches[0]) {
				t.Errorf("error %q does not say where the file was kept (%s)", err, matches[0])
			}
			kept, _ := os.ReadFile(matches[0])
			if string(kept) != content {
				t.Errorf("kept content %q, want %q", kept, content)
			}
			if _, err := os.Stat(s.Path); !os.IsNotExist(err) {
				t.Errorf("corrupt file still at %s", s.Path)
			}
			// Next Load starts afresh.
			if _, found, err := s.Load(); found || err != nil {
				t.Errorf("second Load = %v, %v", found, err)
			}
		})
	}
}

// A temporary file left behind by an interrupted Save does not disturb Load or the next Save.
func TestStoreLeftoverTempFile(t *testing.T) {
	dir := t.TempDir()
	s := Store{Path: filepath.Join(dir, "device.json")}
	d := NewDevice(KindNone, DemoOperator(), NewGenerator(1))
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, ".device.json.tmp-123456")
	if err := os.WriteFile(leftover, []byte(`{"kind":"es`), 0o600); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.Load()
	if err != nil || !found || !reflect.DeepEqual(got, d) {
		t.Fatalf("Load with leftover temp = %+v, %v, %v", got, found, err)
	}
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load(); err != nil {
		t.Fatal(err)
	}
	// A save removes leftovers older than an hour, and none younger (a save
	// of another process may be writing it).
	if _, err := os.Stat(leftover); err != nil {
		t.Errorf("a fresh temporary file was removed: %v", err)
	}
	old := time.Now().Add(-2 * staleTemp)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("a leftover of a killed save is kept: %v", err)
	}
}

func TestDefaultStorePath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg-test")
	t.Setenv("HOME", "/tmp/home-test")
	p, err := DefaultStorePath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p, filepath.Join("mpsim", "device.json")) {
		t.Errorf("DefaultStorePath = %s", p)
	}
}

// A lock another process holds for long (stuck, or a user's flock) is
// waited for a bounded time, then reported: mpsim once hung after its
// session until the holder let go, deaf to Ctrl+C. The message names the
// lock file, how to find its holder and what was not done (the wait
// itself is internal/filelock's, tested there).
func TestStoreLockHeldElsewhere(t *testing.T) {
	dir := t.TempDir()
	s := Store{Path: filepath.Join(dir, "device.json"), Wait: time.Millisecond}
	f, err := os.OpenFile(s.LockPath(), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(Locked) error { return nil })
	want := "device store: " + s.LockPath() + " has been locked by another process for over 1ms (one stuck, or a user's flock; `fuser " +
		s.LockPath() + "` names it): the device was not read or saved"
	if err == nil || err.Error() != want {
		t.Errorf("Update with the lock held elsewhere: %v\nwant: %s", err, want)
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if err := s.Update(func(Locked) error { return nil }); err != nil {
		t.Errorf("Update once the lock is free: %v", err)
	}
}

// A device file that is a symbolic link (a dotfiles manager's) stays one:
// the save replaces the file it leads to (found on a developer's desk:
// the link was replaced by a plain file and the dotfile no longer
// updated).
func TestStoreSaveKeepsALinkedDeviceFile(t *testing.T) {
	dots := t.TempDir()
	real := filepath.Join(dots, "device.json")
	config := t.TempDir()
	s := Store{Path: filepath.Join(config, "device.json")}
	if err := os.Symlink(real, s.Path); err != nil {
		t.Fatal(err)
	}
	g := NewGenerator(5)
	for i, kind := range []SIMKind{KindESIM, KindPSIM} { // a first save (no file yet), then a replacing one
		d := NewDevice(kind, DemoOperator(), g)
		if err := s.Save(d); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		fi, err := os.Lstat(s.Path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("save %d: %s is no longer a link (%v, %v)", i, s.Path, fi, err)
		}
		got, found, err := Store{Path: real}.Load()
		if err != nil || !found || got.Kind != kind {
			t.Errorf("save %d: the linked file holds %v (found %v, %v), want a %s device", i, got.Kind, found, err, kind)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dots, ".device.json.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// QA simfix: a hand-edited device.json with one key mpsim does not know
// ("bogus": 1, or a newer mpsim's field) was called corrupt, moved aside
// and replaced by a new device. It is kept, and LoadReporting names the
// keys, nested ones with their path.
func TestStoreKeepsAFileWithUnknownKeys(t *testing.T) {
	s := Store{Path: filepath.Join(t.TempDir(), "device.json")}
	d := NewDevice(KindESIM, DemoOperator(), NewGenerator(4))
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(s.Path)
	edited := strings.Replace(string(data), `"kind": "esim",`, `"kind": "esim", "bogus": 1, "Hidden": [],`, 1)
	edited = strings.Replace(edited, `"state": "active",`, `"state": "active", "nickname": "work",`, 1)
	if edited == string(data) {
		t.Fatalf("the edit changed nothing:\n%s", data)
	}
	if err := os.WriteFile(s.Path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	got, found, unknown, err := s.LoadReporting()
	if err != nil || !found || !reflect.DeepEqual(got, d) {
		t.Fatalf("LoadReporting = %+v, %v, %v; want the device kept", got, found, err)
	}
	if want := []string{"Hidden", "bogus", "profiles[0].nickname"}; !reflect.DeepEqual(unknown, want) {
		t.Errorf("unknown keys %q, want %q", unknown, want)
	}
	if matches, _ := filepath.Glob(s.Path + ".corrupt-*"); len(matches) != 0 {
		t.Errorf("moved aside as corrupt: %v", matches)
	}
	if _, _, unknown, _ := s.LoadReporting(); len(unknown) != 3 {
		t.Errorf("the second load: unknown %v", unknown)
	}
}
