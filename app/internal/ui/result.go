package ui

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// resultFields are the decoded hand-back fields shown in the result card.
var resultFields = []string{"success", "planName", "iccid", "activationCode", "transactionId", "userAccount", "purchaseInstrument", "line", "moDirectStatus"}

// resultCard shows one report: the verdict in colour, the decoded hand-back,
// the findings grouped by severity with their contract section, and for a
// preset what a correct portal would have done.
type resultCard struct {
	clipboard func() fyne.Clipboard

	// root is the card; header holds the verdict and the buttons.
	root    *fyne.Container
	header  *fyne.Container
	verdict *widget.Label
	summary *widget.Label
	// portalURL is the launch URL of the session, elided, with a copy
	// button.
	portalURL   *urlLine
	values      map[string]*widget.Label
	expectation *widget.Label
	expectMet   *widget.Label
	expectBox   *fyne.Container
	// checksBox shows a scenario's expectations (checks) met or not.
	checksBox   *fyne.Container
	checksTitle *widget.Label
	checks      *fyne.Container
	findings    *fyne.Container
	findingRows []*findingRow
	copyBtn     *widget.Button
	saveBtn     *widget.Button
	rep         *session.Report
	// soFar are the findings of the session running, until its report:
	// with the hand-back's result they give the verdict so far.
	soFar []bridge.Finding
	// lastAPI is the last accepted call of the session running.
	lastAPI string
	// onSave asks where to save the shown report; nil hides the button.
	onSave func()
}

func newResultCard(clipboard func() fyne.Clipboard) *resultCard {
	return &resultCard{clipboard: clipboard, values: map[string]*widget.Label{}, portalURL: newURLLine("Launch: ", clipboard)}
}

func (c *resultCard) buildUI() fyne.CanvasObject {
	c.verdict = widget.NewLabelWithStyle("No session yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.verdict.SizeName = theme.SizeNameSubHeadingText
	c.verdict.Wrapping = fyne.TextWrapWord
	c.summary = widget.NewLabel("Open the portal (Ctrl+O); the decoded hand-back and the findings appear here.")
	c.summary.Wrapping = fyne.TextWrapWord
	c.summary.TextStyle.Italic = true
	form := widget.NewForm()
	for _, name := range resultFields {
		l := widget.NewLabel("—")
		l.Wrapping = fyne.TextWrapBreak
		l.Selectable = true
		c.values[name] = l
		form.Append(name, framed(l))
	}
	c.expectation = widget.NewLabel("")
	c.expectation.Wrapping = fyne.TextWrapWord
	c.expectMet = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.expectMet.Wrapping = fyne.TextWrapWord
	c.expectBox = container.NewVBox(
		widget.NewLabelWithStyle("What a correct portal would have done", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		c.expectation, c.expectMet)
	c.expectBox.Hide()
	c.checksTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.checksTitle.Wrapping = fyne.TextWrapWord
	c.checks = container.NewVBox()
	c.checksBox = container.NewVBox(c.checksTitle, c.checks)
	c.checksBox.Hide()
	c.findings = container.NewVBox()
	c.copyBtn = widget.NewButtonWithIcon("Copy report JSON", theme.ContentCopyIcon(), c.onCopy)
	c.copyBtn.Disable()
	c.saveBtn = widget.NewButtonWithIcon("Save report…", theme.DocumentSaveIcon(), func() {
		if c.onSave != nil {
			c.onSave()
		}
	})
	c.saveBtn.Disable()
	c.header = container.New(&besideOrBelow{main: c.verdict}, c.verdict, container.NewHBox(c.copyBtn, c.saveBtn))
	c.root = container.NewVBox(
		c.header,
		c.summary,
		c.portalURL.buildUI(),
		c.checksBox,
		c.expectBox,
		c.findings,
		widget.NewSeparator(),
		form,
	)
	return c.root
}

// setVerdict shows the verdict line in the colour of imp, and places the
// buttons beside it or under it for its new length (besideOrBelow): the
// card's rows are placed again, without drawing them again (the hand-back's
// verdict should not wait for the whole card).
func (c *resultCard) setVerdict(imp widget.Importance, text string) {
	c.verdict.Importance = imp
	c.verdict.SetText(text) // after the importance: SetText refreshes the colour too
	if c.root == nil {
		return
	}
	// The header first gets the height the old text had; once the text
	// has its new width, the second pass knows its height.
	c.root.Layout.Layout(c.root.Objects, c.root.Size())
	c.header.Layout.Layout(c.header.Objects, c.header.Size())
	c.root.Layout.Layout(c.root.Objects, c.root.Size())
}

// running shows that a session is under way.
func (c *resultCard) running(launchURL string) {
	c.rep, c.soFar, c.lastAPI = nil, nil, ""
	c.setVerdict(widget.MediumImportance, "Session running…")
	c.summary.SetText("Waiting for the portal to hand back.")
	c.portalURL.set(launchURL)
	for _, l := range c.values {
		l.SetText("—")
	}
	c.findings.RemoveAll()
	c.findingRows = nil
	c.expectBox.Hide()
	c.checksBox.Hide()
	c.copyBtn.Disable()
	c.saveBtn.Disable()
}

// cleared shows no session: the one shown was deleted from the history.
func (c *resultCard) cleared(why string) {
	c.running("")
	c.setVerdict(widget.MediumImportance, "No session shown")
	c.summary.SetText(why)
}

// failed shows that no session could run.
func (c *resultCard) failed(err error) {
	c.setVerdict(widget.DangerImportance, "No session")
	c.summary.SetText("Could not open the portal: " + err.Error())
}

// show displays rep.
func (c *resultCard) show(rep session.Report) {
	c.rep = &rep
	c.setVerdict(verdictImportance(rep.Verdict), verdictText(rep))
	var sum []string
	sum = append(sum, fmt.Sprintf("ended: %s", rep.Ended))
	sum = append(sum, plural(len(rep.Calls), "bridge call")+", "+plural(len(rep.Callbacks), "call-back")+", "+plural(len(rep.Findings), "finding"))
	if t := rep.Timings.LaunchToFirstPaintMs; t != nil {
		sum = append(sum, fmt.Sprintf("first paint %.0f ms", *t))
	}
	c.summary.SetText(strings.Join(sum, " · "))
	c.portalURL.set(rep.Launch.URL)
	c.checksBox.Hide() // a scenario's checks come after, with showChecks
	c.showValues(rep.Result)
	if rep.Expectation != "" {
		c.expectation.SetText(rep.Expectation)
		met := expectationText(rep)
		c.expectMet.Importance = widget.MediumImportance
		if rep.ExpectationMet != nil {
			c.expectMet.Importance = widget.SuccessImportance
			if !*rep.ExpectationMet {
				c.expectMet.Importance = widget.DangerImportance
			}
		}
		c.expectMet.SetText(met) // after the importance: SetText refreshes the colour too
		if met == "" {
			c.expectMet.Hide()
		} else {
			c.expectMet.Show()
		}
		c.expectBox.Show()
	} else {
		c.expectBox.Hide()
	}
	c.showFindings(rep)
	c.copyBtn.Enable()
	if c.onSave != nil {
		c.saveBtn.Enable()
	}
}

// showSince adds to the summary what changed since the report before the
// watch's save (session.Change.String, which names the findings gone and
// new): the status line has room for the counts only.
func (c *resultCard) showSince(change session.Change) {
	c.summary.SetText(c.summary.Text + "\nSince the last run: " + change.String() + ".")
}

// resultValueRunes is how many characters of a right-to-left value a line
// of the Result card holds: its labels wrap, so such a value is broken
// into lines in logical order first (orderedLines).
const resultValueRunes = 30

// showValues shows the decoded hand-back r, or dashes when there is none.
// Each label is set once, and only when its text changes: a label's
// refresh lays its text out again, which the hand-back's result should not
// wait for (issue 15: hand-back → result visible in the host).
func (c *resultCard) showValues(r *bridge.Result) {
	set := map[string]string{}
	if r != nil {
		pr := r.PurchaseResult
		set = map[string]string{
			"success": fmt.Sprint(r.Success), "planName": pr.PlanName, "iccid": r.ICCID,
			"activationCode": r.ActivationCode, "transactionId": r.TransactionID,
			"userAccount": pr.UserAccount, "purchaseInstrument": pr.PurchaseInstrument,
			"line": pr.Line, "moDirectStatus": pr.MoDirectStatus,
		}
	}
	for _, name := range resultFields {
		if l, text := c.values[name], orDash(orderedLines(set[name], resultValueRunes)); l.Text != text {
			l.SetText(text)
		}
	}
}

// observe follows the live log of the session running: the hand-back's
// result shows as soon as the call is judged, with the verdict it has so
// far, while the window still records the final page (screenshot, DOM
// probe, resize check) and the session ends. The findings so far are
// those the report will have: a finding that another takes the place of
// (LogEntry.Replaces) leaves them, as it leaves the report's.
func (c *resultCard) observe(e session.LogEntry) {
	if c.rep != nil {
		return // the report is shown: the log is its past
	}
	switch {
	case e.Kind == session.KindFinding && e.Finding != nil:
		if e.Replaces != nil {
			// The finding takes the place of an earlier one, which has
			// left the report's findings (a misspelt enum member's read
			// folded into the metadata finding): so it leaves these.
			if i := slices.Index(c.soFar, *e.Replaces); i >= 0 {
				c.soFar = slices.Delete(c.soFar, i, i+1)
			}
		}
		c.soFar = append(c.soFar, *e.Finding)
	case e.Kind == session.KindCall && e.Call != nil && e.Call.Accepted:
		c.lastAPI = e.Call.API
	case e.Kind == session.KindResult && e.Result != nil:
		c.handedBack(*e.Result)
	}
}

// inlineResult says whether the result shown live came with an inline
// call (MobilePlansInlineOperations.*), after which the portal stays open
// as in the app: no hand-back (loop QA: the host said "handed back" and
// waited for a verdict that came only with the timeout).
func (c *resultCard) inlineResult() bool { return bridge.IsInline(c.lastAPI) }

// handedBack shows the hand-back's result r before the session's report.
// An error among the findings so far makes the verdict fail whatever
// follows (bridge.DecideVerdict); with none the verdict may still change
// with the checks made at the end (a preset's or scenario's expectation).
func (c *resultCard) handedBack(r bridge.Result) {
	c.showValues(&r)
	errs := 0
	for _, f := range c.soFar {
		if f.Severity == bridge.SeverityError {
			errs++
		}
	}
	what, done := "the hand-back", "Handed back"
	if c.inlineResult() {
		what, done = "the inline call", "Inline call"
	}
	if errs > 0 {
		c.setVerdict(widget.DangerImportance, "FAIL — "+what+" has "+plural(errs, "error"))
	} else {
		c.setVerdict(widget.SuccessImportance, done+" — no errors so far")
	}
	if c.inlineResult() {
		c.summary.SetText("The portal made the inline call " + c.lastAPI + ": it stays open, as in the app, which acts on the call (a download, a balance). The session goes on until the portal hands back or is closed; the verdict follows then.")
		return
	}
	c.summary.SetText("The portal handed back; mpsim is recording its final page. The report and the final verdict follow.")
}

// showChecks shows the expectations of the scenario cell id under the
// verdict, one line each: met ✓ or not met ✗, like a preset's expectation.
func (c *resultCard) showChecks(id string, checks []matrix.Check) {
	met := 0
	c.checks.RemoveAll()
	for _, ch := range checks {
		l := widget.NewLabelWithStyle(checkText(ch), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		if ch.Met {
			met++
			l.Importance = widget.SuccessImportance
		}
		c.checks.Add(l)
	}
	c.checksTitle.SetText(fmt.Sprintf("Scenario %s: %d of %s met", id, met, plural(len(checks), "expectation")))
	c.checksBox.Show()
}

func (c *resultCard) showFindings(rep session.Report) {
	c.findings.RemoveAll()
	c.findingRows = nil
	if len(rep.Findings) == 0 {
		c.findings.Add(widget.NewLabel("No findings."))
		return
	}
	// One compact row per finding, worst first: its severity chip, code,
	// field and first words; opening it shows the whole message and the
	// pages behind its contract section.
	g := groupFindings(rep.Findings)
	for _, sev := range severities {
		for _, f := range g[sev] {
			row := newFindingRow(f)
			c.findingRows = append(c.findingRows, row)
			c.findings.Add(row.buildUI(sev))
		}
	}
}

func (c *resultCard) onCopy() {
	if c.rep != nil {
		copyText(c.clipboard, prettyJSON(c.rep))
	}
}

// sourceLinks are links to the public Microsoft pages behind a finding's
// contract section, opened in the desktop's browser.
func sourceLinks(f bridge.Finding) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, src := range bridge.SourcesOf(f.Section) {
		u, err := url.Parse(src.URL)
		if err != nil {
			continue
		}
		out = append(out, widget.NewHyperlink(src.Title, u))
	}
	return out
}

// besideOrBelow lays out a label (main) and its side (the result's buttons):
// the side to the right of the label when the label's text fits beside it
// on one line, else under the label, at the left, so that a narrow column
// (the result beside the portal at 1024 px) gives the text its whole width
// instead of wrapping it into a strip of 130 to 190 px.
type besideOrBelow struct {
	main *widget.Label
	// width is the width of the last layout (0 before the first): the
	// minimum height follows what that width allows, as a wrapping
	// label's does.
	width float32
}

// below says whether, at width, the side goes under the label.
func (l *besideOrBelow) below(side fyne.CanvasObject, width float32) bool {
	if width <= 0 {
		return false
	}
	text := fyne.MeasureText(l.main.Text, theme.SizeForWidget(l.main.SizeName, l.main), l.main.TextStyle)
	need := text.Width + 2*theme.InnerPadding() + theme.Padding() + side.MinSize().Width
	return need > width
}

// Layout implements fyne.Layout; objects are the label and its side.
func (l *besideOrBelow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) != 2 {
		return
	}
	main, side := objects[0], objects[1]
	l.width = size.Width
	sideMin := side.MinSize()
	if l.below(side, size.Width) {
		main.Move(fyne.NewPos(0, 0))
		main.Resize(fyne.NewSize(size.Width, size.Height-sideMin.Height-theme.Padding()))
		side.Move(fyne.NewPos(0, size.Height-sideMin.Height))
		side.Resize(sideMin)
		return
	}
	// As a border layout with the side on the right: both full height.
	main.Move(fyne.NewPos(0, 0))
	main.Resize(fyne.NewSize(size.Width-sideMin.Width-theme.Padding(), size.Height))
	side.Move(fyne.NewPos(size.Width-sideMin.Width, 0))
	side.Resize(fyne.NewSize(sideMin.Width, size.Height))
}

// MinSize implements fyne.Layout.
func (l *besideOrBelow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) != 2 {
		return fyne.Size{}
	}
	mainMin, sideMin := objects[0].MinSize(), objects[1].MinSize()
	if l.below(objects[1], l.width) {
		return fyne.NewSize(fyne.Max(mainMin.Width, sideMin.Width), mainMin.Height+theme.Padding()+sideMin.Height)
	}
	return fyne.NewSize(mainMin.Width+theme.Padding()+sideMin.Width, fyne.Max(mainMin.Height, sideMin.Height))
}
