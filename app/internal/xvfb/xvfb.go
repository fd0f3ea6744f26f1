// Package xvfb starts a private X virtual framebuffer for headless runs
// (`mpsim run --headless` without a DISPLAY, and the end-to-end tests).
package xvfb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Server is a running Xvfb.
type Server struct {
	// Display is the DISPLAY value for clients, e.g. ":99".
	Display string
	cmd     *exec.Cmd
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
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
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
		return &Server{Display: ":" + n, cmd: cmd}, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("xvfb: no display reported within 10 s")
	}
}

// Stop ends the server.
func (s *Server) Stop() error {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	return nil
}
