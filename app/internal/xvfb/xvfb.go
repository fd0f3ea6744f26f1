// Package xvfb starts a private X virtual framebuffer for headless runs
// (`mpsim run --headless` without a DISPLAY, and the end-to-end tests).
package xvfb

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"mpsim/app/internal/proctree"
)

// Server is a running Xvfb.
type Server struct {
	// Display is the DISPLAY value for clients, e.g. ":99".
	Display string
	cmd     *exec.Cmd
	// done is closed once the process has exited and been waited for;
	// waitErr is then how it exited.
	done    chan struct{}
	waitErr error
	// stopping: Stop ended the process, so its exit is no loss.
	stopping atomic.Bool
}

// EndedError says that the Xvfb ended while its display was in use: it was
// killed, or it crashed, and every window on it went with it.
type EndedError struct {
	Display string
	PID     int
	// How is how the process exited ("signal: killed", "exit status 1").
	How string
}

func (e *EndedError) Error() string {
	return fmt.Sprintf("the X display %s (the private Xvfb, PID %d) ended: %s", e.Display, e.PID, e.How)
}

// ErrNotInstalled says Xvfb is not on PATH.
//
//lint:ignore ST1005 the message starts with the program's name, Xvfb.
var ErrNotInstalled = errors.New("Xvfb is not installed (Debian: apt-get install xvfb; `make deps` installs it)")

// Start launches Xvfb on a free display with the given screen size
// (e.g. "1280x800x24") and waits until it accepts clients.
func Start(screen string) (*Server, error) {
	path, err := exec.LookPath("Xvfb")
	if err != nil {
		return nil, ErrNotInstalled
	}
	if screen == "" {
		screen = "1280x800x24"
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("xvfb: pipe: %w", err)
	}
	defer pr.Close()
	// -displayfd makes Xvfb pick a free display and print its number on fd 3.
	cmd := exec.Command(path, "-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp", "-ac", "-noreset")
	cmd.ExtraFiles = []*os.File{pw}
	// Its own process group: the SIGINT of a Ctrl+C in the terminal goes to
	// mpsim, which ends its sessions and then stops the Xvfb (Stop), not to
	// the Xvfb under the windows still running (which read as a display
	// that ended in the middle of the run, Ended).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM, Setpgid: true}
	if err := cmd.Start(); err != nil {
		pw.Close()
		return nil, fmt.Errorf("xvfb: start: %w", err)
	}
	pw.Close()
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(pr).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, errors.New("xvfb: it exited before reporting a display")
		}
		s := &Server{Display: ":" + n, cmd: cmd, done: make(chan struct{})}
		go func() {
			s.waitErr = cmd.Wait()
			close(s.done)
		}()
		return s, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("xvfb: no display reported within 10 s")
	}
}

// PID is the Xvfb's process ID.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Done is closed when the Xvfb process has exited, whether Stop ended it
// or not (Ended tells).
func (s *Server) Done() <-chan struct{} { return s.done }

// Ended says how the display ended when the Xvfb exited without Stop (an
// *EndedError): nil while it runs, and after Stop. A process that has
// exited but is not yet waited for (a zombie: the windows on it can see
// its sockets close before Done is closed) counts as ended: Ended then
// waits the moment it takes to reap it.
func (s *Server) Ended() error {
	select {
	case <-s.done:
	default:
		if !exited(s.PID()) {
			return nil
		}
		<-s.done
	}
	if s.stopping.Load() {
		return nil
	}
	how := "it exited"
	if s.waitErr != nil {
		how = s.waitErr.Error()
	}
	return &EndedError{Display: s.Display, PID: s.PID(), How: how}
}

// exited reports whether process pid has exited (a zombie, or gone), from
// its /proc/PID/stat; false when that cannot be read for another reason.
func exited(pid int) bool {
	st, err := proctree.ReadStat(proctree.Sys(), pid)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	return err == nil && st.Exited()
}

// Stop ends the server.
func (s *Server) Stop() error {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	s.stopping.Store(true)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(3 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	return nil
}
