package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
)

// The portal in a window of its own, under a window manager (openbox):
//   - it is transient for the host's window (WM_TRANSIENT_FOR), so the
//     window manager keeps the two together;
//   - Ctrl+P, Ctrl+R and F12 pressed in the page reach the host as
//     shortcut notices, and the page never sees them, while other keys
//     (Shift+F11 among them) still reach the page;
//   - the user closing WebKit's inspector with its window's close button
//     (Alt+F4 here, as the window manager's ✕) reaches the host as an
//     inspectorClosed notice; a close the host asked for sends none.
func TestE2EWindowNoticesAndTransientFor(t *testing.T) {
	needE2E(t)
	for _, tool := range []string{"xdotool", "xprop", "xlogo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (xdotool, x11-utils, x11-apps)", tool)
		}
	}
	x := privateX(t, "1600x900x24")
	d := x.Display
	startOpenbox(t, d)
	hostApp := xcmd(d, "xlogo")
	if err := hostApp.Start(); err != nil {
		t.Fatalf("start xlogo (the host window): %v", err)
	}
	t.Cleanup(func() { _ = hostApp.Process.Kill(); _ = hostApp.Wait() })
	hostID, err := strconv.ParseUint(firstLine(xdo(t, d, "search", "--sync", "--name", "^xlogo$")), 10, 64)
	if err != nil {
		t.Fatalf("the host window's id: %v", err)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `<!doctype html><title>portal</title><body><p>keys</p><script>
document.addEventListener('keydown', e => { document.body.dataset.keys = (document.body.dataset.keys || '') + (e.ctrlKey ? '^' : '') + e.key + ' '; });
</script>`)
	}))
	defer srv.Close()
	opener := portalproc.Opener{Exe: os.Args[0], Args: []string{"portal"}, Stderr: io.Discard,
		Env:          append(filteredEnv(), testMainEnv+"=1", "DISPLAY="+d, "XDG_CACHE_HOME="+t.TempDir()),
		TransientFor: func() uint64 { return hostID }}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	win, err := opener.Open(ctx, session.WindowSpec{URL: srv.URL, Title: "Mobile Plans (mpsim)", Width: 800, Height: 600})
	if err != nil {
		t.Fatalf("open the portal window: %v", err)
	}
	defer func() { _ = win.Close(session.CloseRequested) }()
	notices := make(chan string, 16)
	win.(interface{ OnNotice(func(kind, name string)) }).OnNotice(func(kind, name string) { notices <- strings.TrimSpace(kind + " " + name) })
	go func() { // the events are not this test's business, but must flow
		for range win.Events() {
		}
	}()
	portalID := firstLine(xdo(t, d, "search", "--sync", "--name", `^Mobile Plans \(mpsim\)$`))
	page := func(body string) string {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 20*time.Second)
		defer scancel()
		got, err := win.Step(sctx, body)
		if err != nil {
			t.Fatalf("step %q: %v", body, err)
		}
		return got
	}
	for deadline := time.Now().Add(40 * time.Second); page(`return document.readyState`) != "complete"; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page did not load within 40 s")
		}
	}

	t.Run("transient for the host", func(t *testing.T) {
		out, err := xcmd(d, "xprop", "-id", portalID, "WM_TRANSIENT_FOR").CombinedOutput()
		if want := fmt.Sprintf("window id # 0x%x", hostID); err != nil || !strings.Contains(string(out), want) {
			t.Errorf("xprop WM_TRANSIENT_FOR of the portal: %s (%v), want %q", out, err, want)
		}
	})

	wantNotice := func(t *testing.T, want string) {
		t.Helper()
		select {
		case got := <-notices:
			if got != want {
				t.Errorf("notice %q, want %q", got, want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no notice %q within 20 s", want)
		}
	}
	t.Run("Ctrl+P, Ctrl+R and F12 go to the host", func(t *testing.T) {
		xdo(t, d, "windowactivate", "--sync", portalID)
		xdo(t, d, "mousemove", "--window", portalID, "400", "300", "click", "1") // the page takes the keyboard
		time.Sleep(300 * time.Millisecond)                                       // openbox hands the focus over
		xdo(t, d, "key", "--clearmodifiers", "a", "ctrl+p", "b", "ctrl+r", "F12", "shift+F11", "ctrl+a")
		var keys string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if keys = page(`return document.body.dataset.keys || ""`); strings.Contains(keys, "^a") {
				break
			}
		}
		wantNotice(t, ipc.TypeShortcut+" "+ipc.ShortcutPresenter)
		wantNotice(t, ipc.TypeShortcut+" "+ipc.ShortcutRelaunch)
		wantNotice(t, ipc.TypeShortcut+" "+ipc.ShortcutDevTools)
		if !strings.HasPrefix(keys, "a ") || !strings.Contains(keys, " b ") || !strings.Contains(keys, "F11") || !strings.Contains(keys, "^a") ||
			strings.Contains(keys, "^p") || strings.Contains(keys, "^r") || strings.Contains(keys, "F12") {
			t.Errorf("the page saw the keys %q: want a, b, F11 and Ctrl+A, and no Ctrl+P, Ctrl+R or F12", keys)
		}
	})

	dev := win.(interface{ DevTools(open bool) error })
	devToolsWindow := func(t *testing.T, shown bool) string {
		t.Helper()
		for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
			out, _ := xcmd(d, "xdotool", "search", "--onlyvisible", "--name", "^DevTools").Output()
			if id := firstLine(string(out)); (id != "") == shown {
				return id
			}
		}
		t.Fatalf("the DevTools window shown = %v: not within 40 s", shown)
		return ""
	}
	t.Run("the user closes the inspector", func(t *testing.T) {
		if err := dev.DevTools(true); err != nil {
			t.Fatal(err)
		}
		id := devToolsWindow(t, true)
		xdo(t, d, "windowactivate", "--sync", id)
		time.Sleep(300 * time.Millisecond)
		xdo(t, d, "key", "--clearmodifiers", "alt+F4") // openbox: close the window
		wantNotice(t, ipc.TypeInspectorClosed)
		devToolsWindow(t, false)
	})
	t.Run("the host closes the inspector", func(t *testing.T) {
		if err := dev.DevTools(true); err != nil {
			t.Fatal(err)
		}
		devToolsWindow(t, true)
		if err := dev.DevTools(false); err != nil {
			t.Fatal(err)
		}
		devToolsWindow(t, false)
		select {
		case got := <-notices:
			t.Errorf("notice %q after the host's own close", got)
		case <-time.After(time.Second):
		}
	})
}

// firstLine is the first line of s, trimmed.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
