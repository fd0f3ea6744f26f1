package hostwin

import "fmt"

// displayProblem says why the host window cannot open on the displays the
// environment getenv names, "" when it can try. This mpsim-host is an X11
// client unless it was built with the wayland tag (nativeWayland): under
// a Wayland desktop it needs XWayland's DISPLAY, and with WAYLAND_DISPLAY
// alone GLFW printed "PlatformError: X11: The DISPLAY environment variable
// is missing" and "NotInitialized" instead (found by exploratory QA).
func displayProblem(getenv func(string) string, nativeWayland bool) string {
	const headless = "or use `mpsim run --headless` for unattended sessions."
	if getenv("DISPLAY") != "" {
		return ""
	}
	wayland := getenv("WAYLAND_DISPLAY")
	switch {
	case wayland != "" && nativeWayland:
		return ""
	case wayland != "":
		return fmt.Sprintf("mpsim needs an X11 display (XWayland): DISPLAY is not set, only WAYLAND_DISPLAY=%s. Turn XWayland on in your desktop session (it sets DISPLAY), "+headless, wayland)
	}
	return "mpsim: no display (DISPLAY is not set). Run it on a desktop, " + headless
}
