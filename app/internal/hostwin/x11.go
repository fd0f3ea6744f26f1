//go:build !wayland

package hostwin

// nativeWayland says that this mpsim-host was built for Wayland (the
// wayland tag, which Fyne's GLFW driver follows); it was not: it needs an
// X11 display, XWayland's under a Wayland desktop.
const nativeWayland = false
