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
}

func newHelperWatch(parent int, comm string) *helperWatch {
	return &helperWatch{parent: parent, prefix: comm, known: map[int]bool{}}
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
		for _, pid := range children(h.parent) {
			if h.known[pid] {
				continue
			}
			comm, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "comm"))
			if err == nil && strings.HasPrefix(strings.TrimSpace(string(comm)), h.prefix) && alive(pid) {
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
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return false
	}
	state := s[i+2]
	return state != 'Z' && state != 'X'
}
