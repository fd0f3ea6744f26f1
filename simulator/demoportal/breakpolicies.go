package demoportal

import (
	"slices"
	"strings"
)

// The "break the policies" switch (Config.BreakPolicies) makes the demo
// portal a known-bad portal for the design-policy audit (docs/policies.md):
// the same pages and the same purchase flow (every AutoChoice still hands
// back), plus one deliberate break for each policy a machine checks. The
// page template renders the element breaks; portal.js does the scripted
// ones. Each break names itself with a stable id, so a demo or a test can
// point at it:
//
//   - an image over plain http from a non-loopback host, blocked by the
//     page's Content-Security-Policy, so nothing is fetched
//     (#broken-http-image: security-https-resources);
//   - a scripted window.open (capabilities-no-popups, capabilities-focus);
//   - an autoplaying <video> without media (#broken-video: advertising-none);
//   - a promotion strip wider than the 800x600 frame (#broken-wide:
//     usability-frame-size) that runs a CSS animation (advertising-none's
//     animation warning);
//   - no on-screen Cancel: #btn-cancel is not rendered (usability-cancel);
//   - a console.error and an uncaught exception (capabilities-error-handling;
//     findings console-error and page-error);
//   - a fetch of a path the back end does not have, answered 404
//     (BrokenFetchPath: finding request-http-error);
//   - a window-like "×" close button in the header (#broken-close:
//     usability-no-window-buttons);
//   - <html lang> naming a language the app did not send (WrongLang:
//     localization-locale);
//   - an image without alt text (#broken-no-alt: axe-core's image-alt,
//     the accessibility policy).
const (
	// BrokenHTTPImage is the plain-http image URL of the switch: a host
	// under .invalid (RFC 6761), which never resolves.
	BrokenHTTPImage = "http://ads.mpsim-demo.invalid/banner.png"
	// BrokenPopupURL is the URL the page tries to open in a new window.
	BrokenPopupURL = "https://offers.mpsim-demo.invalid/special"
	// BrokenFetchPath is the path the page fetches and the back end
	// answers with 404.
	BrokenFetchPath = "/api/offers"
	// BrokenConsoleError and BrokenUncaught are the texts of the console
	// error and of the uncaught exception.
	BrokenConsoleError = "Contoso demo portal: the policies are broken on purpose (--demo-break-policies)"
	BrokenUncaught     = "Contoso demo portal: an exception nobody catches (--demo-break-policies)"
)

// wrongLangs are the languages WrongLang picks from: none is a language of
// the demo portal.
var wrongLangs = [...]string{"fi", "ko", "nl", "pl"}

// WrongLang returns the <html lang> of a page with the policies broken: the
// first of a few languages whose primary subtag is not in acceptLanguage,
// so the page's declared language is none the app asked for.
func WrongLang(acceptLanguage string) string {
	var sent []string
	for _, tag := range lenientAcceptLanguage(acceptLanguage) {
		base, _ := tag.Base()
		sent = append(sent, strings.ToLower(base.String()))
	}
	for _, l := range wrongLangs {
		if !slices.Contains(sent, l) {
			return l
		}
	}
	return "x-none" // every candidate was sent: no real language at all
}
