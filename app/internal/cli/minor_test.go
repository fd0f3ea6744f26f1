package cli_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// QA simfix: a device.json with one key mpsim does not know ("bogus": 1,
// or a newer mpsim's field) was taken for corrupt and replaced by a new
// device. The device is kept, and a warning names the key.
func TestDeviceFileWithAnUnknownKeyIsKept(t *testing.T) {
	dir := t.TempDir()
	if r := mpsim(t, dir, "device", "generate", "--seed", "3"); r.code != cli.ExitOK {
		t.Fatalf("generate: %s", r.stderr)
	}
	before := mpsim(t, dir, "device", "show", "--json").stdout
	path := filepath.Join(dir, workspace.DeviceFileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), "{", `{"bogus": 1,`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "device", "show", "--json")
	if r.code != cli.ExitOK || r.stdout != before {
		t.Errorf("device show: exit %d, the device changed:\n%s\nwas\n%s\n%s", r.code, r.stdout, before, r.stderr)
	}
	if !strings.Contains(r.stderr, `warning: the device file `+path+` has key "bogus" this mpsim does not know`) || !strings.Contains(r.stderr, "the device is kept") {
		t.Errorf("stderr does not name the key:\n%s", r.stderr)
	}
	if matches, _ := filepath.Glob(path + ".corrupt-*"); len(matches) != 0 {
		t.Errorf("kept aside as corrupt: %v", matches)
	}
}

// QA simfix: demo-portal on a port in use said only "address already in
// use"; it says how to choose another.
func TestDemoPortalOnAPortInUseSaysUseAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := mpsim(t, t.TempDir(), "demo-portal", "--addr", ln.Addr().String())
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "address already in use") || !strings.Contains(r.stderr, "--addr 127.0.0.1:0 for any free one") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
