package session

import (
	"regexp"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// loadFailedFinding is the portal-load-failed finding of a fatal load
// failure of uri (text says why). Before the portal's first paint it is the
// portal that did not load. After it, a later page of the flow failed — a
// payment provider that is down when the portal redirects to it (QA 'pay':
// that was "The portal did not load" too, though the portal had loaded and
// the user had signed in) — so the finding names that page, the page it
// was left from and how, and says the portal had loaded. The code stays
// portal-load-failed: the outcome is the same (the app shows its own error
// page, contract §1.6, and the session ends), and scenarios and CI gates
// that expect it keep working.
func (r *runner) loadFailedFinding(uri, text string) bridge.Finding {
	if !r.painted() {
		where := ""
		if uri != "" {
			where = " (" + uri + ")"
		}
		return bridge.NewFinding(bridge.CodePortalLoadFailed, "url",
			"The portal did not load: %s%s. The real app would show its own error page; the session ended.", text, where)
	}
	page := uri
	if page == "" {
		page = "a page of the flow"
	}
	return bridge.NewFinding(bridge.CodePortalLoadFailed, "url",
		"A page of the portal's flow did not load after the portal had loaded: %s%s: %s. The real app would show its own error page in place of the portal; the session ended.", page, r.reachedFrom(uri), text)
}

// reachedFrom says how the top frame got to uri, from the recorded
// navigations (the last one to uri): " (redirected from URL)", " (a link
// on URL)", " (a form on URL)" or " (from URL)"; "" when none was recorded
// (inspection off).
func (r *runner) reachedFrom(uri string) string {
	if uri == "" {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	navs := r.report.Navigations
	for i := len(navs) - 1; i >= 0; i-- {
		n := navs[i]
		if n.URL != uri || n.From == "" || n.Blocked {
			continue
		}
		switch {
		case n.Kind == inspect.NavRedirect:
			return " (redirected from " + n.From + ")"
		case n.Cause == "link" || n.Cause == "form":
			return " (a " + n.Cause + " on " + n.From + ")"
		}
		return " (from " + n.From + ")"
	}
	return ""
}

// engineEnded handles the end of one of WebKit's own processes, its web
// content process or its network process (a fatal failure of kind
// LoadWebProcess or LoadNetworkProcess), after the portal's first paint,
// and says whether it did. The portal had loaded: it is the browser engine
// that stopped, most often while no page was loading at all (QA hostile: a
// kill -9 of WebKitWebProcess 6 s after a static page loaded read "A page
// of the portal's flow did not load after the portal had loaded: a page of
// the flow: webProcess: …", an error blaming the portal). So it is a
// window-crashed finding (info, as for the window process itself: the
// session has no hand-back, so its verdict is no-callback, with what it
// received) naming the process, why it ended and what was loading, and the
// session ends crashed. Before the first paint it stays the portal's
// load failure (loadFailedFinding): the portal was never shown.
func (r *runner) engineEnded(ev Event) bool {
	if (ev.Kind != LoadWebProcess && ev.Kind != LoadNetworkProcess) || !r.painted() {
		return false
	}
	r.logKeep(LogEntry{At: ev.At, Kind: KindWindowErr, URL: ev.URL, Text: ev.Kind + ": " + ev.Reason})
	if !r.firstLoadFailure() {
		return true
	}
	process, why := engineProcess(ev.Kind, ev.Reason)
	msg := process + " ended after the portal had loaded"
	if while := r.loadingWhenEnded(ev.URL); while != "" {
		msg += ", while " + while
	}
	if why != "" {
		msg += ": " + why
	}
	blame := "That is a failure of the browser engine mpsim runs the portal in, not of the portal"
	if strings.Contains(why, "memory limit") {
		blame = "WebKit ends a web content process whose memory use passes its limit, which a page's own scripts can cause"
	}
	r.addFinding(bridge.NewFinding(bridge.CodeWindowCrashed, "", "%s. %s; the session ended with what it had received.", msg, blame))
	return true
}

// networkNotPortal is what the window's reason for an ended network
// process says after the process (window.networkProcessEnded), which the
// window-crashed finding says in its own words.
const networkNotPortal = " — a failure of the browser engine mpsim runs the portal in, not of the portal"

// pidOf finds the process id in the window's reason for an ended network
// process ("the WebKit network process (pid 21488) ended …").
var pidOf = regexp.MustCompile(`\(pid (\d+)\)`)

// engineProcess names the WebKit process a fatal failure of kind
// (LoadWebProcess, LoadNetworkProcess) says ended, and why it ended, from
// the window's reason ("the web content process ended: it crashed"; "the
// WebKit network process (pid N) ended — … (detail)"): why is "" when the
// reason says nothing more, and the whole reason when its words are not
// the window's usual ones.
func engineProcess(kind, reason string) (process, why string) {
	if kind == LoadWebProcess {
		process = "WebKit's web content process"
		if _, after, ok := strings.Cut(reason, "process ended: "); ok {
			return process, after
		}
		return process, reason
	}
	process = "WebKit's network process"
	if m := pidOf.FindStringSubmatch(reason); m != nil {
		process += " (pid " + m[1] + ")"
	}
	if _, after, ok := strings.Cut(reason, networkNotPortal); ok {
		after = strings.TrimSpace(after)
		return process, strings.TrimSuffix(strings.TrimPrefix(after, "("), ")")
	}
	if strings.HasPrefix(reason, "the WebKit network process") && strings.HasSuffix(reason, "ended") {
		return process, ""
	}
	return process, reason
}

// loadingWhenEnded says what the top frame was loading when one of
// WebKit's processes ended: uri, the load that failed with it, and how it
// was reached; else the last top-frame navigation recorded that had not
// committed (or ended otherwise) yet; else "no page was loading". It is ""
// when inspection is off, which records no navigations to tell.
func (r *runner) loadingWhenEnded(uri string) string {
	if uri != "" {
		return "loading " + uri + r.reachedFrom(uri)
	}
	if !r.cfg.Inspect {
		return ""
	}
	r.mu.Lock()
	navs := r.report.Navigations
	pending := ""
scan:
	for i := len(navs) - 1; i >= 0; i-- {
		switch n := navs[i]; n.Kind {
		case inspect.NavCommitted, inspect.NavDownload, inspect.NavScheme, inspect.NavSameDocument:
			break scan // the last navigation had ended
		case inspect.NavTopFrame, inspect.NavRedirect:
			if !n.Blocked {
				pending = n.URL
				break scan
			}
		}
	}
	r.mu.Unlock()
	if pending == "" {
		return "no page was loading"
	}
	return "loading " + pending + r.reachedFrom(pending)
}
