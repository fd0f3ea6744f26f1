package session

import (
	"fmt"
	"strings"

	"mpsim/app/internal/textcut"
	"mpsim/bridge"
)

// shownPage is what the top frame showed last (guarded by r.mu): the page
// it committed and the MIME type WebKit took it for (WindowNavigated), and
// the later navigation WebKit did not show, if any since that commit
// (a load failure of kind LoadNotShown). handback-missing names either as
// the likely cause.
type shownPage struct {
	url, mime                string
	notShownURL, notShownWhy string
}

// maxURLShown is the most bytes of a URL a finding of this file quotes,
// as bridge quotes a page's URL (page-url-mismatch).
const maxURLShown = 300

// notePage notes the top frame's commit of ev, when it is one
// (WindowNavigated; it is logged as other events are): a page shown again,
// so no navigation since was left unshown.
func (r *runner) notePage(ev Event) {
	if ev.Type != WindowNavigated {
		return
	}
	r.mu.Lock()
	r.shown = shownPage{url: ev.URL, mime: ev.MIME}
	r.mu.Unlock()
}

// navigationNotShown handles a later top-frame navigation WebKit did not
// show (a load failure of kind LoadNotShown, never fatal): the portal
// stayed on its page. It is logged as before ("navigation stopped: not
// shown: …"), and is a navigation-not-shown finding: until 2026-12-07 it
// was only logged, so a portal whose "Download your receipt" link was
// served as application/octet-stream passed with no word of it.
func (r *runner) navigationNotShown(ev Event) {
	why := strings.TrimSpace(ev.Reason)
	r.log(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: "navigation stopped: not shown: " + why + "; the portal stayed on its page"})
	r.mu.Lock()
	r.shown.notShownURL, r.shown.notShownWhy = ev.URL, why
	page := r.shown.url
	r.mu.Unlock()
	r.addPageFinding(navigationNotShownFinding(ev.URL, why, page))
}

// navigationNotShownFinding is navigation-not-shown for the top frame's
// navigation to uri, which WebKit did not show for why, from page (the
// page the portal stayed on, "" when none committed).
func navigationNotShownFinding(uri, why, page string) bridge.Finding {
	stayed := "The portal stayed on its page"
	if page = pageWithoutQuery(page); page != "" {
		stayed += ", " + textcut.Bytes(page, maxURLShown)
	}
	return bridge.NewFinding(bridge.CodeNavigationNotShown, "navigation",
		"The portal's top frame went to %s, and the WebView did not show it: %s. %s, so the user saw nothing happen. In the Mobile Plans app links open in the same WebView (contract §1.6); the contract says nothing of downloads or of responses the WebView cannot show, but a UWP WebView shows no page for them and starts no download (reasoned, not tried), so there too the user most likely sees nothing happen. Give the user what the link was for as a page of the portal (a receipt or terms in HTML).",
		textcut.Bytes(uri, maxURLShown), strings.TrimSuffix(why, "."), stayed)
}

// likelyCauseSentence says, for handback-missing, what the top frame last
// showed when it is the likely reason the portal never handed back: a main
// document that never answered or answered with an error
// (Report.MainDocumentNote: a page that never loaded has nothing to
// click); a page served as another type than HTML (text/plain), which
// WebKit shows as it is, running none of its scripts; a later navigation
// WebKit did not show, which left the portal on its page. "" otherwise;
// r.mu is held.
func (r *runner) likelyCauseSentence() string {
	s := r.shown
	var causes []string
	if doc := r.report.MainDocumentNote(); doc != "" && s.notShownURL == "" {
		// A main document not shown is the navigation's cause below,
		// which says it better.
		causes = append(causes, doc)
	}
	if mime := notHTMLType(s.mime); mime != "" && s.url != "" {
		causes = append(causes, fmt.Sprintf("the page it was on, %s, was served as %s, not as HTML, so the WebView showed it as it is (as text) and ran none of its scripts, which could not hand back (serve the page as text/html)",
			textcut.Bytes(pageWithoutQuery(s.url), maxURLShown), mime))
	}
	if s.notShownURL != "" {
		causes = append(causes, fmt.Sprintf("the portal's last navigation, to %s, was not shown (%s), so the portal stayed on its page (%s)",
			textcut.Bytes(s.notShownURL, maxURLShown), strings.TrimSuffix(s.notShownWhy, "."), bridge.CodeNavigationNotShown))
	}
	switch len(causes) {
	case 0:
		return ""
	case 1:
		return " The likely cause: " + causes[0] + "."
	}
	return " The likely causes: " + strings.Join(causes, "; and ") + "."
}

// notHTMLType is mime (lower-case, without parameters) when it is a type
// whose document runs no script of the page: neither HTML nor XML (a
// text/plain page, JSON, an image), which WebKit shows as it is; "" for
// HTML, XML (XHTML, SVG) and an unknown type.
func notHTMLType(mime string) string {
	mime, _, _ = strings.Cut(mime, ";")
	mime = strings.ToLower(strings.TrimSpace(mime))
	switch {
	case mime == "", mime == "text/html", strings.HasSuffix(mime, "/xml"), strings.HasSuffix(mime, "+xml"):
		return ""
	}
	return mime
}

// pageWithoutQuery is uri without its query and fragment, as
// handback-missing names a page: the launch's query carries the device's
// identifiers.
func pageWithoutQuery(uri string) string {
	uri, _, _ = strings.Cut(uri, "#")
	uri, _, _ = strings.Cut(uri, "?")
	return uri
}
