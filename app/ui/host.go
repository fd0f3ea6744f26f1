// Package ui holds the Fyne widgets of the mpsim host window. It builds
// without a display: tests drive it with fyne.io/fyne/v2/test. The window's
// sessions run in goroutines and reach the widgets through fyne.Do.
package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/host"
	"mpsim/app/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// Deps are what the host screen needs from the outside world.
type Deps struct {
	Host   *host.Host
	Opener session.Opener
	// Accelerated turns WebKit compositing on in the portal window.
	Accelerated bool
	// NewToken makes envelope tokens; nil uses session.NewToken (tests
	// inject a known token to play the page's part).
	NewToken func() string
	// Initial is the launch the form starts with.
	Initial host.LaunchRequest
}

// HostScreen is the main window's content: device, launch, result and log.
type HostScreen struct {
	deps Deps

	sim        *widget.Select
	eid        *widget.Label
	iccids     *widget.Label
	imei       *widget.Label
	portal     *widget.Entry
	market     *widget.Entry
	location   *widget.Entry
	lang       *widget.Entry
	launchURL  *widget.Entry
	acceptLang *widget.Label
	openBtn    *widget.Button
	status     *widget.Label

	verdict  *widget.Label
	fields   *widget.Form
	values   map[string]*widget.Label
	findings *widget.Label
	logList  *widget.List

	mu      sync.Mutex
	logRows []string
	running bool
	last    *session.Report
	cancel  context.CancelFunc
}

// Result field names shown in the result card, in order.
var resultFields = []string{"success", "planName", "iccid", "activationCode", "transactionId", "userAccount", "purchaseInstrument", "line", "moDirectStatus"}

// NewHostScreen returns the host screen; call BuildUI to get its content.
func NewHostScreen(deps Deps) *HostScreen {
	if deps.NewToken == nil {
		deps.NewToken = session.NewToken
	}
	return &HostScreen{deps: deps, values: map[string]*widget.Label{}}
}

// BuildUI creates the widgets.
func (s *HostScreen) BuildUI() fyne.CanvasObject {
	init := s.deps.Initial.Defaults()
	s.sim = widget.NewSelect([]string{"eSIM", "Physical SIM", "No SIM"}, func(string) { s.refresh() })
	s.eid = widget.NewLabel("")
	s.iccids = widget.NewLabel("")
	s.imei = widget.NewLabel("")
	s.portal = widget.NewEntry()
	s.portal.SetPlaceHolder("built-in demo portal")
	s.portal.SetText(init.PortalURL)
	s.market = widget.NewEntry()
	s.market.SetText(init.Market)
	s.location = widget.NewEntry()
	s.location.SetText(init.Location)
	s.lang = widget.NewEntry()
	s.lang.SetText(strings.Join(init.Languages, ","))
	for _, e := range []*widget.Entry{s.portal, s.market, s.location, s.lang} {
		e.OnChanged = func(string) { s.refresh() }
	}
	s.launchURL = widget.NewMultiLineEntry()
	s.launchURL.Wrapping = fyne.TextWrapBreak
	s.launchURL.SetMinRowsVisible(3)
	s.acceptLang = widget.NewLabel("")
	s.openBtn = widget.NewButtonWithIcon("Open portal", theme.MailSendIcon(), s.onOpen)
	s.openBtn.Importance = widget.HighImportance
	s.status = widget.NewLabel("Ready.")
	s.status.Wrapping = fyne.TextWrapWord

	s.verdict = widget.NewLabelWithStyle("No session yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.fields = widget.NewForm()
	for _, name := range resultFields {
		l := widget.NewLabel("—")
		l.Wrapping = fyne.TextWrapBreak
		s.values[name] = l
		s.fields.Append(name, l)
	}
	s.findings = widget.NewLabel("")
	s.findings.Wrapping = fyne.TextWrapWord
	s.logList = widget.NewList(
		func() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.logRows) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if i < len(s.logRows) {
				o.(*widget.Label).SetText(s.logRows[i])
			}
		})

	switch init.SIM {
	case simulator.KindPSIM:
		s.sim.SetSelected("Physical SIM")
	case simulator.KindNone:
		s.sim.SetSelected("No SIM")
	default:
		s.sim.SetSelected("eSIM")
	}

	device := widget.NewCard("Device", "The simulated PC and its SIM", widget.NewForm(
		widget.NewFormItem("SIM", s.sim),
		widget.NewFormItem("EID", s.eid),
		widget.NewFormItem("ICCID(s)", s.iccids),
		widget.NewFormItem("IMEI", s.imei),
	))
	launch := widget.NewCard("Launch", "What the Mobile Plans app sends to the portal", container.NewVBox(
		widget.NewForm(
			widget.NewFormItem("Portal URL", s.portal),
			widget.NewFormItem("Market", s.market),
			widget.NewFormItem("Location", s.location),
			widget.NewFormItem("Languages", s.lang),
			widget.NewFormItem("Accept-Language", s.acceptLang),
		),
		widget.NewLabelWithStyle("Launch URL", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.launchURL,
		container.NewHBox(s.openBtn),
		s.status,
	))
	result := widget.NewCard("Result", "What the portal handed back", container.NewVBox(s.verdict, s.fields, widget.NewSeparator(), s.findings))
	left := container.NewVScroll(container.NewVBox(device, launch))
	right := container.NewVSplit(container.NewVScroll(result), widget.NewCard("Live log", "", s.logList))
	right.Offset = 0.65
	split := container.NewHSplit(left, right)
	split.Offset = 0.45
	s.refresh()
	return split
}

// request reads the form.
func (s *HostScreen) request() (host.LaunchRequest, error) {
	kind := simulator.KindESIM
	switch s.sim.Selected {
	case "Physical SIM":
		kind = simulator.KindPSIM
	case "No SIM":
		kind = simulator.KindNone
	}
	langs, err := host.ParseLanguages(s.lang.Text)
	if err != nil {
		return host.LaunchRequest{}, fmt.Errorf("languages: %w", err)
	}
	return host.LaunchRequest{
		SIM: kind, PortalURL: strings.TrimSpace(s.portal.Text),
		Market: strings.TrimSpace(s.market.Text), Location: strings.TrimSpace(s.location.Text),
		Languages: langs,
	}.Defaults(), nil
}

// refresh shows the device and the launch URL the current form would use.
func (s *HostScreen) refresh() {
	if s.launchURL == nil || s.deps.Host == nil {
		return
	}
	req, err := s.request()
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	dev := s.deps.Host.Device(req.SIM)
	s.eid.SetText(orDash(dev.EID))
	var ids []string
	if dev.ICCID != "" {
		ids = append(ids, dev.ICCID+" (physical)")
	}
	for _, p := range dev.Profiles {
		ids = append(ids, fmt.Sprintf("%s (%s, %s)", p.ICCID, p.Operator, p.State))
	}
	s.iccids.SetText(orDash(strings.Join(ids, "\n")))
	s.imei.SetText(orDash(dev.IMEI))
	if req.PortalURL == "" {
		req.PortalURL = "https://" + host.DefaultDemoAddr + "/"
		if u := s.deps.Host.DemoURL(); u != "" {
			req.PortalURL = u
		}
	}
	req.TransactionID = "(generated at launch)"
	l, _, err := s.deps.Host.Launch(req)
	if err != nil {
		s.launchURL.SetText("")
		s.status.SetText(err.Error())
		return
	}
	s.launchURL.SetText(l.URL)
	s.acceptLang.SetText(l.Headers["Accept-Language"])
	if !s.isRunning() {
		s.status.SetText("Ready.")
	}
}

func (s *HostScreen) isRunning() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// Open starts a session, as the Open portal button does.
func (s *HostScreen) Open() { s.onOpen() }

// onOpen starts a session in the background.
func (s *HostScreen) onOpen() {
	req, err := s.request()
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.logRows = nil
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.mu.Unlock()
	s.openBtn.Disable()
	s.status.SetText("Opening the portal…")
	s.verdict.SetText("Session running…")
	s.logList.Refresh()

	go func() {
		defer cancel()
		cfg, err := s.deps.Host.SessionConfig(req, nil)
		if err != nil {
			fyne.Do(func() { s.sessionFailed(err) })
			return
		}
		cfg.Token = s.deps.NewToken()
		cfg.Accelerated = s.deps.Accelerated
		// Over the right half of the host window, like the app's frame; Xvfb
		// has no window manager to place it.
		cfg.X, cfg.Y = 440, 120
		fyne.Do(func() {
			s.launchURL.SetText(cfg.Launch.URL)
			s.status.SetText("Portal open — waiting for the hand-back.")
		})
		rep, err := session.Run(ctx, s.deps.Opener, cfg, func(e session.LogEntry) {
			row := formatLog(e)
			fyne.Do(func() { s.appendLog(row) })
		})
		if err != nil {
			fyne.Do(func() { s.sessionFailed(err) })
			return
		}
		fyne.Do(func() { s.onSessionEnded(rep) })
	}()
}

// Stop cancels a running session (the window is closed).
func (s *HostScreen) Stop() {
	s.mu.Lock()
	c := s.cancel
	s.mu.Unlock()
	if c != nil {
		c()
	}
}

func (s *HostScreen) appendLog(row string) {
	s.mu.Lock()
	s.logRows = append(s.logRows, row)
	n := len(s.logRows)
	s.mu.Unlock()
	s.logList.Refresh()
	s.logList.ScrollTo(n - 1)
}

func (s *HostScreen) sessionFailed(err error) {
	s.mu.Lock()
	s.running = false
	s.mu.Unlock()
	s.openBtn.Enable()
	s.status.SetText("Could not open the portal: " + err.Error())
	s.verdict.SetText("No session")
}

// onSessionEnded shows the report.
func (s *HostScreen) onSessionEnded(rep session.Report) {
	defer func() {
		s.mu.Lock()
		s.running = false
		s.last = &rep
		s.mu.Unlock()
	}()
	s.openBtn.Enable()
	s.status.SetText(fmt.Sprintf("Session ended (%s).", rep.Ended))
	s.verdict.SetText(verdictText(rep))
	for _, name := range resultFields {
		s.values[name].SetText("—")
	}
	if r := rep.Result; r != nil {
		pr := r.PurchaseResult
		set := map[string]string{
			"success": fmt.Sprint(r.Success), "planName": pr.PlanName, "iccid": r.ICCID,
			"activationCode": r.ActivationCode, "transactionId": r.TransactionID,
			"userAccount": pr.UserAccount, "purchaseInstrument": pr.PurchaseInstrument,
			"line": pr.Line, "moDirectStatus": pr.MoDirectStatus,
		}
		for k, v := range set {
			s.values[k].SetText(orDash(v))
		}
	}
	s.findings.SetText(findingsText(rep.Findings))
}

// LastReport returns the last finished session's report, if any.
func (s *HostScreen) LastReport() *session.Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

func verdictText(rep session.Report) string {
	switch rep.Verdict {
	case bridge.VerdictPass:
		if rep.Result != nil && !rep.Result.Success {
			return "PASS — the portal handed back a conforming cancellation"
		}
		return "PASS — the hand-back conforms"
	case bridge.VerdictFail:
		return "FAIL — the hand-back has errors (see findings)"
	case bridge.VerdictNoCallback:
		return "NO CALL-BACK — the portal never handed back (" + rep.Ended + ")"
	case bridge.VerdictRejected:
		return "REJECTED — a hand-back came from a page that may not hand back"
	}
	return string(rep.Verdict)
}

func findingsText(fs []bridge.Finding) string {
	if len(fs) == 0 {
		return "No findings."
	}
	var b strings.Builder
	for _, sev := range []bridge.Severity{bridge.SeverityError, bridge.SeverityWarning, bridge.SeverityInfo} {
		for _, f := range fs {
			if f.Severity != sev {
				continue
			}
			fmt.Fprintf(&b, "%s  %s", strings.ToUpper(string(f.Severity)), f.Code)
			if f.Field != "" {
				fmt.Fprintf(&b, " [%s]", f.Field)
			}
			fmt.Fprintf(&b, ": %s", f.Message)
			if f.Section != "" {
				fmt.Fprintf(&b, " (contract %s)", f.Section)
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func formatLog(e session.LogEntry) string {
	ts := e.At.Format("15:04:05.000")
	switch {
	case e.Call != nil:
		args, _ := json.Marshal(e.Call.Args)
		state := "accepted"
		if !e.Call.Accepted {
			state = "REFUSED: " + e.Call.Rejected
		}
		return fmt.Sprintf("%s  call  %s(%s) — %s", ts, e.Call.API, truncate(string(args), 160), state)
	case e.Finding != nil:
		return fmt.Sprintf("%s  %s  %s", ts, e.Finding.Severity, e.Finding.Code)
	}
	parts := []string{ts, e.Kind}
	if e.Text != "" {
		parts = append(parts, e.Text)
	}
	if e.URL != "" {
		parts = append(parts, truncate(e.URL, 120))
	}
	return strings.Join(parts, "  ")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
