package window

import (
	"net/url"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
)

// maxSameDocument caps the same-document navigations one window records
// (pushState, replaceState, fragments): a page that calls pushState in a
// loop would otherwise fill the navigation log (ipc.MaxNavigations) and
// crowd out the page loads and pop-ups after it. The ones over are counted
// as navigations not kept (inspection-capped).
const maxSameDocument = ipc.MaxSameDocument

// uriChange is what a change of the view's URI means to the recorder.
type uriChange int

const (
	// uriIgnore: no change of the shown page's URL: the URL of a load that
	// has not committed, the one the recorder has, or none.
	uriIgnore uriChange = iota
	// uriAdopt: the shown page's URL is now this one, but the page did
	// not navigate (another origin, as for WebKit's error page of a
	// failed load, which shows under the URL that failed).
	uriAdopt
	// uriSameDocument: the page changed its own URL without a load
	// (history.pushState, replaceState, a fragment, back or forward
	// between such entries).
	uriSameDocument
)

// classifyURI says what the view's URI changing to uri means when the
// recorder has top as the shown page's URL ("" before the first commit)
// and provisional says whether a top-frame load started and has not
// committed yet. WebKit changes the view's URI when a load starts, is
// redirected and commits, and at each same-document navigation; while a
// load has not committed, the view still shows the old page, so the URI
// is the load's, not the page's. A same-document navigation cannot change
// the origin (pushState throws on another origin), so a change of origin
// outside a load is no navigation of the page.
func classifyURI(top, uri string, provisional bool) uriChange {
	switch {
	case provisional || top == "" || uri == "" || uri == top:
		return uriIgnore
	case !sameDocumentOrigin(top, uri):
		return uriAdopt
	}
	return uriSameDocument
}

// sameDocumentOrigin reports whether a and b are URLs of one origin that
// has a host (about:blank and data: URLs have none).
func sameDocumentOrigin(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil || ua.Host == "" {
		return false
	}
	return sameOrigin(a, b)
}

// onURI follows the view's URI (notify::uri) on the GTK thread: the URL
// of the page shown (topURI) stays current through same-document
// navigations, each of which is recorded as a navigation of kind
// same-document (at most maxSameDocument, the others counted as not
// kept). The cause and user gesture are those of the navigation WebKit
// last asked about when it was this one (a fragment link); pushState and
// replaceState ask nothing.
func (r *recorder) onURI(uri string) {
	if r.provisional {
		r.provisionalURI(uri)
	}
	if uri == r.errorPage {
		// WebKit's error page of the failed load shows under its URL:
		// the page did not navigate.
		return
	}
	switch classifyURI(r.topURI, uri, r.provisional) {
	case uriIgnore:
		return
	case uriAdopt:
		r.topURI = uri
		return
	case uriSameDocument:
	}
	n := inspect.Navigation{Kind: inspect.NavSameDocument, URL: uri, From: r.topURI}
	if r.lastNav.uri == uri {
		n.Cause, n.UserGesture = r.lastNav.cause, r.lastNav.gesture
		r.lastNav = navDecision{}
	}
	r.topURI = uri
	if r.sameDocs >= maxSameDocument {
		r.p.lim.inspectDropped(0, 0, 1)
		return
	}
	r.sameDocs++
	r.navigation(n)
}

// topLoadURL is the URL of a top-frame load that starts with the view's
// URI at uri: when that is still the URL of the page shown (top), the
// page itself navigated and the load's URL is the one WebKit last asked
// about (asked), if any.
func topLoadURL(uri, top, asked string) string {
	if uri == top && asked != "" {
		return asked
	}
	return uri
}
