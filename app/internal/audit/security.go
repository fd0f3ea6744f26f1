package audit

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// storeSchemes are URL schemes that open an app store or an installer.
var storeSchemes = [...]string{"ms-windows-store", "ms-appinstaller", "market", "itms-apps", "itms-services", "intent"}

// installerExts are file extensions of installable apps and modules.
var installerExts = [...]string{".exe", ".msi", ".msix", ".msixbundle", ".appx", ".appxbundle", ".apk", ".dmg", ".pkg", ".crx", ".xpi", ".cab", ".ocx"}

// installerMIMEs are MIME types of installable apps and modules.
var installerMIMEs = [...]string{"application/x-msdownload", "application/x-msi", "application/x-ms-installer", "application/msix", "application/vnd.ms-appx", "application/appx", "application/vnd.android.package-archive", "application/x-apple-diskimage", "application/x-xpinstall", "application/x-chrome-extension"}

// schemeOf returns the lower-case scheme of raw.
func schemeOf(raw string) string {
	s, _, ok := strings.Cut(strings.TrimSpace(raw), ":")
	if !ok {
		return ""
	}
	return strings.ToLower(s)
}

// isStoreScheme reports whether raw opens an app store or installer.
func isStoreScheme(raw string) bool { return slices.Contains(storeSchemes[:], schemeOf(raw)) }

// isInstaller reports whether the request fetched an app or module.
func isInstaller(q inspect.Request) bool {
	mime := strings.ToLower(strings.TrimSpace(strings.Split(q.MimeType, ";")[0]))
	if slices.Contains(installerMIMEs[:], mime) {
		return true
	}
	u, err := url.Parse(q.URL)
	if err != nil {
		return false
	}
	return slices.Contains(installerExts[:], strings.ToLower(path.Ext(u.Path)))
}

// checkNoInstalls fails on downloads, app-store or installer schemes and
// requests that fetched an installer.
func checkNoInstalls(f *facts, o *outcome) {
	for _, n := range f.in.Navigations {
		switch {
		case n.Kind == inspect.NavDownload:
			o.fail("download of %s%s%s", n.URL, installSource(n), blockedNote(n))
		case isStoreScheme(n.URL):
			o.fail("navigation to the app store or installer link %s%s%s", n.URL, installSource(n), blockedNote(n))
		}
	}
	for _, q := range f.in.Network {
		if isInstaller(q) {
			o.fail("request #%d fetched an installable app or module: %s (%s)", q.ID, q.URL, q.MimeType)
		}
	}
	if o.status == "" && !f.unrecorded(o) {
		o.note("%d navigations and %d requests: no download, app-store link or installer", realNavigations(f.in.Navigations), len(f.in.Network))
	}
}

// installSource says which page a download or installer link came from;
// with no such page (From is empty: the top frame had shown none yet),
// that the portal's own navigation was it: its first page, or where that
// page redirected, was the download. Before, the evidence said
// "(from )".
func installSource(n inspect.Navigation) string {
	if n.From == "" {
		return " (the portal's own navigation, before any page had loaded: its first page, or a redirect of it)"
	}
	return fromNote(n)
}

// blockedNote says the window blocked a navigation.
func blockedNote(n inspect.Navigation) string {
	if n.Blocked {
		return "; blocked by mpsim"
	}
	return ""
}

// logoutWords mark a sign-out request in a URL path.
var logoutWords = [...]string{"logout", "logoff", "signout", "sign-out", "log-out", "sign_out", "log_out", "endsession"}

// checkLogout is manual; it lists the cookies the portal left in the
// window's cookie jar (and any Set-Cookie header recorded) and any
// sign-out request, the hints a person needs.
func checkLogout(f *facts, o *outcome) {
	o.manual()
	jarEvidence(f, o)
	for _, q := range f.in.Network {
		for _, h := range q.ResponseHeaders {
			if strings.EqualFold(h.Name, "Set-Cookie") {
				o.note("cookie set by %s (request #%d): %s", hostOf(q.URL), q.ID, cookieSummary(h.Value))
			}
		}
		low := strings.ToLower(q.URL)
		for _, w := range logoutWords {
			if strings.Contains(low, w) {
				o.note("sign-out request #%d: %s %s (status %d)", q.ID, q.Method, q.URL, q.Status)
				break
			}
		}
	}
	if len(o.evidence) == 0 {
		o.note("no cookie, no Set-Cookie header and no sign-out request recorded")
	}
}

// jarEvidence notes the cookies of the window's cookie jar at the last
// probe that read it (the hand-back's, when there is one) and those an
// earlier probe saw that were gone by then. WebKit reports no Set-Cookie
// response header, so the jar is where a portal's cookies are seen.
func jarEvidence(f *facts, o *outcome) {
	var read []inspect.Probe
	for _, p := range f.in.Probes {
		if p.CookiesError != "" && !p.CookiesRead {
			o.note("%s: the cookie jar could not be read: %s", probeLabel(p), p.CookiesError)
		}
		if p.CookiesRead {
			read = append(read, p)
		}
	}
	if len(read) == 0 {
		return
	}
	last := read[len(read)-1]
	at := probeLabel(last)
	// How many first: the evidence keeps maxEvidence lines, so a count
	// after a jar's cookies was cut with them ("… and 40 more").
	switch {
	case last.CookiesError != "":
		o.note("%s: %s", at, last.CookiesError)
	case len(last.Cookies) == 0:
		o.note("no cookie in the window's cookie jar at %s", at)
	case len(last.Cookies) > 1:
		o.note("%d cookies in the window's cookie jar at %s", len(last.Cookies), at)
	}
	held := map[string]bool{}
	for _, c := range last.Cookies {
		held[cookieKey(c)] = true
		o.note("cookie in the window's jar at %s: %s", at, jarCookie(c))
	}
	gone := map[string]bool{}
	for _, p := range read[:len(read)-1] {
		for _, c := range p.Cookies {
			if k := cookieKey(c); !held[k] && !gone[k] {
				gone[k] = true
				o.note("cookie %s was in the jar at %s and is gone at %s (deleted or expired)", k, p.Label, last.Label)
			}
		}
	}
}

// cookieKey names a cookie of the jar: its name, domain and path.
func cookieKey(c inspect.Cookie) string { return c.Name + " for " + c.Domain + c.Path }

// jarCookie is a cookie of the jar with its attributes, without its value.
func jarCookie(c inspect.Cookie) string {
	var attrs []string
	if c.HTTPOnly {
		attrs = append(attrs, "HttpOnly")
	}
	if c.Secure {
		attrs = append(attrs, "Secure")
	}
	if c.SameSite != "" {
		attrs = append(attrs, "SameSite="+c.SameSite)
	}
	life := "session cookie, kept until the WebView is gone"
	if c.Expires != "" {
		life = "persistent, expires " + c.Expires
	}
	attrs = append(attrs, life, fmt.Sprintf("value of %d bytes, not recorded", c.ValueBytes))
	return cookieKey(c) + " (" + strings.Join(attrs, "; ") + ")"
}

// cookieSummary is a cookie's name and attributes, without its value.
func cookieSummary(v string) string {
	parts := strings.Split(v, ";")
	name, _, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
	var attrs []string
	for _, a := range parts[1:] {
		k, val, _ := strings.Cut(strings.TrimSpace(a), "=")
		switch strings.ToLower(k) {
		case "secure", "httponly":
			attrs = append(attrs, k)
		case "max-age", "expires", "samesite":
			attrs = append(attrs, k+"="+val)
		}
	}
	if len(attrs) == 0 {
		return name + " (session cookie, no attributes)"
	}
	return name + " (" + strings.Join(attrs, "; ") + ")"
}

// checkHTTPS checks the launch URL, every request, top-frame navigation and
// the hand-back's origin findings.
func checkHTTPS(f *facts, o *outcome) {
	insecure(o, "portal URI", f.in.LaunchURL)
	for _, q := range f.in.Network {
		what := fmt.Sprintf("request #%d %s", q.ID, q.Method)
		if q.MixedContent {
			o.fail("%s %s was blocked as mixed content: the https page %s cannot load plain http%s", what, withoutQuery(q.URL), withoutQuery(q.Frame), loopbackToo(q.URL))
			continue
		}
		insecureOn(o, what, q.URL, q.Frame)
	}
	for _, n := range f.in.Navigations {
		if n.Kind == inspect.NavTopFrame || n.Kind == inspect.NavRedirect {
			insecure(o, n.Kind, n.URL)
		}
	}
	for _, x := range f.findings(bridge.CodeOriginInsecure) {
		o.fail("notification: %s", x)
	}
	for _, x := range f.findings(bridge.CodeOriginLoopbackHTTP) {
		o.warn("notification: %s", x)
	}
	if o.status == "" && !f.unrecorded(o) {
		o.note("portal URI %s and %d requests over https", withoutQuery(f.in.LaunchURL), len(f.in.Network))
	}
}

// loopbackToo is ", on loopback too" when raw's host is loopback, whose
// plain http a portal served over http may use (contract §1.2) but an
// https page may not, else "": a blocked http://cdn.example/site.css has
// nothing to do with loopback.
func loopbackToo(raw string) string {
	if isLoopback(hostOf(raw)) {
		return ", on loopback too"
	}
	return ""
}

// insecure fails (or, on loopback, warns) when raw is plain http.
func insecure(o *outcome, what, raw string) {
	switch schemeClass(raw) {
	case schemeInsecure:
		o.fail("%s over plain http: %s", what, withoutQuery(raw))
	case schemeLoopback:
		o.warn("%s over plain http on loopback (local development only; the real app requires https): %s", what, withoutQuery(raw))
	}
}

// insecureOn is insecure for raw, which the page page loaded or refers
// to: from an https page, plain http on loopback is no exception but
// mixed content, which WebKit
// blocks (scripts, stylesheets, fetches, frames) or shows with a warning
// (images), on loopback too; the loopback exception (contract §1.2) is
// for a portal served over http, not for http in an https portal.
func insecureOn(o *outcome, what, raw, page string) {
	if schemeOf(page) == "https" && schemeClass(raw) == schemeLoopback {
		o.fail("%s over plain http from the https page %s (mixed content: WebKit blocks or flags it, on loopback too; the loopback exception is for a portal served over http): %s",
			what, withoutQuery(page), withoutQuery(raw))
		return
	}
	insecure(o, what, raw)
}

// withoutQuery is raw without its query (and without a fragment of
// key=value data; a route fragment is kept), as the evidence quotes
// a URL whose scheme is the point: the portal URI's query is the launch
// parameters, the device's identifiers among them.
func withoutQuery(raw string) string {
	raw, fragment, hasFragment := strings.Cut(raw, "#")
	raw, _, _ = strings.Cut(raw, "?")
	if hasFragment && !strings.Contains(fragment, "=") {
		// A single-page portal's route (#/done) names the page; a fragment
		// of key=value pairs is data (an OAuth access_token) and goes with
		// the query, where the launch's identifiers are.
		raw += "#" + fragment
	}
	return raw
}

// checkHTTPSResources checks the probes' http references, form actions,
// frames and scripts; the evidence of a clean page counts only what the
// probe lists whatever its scheme (form actions, frames, scripts).
func checkHTTPSResources(f *facts, o *outcome) {
	ps, ok := f.probesOr(o)
	if !ok {
		return
	}
	checked := 0
	for _, p := range ps {
		seen := map[string]bool{}
		checked += len(p.FormActions) + len(p.Frames) + len(p.Scripts)
		for _, group := range [][]string{p.InsecureRefs, p.FormActions, p.Frames, p.Scripts} {
			for _, r := range group {
				if seen[r] {
					continue
				}
				seen[r] = true
				insecureOn(o, probeLabel(p)+" reference", r, p.URL)
			}
		}
	}
	if o.status == "" {
		// The probe lists every form action, frame and script, but of the
		// other references (an <img> src, a link's href) only those over
		// plain http, so only the former can be counted (QA: 15 https
		// images were "0 references … over https").
		o.note("no reference over plain http (src, href, form action) in %d probes; %d form actions, frames and scripts among them, none over plain http", len(ps), checked)
	}
}
