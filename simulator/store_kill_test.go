package simulator

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

const storeWriterEnv = "MPSIM_STORE_WRITER"

// TestMain lets this test binary act as a process that saves the device in
// a loop, so a test can kill it with SIGKILL in the middle of a write.
func TestMain(m *testing.M) {
	if path := os.Getenv(storeWriterEnv); path != "" {
		op := DemoOperator()
		s := Store{Path: path}
		for i := int64(0); ; i++ {
			d := NewDevice(KindESIM, op, NewGenerator(i))
			if err := s.Save(d); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			if i == 0 {
				fmt.Println("saved") // the test starts its clock now
			}
		}
	}
	os.Exit(m.Run())
}

// The saved device survives a kill -9 during a write: whenever the writer
// dies, Load returns a complete, valid device (old or new), never a torn one.
func TestStoreSurvivesKillDuringWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	path := filepath.Join(t.TempDir(), "device.json")
	initial := NewDevice(KindESIM, DemoOperator(), NewGenerator(-1))
	if err := (Store{Path: path}).Save(initial); err != nil {
		t.Fatal(err)
	}
	rewritten := 0
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), storeWriterEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the writer's first save: starting a process (race-instrumented,
		// on a busy machine) can take longer than any of the delays below.
		if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "saved\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("round %d: the writer did not report its first save: %q, %v", round, line, err)
		}
		// Vary the moment of death so it lands inside different writes.
		time.Sleep(time.Duration(20+round*13) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		d, found, err := Store{Path: path}.Load()
		if err != nil || !found {
			t.Fatalf("round %d: Load after kill -9 = found %v, %v", round, found, err)
		}
		if errs := d.Validate(); len(errs) > 0 {
			t.Fatalf("round %d: the device read back is invalid: %v", round, errs)
		}
		if d.EID != initial.EID {
			rewritten++
		}
		if len(d.Profiles) != 1 {
			t.Fatalf("round %d: device has %d profiles", round, len(d.Profiles))
		}
		matches, _ := filepath.Glob(path + ".corrupt-*")
		if len(matches) > 0 {
			t.Fatalf("round %d: a file was quarantined as corrupt: %v", round, matches)
		}
	}
	if rewritten == 0 {
		t.Fatal("the writer never replaced the file, so no kill landed during a write")
	}
	t.Logf("8 kills during writes, %d after the file had been rewritten; last file size %s bytes", rewritten, strconv.FormatInt(fileSize(path), 10))
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return fi.Size()
}
