package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// The Network panel says what became of a WebSocket. Until 2026-12-07 its
// row and its details showed "101 Switching Protocols" whether it had closed
// normally, closed with an error code or was still open when the window
// closed: the close code the report and the HAR have was nowhere on screen.
// Its row now reads "101 · closed 1000", and its details have a WebSocket
// line in words (inspect.WebSocketState) with what the code means.
func TestNetworkShowsWebSocketOutcome(t *testing.T) {
	const (
		page   = "https://portal.example/plans"
		ws     = "wss://portal.example/live"
		before = "the WebSocket connection failed before it opened (refused, unreachable, or its handshake was not answered with 101); WebKit tells the page no reason"
		garden = "blocked: chat.example is outside the walled garden (refused before the request started)"
	)
	sock := func(r insp.Request) insp.Request {
		r.Method, r.Type, r.Initiator, r.Bytes, r.Frame, r.TopFrame = "GET", insp.TypeWebSocket, "websocket", -1, page, true
		if r.URL == "" {
			r.URL = ws
		}
		if r.Status == 101 {
			r.StatusText = "Switching Protocols"
		}
		return r
	}
	reqs := []insp.Request{
		sock(insp.Request{ID: 1, Status: 101, StartMs: 100, ResponseMs: 130, EndMs: 2100, CloseCode: 1000}),
		sock(insp.Request{ID: 2, Status: 101, StartMs: 200, ResponseMs: 220, EndMs: 900, CloseCode: 1011}),
		sock(insp.Request{ID: 3, StartMs: 300, EndMs: 340, CloseCode: 1006, Failed: before + " (close code 1006)"}),
		sock(insp.Request{ID: 4, Status: 101, StartMs: 400, ResponseMs: 410, Pending: true}),
		sock(insp.Request{ID: 5, URL: "wss://chat.example/", StartMs: 500, EndMs: 500, Blocked: true, Failed: garden}),
		sock(insp.Request{ID: 6, Status: 101, StartMs: 600, ResponseMs: 610, EndMs: 700, CloseCode: 1001}),
	}
	for _, tc := range []struct {
		row        int
		status     string
		importance widget.Importance
		detail     []string
	}{
		{0, "101 · closed 1000", widget.MediumImportance, []string{
			"Status: 101 · closed 1000\n",
			"WebSocket: opened (101 Switching Protocols), then closed with code 1000 (normal closure)\n",
			"Started at 100 ms · opened after 30 ms · ended after 2.00 s"}},
		// Closed cleanly with an error code: failed, in the error colour
		// (until 2026-12-07 in the colour of a good row).
		{1, "101 · closed 1011", widget.DangerImportance, []string{
			"WebSocket: opened (101 Switching Protocols), then closed with code 1011 (internal error: the server met a condition it could not handle)\n"}},
		{2, "failed: " + before + " (close code 1006)", widget.DangerImportance, []string{
			"WebSocket: failed before it opened; closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)\n"}},
		{3, "101 · still open", widget.LowImportance, []string{
			"WebSocket: open (101 Switching Protocols): still open when the window closed\n"}},
		{4, "refused (walled garden): " + garden, widget.DangerImportance, []string{
			"WebSocket: never opened: refused before it started\n",
			"Refused: walled garden"}},
		{5, "101 · closed 1001", widget.MediumImportance, []string{
			"WebSocket: opened (101 Switching Protocols), then closed with code 1001 (going away: the page was left or the server went down)\n"}},
	} {
		p, _ := newTestNetwork(t)
		p.add(reqs, nil)
		checkRowAndDetail(t, p, tc.row, tc.status, tc.importance, tc.detail)
	}
}

// The rows of a WebSocket, an EventSource and a beacon read as a browser's
// network panel has them: their type whole in its column (ping for a
// beacon, as Chrome), the call that made them as the initiator, and no
// WebSocket line in the details of a request that is none.
func TestNetworkChannelRows(t *testing.T) {
	p, _ := newTestNetwork(t)
	p.add([]insp.Request{
		{ID: 1, Method: "GET", URL: "wss://portal.example/live", Status: 101, StatusText: "Switching Protocols", Type: insp.TypeWebSocket,
			Bytes: -1, StartMs: 100, ResponseMs: 130, EndMs: 2100, CloseCode: 1011, Frame: "https://portal.example/", TopFrame: true, Initiator: "websocket"},
		{ID: 2, Method: "GET", URL: "https://portal.example/events", Status: 200, StatusText: "OK", Type: insp.TypeEventSource,
			MimeType: "text/event-stream", Bytes: 120, StartMs: 200, ResponseMs: 210, Pending: true, Frame: "https://portal.example/", TopFrame: true, Initiator: "eventsource"},
		{ID: 3, Method: "POST", URL: "https://portal.example/beacon", Status: 204, StatusText: "No Content", Type: insp.TypePing,
			Bytes: 0, StartMs: 300, ResponseMs: 310, EndMs: 312, Frame: "https://pay.example/frame", Initiator: "beacon"},
	}, nil)
	for _, tc := range []struct {
		row                                   int
		name, method, status, typ, init, time string
	}{
		{0, "live", "GET", "101 · closed 1011", "websocket", "websocket", "2.00 s"},
		{1, "events", "GET", "200 OK", "eventsource", "eventsource", "—"},
		{2, "beacon", "POST", "204 No Content", "ping", "beacon in iframe", "12 ms"},
	} {
		for col, want := range map[int]string{colName: tc.name, colMethod: tc.method, colStatus: tc.status, colType: tc.typ,
			colInitiator: tc.init, colTime: tc.time} {
			got, _ := cell(p, tc.row, col)
			if got != want {
				t.Errorf("row %d, %s: %q, want %q", tc.row, networkColumns[col].title, got, want)
			}
			// The status and the type read whole in their columns
			// ("101 · closed 1011" and "eventsource" would be cut in the
			// old ones). (The Initiator column cuts "beacon in iframe", as
			// "xmlhttprequest in iframe": the details say it whole.)
			if col != colStatus && col != colType {
				continue
			}
			if w := fyne.MeasureText(got, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding(); w > networkColumns[col].width {
				t.Errorf("row %d, %s: %q needs %.0f, the column is %.0f", tc.row, networkColumns[col].title, got, w, networkColumns[col].width)
			}
		}
	}
	for row, want := range []string{"WebSocket: opened (101 Switching Protocols), then closed with code 1011 (internal error", "", ""} {
		p.table.Select(widget.TableCellID{Row: row, Col: colName})
		if got := strings.Contains(p.detail.Text, "WebSocket:"); got != (want != "") || want != "" && !strings.Contains(p.detail.Text, want) {
			t.Errorf("row %d: detail (want %q):\n%s", row, want, p.detail.Text)
		}
	}
}
