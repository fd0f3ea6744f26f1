package window

import (
	"io/fs"
	"strings"

	"mpsim/app/internal/proctree"
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
	procfs := proctree.Sys()
	children, _ := proctree.KernelChildren(procfs, parent)
	out := helpersAmong(procfs, children, comm)
	if len(out) == 0 {
		children, _ = proctree.Children(procfs, parent)
		out = helpersAmong(procfs, children, comm)
	}
	return out
}

// helpersAmong returns the pids that are live helpers named comm (their
// /proc comm starts with it).
func helpersAmong(procfs fs.FS, pids []int, comm string) []int {
	var out []int
	for _, pid := range pids {
		if s, err := proctree.ReadStat(procfs, pid); err == nil && !s.Exited() && strings.HasPrefix(s.Comm, comm) {
			out = append(out, pid)
		}
	}
	return out
}

// poll returns the helpers seen before that are gone now. With rescan (or
// while none is known) it also looks for new ones.
func (h *helperWatch) poll(rescan bool) []int {
	var gone []int
	for pid := range h.known {
		if !proctree.Alive(proctree.Sys(), pid) {
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
