package window

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// helperPIDs finds a child by its name, and no longer once it has ended
// (a zombie not yet waited for).
func TestChildrenAndHelpers(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep:", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := cmd.Process.Pid
	if got := helperPIDs(os.Getpid(), "sleep"); !slices.Equal(got, []int{pid}) {
		t.Errorf("helperPIDs(sleep) = %v, want [%d]", got, pid)
	}
	if got := helperPIDs(os.Getpid(), "WebKitNetworkPr"); len(got) != 0 {
		t.Errorf("helperPIDs(WebKitNetworkPr) = %v, want none", got)
	}
	h := newHelperWatch(os.Getpid(), "sleep", nil)
	if gone := h.poll(true); len(gone) != 0 || !h.known[pid] {
		t.Fatalf("poll = %v, known %v; want %d known and none gone", gone, h.known, pid)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(helperPIDs(os.Getpid(), "sleep")) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("helperPIDs(sleep) still lists %d 5 s after it was killed", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if gone := h.poll(false); !slices.Equal(gone, []int{pid}) {
		t.Errorf("poll after the kill = %v, want [%d] gone", gone, pid)
	}
}
