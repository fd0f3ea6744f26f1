package simulator

import (
	"net/url"
	"slices"
	"strconv"
)

// badPorts are the ports the Fetch standard's "bad port" list names
// (https://fetch.spec.whatwg.org/#port-blocking): every browser engine
// refuses to connect to them, WebKit included, and the Mobile Plans app's
// WebView is one. WebKitGTK 2.50 refuses such a load without a load
// failure: the view commits an empty about:blank page instead (seen with
// https://127.0.0.1:1/), so a portal served on one of these ports would
// leave a session waiting for its timeout.
var badPorts = []int{
	1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
	109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
	526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
	3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
}

// BlockedPort returns the port of an http(s) URL when browsers refuse to
// connect to it (the Fetch standard's bad ports), and whether they do. A
// URL without a port uses its scheme's default, which is never blocked.
func BlockedPort(u *url.URL) (int, bool) {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return 0, false
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, false
	}
	return port, slices.Contains(badPorts, port)
}

// BlockedPortReason says why a load of a URL on the blocked port was
// refused, in one sentence.
func BlockedPortReason(port int) string {
	return "port " + strconv.Itoa(port) + " is one browsers refuse to connect to (the Fetch standard's bad ports; WebKit and the app's WebView among them): serve the portal on another port"
}
