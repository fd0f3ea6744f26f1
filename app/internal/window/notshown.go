package window

import (
	"fmt"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// A document whose response WebKit does not show: one whose Content-Type
// it cannot display (application/octet-stream, application/pdf, a typo
// such as text/htm), which it ignores, a download (Content-Disposition:
// attachment), which it hands to a download the window cancels, or an
// HTTP 204 or 205, where it stops. Either way the load ends as "Frame load
// interrupted", which WebKit also says of a load the page replaced by
// another, so it was taken for a stopped load: a portal whose first page
// was such a response left a blank window until the session's timeout,
// with no reason given (QA). The app's WebView shows no page for them
// either (a UWP WebView reports the content as unviewable, and starts no
// download; reasoned, not tried).
//
// What the window does with one depends on the frame:
//   - the top frame's first document: the portal cannot be shown, so the
//     session ends at once with the reason (a fatal load failure, as a 404
//     or a refused connection);
//   - a later top-frame document (a link to a PDF, a form whose answer is a
//     download): the portal stays on its page, as in the app; the session
//     goes on, its log says why the navigation stopped, and it is the
//     navigation-not-shown finding (a download is also download-blocked);
//   - a frame's document: the frame stays empty; its network record fails
//     with the reason (a request-failed finding) instead of being a
//     cancelled load (a download is a download-blocked finding).

// notShown is a top-frame document WebKit did not show: its URL and why.
type notShown struct {
	uri, why string
}

// notShownWhy says why WebKit does not show the response r as a page, ""
// when it shows it.
func notShownWhy(r webkit.Response) string {
	if r.Shown() {
		return ""
	}
	status := ""
	if r.Status >= 400 {
		status = fmt.Sprintf(" (HTTP %d %s)", r.Status, statusText(r.Status))
	}
	switch {
	case r.Attachment():
		return fmt.Sprintf("the response%s is a download (Content-Disposition: %s), which the WebView does not show as a page; mpsim blocked the download (serve the page without Content-Disposition: attachment)",
			status, cut(r.Disposition, 200))
	case r.NoContent():
		return fmt.Sprintf("the response is HTTP %d %s, which has no page to show", r.Status, statusText(r.Status))
	case r.ContentType == "" && r.MIMEType == "":
		return fmt.Sprintf("the response%s has no Content-Type, and WebKit could not tell what it is (serve the page as text/html)", status)
	case r.ContentType == "":
		return fmt.Sprintf("the response%s has no Content-Type, and WebKit took it for %s, which the WebView cannot show as a page (serve the page as text/html)",
			status, cut(r.MIMEType, 200))
	}
	return fmt.Sprintf("the response%s has the Content-Type %s, which the WebView cannot show as a page (serve the page as text/html)",
		status, cut(firstNonEmpty(r.MIMEType, r.ContentType), 200))
}

// onResponse notes a response WebKit will not show (see notShown); on the
// GTK thread.
func (p *portal) onResponse(r webkit.Response) {
	why := notShownWhy(r)
	top := r.Frame == webkit.FrameMain || (r.Frame == webkit.FrameUnknown && !p.committed)
	if top {
		// Only the last response of the top frame can be the one its
		// load fails with, or the one it commits.
		p.notShown, p.topMIME = nil, r.MIMEType
		if why != "" {
			p.notShown = &notShown{uri: r.URI, why: why}
		}
	}
	// A frame's download is a download (download-blocked); its 204 may be
	// meant (nothing to show): only a type WebKit cannot show fails it.
	if why != "" && p.rec != nil && !r.Attachment() && (top || !r.Supported) {
		p.rec.markNotShown(r.URI, why)
	}
}

// notShownFailure handles a top-frame load that ended as cancelled when it
// is the document WebKit did not show (onResponse): before any page
// committed the portal cannot be shown and the session ends; after, the
// portal stays on its page and the parent is told why the navigation
// stopped (ipc.LoadNotShown, not fatal). It reports whether f was such a load.
func (p *portal) notShownFailure(f webkit.LoadFailure) bool {
	ns := p.notShown
	if ns == nil || f.Kind != webkit.LoadFailCancelled {
		return false
	}
	p.notShown = nil
	uri := cut(firstNonEmpty(ns.uri, f.URI), 2000)
	if p.committed {
		// Not fatal: the session makes it a navigation-not-shown finding.
		p.send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: ns.why, Kind: ipc.LoadNotShown})
		return true
	}
	end := func() { p.fatal(ipc.LoadHTTP, uri, "the main document was not shown: "+ns.why, false) }
	if p.rec == nil {
		end()
		return true
	}
	// Its request ends first (with the reason), then the session.
	p.rec.whenMainEnds(end)
	return true
}

// markNotShown notes that the open request of uri (the last one, when
// several are) is a document WebKit did not show, for why: WebKit ends it
// as a load its policy interrupted, and onDone records it as failed for
// that reason rather than cancelled.
func (r *recorder) markNotShown(uri, why string) {
	var last *inspect.Request
	for _, exact := range []bool{true, false} {
		for _, rq := range r.reqs {
			same := rq.URL == uri || (!exact && inspect.SameDocumentURL(rq.URL, uri))
			if same && (last == nil || rq.ID > last.ID) {
				last = rq
			}
		}
		if last != nil {
			break
		}
	}
	if last == nil {
		return
	}
	if r.notShown == nil {
		r.notShown = map[*inspect.Request]string{}
	}
	r.notShown[last] = "not shown: " + why
}

// notShownDone records rq, which ended (cancelled says WebKit's error was
// a cancel), as failed for the reason markNotShown noted, if any.
func (r *recorder) notShownDone(rq *inspect.Request, cancelled bool) {
	why, ok := r.notShown[rq]
	if !ok {
		return
	}
	delete(r.notShown, rq)
	if cancelled && !rq.Download {
		rq.Failed, rq.Cancelled = why, false
	}
}
