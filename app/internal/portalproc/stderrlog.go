package portalproc

import (
	"io"
	"os"
	"regexp"
	"strings"
)

// stderrTailBytes is how much of the end of the child's stderr is read to
// say why it ended: enough for the head of a Go crash dump, which a dump
// of every goroutine's stack follows.
const stderrTailBytes = 64 << 10

// stderrLog keeps what a window process writes on stderr when nobody asked
// to see it (no --verbose), so that a process that ends unexpectedly can say
// why: "mpsim-portal: not found next to /usr/local/bin", a GTK or WebKit
// abort. It is an unlinked temporary file, not a pipe: WebKit's own
// processes inherit the descriptor and may outlive the window process by a
// moment, and a pipe would make the parent wait for them. The file goes away
// with the last process that holds it.
type stderrLog struct{ f *os.File }

// newStderrLog makes the file; nil (the output is discarded, as before)
// when the temporary directory is not writable.
func newStderrLog() *stderrLog {
	f, err := os.CreateTemp("", "mpsim-portal-stderr-*")
	if err != nil {
		return nil
	}
	_ = os.Remove(f.Name())
	return &stderrLog{f: f}
}

// file is the descriptor to give the child; nil for a nil log.
func (l *stderrLog) file() io.Writer {
	if l == nil {
		return nil
	}
	return l.f
}

// lastLine returns the last non-empty line the child wrote, at most 300
// characters; "" when there is none.
func (l *stderrLog) lastLine() string {
	if l == nil {
		return ""
	}
	st, err := l.f.Stat()
	if err != nil || st.Size() == 0 {
		return ""
	}
	off := max(st.Size()-stderrTailBytes, 0)
	buf := make([]byte, st.Size()-off)
	n, _ := l.f.ReadAt(buf, off)
	lines := strings.Split(strings.TrimSpace(string(buf[:n])), "\n")
	last := crashLine(lines)
	for i := len(lines) - 1; i >= 0 && last == ""; i-- {
		if l := strings.TrimSpace(lines[i]); !routineLine(l) {
			last = l
		}
	}
	if r := []rune(last); len(r) > 300 {
		last = string(r[:300]) + "…"
	}
	return last
}

// crashHead matches the first line of a Go crash dump: a signal, a fatal
// error or a panic.
var crashHead = regexp.MustCompile(`^(SIG[A-Z]+: |fatal error: |panic: |unexpected fault address )`)

// crashLine is, when the child's last words are a Go crash dump, its first
// line with the telling line before it ("readPIDFromPeer: Unexpected short
// read from PID socket; then SIGTRAP: trace trap"); "" otherwise. The
// dump's last line (a register, "gs 0x0") said nothing (crowd QA).
func crashLine(lines []string) string {
	head := -1
	for i, l := range lines {
		if crashHead.MatchString(strings.TrimSpace(l)) {
			head = i
		}
	}
	if head < 0 {
		return ""
	}
	msg := strings.TrimSpace(lines[head])
	for j := head - 1; j >= 0 && j >= head-5; j-- {
		if l := strings.TrimSpace(lines[j]); l != "" && !routineLine(l) {
			return l + "; then " + msg
		}
	}
	return msg
}

// routineLines start the lines WebKit and GLib write in every healthy
// start: as the last words of a window process killed (kill -9, the OOM
// killer), they read as its reason.
var routineLines = []string{
	"Overriding existing handler for signal", // JavaScriptCore's GC signal, every start
}

func routineLine(l string) bool {
	for _, p := range routineLines {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// said is the child's last line as the end of an error message,
// " (it said: …)", or "" when it wrote nothing.
func (l *stderrLog) said() string {
	if last := l.lastLine(); last != "" {
		return " (it said: " + last + ")"
	}
	return ""
}

// close releases the parent's descriptor.
func (l *stderrLog) close() {
	if l != nil {
		_ = l.f.Close()
	}
}
