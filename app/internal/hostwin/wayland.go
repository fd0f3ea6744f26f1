//go:build wayland

package hostwin

// nativeWayland says that this mpsim-host was built for Wayland (the
// wayland tag, which Fyne's GLFW driver follows): it opens its window
// with WAYLAND_DISPLAY alone.
const nativeWayland = true
