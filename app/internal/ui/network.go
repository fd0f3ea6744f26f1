package ui

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// networkColumns are the Network table's columns and their widths.
var networkColumns = []struct {
	title string
	width float32
}{
	{"Name", 150}, {"Method", 66}, {"Status", 130}, {"Type", 98}, {"Initiator", 118}, {"Bytes", 72}, {"Time", 68}, {"URL", 420},
}

// Network table columns, by index. Name (the URL's last path segment, as
// in a browser's network panel) comes first so that each row says which
// request it is even when the pane shows only the first columns.
const (
	colName = iota
	colMethod
	colStatus
	colType
	colInitiator
	colBytes
	colTime
	colURL // last: it is the widest and may run past the pane
)

// urlChars is how many characters of a URL a row shows; longer ones lose
// their middle, so that both the host and the file name stay visible.
const urlChars = 64

// networkPanel lists the portal window's requests (method, status, type,
// URL, bytes, time) with the selected one's details, its navigations,
// pop-ups, downloads and custom-scheme attempts on a second tab, a summary
// line and the Export HAR… button. It is used from the UI goroutine only.
type networkPanel struct {
	// reqs are the requests kept (at most maxPanelRows); more counts the
	// ones not kept here or by the session.
	reqs     []insp.Request
	more     int
	navs     []insp.Navigation
	selected int // index into reqs, -1 for none
	// fixed is a finished report's summary, shown instead of one computed
	// from the kept rows (it counts what the session cut too).
	fixed *insp.Summary

	table     *requestTable
	detail    *detailsBox
	summary   *widget.Label
	moreLine  *widget.Label
	navList   *enterList
	navDetail *detailsBox
	navCount  *widget.Label
	exportBtn *widget.Button
	tabs      *container.AppTabs
	// reqURL and navURL are the selected request's and navigation's
	// whole URL, elided, with a copy button.
	reqURL, navURL *urlLine
	// clipboard is where those buttons copy to (nil: nowhere); set it
	// before buildUI.
	clipboard func() fyne.Clipboard
	// onExport asks where to write the HAR file (nil: no button action).
	onExport func()
}

func newNetworkPanel(onExport func()) *networkPanel {
	return &networkPanel{selected: -1, onExport: onExport}
}

func (p *networkPanel) buildUI() fyne.CanvasObject {
	p.table = newRequestTable(
		func() (int, int) { return len(p.reqs), len(networkColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		p.updateCell)
	p.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(networkColumns) {
			o.(*widget.Label).SetText(networkColumns[id.Col].title)
		}
	}
	for i, c := range networkColumns {
		p.table.SetColumnWidth(i, c.width)
	}
	p.table.OnSelected = func(id widget.TableCellID) {
		p.table.cursor = id // Fyne's current cell follows the selection
		p.onSelect(id.Row)
	}
	p.table.OnUnselected = func(widget.TableCellID) { p.selected = -1 }
	p.table.restore = func() { // as add follows the newest requests
		if p.selected < 0 {
			p.table.ScrollToBottom()
		} else {
			p.table.ScrollTo(widget.TableCellID{Row: p.selected})
		}
	}
	p.detail = newDetailsBox("Select a request to see its full URL, why it failed, its headers and timing.")
	p.detail.TextStyle.Monospace = true
	p.summary = widget.NewLabel("No requests yet.")
	p.summary.Truncation = fyne.TextTruncateEllipsis
	p.moreLine = widget.NewLabel("")
	p.moreLine.Importance = widget.WarningImportance
	p.moreLine.Hide()
	p.exportBtn = widget.NewButtonWithIcon("Export HAR…", theme.DocumentSaveIcon(), func() {
		if p.onExport != nil {
			p.onExport()
		}
	})
	p.exportBtn.Disable()

	p.reqURL, p.navURL = newURLLine("", p.clipboard), newURLLine("", p.clipboard)
	// The detail goes under the table, which keeps the tab's width for
	// its columns (Name to Time fit in the 1240x660 window), and has it
	// for its own lines. Tab goes as the eye does: the table, the URL's
	// copy button, the details (visualBorder).
	requests := container.NewVSplit(container.NewBorder(nil, p.moreLine, nil, nil, p.table), container.New(lowMin{}, visualBorder(p.reqURL.buildUI(), nil, nil, nil, p.detail)))
	requests.Offset = detailOffset

	p.navList = newEnterList(
		func() int { return len(p.navs) },
		func() fyne.CanvasObject {
			chip := widget.NewLabel("committed")
			chip.TextStyle.Bold = true
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, chip, nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.navs) {
				return
			}
			n := &p.navs[i]
			row := o.(*fyne.Container)
			l, chip := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
			chip.Importance = navImportance(n)
			chip.SetText(n.Kind)
			l.SetText(navLine(n))
		})
	p.navList.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(p.navs) {
			p.navDetail.SetText(navDetail(&p.navs[i]))
			p.navURL.set(p.navs[i].URL)
		}
	}
	p.navDetail = newDetailsBox("Select a navigation to see its full URL and where it came from.")
	p.navCount = widget.NewLabel("No navigations yet.")
	navs := container.NewVSplit(p.navList, container.New(lowMin{}, visualBorder(p.navURL.buildUI(), nil, nil, nil, p.navDetail)))
	navs.Offset = detailOffset

	p.tabs = container.NewAppTabs(
		container.NewTabItem("Requests", requests),
		container.NewTabItem("Navigations", container.NewBorder(p.navCount, nil, nil, nil, navs)),
	)
	// The summary and Export HAR… first, then the requests: Tab went from
	// Export HAR… out of the panel, and the table could not be reached
	// (found by keyboard-only QA).
	return visualBorder(container.NewBorder(nil, nil, nil, p.exportBtn, p.summary), nil, nil, nil, p.tabs)
}

// updateCell fills one cell of the requests table.
func (p *networkPanel) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(p.reqs) {
		l.SetText("")
		return
	}
	r := &p.reqs[id.Row]
	if id.Col != colStatus {
		l.TextStyle.Italic = false // a reused cell: only a status is dimmed
		l.Importance = widget.MediumImportance
	}
	switch id.Col {
	case colName:
		l.SetText(requestName(r.URL))
	case colMethod:
		l.SetText(r.Method)
	case colStatus:
		l.Text = statusText(r)
		setTone(l, statusImportance(r))
	case colType:
		l.SetText(orDash(r.Type))
	case colInitiator:
		l.SetText(initiatorText(r))
	case colURL:
		l.SetText(elideMiddle(r.URL, urlChars))
	case colBytes:
		l.SetText(sizeText(r))
	case colTime:
		l.SetText(formatDuration(r))
	}
}

// requestName is a request's Name cell: the last segment of its URL's
// path with the query, or the host for the site's root; cut to 24
// characters.
func requestName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return elideMiddle(raw, 24)
	}
	name := path.Base(u.Path)
	if name == "/" || name == "." {
		name = u.Host
		if name == "" {
			name = raw
		}
	}
	if u.RawQuery != "" {
		name += "?" + u.RawQuery
	}
	return elideMiddle(name, 24)
}

// statusText is a request's status cell: the HTTP status, or why there is
// none (failed with the reason, refused before it started with what
// refused it, cancelled, pending); a download the window blocked says so
// after its status.
func statusText(r *insp.Request) string {
	switch {
	case r.Download:
		if r.Status > 0 {
			return strings.TrimSpace(fmt.Sprint(r.Status)+" "+r.StatusText) + " · download blocked"
		}
		return "download blocked"
	case r.Cancelled:
		return "cancelled"
	case r.Failed != "" && r.Status <= 0 && refusedBy(r) != "":
		return "refused (" + refusedBy(r) + "): " + r.Failed
	case r.Failed != "" && r.Status <= 0:
		return "failed: " + r.Failed
	case r.Pending && r.Status <= 0:
		return "pending"
	case r.Status <= 0:
		return "no response"
	}
	s := fmt.Sprint(r.Status)
	if w := socketStatus(r); w != "" {
		return s + " · " + w
	}
	if r.StatusText != "" {
		s += " " + r.StatusText
	}
	if r.Failed != "" {
		s += " (failed: " + r.Failed + ")"
	}
	return s
}

// socketStatus is what follows the 101 in the status cell of a WebSocket
// that opened and did not fail: "closed 1000" once it closed, "still open"
// when the window closed first; empty for any other request (the details'
// WebSocket line says what the code means).
func socketStatus(r *insp.Request) string {
	switch {
	case r.Type != insp.TypeWebSocket || r.Status != 101 || r.Failed != "":
		return ""
	case r.Pending:
		return "still open"
	case r.CloseCode > 0:
		return fmt.Sprint("closed ", r.CloseCode)
	case r.EndMs > 0:
		return "closed"
	}
	return "open"
}

// statusImportance colours a status: failures and 4xx/5xx in the theme's
// error colour, cancelled and pending requests dimmed (LowImportance, which
// setTone draws italic).
func statusImportance(r *insp.Request) widget.Importance {
	switch {
	case r.Download:
		// The download-blocked finding's severity: the page's download,
		// not a load of the page that went wrong.
		return widget.WarningImportance
	case r.Cancelled, r.Pending && r.Failed == "":
		return widget.LowImportance
	case r.Failure() != "", r.Status <= 0, r.Status >= 400:
		return widget.DangerImportance
	case r.Status >= 300:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// elideMiddle shortens s to n characters by replacing its middle with an
// ellipsis.
func elideMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 5 {
		return s
	}
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// formatBytes is a size for people: "—" when unknown.
func formatBytes(n int64) string {
	switch {
	case n < 0:
		return "—"
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// formatDuration is how long a request took (EndMs-StartMs): "—" when it
// has not ended.
func formatDuration(r *insp.Request) string {
	if r.EndMs <= 0 || r.EndMs < r.StartMs {
		return "—"
	}
	return formatMs(r.EndMs - r.StartMs)
}

// formatMs is a duration for people: "85 ms", "1.25 s".
func formatMs(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.2f s", ms/1000)
}

// requestDetail is everything recorded about one request, for the detail
// pane.
func requestDetail(r *insp.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\nStatus: %s\n", r.Method, r.URL, statusText(r))
	if state := insp.WebSocketState(r); state != "" {
		fmt.Fprintf(&b, "WebSocket: %s\n", state)
	}
	if r.TLS {
		b.WriteString("TLS: the certificate was not accepted\n")
	}
	if r.Download {
		fmt.Fprintf(&b, "Download: yes, blocked: %s\n", r.Failed)
	}
	if line := refusedLine(r); line != "" {
		b.WriteString(line + "\n")
	}
	if r.RedirectURL != "" {
		fmt.Fprintf(&b, "Redirected to: %s\n", r.RedirectURL)
	}
	kind := orDash(r.Type)
	if r.Main {
		kind += " (top-level document)"
	}
	fmt.Fprintf(&b, "Type: %s · MIME: %s · Bytes: %s\n", kind, orDash(r.MimeType), formatBytes(r.Bytes))
	if r.WireBytes > 0 {
		fmt.Fprintf(&b, "On the wire: %s (headers and the body as sent, %s)\n", formatBytes(r.WireBytes), formatBytes(r.EncodedBytes))
	}
	if line := frameLine(r); line != "" {
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(&b, "Started at %.0f ms", r.StartMs)
	if r.ResponseMs > 0 {
		what := "response"
		if r.Type == insp.TypeWebSocket {
			what = "opened" // its 101 is the time it opened
		}
		fmt.Fprintf(&b, " · %s after %s", what, formatMs(r.ResponseMs-r.StartMs))
	}
	if r.EndMs > 0 {
		fmt.Fprintf(&b, " · ended after %s", formatMs(r.EndMs-r.StartMs))
	}
	b.WriteString("\n")
	for _, hs := range []struct {
		title   string
		headers []insp.Header
	}{{"Request headers", r.RequestHeaders}, {"Response headers", r.ResponseHeaders}} {
		if len(hs.headers) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", hs.title)
		writeHeaders(&b, hs.headers)
	}
	return b.String()
}

// writeHeaders writes headers one a line; a header with a Note (the
// Accept-Language mpsim adds, which WebKit does not report: the note the
// JSON report and the HAR give it) is marked with asterisks, and each note
// follows the list once after its mark, so that one reading the panel
// knows that line did not come from WebKit.
func writeHeaders(b *strings.Builder, headers []insp.Header) {
	var notes []string
	for _, h := range headers {
		mark := ""
		if h.Note != "" {
			i := slices.Index(notes, h.Note)
			if i < 0 {
				notes = append(notes, h.Note)
				i = len(notes) - 1
			}
			mark = " " + strings.Repeat("*", i+1)
		}
		fmt.Fprintf(b, "  %s: %s%s\n", h.Name, h.Value, mark)
	}
	for i, n := range notes {
		fmt.Fprintf(b, "  %s %s\n", strings.Repeat("*", i+1), n)
	}
}

// refusedBy names what refused a request before it started (its Refused,
// MixedContent or Blocked field), for its status cell; empty when nothing
// did.
func refusedBy(r *insp.Request) string {
	switch {
	case r.Refused == insp.RefusedPort:
		return "bad port"
	case r.Refused == insp.RefusedCSP:
		return "Content-Security-Policy"
	case r.Refused != "":
		return r.Refused
	case r.MixedContent:
		return "mixed content"
	case r.Blocked:
		return "walled garden"
	}
	return ""
}

// refusedLine is the details' line of a request refused before it started:
// the report's field and what it means (WebKit started no request; the
// inspection script saw the page ask for it); empty for any other.
func refusedLine(r *insp.Request) string {
	switch {
	case r.Refused == insp.RefusedPort:
		return "Refused: port: a port browsers never connect to; WebKit refused it before it started (no request was sent)"
	case r.Refused == insp.RefusedCSP:
		return "Refused: content-security-policy: the page's Content-Security-Policy refused it before it started (no request was sent)"
	case r.Refused != "":
		return "Refused: " + r.Refused
	case r.MixedContent:
		return "Refused: mixed content: an https page asked for plain http; WebKit refused it before it started (no request was sent)"
	case r.Blocked:
		return "Refused: walled garden: the host is outside the walled garden (--walled-garden); no request was sent"
	}
	return ""
}

// sizeText is a request's Bytes cell: the bytes on the wire when the
// frame's timing entry gave them (as a browser's "transferred"), else the
// body WebKit received.
func sizeText(r *insp.Request) string {
	if r.WireBytes > 0 {
		return formatBytes(r.WireBytes)
	}
	return formatBytes(r.Bytes)
}

// initiatorText is a request's Initiator cell: what made it (img, script,
// fetch, iframe…) and, when that was not the top page, "in iframe".
func initiatorText(r *insp.Request) string {
	if r.Initiator == "" {
		return "—"
	}
	if r.Frame != "" && !r.TopFrame {
		return r.Initiator + " in iframe"
	}
	return r.Initiator
}

// frameLine says, in the request's details, which document made it; empty
// when that is not known (a top-level document, or a failed fetch: see
// docs/inspection.md).
func frameLine(r *insp.Request) string {
	what := r.Initiator
	if what == "" {
		what = "request"
	}
	switch {
	case r.Frame == "":
		return ""
	case r.TopFrame:
		return fmt.Sprintf("Made by: %s in the top page %s", what, r.Frame)
	}
	return fmt.Sprintf("Made by: %s in the iframe %s", what, r.Frame)
}

// navImportance colours a navigation: refused ones (pop-ups, downloads,
// custom schemes) as warnings.
func navImportance(n *insp.Navigation) widget.Importance {
	if n.Blocked {
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// navLine is a navigation's row after its kind chip.
func navLine(n *insp.Navigation) string {
	parts := []string{}
	if n.Blocked {
		parts = append(parts, "blocked")
	}
	parts = append(parts, elideMiddle(n.URL, 90))
	if n.Cause != "" {
		parts = append(parts, n.Cause)
	}
	if n.UserGesture {
		parts = append(parts, "user gesture")
	}
	return strings.Join(parts, " · ")
}

// navDetail is everything recorded about one navigation.
func navDetail(n *insp.Navigation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s at %.0f ms\n\n%s\n\n", n.Kind, n.AtMs, n.URL)
	if n.From != "" {
		fmt.Fprintf(&b, "From: %s\n", n.From)
	}
	fmt.Fprintf(&b, "Cause: %s · user gesture: %t\n", orDash(n.Cause), n.UserGesture)
	if n.Blocked {
		b.WriteString("Blocked: the Mobile Plans app opens no pop-ups, downloads or other schemes in the portal.\n")
	}
	return b.String()
}

// reset empties the panel for a new session.
func (p *networkPanel) reset() { p.load(nil, nil, nil) }

// load shows a whole session's requests and navigations (a finished
// report's) with the report's summary, if it has one.
func (p *networkPanel) load(reqs []insp.Request, navs []insp.Navigation, sum *insp.Summary) {
	p.reqs, p.more, p.fixed = nil, 0, sum
	if sum != nil {
		p.more = max(sum.DroppedRequests, 0)
	}
	p.navs = nil
	p.keep(reqs)
	p.navs = append(p.navs, navs...)
	p.selected = -1
	p.table.UnselectAll()
	if len(p.reqs) > 0 {
		p.table.setCursor(widget.TableCellID{Row: len(p.reqs) - 1, Col: p.table.cursor.Col})
	}
	p.detail.SetText("")
	p.navDetail.SetText("")
	p.reqURL.set("")
	p.navURL.set("")
	p.refresh()
}

// keep appends reqs up to the cap and counts the rest.
func (p *networkPanel) keep(reqs []insp.Request) {
	room := max(maxPanelRows-len(p.reqs), 0)
	if len(reqs) > room {
		p.more += len(reqs) - room
		reqs = reqs[:room]
	}
	p.reqs = append(p.reqs, reqs...)
}

// add appends a batch of live requests and navigations.
func (p *networkPanel) add(reqs []insp.Request, navs []insp.Navigation) {
	if len(reqs) == 0 && len(navs) == 0 {
		return
	}
	had := len(p.reqs)
	p.keep(reqs)
	p.navs = append(p.navs, navs...)
	p.refresh()
	if len(p.reqs) == had || p.selected >= 0 {
		return // a selected row keeps the current cell, where Fyne put it
	}
	// With no row selected the table follows the newest rows, and the
	// current cell with it; but where the arrows moved it, off the newest
	// row, both stay.
	if p.table.hasKeyboard() && had > 0 && p.table.cursor.Row < had-1 {
		return
	}
	p.table.setCursor(widget.TableCellID{Row: len(p.reqs) - 1, Col: p.table.cursor.Col})
	p.table.ScrollToBottom()
}

// refresh redraws the table, the navigations and the summary.
func (p *networkPanel) refresh() {
	sum := insp.Summarize(p.reqs, nil)
	if p.fixed != nil {
		sum = *p.fixed
	}
	p.summary.SetText(networkSummary(sum, p.more))
	if p.more > 0 {
		p.moreLine.SetText(fmt.Sprintf("%d more not shown (the first %d are kept)", p.more, len(p.reqs)))
		p.moreLine.Show()
	} else {
		p.moreLine.Hide()
	}
	if len(p.reqs) > 0 {
		p.exportBtn.Enable()
	} else {
		p.exportBtn.Disable()
	}
	blocked := 0
	for i := range p.navs {
		if p.navs[i].Blocked {
			blocked++
		}
	}
	p.navCount.SetText(fmt.Sprintf("%s, %d blocked", plural(len(p.navs), "navigation"), blocked))
	if len(p.navs) == 0 {
		p.navCount.SetText("No navigations yet.")
	}
	p.table.Refresh()
	p.navList.Refresh()
}

// networkSummary is the summary line: requests, failures, bytes and the
// count of each resource type.
func networkSummary(s insp.Summary, more int) string {
	if s.Requests == 0 && more == 0 {
		return "No requests yet."
	}
	parts := []string{plural(s.Requests+more, "request"), fmt.Sprintf("%d failed", s.Failed),
		plural(s.HTTPErrors, "HTTP error"), formatBytes(s.Bytes)}
	types := make([]string, 0, len(s.ByType))
	for t := range s.ByType {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %d", t, s.ByType[t]))
	}
	return strings.Join(parts, " · ")
}

func (p *networkPanel) onSelect(row int) {
	if row < 0 || row >= len(p.reqs) {
		return
	}
	p.selected = row
	p.detail.SetText(requestDetail(&p.reqs[row]))
	p.reqURL.set(p.reqs[row].URL)
}

// requestTable is the Network tab's requests table (a header row, no
// header column), on which Enter selects the row the keyboard is on as
// Space does: the arrows move through the rows, and the selected
// request's details show under the table.
type requestTable struct {
	widget.Table
	// restore puts the table back where it was when Fyne makes its
	// renderer anew (enterList.CreateRenderer says when), with a scroller
	// at the top; nil leaves it there.
	restore  func()
	rendered bool
	// cursor is the table's current cell, where the keyboard is and what
	// Space and Enter select: Fyne keeps it to itself, so the table
	// follows it here (TypedKey, setCursor, and the panel's OnSelected).
	cursor widget.TableCellID
}

// CreateRenderer is the table's renderer; made anew, the table goes back
// where it was (restore).
func (t *requestTable) CreateRenderer() fyne.WidgetRenderer {
	again := t.rendered
	t.rendered = true
	r := t.Table.CreateRenderer() // laid out at the table's size already
	if again && t.restore != nil {
		t.restore()
	}
	return r
}

// newRequestTable is widget.NewTableWithHeaders without its header column.
func newRequestTable(length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *requestTable {
	t := &requestTable{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow = true
	t.ExtendBaseWidget(t)
	return t
}

// TypedKey selects the row at Enter and Return, and is the table's
// otherwise (arrows move, Space selects); it follows where the arrows move
// the current cell as Fyne's Table does (cursor).
func (t *requestTable) TypedKey(k *fyne.KeyEvent) {
	t.Table.TypedKey(spaceForEnter(k))
	rows, cols := t.Length()
	c := &t.cursor
	switch k.Name {
	case fyne.KeyDown:
		if c.Row < rows-1 {
			c.Row++
		}
	case fyne.KeyUp:
		if c.Row > 0 {
			c.Row--
		}
	case fyne.KeyRight:
		if c.Col < cols-1 {
			c.Col++
		}
	case fyne.KeyLeft:
		if c.Col > 0 {
			c.Col--
		}
	}
}

// setCursor puts the current cell on id, in view, with no row selected:
// Fyne moves it only with the arrows and with a selection, so it is
// selected and unselected again, unseen by OnSelected and OnUnselected.
// Before, it stayed on row 0 while the table followed the newest rows,
// off screen, and after a new session on a row of the last one, past the
// new rows, where Space selected nothing (found by GUI QA).
func (t *requestTable) setCursor(id widget.TableCellID) {
	on, off := t.OnSelected, t.OnUnselected
	t.OnSelected, t.OnUnselected = nil, nil
	t.Select(id) // the current cell too, scrolled into view
	t.UnselectAll()
	t.OnSelected, t.OnUnselected = on, off
	t.cursor = id
}

// hasKeyboard says whether the table has the keyboard of its window.
func (t *requestTable) hasKeyboard() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	return c != nil && c.Focused() == t
}
