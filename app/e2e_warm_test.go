package main

// The host keeps a portal window process warm between sessions (issue 15):
// one waits while the host is idle (its view made in advance, on an empty
// page), Open portal hands it the session (with the session's
// Accept-Language, and a history that starts with the portal), also when
// the portal opens in a window of its own, the next one starts after the
// session, and MPSIM_WARM=0 keeps none.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/window"
)

// portalKids waits up to within for the host's portal processes to be n
// and returns them.
func portalKids(t *testing.T, host, n int, within time.Duration) []int {
	t.Helper()
	var kids []int
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if kids = childPIDs(host, "portal"); len(kids) == n {
			return kids
		}
	}
	t.Fatalf("the host has portal processes %v, want %d", kids, n)
	return nil
}

// waitNetworkTLS waits until the window process pid and its WebKit network
// process have loaded GIO's TLS module.
func waitNetworkTLS(t *testing.T, pid int, within time.Duration) {
	t.Helper()
	hasTLS := func(pid int) bool {
		maps, err := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid))
		return err == nil && strings.Contains(string(maps), "libgiognutls.so")
	}
	var net []int
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		net = net[:0]
		for _, p := range processes() {
			if p.ppid == pid && len(p.args) > 0 && strings.HasSuffix(p.args[0], "/WebKitNetworkProcess") {
				net = append(net, p.pid)
			}
		}
		if slices.ContainsFunc(net, hasTLS) && hasTLS(pid) {
			return
		}
	}
	t.Fatalf("the idle window process %d (TLS module loaded: %v) and its network processes %v have not all loaded GIO's TLS module within %v", pid, hasTLS(pid), net, within)
}

func TestE2EWarmPortalProcess(t *testing.T) {
	needE2E(t)
	needXTools(t)
	x := privateX(t, "1280x720x24")
	d := x.Display

	t.Run("warm by default", func(t *testing.T) {
		portal := startEmbedPortal(t)
		cmd, stderr, history := embedHostWith(t, d, portal.url, "languages = [\"fr-FR\", \"fr\"]\n", "MPSIM_AUTOOPEN=0")
		defer stopHost(t, cmd, stderr)
		// Idle host: one portal process waits, with no page.
		warm := portalKids(t, cmd.Process.Pid, 1, 20*time.Second)[0]
		// Its network process has set up TLS before any session (the
		// warm-up request of webkit.WarmNetwork): no HTTPS request has
		// been made otherwise.
		waitNetworkTLS(t, warm, 15*time.Second)
		portal.mu.Lock()
		loaded := len(portal.got) + len(portal.langs)
		portal.mu.Unlock()
		if loaded != 0 {
			t.Fatalf("the idle process loaded the portal before Open portal")
		}
		clickOpen(t, d, portal)
		if now := portalKids(t, cmd.Process.Pid, 1, 5*time.Second)[0]; now != warm {
			t.Errorf("the session runs in process %d, not the warm one %d", now, warm)
		}
		portal.mu.Lock()
		langs := slices.Clone(portal.langs)
		portal.mu.Unlock()
		if len(langs) == 0 || !strings.HasPrefix(langs[0], "fr-FR") {
			t.Errorf("the portal got Accept-Language %q from the warm process, want fr-FR first", langs)
		}
		// The warm process made its view on an empty page in advance; the
		// portal's history starts with the portal, as in the real app.
		portal.waitPing(t, "history=1", 10*time.Second)
		// The session ends (the window process dies); another warm one
		// starts for the next session.
		if err := syscall.Kill(warm, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if rep := waitReports(t, history, 1, 15*time.Second); rep.Ended != session.EndedCrashed {
			t.Errorf("ended %q, want %q", rep.Ended, session.EndedCrashed)
		}
		next := portalKids(t, cmd.Process.Pid, 1, 20*time.Second)[0]
		if next == warm {
			t.Errorf("no new warm process after the session")
		}
		// kill -9 of the host leaves no idle process behind.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		for deadline := time.Now().Add(5 * time.Second); running(next); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Errorf("the idle portal process %d outlived the host's kill -9 by 5 s", next)
				break
			}
		}
	})

	t.Run("a portal of its own from the warm process", func(t *testing.T) {
		// "Portal inside the host" off (a remembered Fyne preference): the
		// warm process made the portal's own window ahead, unmapped, and
		// the session runs in it.
		conf := t.TempDir()
		prefs := filepath.Join(conf, "fyne", "io.github.mpsim")
		if err := os.MkdirAll(prefs, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(prefs, "preferences.json"), []byte(`{"portalInside":false}`), 0o600); err != nil {
			t.Fatal(err)
		}
		legacy, err := os.Stat(filepath.Join(prefs, "preferences.json"))
		if err != nil {
			t.Fatal(err)
		}
		portal := startEmbedPortal(t)
		cmd, stderr, history := embedHostWith(t, d, portal.url, "", "MPSIM_AUTOOPEN=0", "XDG_CONFIG_HOME="+conf)
		defer func() {
			stopHost(t, cmd, stderr)
			// Fyne's per-user file is read, never written: Fyne rewrote it
			// (truncated, then written) when the app stopped, and a host
			// starting then read it empty ("Preferences load error: EOF").
			after, err := os.Stat(filepath.Join(prefs, "preferences.json"))
			switch {
			case err != nil:
				t.Errorf("Fyne's per-user preferences file: %v", err)
			case !after.ModTime().Equal(legacy.ModTime()) || after.Size() != legacy.Size():
				t.Errorf("the host wrote Fyne's per-user preferences file: %d bytes at %s, was %d at %s",
					after.Size(), after.ModTime().Format(time.RFC3339Nano), legacy.Size(), legacy.ModTime().Format(time.RFC3339Nano))
			}
			if strings.Contains(stderr.String(), "Preferences load error") {
				t.Errorf("the host says %q", "Preferences load error")
			}
		}()
		warm := portalKids(t, cmd.Process.Pid, 1, 20*time.Second)[0]
		time.Sleep(time.Second) // the warm process made its view
		// Made ahead, its window is not on the screen before Open portal.
		if out, _ := xcmd(d, "xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(warm)).Output(); len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("the idle process shows windows %q before Open portal", out)
		}
		for try := 0; ; try++ {
			xdo(t, d, "mousemove", "60", "21", "click", "1")
			if out, _ := xcmd(d, "xdotool", "search", "--sync", "--name", "Mobile Plans — Embed Test").Output(); len(strings.TrimSpace(string(out))) > 0 {
				break
			}
			if try == 5 {
				t.Fatalf("Open portal opened no portal window in 6 tries")
			}
		}
		portal.waitPing(t, "show=/", 30*time.Second)
		portal.waitPing(t, "history=1", 10*time.Second)
		if _, c, ok := findPortalChild(t, d, "Mobile Plans — Embed Test", time.Second); ok {
			t.Errorf("the portal %s is inside the host with Portal inside the host off", c.id)
		}
		if now := portalKids(t, cmd.Process.Pid, 1, 5*time.Second)[0]; now != warm {
			t.Errorf("the session runs in process %d, not the warm one %d", now, warm)
		}
		// Its window was the one made ahead: the session log says so.
		if err := syscall.Kill(warm, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		rep := waitReports(t, history, 1, 15*time.Second)
		for _, e := range rep.Log {
			if e.Kind == session.KindReady && e.Text != window.WarmReady {
				t.Errorf("the session's ready says %q, want %q", e.Text, window.WarmReady)
			}
		}
	})

	t.Run("MPSIM_WARM=0 keeps none", func(t *testing.T) {
		portal := startEmbedPortal(t)
		cmd, stderr, _ := embedHostWith(t, d, portal.url, "", "MPSIM_AUTOOPEN=0", "MPSIM_WARM=0")
		defer stopHost(t, cmd, stderr)
		// The host is up once its window is; give a warm process the time
		// it would have had.
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if out, _ := xcmd(d, "xdotool", "search", "--name", "Mobile Plans host").Output(); len(strings.TrimSpace(string(out))) > 0 {
				break
			}
		}
		time.Sleep(3 * time.Second)
		if kids := childPIDs(cmd.Process.Pid, "portal"); len(kids) != 0 {
			t.Errorf("portal processes %v with MPSIM_WARM=0, want none while idle", kids)
		}
		clickOpen(t, d, portal) // and Open portal still works
	})
}

// running reports whether process pid exists and is not a zombie (an
// orphan is reaped by whatever init the machine has, maybe never).
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state …: the state follows the last ')'.
	i := strings.LastIndexByte(string(stat), ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// clickOpen clicks Open portal until the page shows (the button is enabled
// once the host has built its screen).
func clickOpen(t *testing.T, display string, portal *embedPortal) {
	t.Helper()
	for try := 0; ; try++ {
		xdo(t, display, "mousemove", "60", "21", "click", "1")
		if _, _, ok := findPortalChild(t, display, "Mobile Plans — Embed Test", 10*time.Second); ok {
			break
		}
		if try == 5 {
			t.Fatalf("Open portal opened no portal in 6 tries")
		}
	}
	portal.waitPing(t, "show=/", 30*time.Second)
}
