package hostwin

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/xdisplay"
)

// windowWidth and windowHeight are the host window's size where the screen
// has room: it fits a 1280x720 projector with the window frame.
const windowWidth, windowHeight = 1240, 660

// screenPixels is the size in pixels of the X screen the window opens on,
// zero when it is not known (Wayland, a remote display, a server that
// wants a cookie the Xauthority file does not hold).
type screenPixels struct{ width, height int }

// screenSize asks the X server of display for its root window's size, with
// the cookie of XAUTHORITY (or ~/.Xauthority) as Xlib sends it.
func screenSize(env cli.Env, display string) screenPixels {
	if display == "" {
		return screenPixels{}
	}
	auth := env.Getenv("XAUTHORITY")
	if auth == "" && env.Getenv("HOME") != "" {
		auth = filepath.Join(env.Getenv("HOME"), ".Xauthority")
	}
	w, h, err := xdisplay.RootSize(display, auth, 500*time.Millisecond)
	if err != nil {
		return screenPixels{}
	}
	return screenPixels{w, h}
}

// frameWidth and frameHeight are the pixels a window manager's frame (its
// borders and title bar) takes around the window, left free when the
// window is cut to the screen.
const frameWidth, frameHeight = 16, 48

// fitWindow is the size the host window opens at on screen, in Fyne's
// units at the canvas scale: 1240x660, cut where the screen is smaller to
// the screen less the room of a window frame. With no window manager
// (Xvfb, a kiosk) nothing else keeps the window on the screen: at 1024x600
// a 1240x660 window hung off its right and bottom edges; with one, a
// window cut to the screen's own size had its bottom edge (the status
// line) under the screen's, below the frame's title bar (FYNE_SCALE=1.5 on
// 1280x800).
func fitWindow(screen screenPixels, scale float32) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	s := fyne.NewSize(windowWidth, windowHeight)
	if w := float32(screen.width) / scale; screen.width > 0 && w < s.Width {
		s.Width = float32(max(screen.width-frameWidth, 1)) / scale
	}
	if h := float32(screen.height) / scale; screen.height > 0 && h < s.Height+frameHeight/scale {
		s.Height = min(s.Height, float32(max(screen.height-frameHeight, 1))/scale)
	}
	return s
}
