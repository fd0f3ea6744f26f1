package window

import (
	"os"
	"os/exec"
	"slices"
	"testing"
)

// Both ways of listing a process's children find a child, and helperPIDs
// finds it by its name.
func TestChildrenAndHelpers(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep:", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := cmd.Process.Pid
	if got := children(os.Getpid()); !slices.Contains(got, pid) {
		t.Errorf("children = %v, want %d among them", got, pid)
	}
	if got := childrenByScan(os.Getpid()); !slices.Contains(got, pid) {
		t.Errorf("childrenByScan = %v, want %d among them", got, pid)
	}
	if ppid, ok := parentOf(pid); !ok || ppid != os.Getpid() {
		t.Errorf("parentOf(%d) = %d, %v", pid, ppid, ok)
	}
	if got := helperPIDs(os.Getpid(), "sleep"); !slices.Equal(got, []int{pid}) {
		t.Errorf("helperPIDs(sleep) = %v, want [%d]", got, pid)
	}
	if got := helperPIDs(os.Getpid(), "WebKitNetworkPr"); len(got) != 0 {
		t.Errorf("helperPIDs(WebKitNetworkPr) = %v, want none", got)
	}
}
