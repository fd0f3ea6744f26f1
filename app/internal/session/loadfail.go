package session

import (
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
