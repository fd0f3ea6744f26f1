package ui

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/buildinfo"
	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// Tab names of the panels under the result (for ShowTab).
const (
	TabLog         = "Log"
	TabConsole     = "Console"
	TabNetwork     = "Network"
	TabScreenshots = "Screenshots"
)

// detailOffset is the share of the Console's and Network's height their
// lists (or table) take over the selected row's detail under them.
const detailOffset = 0.65

// portalTabs are the tabs under the result: the live log and what the
// portal itself did (console, network, screenshots). The session's
// goroutine hands it entries with observe; they reach the panels in
// batches, one fyne.Do per batch, so a page logging thousands of messages
// does not queue thousands of UI updates.
type portalTabs struct {
	console *consolePanel
	network *networkPanel
	shots   *screenshotStrip
	tabs    *namedTabs

	// do runs f on the UI goroutine (fyne.Do).
	do func(f func())
	// feed batches the entries observe takes: one do per batch.
	feed *logFeed
	// masker, when set, is the masker of the session's secrets
	// (liveMask): each batch is masked with it as it is applied.
	masker func() workspace.Masker

	// The rest is used from the UI goroutine only. launchURL is the
	// session's launch (the HAR's page); started estimates the wall-clock
	// time of the window process's clock 0 (zero when nothing said yet).
	launchURL string
	started   time.Time
}

func newPortalTabs(onExport func(), enlarge func(insp.Screenshot)) *portalTabs {
	t := &portalTabs{
		console: newConsolePanel(),
		network: newNetworkPanel(onExport),
		shots:   newScreenshotStrip(enlarge),
		do:      fyne.Do,
	}
	t.feed = newLogFeed(func(f func()) { t.do(f) }, t.apply)
	t.feed.coalesce = true
	return t
}

// buildUI returns the tabs, the live log (logUI) first.
func (t *portalTabs) buildUI(logUI fyne.CanvasObject) fyne.CanvasObject {
	consoleTab := container.NewTabItemWithIcon(TabConsole, theme.ErrorIcon(), t.console.buildUI())
	t.tabs = newNamedTabs(
		container.NewTabItemWithIcon(TabLog, theme.ListIcon(), logUI),
		consoleTab,
		container.NewTabItemWithIcon(TabNetwork, theme.StorageIcon(), t.network.buildUI()),
		container.NewTabItemWithIcon(TabScreenshots, theme.MediaPhotoIcon(), t.shots.buildUI()),
	)
	t.console.onCounts = func(errors int) {
		text := TabConsole
		if errors > 0 {
			text = fmt.Sprintf("%s (%d)", TabConsole, errors)
		}
		if consoleTab.Text != text {
			consoleTab.Text = text
			t.tabs.Refresh()
		}
	}
	t.console.updateCount()
	return t.tabs
}

// observe takes one live entry from the session's goroutine. Console and
// request entries are the panels' only (the report keeps them outside its
// log too) and observe returns true; navigations and screenshots also
// belong in the live log, so it returns false for them and for every
// other entry.
func (t *portalTabs) observe(e session.LogEntry) (taken bool) {
	switch {
	case e.Kind == session.KindConsole && e.Console != nil, e.Kind == session.KindRequest && e.Request != nil:
		taken = true
	case e.Kind == session.KindNavigation && e.Navigation != nil, e.Kind == session.KindScreenshot && e.Screenshot != nil:
	default:
		return false
	}
	t.feed.add(e)
	return taken
}

// apply moves a batch of entries into the panels (UI goroutine).
func (t *portalTabs) apply(batch []session.LogEntry) {
	if t.masker != nil {
		maskEntries(t.masker(), batch)
	}
	var (
		msgs  []insp.ConsoleMessage
		reqs  []insp.Request
		navs  []insp.Navigation
		shots []insp.Screenshot
	)
	for _, e := range batch {
		switch {
		case e.Console != nil:
			msgs = append(msgs, *e.Console)
			t.noteClock(e.At, e.Console.AtMs)
		case e.Request != nil:
			reqs = append(reqs, *e.Request)
			t.noteClock(e.At, max(e.Request.EndMs, e.Request.ResponseMs, e.Request.StartMs))
		case e.Navigation != nil:
			navs = append(navs, *e.Navigation)
			t.noteClock(e.At, e.Navigation.AtMs)
		case e.Screenshot != nil:
			shots = append(shots, *e.Screenshot)
			t.noteClock(e.At, e.Screenshot.AtMs)
		}
	}
	t.console.add(msgs)
	t.network.add(reqs, navs)
	t.shots.add(shots)
}

// noteClock refines the estimate of the window process's clock 0 from an
// entry logged at wall-clock time at that the window stamped ms: the
// earliest estimate is the best, as delivery only adds delay.
func (t *portalTabs) noteClock(at time.Time, ms float64) {
	if at.IsZero() || ms <= 0 {
		return
	}
	est := at.Add(-time.Duration(ms * float64(time.Millisecond)))
	if t.started.IsZero() || est.Before(t.started) {
		t.started = est
	}
}

// reset empties the panels for a new session of launchURL (UI goroutine).
func (t *portalTabs) reset(launchURL string) {
	t.feed.drop()
	t.launchURL, t.started = launchURL, time.Time{}
	t.console.reset()
	t.network.reset()
	t.shots.reset()
}

// load shows a finished report's console, network, navigations and
// screenshots, which replace what the live entries showed (UI goroutine).
func (t *portalTabs) load(rep session.Report) {
	t.feed.drop()
	t.launchURL, t.started = rep.Launch.URL, time.Time{}
	for _, e := range rep.Log {
		switch {
		case e.Navigation != nil:
			t.noteClock(e.At, e.Navigation.AtMs)
		case e.Screenshot != nil:
			t.noteClock(e.At, e.Screenshot.AtMs)
		}
	}
	if t.started.IsZero() && len(rep.Log) > 0 {
		t.started = rep.Log[0].At // the window's ready event: close to its clock 0
	}
	dropped := 0
	if rep.NetworkSummary != nil {
		dropped = rep.NetworkSummary.DroppedConsole
	}
	t.console.load(rep.Console, dropped)
	t.network.load(rep.Network, rep.Navigations, rep.NetworkSummary)
	t.shots.load(rep.Screenshots)
}

// harMeta describes the shown session for a HAR file.
func (t *portalTabs) harMeta() insp.HARMeta {
	started := t.started
	if started.IsZero() {
		started = time.Now()
	}
	return insp.HARMeta{Creator: "mpsim", Version: buildinfo.Read().Version, PageURL: t.launchURL,
		Started: started, OnLoadMs: -1}
}

// ExportHAR writes the requests the Network panel shows (the live session's
// so far, or the shown report's) as a HAR 1.2 file at path. The values the
// session's steps typed in secret (value_env, a password field's) are
// masked as in every file a session writes (workspace.MaskSecrets): a
// finished session's report is masked already, and so are a live one's
// requests as the panel shows them (liveMask); they are masked once more
// here with the secrets known now.
func (s *HostScreen) ExportHAR(path string) error {
	reqs := s.portal.network.reqs
	if len(reqs) == 0 {
		return errors.New("no requests to export yet")
	}
	reqs = s.mask.masker().Report(session.Report{Network: reqs}).Network
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("export HAR: %w", err)
	}
	w := bufio.NewWriter(f)
	err = insp.WriteHAR(w, s.portal.harMeta(), reqs)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export HAR to %s: %w", path, err)
	}
	return nil
}

// askExportHAR asks where to write the HAR file, with a file dialog.
func (s *HostScreen) askExportHAR() {
	w := s.hostWindow()
	if w == nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		_ = wc.Close()
		if err := s.ExportHAR(path); err != nil {
			s.status.SetText(err.Error())
			return
		}
		s.saveDir = filepath.Dir(path)
		s.status.SetText("HAR written to " + path)
	}, w)
	d.SetFileName("mpsim-portal.har")
	showFileDialog(w, d, s.saveDir)
}

// showScreenshot enlarges one screenshot in a dialog.
func (s *HostScreen) showScreenshot(sh insp.Screenshot) {
	w := s.hostWindow()
	if w == nil {
		return
	}
	// Its thumbnail keeps the record as it came: a fill found secret
	// after it masks its URL here (liveMask).
	sh.URL, sh.Label = s.mask.masker().String(sh.URL), s.mask.masker().String(sh.Label)
	showInfo(w, dialog.NewCustom("Screenshot: "+orDash(sh.Label), "Close", enlargedScreenshot(sh), w))
}

// lowMin is a layout whose objects fill it and whose minimum height is
// none: the detail under the Console's and Network's lists, which would
// otherwise add its own three lines to the least height of the tabs under
// the result, and take that from the result (TestResultGetsTheHeightOfAShortWindow).
type lowMin struct{}

var _ fyne.Layout = lowMin{}

// Layout implements fyne.Layout.
func (lowMin) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (lowMin) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, 0)
}
