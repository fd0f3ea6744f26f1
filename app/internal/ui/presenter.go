package ui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// The presenter's steps, as the Mobile Plans app goes through them.
var presenterSteps = []string{"1  Choose an operator", "2  Buy a plan in the operator's portal", "3  Back in Windows"}

// presenterView is the host chrome for stakeholder demos, in the spirit of
// the Mobile Plans app: "Connect with a mobile plan", the operator's tile,
// then the portal, with a caption for each step and no developer panes.
type presenterView struct {
	operator string
	icon     fyne.Resource
	onOpen   func()
	onExit   func()
	// onAgain, when set, is Start again: the launch of the session just
	// shown; nil means onOpen.
	onAgain func()

	steps   []*widget.Label
	caption *widget.Label
	tile    *widget.Button
	// name is the operator's name on the tile.
	name    *widget.Label
	outcome *widget.Label
	detail  *widget.Label
	ids     *widget.Label
	showIDs *widget.Check
	restart *widget.Button
	step    int
	// picks are the language and SIM pickers in the bar.
	picks     presenterPicks
	picksView fyne.CanvasObject

	// With the portal inside the host (issue 18), the portal pane takes
	// the stage while a session runs: portalSlot holds it, under a caption.
	portalSlot   *fyne.Container
	stageCaption *widget.Label
	scroll       *container.Scroll
	stage        fyne.CanvasObject
	root         *fyne.Container
}

func newPresenterView(operator string, icon fyne.Resource, onOpen, onExit func()) *presenterView {
	return &presenterView{operator: operator, icon: icon, onOpen: onOpen, onExit: onExit}
}

func (p *presenterView) buildUI() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Connect with a mobile plan", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabel("Get online with a cellular data plan from an operator, right from Windows.")
	sub.Wrapping = fyne.TextWrapWord
	// The steps wrap in a narrow window (800x600), each after its "›".
	stepBox := container.New(&flowLayout{})
	for i, s := range presenterSteps {
		l := widget.NewLabel(s)
		p.steps = append(p.steps, l)
		if i > 0 {
			stepBox.Add(container.NewHBox(widget.NewLabel("›"), l))
		} else {
			stepBox.Add(l)
		}
	}
	p.caption = widget.NewLabel("")
	p.caption.Wrapping = fyne.TextWrapWord
	p.caption.SizeName = theme.SizeNameSubHeadingText
	captionLines := &linesLayout{least: presenterLeastLine}
	caption := container.New(captionLines, p.caption)

	p.tile = widget.NewButton("", p.onTile)
	var logo fyne.CanvasObject = widget.NewIcon(theme.ComputerIcon())
	if p.icon != nil {
		img := canvas.NewImageFromResource(p.icon)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(56, 56))
		logo = img
	}
	p.name = widget.NewLabelWithStyle(p.operator, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.name.SizeName = theme.SizeNameSubHeadingText
	tileText := container.NewVBox(p.name, widget.NewLabel("Data plans for this PC · buy and connect in minutes"))
	tile := container.NewStack(p.tile, container.NewPadded(container.NewBorder(nil, nil, logo, nil, tileText)))

	p.outcome = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.outcome.SizeName = theme.SizeNameHeadingText
	p.outcome.Wrapping = fyne.TextWrapWord
	p.detail = widget.NewLabel("")
	p.detail.Wrapping = fyne.TextWrapWord
	p.ids = widget.NewLabel("")
	p.ids.Wrapping = fyne.TextWrapBreak
	p.ids.Hide()
	p.showIDs = widget.NewCheck("Show the identifiers", p.revealIDs)
	p.showIDs.Hide()
	p.restart = widget.NewButtonWithIcon("Start again", theme.ViewRefreshIcon(), p.onRestart)
	p.restart.Importance = widget.HighImportance
	p.restart.Hide()

	exit := widget.NewButtonWithIcon("Developer view", theme.VisibilityOffIcon(), func() {
		if p.onExit != nil {
			p.onExit()
		}
	})
	exit.Importance = widget.LowImportance
	// While the portal is on the stage its caption is in the bar, beside
	// "Mobile Plans": on a row of its own it took the 45 px that cut the
	// portal's footer in the default window (found by exploratory QA).
	// It wraps in a narrow window, or for a long caption (a physical
	// SIM's was cut with an ellipsis at the default 1240x660).
	p.stageCaption = widget.NewLabel(stageCaption(simulator.KindESIM))
	p.stageCaption.Importance = widget.HighImportance
	p.stageCaption.Wrapping = fyne.TextWrapWord
	stageLines := &linesLayout{least: presenterLeastLine}
	stageCap := container.New(stageLines, p.stageCaption)
	p.stageCaption.Hide()
	// The language and SIM pickers stand where the stage's caption does
	// while the portal is not on the stage.
	p.picksView = p.picks.buildUI()
	bar := container.NewBorder(nil, nil, widget.NewLabelWithStyle("Mobile Plans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), exit,
		container.NewStack(stageCap, container.NewHBox(p.picksView)))
	// Start again (and Show the identifiers) stand beside the operator's
	// tile, not under the outcome: at the end of a session on a 1024x600
	// screen they were 40 px below the fold (TestPresenterEndFitsWithoutScrolling).
	// In a window too narrow for both (800x600) they go under it.
	again := container.NewVBox(container.NewGridWrap(fyne.NewSize(260, 56), p.restart), p.showIDs)
	column := &columnLayout{}
	body := container.New(column,
		title, sub, widget.NewSeparator(), stepBox, caption,
		container.New(&flowLayout{}, container.NewGridWrap(fyne.NewSize(560, 110), tile), again),
		p.outcome, p.detail,
		p.ids,
	)
	p.idle()
	p.scroll = container.NewVScroll(container.NewPadded(container.New(layout.NewCustomPaddedLayout(4, 4, 48, 48), body)))
	column.grown = p.scroll.Refresh // a wrapped row: the scroll makes room for it
	p.portalSlot = container.NewStack()
	p.stage = container.NewStack(p.portalSlot)
	p.stage.Hide()
	root := container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(p.scroll, p.stage))
	// The column is laid out again at once: the scroll's Refresh alone
	// left a caption that went from two lines to one two lines high.
	captionLines.grown = body.Refresh
	stageLines.grown = root.Refresh // the bar takes the caption's second line from the stage
	p.root = root
	return root
}

// linesLayout holds one label that wraps: it is as high as the label's
// lines at the width it is given (a label measures its lines at the width
// it last had, which a column or a bar asks before giving it the new one:
// step 2's caption, one line longer than step 1's, ran under the
// operator's tile, found by exploratory QA). grown is called when a
// layout finds the lines need another height than MinSize said.
type linesLayout struct {
	// width is that of the last layout, laid the height its lines needed
	// then.
	width, laid float32
	grown       func()
	// least is the least width the lines ask for (0: a word's): with a
	// word's width, the stage's caption beside "Mobile Plans" and
	// Developer view got 40 px in a narrowed window, wrapped a few
	// letters a line, and made the window 2775 px high (found by GUI QA).
	least float32
}

// presenterLeastLine is the least width of presenter mode's captions: a
// line of a few words; the window cannot be made narrower than it and
// the bar's other words (about 600 px).
const presenterLeastLine = 260

var (
	_ fyne.Layout    = (*linesLayout)(nil)
	_ heightForWidth = (*linesLayout)(nil)
)

// heightAt implements heightForWidth: the label is given width first.
func (l *linesLayout) heightAt(objects []fyne.CanvasObject, width float32) float32 {
	var h float32
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		if sz := o.Size(); width > 0 && sz.Width != width {
			o.Resize(fyne.NewSize(width, sz.Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return h
}

// lineWidth is the width the lines are measured at: the last layout's, no
// less than least.
func (l *linesLayout) lineWidth() float32 {
	if l.width == 0 {
		return 0 // not laid out yet: as wide as the label is
	}
	return max(l.width, l.least)
}

// Layout implements fyne.Layout.
func (l *linesLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	need := l.heightAt(objects, size.Width)
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, max(need, size.Height)))
	}
	// Not against what MinSize said: the window asks MinSize first, and
	// does not lay the column out again for a caption that shrank.
	changed := l.laid != 0 && need != l.laid
	l.laid = need
	if l.grown != nil && changed {
		l.grown()
	}
}

// MinSize implements fyne.Layout: no wider than a word (or least), as
// high as the lines at the width of the last layout (least at the
// narrowest).
func (l *linesLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := l.least
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, l.heightAt(objects, l.lineWidth()))
}

// showPortal puts the portal pane (pane) on the stage, or takes it away
// (nil) and shows the steps again.
func (p *presenterView) showPortal(pane fyne.CanvasObject) {
	if pane != nil {
		p.portalSlot.Objects = []fyne.CanvasObject{pane}
		p.scroll.Hide()
		p.stage.Show()
		p.stageCaption.Show()
		p.picksView.Hide()
	} else {
		p.portalSlot.Objects = nil
		p.stage.Hide()
		p.stageCaption.Hide()
		p.picksView.Show()
		p.scroll.Show()
	}
	p.portalSlot.Refresh()
	p.root.Refresh() // the bar's height follows the caption's lines
}

// revealIDs shows the identifiers (on) or hides them. They come last,
// under the outcome, which ends near the bottom of a 720p projector's
// window: the view scrolls down to them, once it has made room for them.
func (p *presenterView) revealIDs(on bool) {
	if !on || p.ids.Text == "" {
		p.ids.Hide()
		return
	}
	p.ids.Show()
	p.scroll.Refresh()
	p.scroll.ScrollToBottom()
}

func (p *presenterView) onTile() {
	if p.onOpen != nil {
		p.onOpen()
	}
}

// onRestart is Start again.
func (p *presenterView) onRestart() {
	if p.onAgain != nil {
		p.onAgain()
		return
	}
	p.onTile()
}

// setStep highlights step i (0-based).
func (p *presenterView) setStep(i int) {
	p.step = i
	for j, l := range p.steps {
		l.TextStyle.Bold = j == i
		// Inactive steps stay readable from the back of the room.
		if j == i {
			l.Importance = widget.HighImportance
		} else {
			l.Importance = widget.MediumImportance
		}
		l.Refresh()
	}
}

// idleCaption is step 1's caption for the operator called name.
func idleCaption(name string) string {
	return "Windows shows the operators that sell plans for this PC. Click " + name + " to see its plans."
}

// setOperator names the operator on the tile, and in step 1's caption
// when it shows: the operator the launch form picks, or the session's.
func (p *presenterView) setOperator(name string) {
	if name == "" || name == p.operator {
		return
	}
	old := p.operator
	p.operator = name
	if p.name == nil {
		return // not built yet: buildUI shows it
	}
	p.name.SetText(name)
	if p.caption.Text == idleCaption(old) {
		p.caption.SetText(idleCaption(name))
	}
}

// presenterFollowsForm is told of each operator the launch form picks:
// the presenter's tile, which opens the form's launch, names it. A running
// session's operator stays until it ends.
func (s *HostScreen) presenterFollowsForm(name string) {
	if !s.isRunning() {
		s.presenter.setOperator(name)
	}
}

// idle is step 1: pick the operator.
func (p *presenterView) idle() {
	p.setStep(0)
	p.caption.SetText(idleCaption(p.operator))
	p.tile.Enable()
	p.picks.enable(true)
	p.outcome.SetText("")
	p.detail.SetText("")
	p.clearEnd()
}

// clearEnd hides what only an ended session shows.
func (p *presenterView) clearEnd() {
	p.restart.Hide()
	p.showIDs.Hide()
	p.ids.SetText("")
	p.ids.Hide()
}

// simIdentity says, for an audience, what the portal learns of this PC's
// SIM of kind: what it is launched with.
func simIdentity(kind simulator.SIMKind) string {
	switch kind {
	case simulator.KindPSIM:
		return "with the identity of the SIM card in this PC"
	case simulator.KindNone:
		return "without a SIM: this PC has none"
	}
	return "with this PC's eSIM identity"
}

// stageCaption is the caption over the portal on the presenter's stage
// for a session on a SIM of kind.
func stageCaption(kind simulator.SIMKind) string {
	return "2  Buy a plan in the operator's portal, open inside Mobile Plans " + simIdentity(kind) + "."
}

// running is step 2: the operator's portal is open, for a device with a
// SIM of kind, inside the host window or in a window of its own.
func (p *presenterView) running(kind simulator.SIMKind, inside bool) {
	p.setStep(1)
	where := "in its own window"
	if inside {
		where = "inside Mobile Plans"
	}
	p.caption.SetText("The operator's web portal opens " + where + ", " + simIdentity(kind) + ". Choose a plan, pay and confirm.")
	if p.stageCaption != nil {
		p.stageCaption.SetText(stageCaption(kind))
	}
	p.tile.Disable()
	p.picks.enable(false)
	p.outcome.SetText("")
	p.detail.SetText("")
	p.clearEnd()
}

// done is step 3: the portal handed control back, on a device with a SIM
// of kind.
func (p *presenterView) done(rep session.Report, kind simulator.SIMKind) {
	p.setStep(2)
	p.tile.Enable()
	p.picks.enable(true)
	p.outcome.Importance = outcomeImportance(rep)
	caption, outcome, detail := presenterOutcome(rep, kind)
	p.caption.SetText(caption)
	p.outcome.SetText(outcome)
	p.detail.SetText(detail)
	if line := presenterExpectation(rep); line != "" {
		p.detail.SetText(p.detail.Text + "\n" + line)
	}
	p.ids.SetText(presenterIdentifiers(rep))
	p.restart.Show()
	p.showIDs.Show()
	p.showIDs.SetChecked(false)
}

// presenterNameRunes is how many characters of a right-to-left plan name a
// line of the presenter's outcome (large text) holds.
const presenterNameRunes = 28

// presenterOutcome says, for an audience, what the session did for the
// customer on a device with a SIM of kind: the caption, the outcome and a
// detail line.
func presenterOutcome(rep session.Report, kind simulator.SIMKind) (caption, outcome, detail string) {
	r := rep.Result
	switch {
	case downloadFailedAfterPurchase(rep):
		return downloadFailureWords(*rep.DownloadFailure)
	case boughtWithDeferredDownload(rep):
		fate, _ := deferredDownloadOf(rep)
		return fate.words()
	case rep.Verdict == bridge.VerdictPass && r != nil && r.Success:
		plan := r.PurchaseResult.PlanName
		switch {
		case plan == "":
			plan = "your new plan"
		case hasRightToLeft(plan):
			// The outcome wraps: a right-to-left name has lines of its
			// own, broken in logical order (orderedLines).
			plan = "\n" + orderedLines(plan, presenterNameRunes)
		default:
			plan = " " + plan
		}
		caption, detail := boughtCaption(kind, r.ActivationCode != "")
		return caption, "You're connected:" + plan, detail
	case rep.Verdict == bridge.VerdictPass && (r == nil || customerLeft(r.PurchaseResult)):
		return "The user left the portal; it told Windows that nothing was bought.", "No plan bought — cancelled cleanly", ""
	case rep.Verdict == bridge.VerdictPass:
		// A failure the portal reported as the contract asks: not the
		// user's cancel (a ServiceError read "cancelled cleanly").
		s := r.PurchaseResult.MoDirectStatus
		return "The portal could not sell a plan and told Windows so, as Mobile Plans asks: Windows tells the customer.",
			"No plan bought — " + orDefault(presenterFailure[s], "the portal reported "+s), ""
	case rep.Verdict == bridge.VerdictNoCallback:
		return noCallbackOutcome(rep)
	}
	return "The portal answered Windows, but not in a way Windows can use.", "Windows could not use the portal's answer",
		fmt.Sprintf("%s to fix — the developer view lists each one.", plural(len(rep.Findings), "problem"))
}

// noCallbackOutcome says, for an audience, what a session that ended
// (ended) without a hand-back did: the caption, the outcome and a detail
// line.
func noCallbackOutcome(rep session.Report) (caption, outcome, detail string) {
	ended := rep.Ended
	switch {
	case ended == session.EndedUserCancelled:
		return "You left the operator's portal before it finished.", "You left the portal",
			"Nothing was bought, and the portal had not answered Windows yet."
	case ended == session.EndedLoadFailed:
		return "The operator's portal could not be reached.", "The portal did not load",
			"Mobile Plans shows its own error page here; the developer view says why the portal did not load."
	case ended == session.EndedCancelled || ended == session.EndedClosed:
		// The presenter's own Close portal, or the ✕ of the portal's own
		// window: not the operator's portal closing.
		return "You closed the operator's portal before it finished.", "You closed the portal",
			"Nothing was bought, and the portal had not answered Windows yet."
	case ended == session.EndedCrashed:
		return crashedCaption(rep.CrashedProcess()),
			"The simulator's portal window stopped", "Nothing was bought. Start again opens the portal again."
	case ended == session.EndedTimeout:
		return "The portal did not answer Windows before the session's time ran out.", "Windows was not told what happened",
			"The customer is left without an answer; the developer view shows what the portal did."
	}
	return "The portal closed without telling Windows what happened.", "Windows was not told what happened",
		"The customer is left without an answer; the developer view shows what the portal did."
}

// crashedCaption says, for an audience, which process of the simulator
// ended (session.Report.CrashedProcess): mpsim's own window process is never
// the operator's doing; WebKit's web content process may be (a page's
// scripts can pass its memory limit), so it is not blamed on either.
func crashedCaption(process string) string {
	if process == session.WindowProcess {
		return "The simulator's portal window stopped unexpectedly: mpsim's own window process ended, not the operator's portal."
	}
	return "The simulator's portal window stopped unexpectedly: " + process + " ended (the browser engine mpsim shows the portal in)."
}

// downloadFailedAfterPurchase reports whether the session's last eSIM
// download failed after the portal sold a plan (or, inline, without a
// hand-back at all): the customer paid and nothing was installed, which
// no conforming hand-back makes "connected".
func downloadFailedAfterPurchase(rep session.Report) bool {
	if rep.DownloadFailure == nil || rep.Verdict == bridge.VerdictFail || rep.Verdict == bridge.VerdictRejected {
		return false
	}
	return rep.Result == nil || rep.Result.Success
}

// downloadFailureWords say, for an audience, that the plan was bought but
// its eSIM profile was not installed: the caption, the outcome and a
// detail line.
func downloadFailureWords(f session.DownloadFailure) (caption, outcome, detail string) {
	if f.Result == session.ActivationFull {
		return "The plan was bought, but this PC's eSIM had no room for another profile, so Windows could not install it.",
			"Plan bought — but the eSIM download failed",
			"The eSIM is full: nothing was installed. Remove a profile in the developer view's Device tab, then start again."
	}
	return "The plan was bought, but Windows could not download its eSIM profile.",
		"Plan bought — but the eSIM download failed",
		"The download failed (" + f.Result + "): nothing was installed on this PC."
}

// deferredFate is what became, by the end of a session, of its deferred
// eSIM download (F4) when that was its last download: cancelled before
// Windows offered it (F5), or still pending, which the device keeps and
// Windows offers later (session.keepPendingDownloads).
type deferredFate struct {
	cancelled bool
	// minutes is how long after the session's end Windows offers the
	// pending download, rounded up; failWith is the LPA error it then
	// fails with (simulator.PendingDownload.FailWith), "" for none.
	minutes  int
	failWith string
}

// pendingOp is a deferred download of a session's log not yet offered or
// cancelled: its operation ID and downloadDelay.
type pendingOp struct {
	id      string
	minutes uint64
}

// deferredDownloadOf reads from rep's lifecycle what became of its last
// eSIM download when it was deferred (F4) and never offered: ok is false
// when the last download was no such one (it ran, failed, or there was
// none). A pending download's minutes are those to its due time on the
// device after the session (rep.Device's PendingDownloads) from the
// session's last log entry, or its whole downloadDelay when the device
// does not list it.
func deferredDownloadOf(rep session.Report) (fate deferredFate, ok bool) {
	var pending []pendingOp
	var last session.LifecycleStep
	var end time.Time
	drop := func(id string) {
		if i := slices.IndexFunc(pending, func(op pendingOp) bool { return op.id == id }); i >= 0 {
			pending = slices.Delete(pending, i, i+1)
		}
	}
	for _, e := range rep.Log {
		if e.At.After(end) {
			end = e.At
		}
		if e.Kind != session.KindLifecycle || e.Lifecycle == nil {
			continue
		}
		ev := e.Lifecycle
		switch ev.Step {
		case session.StepDeferred:
			pending = append(pending, pendingOp{id: ev.OperationID, minutes: ev.Minutes})
		case session.StepDeferredCancelled, session.StepDownloadOffered:
			drop(ev.OperationID)
		case session.StepDownloadStarted, session.StepProfileInstalled, session.StepDownloadFailed:
		default:
			continue
		}
		last = ev.Step
	}
	switch {
	case len(pending) > 0 && (last == session.StepDeferred || last == session.StepDeferredCancelled):
		return pendingFate(rep, pending[0], end), true
	case last == session.StepDeferredCancelled:
		return deferredFate{cancelled: true}, true
	}
	return deferredFate{}, false
}

// pendingFate is the fate of op, a deferred download still pending at the
// session's end (end).
func pendingFate(rep session.Report, op pendingOp, end time.Time) deferredFate {
	fate := deferredFate{minutes: int(op.minutes)}
	if rep.Device == nil || op.id == "" {
		return fate
	}
	for _, p := range rep.Device.PendingDownloads {
		if p.OperationID == op.id {
			fate.minutes = max(int(math.Ceil(p.Due.Sub(end).Minutes())), 0)
			fate.failWith = p.FailWith
		}
	}
	return fate
}

// boughtWithDeferredDownload reports whether the portal sold a plan whose
// eSIM download it deferred (F4) and which, by the session's end, it
// cancelled (F5) or Windows had not offered yet: nothing was installed,
// which "You're connected" said.
func boughtWithDeferredDownload(rep session.Report) bool {
	if rep.Verdict != bridge.VerdictPass || rep.Result == nil || !rep.Result.Success {
		return false
	}
	_, ok := deferredDownloadOf(rep)
	return ok
}

// words say, for an audience, what became of the deferred download: the
// caption, the outcome and a detail line.
func (f deferredFate) words() (caption, outcome, detail string) {
	if f.cancelled {
		return "The portal sold the plan and scheduled its eSIM download for later, then cancelled the download before Windows offered it.",
			"Plan bought — the eSIM download was cancelled; nothing installed",
			"Nothing was installed on this PC: the plan has no eSIM profile here."
	}
	when := "in " + plural(f.minutes, "minute")
	if f.minutes == 0 {
		when = "now"
	}
	then := "the profile is installed once the user accepts it."
	if f.failWith != "" {
		then = "its download then fails with " + f.failWith + " (this session's activation result)."
	}
	return "The portal sold the plan and asked Windows to download its eSIM profile later; closing the portal does not cancel that.",
		"Plan bought — the eSIM will be offered " + when,
		"Nothing is installed yet. Windows offers the download then (the next launch or mpsim command once it is due), and " + then
}

// outcomeImportance colours the customer's outcome of rep by what the
// customer got, not by whether the hand-back conforms: green only for a
// plan that works, red for a purchase that failed, orange for a download
// that failed or no answer, the text colour for the customer's own cancel.
// A conforming ServiceError was drawn in the same bold green as "You're
// connected" (found by exploratory QA).
func outcomeImportance(rep session.Report) widget.Importance {
	r := rep.Result
	switch {
	case downloadFailedAfterPurchase(rep):
		return widget.WarningImportance
	case boughtWithDeferredDownload(rep):
		if fate, _ := deferredDownloadOf(rep); fate.cancelled {
			return widget.MediumImportance // the portal's (its user's) own cancel
		}
		return widget.HighImportance // under way, not yet a plan that works
	case rep.Verdict == bridge.VerdictPass && r != nil && r.Success:
		return widget.SuccessImportance
	case rep.Verdict == bridge.VerdictPass && (r == nil || customerLeft(r.PurchaseResult)):
		return widget.MediumImportance
	case rep.Verdict == bridge.VerdictPass:
		return widget.DangerImportance
	case rep.Verdict == bridge.VerdictNoCallback && (rep.Ended == session.EndedUserCancelled || rep.Ended == session.EndedCancelled || rep.Ended == session.EndedClosed):
		return widget.MediumImportance
	}
	return verdictImportance(rep.Verdict)
}

// boughtCaption says, for an audience, what happens to a plan bought on a
// device with a SIM of kind: an eSIM downloads a new profile when the
// portal hands back an activation code (contract §3 F1); with a physical
// SIM, or an eSIM profile the operator already has, the operator
// activates the plan in its own back end and nothing is downloaded (F2).
func boughtCaption(kind simulator.SIMKind, code bool) (caption, detail string) {
	switch {
	case kind == simulator.KindPSIM:
		return "The portal handed the plan back to Windows. The operator activates it on the SIM card in this PC: nothing is downloaded.",
			"The SIM card in this PC now has the new plan for mobile data."
	case kind == simulator.KindNone:
		return "The portal handed the plan back to Windows. This PC has no SIM, so nothing is downloaded or switched here.",
			"The plan works once the operator's SIM is in this PC."
	case code:
		return "The portal handed the plan back to Windows, which downloads and switches to the new eSIM profile.",
			"Windows now uses the new plan for mobile data."
	}
	return "The portal handed the plan back to Windows. The operator activates it on this PC's eSIM profile: nothing is downloaded.",
		"Windows now uses the new plan for mobile data."
}

// customerLeft reports whether a failed hand-back's purchase result is the
// customer leaving the flow, not a failure: moDirectStatus Cancelled (the
// examples' value), None ("ended without a specific error", the legacy
// table's value of the abandoned model payload, contract §2.7) or none at
// all.
func customerLeft(pr bridge.PurchaseResult) bool {
	switch pr.MoDirectStatus {
	case "Cancelled", "None", "":
		return true
	}
	return false
}

// presenterFailure says what went wrong, for an audience, when a portal
// hands back a moDirectStatus other than Complete or Cancelled.
var presenterFailure = map[string]string{
	"ServiceError": "the operator's service failed", "PurchaseFailed": "the purchase failed", "BillingError": "a billing problem",
	"LogOnFailed": "the log-on failed", "InvalidSIM": "the SIM was refused", "ClientError": "the request was refused",
}

// plainStatus says what a portal does with a moDirectStatus, for an audience.
var plainStatus = map[string]string{
	"Complete": "complete the purchase", "Cancelled": "cancel the purchase", "InvalidSIM": "refuse the SIM",
	"ClientError": "refuse the request", "ServiceError": "report a fault of its own", "LogOnFailed": "refuse the log-on",
	"PurchaseFailed": "report a failed purchase", "BillingError": "report a billing problem", "None": "end without a specific error",
}

// presenterExpectation says in plain words whether the portal did what
// this test case expects of it.
func presenterExpectation(rep session.Report) string {
	if rep.ExpectationMet == nil || len(rep.ExpectedStatus) == 0 {
		return ""
	}
	var want []string
	for _, s := range rep.ExpectedStatus {
		want = append(want, orDefault(plainStatus[s], s))
	}
	if *rep.ExpectationMet {
		return "As intended for this test: the portal should " + strings.Join(want, " or ") + ", and it did."
	}
	return "Not as intended for this test: the portal should " + strings.Join(want, " or ") + "."
}

// presenterIdentifiers are the identifiers shown only when asked.
func presenterIdentifiers(rep session.Report) string {
	var lines []string
	if r := rep.Result; r != nil {
		if r.ICCID != "" {
			lines = append(lines, "ICCID "+r.ICCID)
		}
		if r.PurchaseResult.MoDirectStatus != "" {
			lines = append(lines, "moDirectStatus "+r.PurchaseResult.MoDirectStatus)
		}
		if r.TransactionID != "" {
			lines = append(lines, "transactionId "+r.TransactionID)
		}
	}
	return strings.Join(lines, " · ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// notStarted says the portal could not be opened because its launch
// could not start, and why: step 1 again, with Start again.
func (p *presenterView) notStarted(why string) {
	p.idle()
	p.failed(errors.New(why))
}

// failed says the portal could not be opened.
func (p *presenterView) failed(err error) {
	p.setStep(0)
	p.tile.Enable()
	p.picks.enable(true)
	p.outcome.Importance = widget.DangerImportance
	p.outcome.SetText("The portal could not be opened")
	p.detail.SetText(err.Error())
	p.restart.Show()
}
