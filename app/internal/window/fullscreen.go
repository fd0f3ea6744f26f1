package window

import "mpsim/app/internal/inspect"

// maxFullscreenRecords caps the fullscreen records one window sends
// (entering and leaving, 20 of each): each entry needs a click, but
// leaving and entering again within the click's activation could
// otherwise fill the navigation log (ipc.MaxNavigations). The ones over
// are counted as navigations not kept (inspection-capped).
const maxFullscreenRecords = 40

// onFullscreen is told, on the GTK thread, that the page entered (enter)
// or left HTML fullscreen; the window kept its frame (the webkit package
// stops WebKit from making the toplevel window fullscreen). With
// inspection on it is recorded; without, nothing is sent.
func (p *portal) onFullscreen(enter bool, uri string) {
	if p.rec != nil {
		p.rec.onFullscreen(enter, uri)
	}
}

// onFullscreen records the page entering or leaving HTML fullscreen as a
// navigation record of kind fullscreen-enter or fullscreen-leave, with the
// URL of the page shown (uri, the view's, before the first commit), at
// most maxFullscreenRecords of them.
func (r *recorder) onFullscreen(enter bool, uri string) {
	if r.fullscreens >= maxFullscreenRecords {
		r.p.lim.inspectDropped(0, 0, 1)
		return
	}
	r.fullscreens++
	r.navigation(fullscreenRecord(enter, r.topURI, uri))
}

// fullscreenRecord is the record of the page shown at top (or at view,
// the view's URI, when the recorder knows no page yet) entering or leaving
// HTML fullscreen.
func fullscreenRecord(enter bool, top, view string) inspect.Navigation {
	n := inspect.Navigation{Kind: inspect.NavFullscreenLeave, URL: top}
	if enter {
		n.Kind = inspect.NavFullscreenEnter
	}
	if n.URL == "" {
		n.URL = view
	}
	return n
}
