package window

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// helperWatch notices when a WebKit helper process of this process ends.
// WebKitGTK emits web-process-terminated for the web content process but
// nothing for the network process, which it silently restarts; without the
// network process the portal cannot load anything, so its death must end
// the session with a clear reason (issue 12 item 6, issue 10).
type helperWatch struct {
	parent int
	prefix string // the helper's /proc comm (15 bytes at most)
	known  map[int]bool
	ignore map[int]bool // helpers of earlier sessions, ending on their own
}

// networkProcessComm is the /proc comm of WebKit's network process.
const networkProcessComm = "WebKitNetworkPr"

// newHelperWatch watches parent's helpers named comm, except those in
// ignore.
func newHelperWatch(parent int, comm string, ignore []int) *helperWatch {
	h := &helperWatch{parent: parent, prefix: comm, known: map[int]bool{}, ignore: map[int]bool{}}
	for _, pid := range ignore {
		h.ignore[pid] = true
	}
	return h
}

// helperPIDs lists parent's live helpers named comm. The kernel's children
// lists can miss a child while others are being created (proc(5): reliable
// only when the children are stopped), which WebKit does around a page's
// commit: when they show none, every process's parent is read instead, so
// that a network process killed right after the commit is not first seen in
// its silent replacement.
func helperPIDs(parent int, comm string) []int {
	out := helpersAmong(children(parent), comm)
	if len(out) == 0 {
		out = helpersAmong(childrenByScan(parent), comm)
	}
	return out
}

// helpersAmong returns the pids that are live helpers named comm.
func helpersAmong(pids []int, comm string) []int {
	var out []int
	for _, pid := range pids {
		if isHelper(pid, comm) {
			out = append(out, pid)
		}
	}
	return out
}

// childrenByScan lists the processes whose parent is pid, from every
// process's /proc stat.
func childrenByScan(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(n); ok && ppid == pid {
			out = append(out, n)
		}
	}
	return out
}

// parentOf reads the parent pid of pid from /proc.
func parentOf(pid int) (int, bool) {
	f, ok := statFields(pid)
	if !ok || len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// isHelper reports whether pid is alive and named comm.
func isHelper(pid int, comm string) bool {
	name, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "comm"))
	return err == nil && strings.HasPrefix(strings.TrimSpace(string(name)), comm) && alive(pid)
}

// poll returns the helpers seen before that are gone now. With rescan (or
// while none is known) it also looks for new ones.
func (h *helperWatch) poll(rescan bool) []int {
	var gone []int
	for pid := range h.known {
		if !alive(pid) {
			gone = append(gone, pid)
			delete(h.known, pid)
		}
	}
	if rescan || len(h.known) == 0 {
		for _, pid := range helperPIDs(h.parent, h.prefix) {
			if !h.ignore[pid] {
				h.known[pid] = true
			}
		}
	}
	return gone
}

// children lists the child processes of pid (all its threads' children).
func children(pid int) []int {
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	var out []int
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	f, ok := statFields(pid)
	return ok && len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// statFields returns the fields of /proc/PID/stat after the command name
// (state, ppid, …).
func statFields(pid int) ([]string, bool) {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil, false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, false
	}
	return strings.Fields(s[i+1:]), true
}
