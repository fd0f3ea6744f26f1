package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// newTestNetwork is a network panel in a test window; exports counts the
// Export HAR… clicks.
func newTestNetwork(t *testing.T) (p *networkPanel, exports *int) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	n := 0
	p = newNetworkPanel(func() { n++ })
	w := test.NewWindow(p.buildUI())
	w.Resize(fyne.NewSize(1000, 400))
	t.Cleanup(w.Close)
	return p, &n
}

const longURL = "https://portal.example/assets/very/long/path/that/goes/on/and/on/and/on/for/ever/and/ever/bundle.min.js?v=123"

// networkSample is one request of each outcome and some navigations.
func networkSample() ([]insp.Request, []insp.Navigation) {
	reqs := []insp.Request{
		{ID: 1, Method: "GET", URL: "https://portal.example/", Status: 200, StatusText: "OK", Type: insp.TypeDocument, Main: true,
			MimeType: "text/html", Bytes: 5120, StartMs: 10, ResponseMs: 40, EndMs: 60,
			ResponseHeaders: []insp.Header{{Name: "Content-Type", Value: "text/html"}}},
		{ID: 2, Method: "GET", URL: longURL, Status: 200, Type: insp.TypeScript, Bytes: 2_500_000, StartMs: 70, ResponseMs: 80, EndMs: 1320,
			WireBytes: 900_300, EncodedBytes: 900_000,
			Frame: "https://portal.example/", TopFrame: true, Initiator: "script"},
		{ID: 3, Method: "POST", URL: "https://portal.example/api/plans", Status: 404, StatusText: "Not Found", Type: insp.TypeFetch, Bytes: 20, StartMs: 100, ResponseMs: 110, EndMs: 111,
			Frame: "https://pay.example/frame.html", Initiator: "fetch"},
		{ID: 4, Method: "GET", URL: "https://bad.example/x.css", Type: insp.TypeStylesheet, Bytes: -1, StartMs: 120, EndMs: 130,
			Failed: "TLS: unknown certificate authority", TLS: true},
		{ID: 5, Method: "GET", URL: "https://portal.example/img.png", Type: insp.TypeImage, Bytes: -1, StartMs: 140, EndMs: 141, Failed: "cancelled", Cancelled: true},
	}
	navs := []insp.Navigation{
		{Kind: insp.NavTopFrame, URL: "https://portal.example/", Cause: "other", AtMs: 5},
		{Kind: insp.NavPopup, URL: "https://ads.example/", Cause: "link", UserGesture: true, Blocked: true, From: "https://portal.example/", AtMs: 500},
		{Kind: insp.NavScheme, URL: "ms-windows-store://pdp/?ProductId=9WZDNCRFJ3Q2", Blocked: true, AtMs: 600},
	}
	return reqs, navs
}

// cell is the text and importance of one cell of the requests table.
func cell(p *networkPanel, row, col int) (string, widget.Importance) {
	o := p.table.CreateCell()
	p.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	l := o.(*widget.Label)
	return l.Text, toneOf(l)
}

// checkRowAndDetail checks the Status cell of row (its text and colour),
// then selects the row and checks that the details pane says each of
// detail.
func checkRowAndDetail(t *testing.T, p *networkPanel, row int, status string, importance widget.Importance, detail []string) {
	t.Helper()
	text, imp := cell(p, row, colStatus)
	if text != status || imp != importance {
		t.Errorf("row %d: status %q (%v), want %q (%v)", row, text, imp, status, importance)
	}
	p.table.Select(widget.TableCellID{Row: row, Col: colName})
	for _, want := range detail {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("row %d: detail lacks %q:\n%s", row, want, p.detail.Text)
		}
	}
}

func TestNetworkRows(t *testing.T) {
	p, _ := newTestNetwork(t)
	reqs, navs := networkSample()
	p.add(reqs, navs)
	tests := []struct {
		row, col   int
		text       string
		importance widget.Importance
	}{
		{0, colName, "portal.example", widget.MediumImportance},
		{1, colName, "bundle.min.js?v=123", widget.MediumImportance},
		{2, colName, "plans", widget.MediumImportance},
		{0, colMethod, "GET", widget.MediumImportance},
		{0, colStatus, "200 OK", widget.MediumImportance},
		{0, colType, "document", widget.MediumImportance},
		{0, colBytes, "5.1 kB", widget.MediumImportance},
		{0, colTime, "50 ms", widget.MediumImportance},
		{1, colURL, elideMiddle(longURL, urlChars), widget.MediumImportance},
		{1, colBytes, "900.3 kB", widget.MediumImportance}, // on the wire (2.5 MB decoded)
		{1, colTime, "1.25 s", widget.MediumImportance},
		{2, colStatus, "404 Not Found", widget.DangerImportance},
		{3, colStatus, "failed: TLS: unknown certificate authority", widget.DangerImportance},
		{3, colBytes, "—", widget.MediumImportance},
		{4, colStatus, "cancelled", widget.LowImportance},
		{0, colInitiator, "—", widget.MediumImportance},
		{1, colInitiator, "script", widget.MediumImportance},
		{2, colInitiator, "fetch in iframe", widget.MediumImportance},
	}
	for _, tt := range tests {
		text, imp := cell(p, tt.row, tt.col)
		if text != tt.text || imp != tt.importance {
			t.Errorf("cell %d,%d = %q (%v), want %q (%v)", tt.row, tt.col, text, imp, tt.text, tt.importance)
		}
	}
	if want := "5 requests · 1 failed · 1 HTTP error · 2.5 MB · document 1 · fetch 1 · image 1 · script 1 · stylesheet 1"; p.summary.Text != want {
		t.Errorf("summary %q, want %q", p.summary.Text, want)
	}
	if p.navCount.Text != "3 navigations, 2 blocked" {
		t.Errorf("navigations %q", p.navCount.Text)
	}
}

func TestNetworkSelectionShowsFullURLAndReason(t *testing.T) {
	p, _ := newTestNetwork(t)
	reqs, navs := networkSample()
	p.add(reqs, navs)
	p.table.Select(widget.TableCellID{Row: 1, Col: colURL})
	if !strings.Contains(p.detail.Text, "GET "+longURL) {
		t.Errorf("detail lacks the full URL:\n%s", p.detail.Text)
	}
	for _, want := range []string{"Made by: script in the top page https://portal.example/", "Bytes: 2.5 MB", "On the wire: 900.3 kB (headers and the body as sent, 900.0 kB)"} {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, p.detail.Text)
		}
	}
	p.table.Select(widget.TableCellID{Row: 2, Col: colMethod})
	if want := "Made by: fetch in the iframe https://pay.example/frame.html"; !strings.Contains(p.detail.Text, want) {
		t.Errorf("detail lacks %q:\n%s", want, p.detail.Text)
	}
	p.table.Select(widget.TableCellID{Row: 3, Col: colMethod})
	if strings.Contains(p.detail.Text, "Made by") {
		t.Errorf("a request of no known frame says who made it:\n%s", p.detail.Text)
	}
	for _, want := range []string{"failed: TLS: unknown certificate authority", "TLS: the certificate was not accepted"} {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, p.detail.Text)
		}
	}
	p.navList.Select(1)
	for _, want := range []string{"popup at 500 ms", "https://ads.example/", "From: https://portal.example/", "Blocked:"} {
		if !strings.Contains(p.navDetail.Text, want) {
			t.Errorf("navigation detail lacks %q:\n%s", want, p.navDetail.Text)
		}
	}
}

func TestNetworkNavigationRows(t *testing.T) {
	p, _ := newTestNetwork(t)
	_, navs := networkSample()
	p.add(nil, navs)
	tests := []struct {
		row        int
		chip, line string
		importance widget.Importance
	}{
		{0, "navigate", "https://portal.example/ · other", widget.MediumImportance},
		{1, "popup", "blocked · https://ads.example/ · link · user gesture", widget.WarningImportance},
		{2, "scheme", "blocked · ms-windows-store://pdp/?ProductId=9WZDNCRFJ3Q2", widget.WarningImportance},
	}
	for _, tt := range tests {
		o := p.navList.CreateItem()
		p.navList.UpdateItem(tt.row, o)
		row := o.(*fyne.Container)
		line, chip := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
		if chip.Text != tt.chip || line.Text != tt.line || chip.Importance != tt.importance {
			t.Errorf("row %d = [%s] %q (%v), want [%s] %q (%v)", tt.row, chip.Text, line.Text, chip.Importance, tt.chip, tt.line, tt.importance)
		}
	}
}

func TestNetworkExportButton(t *testing.T) {
	p, exports := newTestNetwork(t)
	if !p.exportBtn.Disabled() {
		t.Error("Export HAR… enabled with no requests")
	}
	reqs, _ := networkSample()
	p.add(reqs[:1], nil)
	test.Tap(p.exportBtn)
	if *exports != 1 {
		t.Errorf("export called %d times", *exports)
	}
	p.reset()
	if !p.exportBtn.Disabled() || p.summary.Text != "No requests yet." || p.navCount.Text != "No navigations yet." {
		t.Errorf("after reset: export disabled %t, summary %q, navigations %q", p.exportBtn.Disabled(), p.summary.Text, p.navCount.Text)
	}
}

func TestNetworkCapAndReportSummary(t *testing.T) {
	p, _ := newTestNetwork(t)
	batch := make([]insp.Request, 500)
	for n := 0; n < 10000; n += len(batch) {
		for i := range batch {
			batch[i] = insp.Request{ID: n + i, Method: "GET", URL: "https://portal.example/x", Status: 200, Type: insp.TypeImage, Bytes: 1}
		}
		p.add(batch, nil)
	}
	if len(p.reqs) != maxPanelRows || p.more != 5000 || p.moreLine.Text != "5000 more not shown (the first 5000 are kept)" {
		t.Errorf("kept %d, more %d, line %q", len(p.reqs), p.more, p.moreLine.Text)
	}
	if !strings.HasPrefix(p.summary.Text, "10000 requests · 0 failed") {
		t.Errorf("summary %q", p.summary.Text)
	}
	reqs, navs := networkSample()
	sum := insp.Summarize(reqs, nil)
	sum.DroppedRequests = 7
	p.load(reqs, navs, &sum)
	if !strings.HasPrefix(p.summary.Text, "12 requests · 1 failed · 1 HTTP error") || p.moreLine.Text != "7 more not shown (the first 5 are kept)" {
		t.Errorf("from a report: summary %q, more %q", p.summary.Text, p.moreLine.Text)
	}
}

func TestStatusText(t *testing.T) {
	tests := []struct {
		req  insp.Request
		want string
		imp  widget.Importance
	}{
		{insp.Request{Status: 200, StatusText: "OK"}, "200 OK", widget.MediumImportance},
		{insp.Request{Status: 301}, "301", widget.WarningImportance},
		{insp.Request{Status: 500, StatusText: "Internal Server Error"}, "500 Internal Server Error", widget.DangerImportance},
		{insp.Request{Failed: "connection refused"}, "failed: connection refused", widget.DangerImportance},
		{insp.Request{Status: 200, Failed: "connection reset"}, "200 (failed: connection reset)", widget.DangerImportance},
		{insp.Request{Failed: "cancelled", Cancelled: true}, "cancelled", widget.LowImportance},
		{insp.Request{Pending: true}, "pending", widget.LowImportance},
		{insp.Request{Status: 200, Pending: true}, "200", widget.LowImportance},
		{insp.Request{}, "no response", widget.DangerImportance},
	}
	for _, tt := range tests {
		if got, imp := statusText(&tt.req), statusImportance(&tt.req); got != tt.want || imp != tt.imp {
			t.Errorf("%+v: %q (%v), want %q (%v)", tt.req, got, imp, tt.want, tt.imp)
		}
	}
}

func TestElideMiddle(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"https://a.example/", 64, "https://a.example/"},
		{"abcdefghij", 7, "abc…hij"},
		{"abcdefghij", 8, "abc…ghij"},
		{"日本語のテキストです", 5, "日本…です"},
		{"abcdef", 3, "abcdef"}, // too short to elide
	}
	for _, tt := range tests {
		if got := elideMiddle(tt.in, tt.n); got != tt.want {
			t.Errorf("elideMiddle(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if got := elideMiddle(tt.in, tt.n); len([]rune(got)) > max(tt.n, 5) && got != tt.in {
			t.Errorf("elideMiddle(%q, %d) = %q: longer than %d", tt.in, tt.n, got, tt.n)
		}
	}
}

func TestFormatBytesAndDuration(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{-1, "—"}, {0, "0 B"}, {999, "999 B"}, {1500, "1.5 kB"}, {2_500_000, "2.5 MB"}} {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	for _, tt := range []struct {
		r    insp.Request
		want string
	}{
		{insp.Request{StartMs: 10, EndMs: 95}, "85 ms"},
		{insp.Request{StartMs: 10, EndMs: 2010}, "2.00 s"},
		{insp.Request{StartMs: 10, Pending: true}, "—"},
		{insp.Request{StartMs: 10, EndMs: 5}, "—"},
	} {
		if got := formatDuration(&tt.r); got != tt.want {
			t.Errorf("formatDuration(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// The Accept-Language header mpsim adds to a request's record (WebKit does
// not report it) carries, in the request's details, the note the JSON
// report and the HAR give it: the header is marked and the note follows
// the headers once; headers WebKit reported have no mark.
func TestNetworkDetailShowsAddedHeaderNote(t *testing.T) {
	al := insp.Header{Name: "Accept-Language", Value: "ja-JP,ja;q=0.90", Note: insp.AcceptLanguageNote}
	for _, tc := range []struct {
		name    string
		headers []insp.Header
		want    []string
		notWant []string
	}{
		{
			name:    "added header",
			headers: []insp.Header{{Name: "Accept", Value: "*/*"}, al},
			want:    []string{"  Accept: */*\n", "  Accept-Language: ja-JP,ja;q=0.90 *\n", "  * " + insp.AcceptLanguageNote + "\n"},
		},
		{
			name:    "a note given twice shows once",
			headers: []insp.Header{al, {Name: "Accept", Value: "*/*"}, al},
			want:    []string{"  Accept-Language: ja-JP,ja;q=0.90 *\n  Accept: */*\n  Accept-Language: ja-JP,ja;q=0.90 *\n  * added by mpsim"},
			notWant: []string{"**"},
		},
		{
			name:    "reported headers only",
			headers: []insp.Header{{Name: "Accept", Value: "*/*"}},
			want:    []string{"  Accept: */*\n"},
			notWant: []string{" *\n", "added by mpsim"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newTestNetwork(t)
			p.add([]insp.Request{{ID: 1, Method: "GET", URL: "https://portal.example/", Status: 200, Type: insp.TypeDocument,
				RequestHeaders: tc.headers, ResponseHeaders: []insp.Header{{Name: "Content-Type", Value: "text/html"}}}}, nil)
			p.table.Select(widget.TableCellID{Row: 0, Col: colName})
			for _, w := range tc.want {
				if !strings.Contains(p.detail.Text, w) {
					t.Errorf("detail lacks %q:\n%s", w, p.detail.Text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(p.detail.Text, w) {
					t.Errorf("detail has %q:\n%s", w, p.detail.Text)
				}
			}
			if n := strings.Count(p.detail.Text, "added by mpsim"); n > 1 {
				t.Errorf("the note shows %d times:\n%s", n, p.detail.Text)
			}
		})
	}
}

// The requests table that Fyne made anew after a minute unseen (another
// tab shown) comes back at its newest requests, or at the selected one,
// as the console's list and the live log do; its new scroller was at the
// top (TestListComesBackWhereItWasWithANewRenderer).
func TestNetworkTableComesBackWhereItWas(t *testing.T) {
	p, _ := newTestNetwork(t)
	var reqs []insp.Request
	for i := range 80 {
		reqs = append(reqs, insp.Request{ID: i + 1, URL: fmt.Sprintf("https://portal.example/r/%d", i), Method: "GET", Status: 200, Type: insp.TypeFetch})
	}
	p.add(reqs, nil)
	offset := func() float32 {
		r := p.table.CreateRenderer() // as Fyne does for a table shown again
		for _, o := range r.Objects() {
			if sc, ok := o.(*container.Scroll); ok {
				return sc.Offset.Y
			}
		}
		return -1
	}
	bottom := offset()
	if bottom <= 0 {
		t.Fatalf("the table made anew is at offset %v, want its newest requests (below the top)", bottom)
	}
	p.table.Select(widget.TableCellID{Row: 10, Col: colURL})
	if got := offset(); got <= 0 || got >= bottom {
		t.Errorf("with row 10 selected, the table made anew is at offset %v, want row 10 in view (between the top and %v)", got, bottom)
	}
}
