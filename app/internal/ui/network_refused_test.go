package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// The Network panel shows what a request's download and refused fields
// say. QA: a blocked download showed only "cancelled" (dimmed, as a load
// the page stopped) and a load WebKit refused before it started only
// "failed: …", with nothing in the row or the details saying it was a
// download the window blocked, or what refused the load (a bad port, the
// page's Content-Security-Policy) and that WebKit never started it.
func TestNetworkShowsDownloadsAndRefusals(t *testing.T) {
	const (
		page   = "https://portal.example/plans"
		csp    = "blocked by the page's Content-Security-Policy (directive img-src of the policy \"img-src 'self'\")"
		port   = "blocked: portal.example:6000: port 6000 is one browsers refuse to connect to"
		mixed  = "blocked as mixed content: an https page (https://portal.example/plans) cannot load plain http in a frame; serve it over https"
		dlWhy  = "download blocked: the response is a download, which the Mobile Plans app's WebView does not start (see the download navigation)"
		garden = "blocked: cdn.example is outside the walled garden (refused before the request started)"
	)
	reqs := []insp.Request{
		{ID: 1, Method: "GET", URL: "https://portal.example/file.bin", Status: 200, StatusText: "OK", Type: insp.TypeOther, Bytes: -1,
			StartMs: 10, EndMs: 20, Download: true, Cancelled: true, Failed: dlWhy, Frame: page, TopFrame: true, Initiator: "iframe"},
		{ID: 2, Method: "GET", URL: "https://cdn.example/logo.png", Type: insp.TypeImage, Bytes: -1, StartMs: 30, EndMs: 30,
			Refused: insp.RefusedCSP, Failed: csp, Frame: page, TopFrame: true, Initiator: "img"},
		{ID: 3, Method: "GET", URL: "https://portal.example:6000/frame", Type: insp.TypeDocument, Bytes: -1, StartMs: 40, EndMs: 40,
			Refused: insp.RefusedPort, Failed: port, Frame: "https://portal.example/inner", Initiator: "iframe"},
		{ID: 4, Method: "GET", URL: "http://portal.example/frame", Type: insp.TypeDocument, Bytes: -1, StartMs: 50, EndMs: 50,
			MixedContent: true, Failed: mixed, Frame: page, TopFrame: true, Initiator: "iframe"},
		{ID: 5, Method: "GET", URL: "https://cdn.example/app.js", Type: insp.TypeScript, Bytes: -1, StartMs: 60, EndMs: 60,
			Blocked: true, Failed: garden, Initiator: "script"},
	}
	for _, tc := range []struct {
		row        int
		status     string
		importance widget.Importance
		detail     []string
	}{
		{0, "200 OK · download blocked", widget.WarningImportance,
			[]string{"Status: 200 OK · download blocked", "Download: yes, blocked: " + dlWhy}},
		{1, "refused (Content-Security-Policy): " + csp, widget.DangerImportance,
			[]string{"Refused: content-security-policy: the page's Content-Security-Policy refused it before it started"}},
		{2, "refused (bad port): " + port, widget.DangerImportance,
			[]string{"Refused: port: a port browsers never connect to; WebKit refused it before it started"}},
		{3, "refused (mixed content): " + mixed, widget.DangerImportance,
			[]string{"Refused: mixed content: an https page asked for plain http; WebKit refused it before it started"}},
		{4, "refused (walled garden): " + garden, widget.DangerImportance,
			[]string{"Refused: walled garden: the host is outside the walled garden (--walled-garden)"}},
	} {
		p, _ := newTestNetwork(t)
		p.add(reqs, nil)
		checkRowAndDetail(t, p, tc.row, tc.status, tc.importance, tc.detail)
		if tc.row == 0 && strings.Contains(p.detail.Text, "Refused:") || tc.row > 0 && strings.Contains(p.detail.Text, "Download:") {
			t.Errorf("row %d: detail names what the request was not:\n%s", tc.row, p.detail.Text)
		}
	}
}
