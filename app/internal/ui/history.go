package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// History verdict filters.
const historyAllVerdicts = "All verdicts"

var historyVerdicts = []string{historyAllVerdicts, string(bridge.VerdictPass), string(bridge.VerdictFail), string(bridge.VerdictNoCallback), string(bridge.VerdictRejected)}

// memPrefix starts the IDs of sessions kept in memory only (no history
// store, or the store could not save them).
const memPrefix = "this-run-"

// historyActions are what the history panel asks the host screen to do.
type historyActions struct {
	reopen  func(history.Entry, session.Report)
	rerun   func(history.Entry)
	compare func(a, b history.Entry, ra, rb session.Report)
	export  func(history.Entry, session.Report)
	delete  func(history.Entry)
}

// historyPanel lists the saved sessions, of this run and earlier ones
// (history.Store), newest first: filter by verdict, search, reopen (select
// a row), re-run, compare two (tick them), export one as HTML, delete. It
// is used from the UI goroutine only.
type historyPanel struct {
	store *history.Store // nil: this run's sessions only
	do    historyActions

	mem      map[string]session.Report // reports of sessions not in the store
	memList  []history.Entry
	entries  []history.Entry // newest first
	shown    []int           // indexes into entries, the rows
	selected string          // ID of the selected row
	marked   []string        // IDs ticked for comparing, at most two
	// lastCompare is the last comparison shown (tests read it).
	lastCompare *comparison

	list       *enterList
	empty      *widget.Label
	search     *shortcutEntry
	verdict    *widget.Select
	rerunBtn   *widget.Button
	compareBtn *widget.Button
	exportBtn  *widget.Button
	deleteBtn  *widget.Button
	refreshBtn *widget.Button
	// keeping is set while a reload selects the row that was selected
	// before it, which must not reopen its report again.
	keeping bool
	// saveErr is why the store could not save the last session it did
	// not keep, for the panel's note.
	saveErr string
}

func newHistoryPanel(store *history.Store, do historyActions) *historyPanel {
	return &historyPanel{store: store, do: do, mem: map[string]session.Report{}}
}

func (p *historyPanel) buildUI() fyne.CanvasObject {
	p.list = newEnterList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			plan := widget.NewLabel("") // a right-to-left plan name, whole: see historyRow
			plan.Hide()
			return container.NewBorder(nil, nil, widget.NewCheck("", nil), plan, l)
		},
		p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(p.shown) {
			return
		}
		e := p.entries[p.shown[i]]
		p.selected = e.ID
		p.updateButtons()
		if p.keeping {
			return // the row stays selected after a reload: its report is shown already
		}
		if rep, err := p.report(e); err == nil && p.do.reopen != nil {
			// A row saved before entries kept an outcome, or before
			// rows said a failed download, says it now that its report
			// tells (the store fills in the outcome as it lists, unless
			// the report could not be read then).
			if history.UpgradeOutcome(&e, rep) {
				p.entries[p.shown[i]] = e
				p.list.RefreshItem(i)
			}
			p.do.reopen(e, rep)
		} else if err != nil {
			p.empty.SetText(err.Error())
		}
	}
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = ""; p.updateButtons() }
	p.empty = widget.NewLabel("")
	p.empty.Wrapping = fyne.TextWrapWord
	p.search = newShortcutEntry(nil)
	// A short hint: the long one ("Search: portal, preset, scenario,
	// language, verdict…") ran over the field's right edge beside the
	// portal at 1240 px (found by GUI QA); what it searches is in
	// historyMatches.
	p.search.SetPlaceHolder(historySearchHint)
	p.search.OnChanged = func(string) { p.refilter() }
	p.rerunBtn = widget.NewButtonWithIcon("Re-run", theme.MediaReplayIcon(), func() { p.act(p.do.rerun) })
	p.compareBtn = widget.NewButtonWithIcon("Compare", theme.ViewRestoreIcon(), p.compareMarked)
	p.exportBtn = widget.NewButtonWithIcon("Export HTML…", theme.DocumentSaveIcon(), p.exportSelected)
	p.deleteBtn = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { p.act(p.do.delete) })
	p.refreshBtn = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), p.reload)
	p.verdict = widget.NewSelect(historyVerdicts, func(string) { p.refilter() })
	p.verdict.Selected = historyAllVerdicts
	p.reload()
	// The buttons wrap into two rows in a narrow column (800x600).
	column := &columnLayout{}
	top := container.New(column,
		visualBorder(nil, nil, p.verdict, nil, p.search),
		container.New(&flowLayout{}, p.rerunBtn, p.compareBtn, p.exportBtn, p.deleteBtn, p.refreshBtn),
		p.empty)
	// Tab goes as the eye does (visualBorder): the verdict filter, the
	// search, the buttons, then the rows; it went through the rows first
	// and the filter after the search (found by keyboard-only QA).
	root := visualBorder(top, nil, nil, nil, p.list)
	column.grown = root.Refresh
	return frontOnly(root)
}

func (p *historyPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.shown) {
		return
	}
	e := p.entries[p.shown[i]]
	row := o.(*fyne.Container)
	var l, plan *widget.Label
	var c *widget.Check
	for _, obj := range row.Objects {
		switch w := obj.(type) {
		case *widget.Label:
			if w.Truncation == fyne.TextTruncateEllipsis {
				l = w
			} else {
				plan = w
			}
		case *widget.Check:
			c = w
		}
	}
	text, rtlPlan := historyRow(e)
	l.Importance = verdictImportance(e.Verdict)
	l.SetText(text)
	plan.Importance = l.Importance
	plan.SetText(rtlPlan)
	if plan.Hidden = rtlPlan == ""; !plan.Hidden {
		plan.Show()
	}
	row.Refresh()
	c.OnChanged = nil
	c.SetChecked(slices.Contains(p.marked, e.ID))
	id := e.ID
	c.OnChanged = func(on bool) { p.mark(id, on) }
}

// historyLine is one row as it reads: time, verdict, what was launched,
// where, how it went.
func historyLine(e history.Entry) string {
	text, rtlPlan := historyRow(e)
	if rtlPlan != "" {
		text += " · " + rtlPlan
	}
	return text
}

// historyPlanRunes is how much of a right-to-left plan name a History row
// shows, in characters.
const historyPlanRunes = 40

// historyRow is the text of e's row, and, apart from it, a right-to-left
// plan name the portal handed back, ordered for display.
//
// The row's label cuts its text with an ellipsis where the column ends,
// keeping the text's stored start: a right-to-left name with a number in
// it is stored in display order (visualOrder), so the cut kept the
// logical end of the name, its first words lost (found by i18n QA:
// "… — جيجابايت ٣٠ يومًا"). Such a name has a label of its own at the
// row's end, never cut by the column: it is shortened in logical order
// (cutThenOrder) to historyPlanRunes characters instead. A left-to-right
// name stays in the row's text, where a cut takes its logical end.
func historyRow(e history.Entry) (text, rtlPlan string) {
	what := "custom launch"
	switch {
	case e.Scenario != "":
		what = "scenario " + e.Scenario
	case e.Preset != "":
		what = "preset " + e.Preset
	}
	portal := e.Portal
	if e.Demo {
		portal = "demo portal"
	}
	verdict := strings.ToUpper(string(e.Verdict))
	if why := endedWords[e.Ended]; why != "" {
		verdict += " (" + why + ")" // NO-CALLBACK alone told a cancel from a dead portal in no way
	}
	parts := []string{e.Time.Local().Format("2006-01-02 15:04:05"), verdict}
	if o := e.RowOutcome(); o != "" {
		parts = append(parts, o)
	}
	parts = append(parts, what)
	for _, s := range []string{e.Language(), string(e.SIM)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	parts = append(parts, plural(e.Findings, "finding"))
	if e.PlanName != "" && purchased(e) {
		if hasRightToLeft(e.PlanName) {
			rtlPlan = cutThenOrder(e.PlanName, historyPlanRunes)
		} else {
			parts = append(parts, e.PlanName)
		}
	}
	parts = append(parts, portal)
	if e.Source != "" && e.Source != history.SourceHost {
		parts = append(parts, "via "+e.Source)
	}
	if strings.HasPrefix(e.ID, memPrefix) {
		parts = append(parts, "this run only")
	}
	return strings.Join(parts, " · "), rtlPlan
}

// purchased says whether e's portal handed back a purchase: a Complete
// moDirectStatus with success true (OutcomeOf's "Complete", with a failed
// eSIM download perhaps after it). Only then does its History row name
// the plan: a cancel that also sent a planName read as if that plan had
// been bought (found by GUI QA). An entry saved before the outcome was
// kept says it once the store has read its report (history.Store.List);
// one whose report could not be read does not say, and names none.
func purchased(e history.Entry) bool {
	return e.Outcome == "Complete" || strings.HasPrefix(e.Outcome, "Complete, ")
}

// endedWords say how a session ended when it did not end with a hand-back,
// in a History row.
var endedWords = map[string]string{
	session.EndedUserCancelled: "you left the portal", session.EndedClosed: "window closed", session.EndedTimeout: "timed out",
	session.EndedCrashed: "window crashed", session.EndedLoadFailed: "portal did not load", session.EndedCancelled: "cancelled",
	session.EndedStepFailed: "a step failed",
}

// historySearchHint is the History search field's placeholder.
const historySearchHint = "Search portal, scenario, verdict…"

// historyMatches reports whether e contains every word of q, anywhere in its
// row, portal, source, scenario or how it ended.
func historyMatches(e history.Entry, q string) bool {
	hay := strings.ToLower(strings.Join([]string{historyLine(e), e.PlanName, e.Portal, e.Source, e.Scenario, e.Preset, strings.Join(e.Languages, ","), e.ID, e.Ended}, " "))
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// reload reads the store again: another process (mpsim run in a
// terminal, a second window) may have added sessions. The filter, the
// search and the selected row stay (found by exploratory QA: the tab
// showed only what this window had saved, until a session of its own).
func (p *historyPanel) reload() {
	var all []history.Entry
	note := ""
	if p.store != nil {
		list, bad, err := p.store.List()
		switch {
		case err != nil:
			note = err.Error() + ". "
		case bad > 0:
			note = fmt.Sprintf("%s could not be read. ", plural(bad, "saved session"))
		}
		all = list
	}
	all = append(all, p.memList...)
	slices.SortStableFunc(all, func(a, b history.Entry) int { return b.Time.Compare(a.Time) })
	p.entries = all
	p.refilterWith(note)
}

func (p *historyPanel) refilter() { p.refilterWith("") }

func (p *historyPanel) refilterWith(note string) {
	if p.list == nil {
		return
	}
	p.shown = p.shown[:0]
	for i, e := range p.entries {
		if (p.verdict.Selected == historyAllVerdicts || string(e.Verdict) == p.verdict.Selected) && historyMatches(e, p.search.Text) {
			p.shown = append(p.shown, i)
		}
	}
	p.marked = slices.DeleteFunc(p.marked, func(id string) bool { return p.find(id) < 0 })
	keep := p.selected
	p.list.UnselectAll()
	p.selected = ""
	where := "this run only"
	switch {
	case p.store != nil && len(p.memList) > 0:
		// Sessions the store could not save (a full disk) are kept here
		// for this run only, and must not read as kept (crowd QA).
		where = fmt.Sprintf("kept in %s, but %d of this run only: the history could not save %s", p.store.Dir, len(p.memList), pluralThem(len(p.memList)))
		if p.saveErr != "" {
			where += " (" + p.saveErr + ")"
		}
	case p.store != nil:
		where = "kept in " + p.store.Dir
	}
	switch {
	case len(p.entries) == 0:
		p.empty.SetText(note + "Every session appears here (" + where + "); select one to reopen its report.")
	case len(p.shown) != len(p.entries):
		p.empty.SetText(fmt.Sprintf("%s%d shown of %s. Tick two to compare them.", note, len(p.shown), plural(len(p.entries), "session")))
	default:
		p.empty.SetText(note + plural(len(p.entries), "session") + " (" + where + "). Select one to reopen it; tick two to compare them.")
	}
	p.updateButtons()
	p.list.Refresh()
	if i := p.shownRow(keep); i >= 0 {
		p.keeping = true
		p.list.Select(i)
		p.keeping = false
	}
}

// shownRow returns the row of the session with id, or -1 when it is not
// shown (or id is "").
func (p *historyPanel) shownRow(id string) int {
	if id == "" {
		return -1
	}
	return slices.IndexFunc(p.shown, func(i int) bool { return p.entries[i].ID == id })
}

// find returns the index of the entry with id, or -1.
func (p *historyPanel) find(id string) int {
	return slices.IndexFunc(p.entries, func(e history.Entry) bool { return e.ID == id })
}

func (p *historyPanel) updateButtons() {
	for _, b := range []*widget.Button{p.rerunBtn, p.exportBtn, p.deleteBtn} {
		if p.selected == "" {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if len(p.marked) == 2 {
		p.compareBtn.Enable()
	} else {
		p.compareBtn.Disable()
	}
}

// mark ticks or unticks a session for comparing; a third tick replaces
// the oldest.
func (p *historyPanel) mark(id string, on bool) {
	p.marked = slices.DeleteFunc(p.marked, func(m string) bool { return m == id })
	if on {
		p.marked = append(p.marked, id)
		if len(p.marked) > 2 {
			p.marked = p.marked[1:]
		}
	}
	p.updateButtons()
	p.list.Refresh()
}

// add records a session that just ended: the store has it when the runner
// recorded it (out.HistoryID), otherwise it is kept in memory for this run.
func (p *historyPanel) add(plan workspace.Plan, out workspace.Outcome) {
	if out.HistoryID == "" || p.store == nil {
		e := history.EntryFor(history.SourceHost, plan, out.Report)
		e.ID = fmt.Sprintf("%s%d", memPrefix, len(p.memList)+1)
		e.Time = time.Now()
		p.memList = append(p.memList, e)
		p.mem[e.ID] = out.Report
		if out.HistoryErr != nil {
			p.saveErr = workspace.SaveFailure(out.HistoryErr)
		}
	}
	p.reload()
}

// report returns a listed session's report.
func (p *historyPanel) report(e history.Entry) (session.Report, error) {
	if rep, ok := p.mem[e.ID]; ok {
		return rep, nil
	}
	if p.store == nil {
		return session.Report{}, fmt.Errorf("session %s is gone", e.ID)
	}
	return p.store.Report(e.ID)
}

// selectedEntry returns the selected session.
func (p *historyPanel) selectedEntry() (history.Entry, bool) {
	i := p.find(p.selected)
	if i < 0 {
		return history.Entry{}, false
	}
	return p.entries[i], true
}

func (p *historyPanel) act(fn func(history.Entry)) {
	if e, ok := p.selectedEntry(); ok && fn != nil {
		fn(e)
	}
}

func (p *historyPanel) exportSelected() {
	e, ok := p.selectedEntry()
	if !ok || p.do.export == nil {
		return
	}
	rep, err := p.report(e)
	if err != nil {
		p.empty.SetText(err.Error())
		return
	}
	p.do.export(e, rep)
}

// compareMarked compares the two ticked sessions, the older one first.
func (p *historyPanel) compareMarked() {
	if len(p.marked) != 2 || p.do.compare == nil {
		return
	}
	ia, ib := p.find(p.marked[0]), p.find(p.marked[1])
	if ia < 0 || ib < 0 {
		return
	}
	a, b := p.entries[ia], p.entries[ib]
	if b.Time.Before(a.Time) {
		a, b = b, a
	}
	ra, errA := p.report(a)
	rb, errB := p.report(b)
	if errA != nil || errB != nil {
		p.empty.SetText(fmt.Sprint("Cannot compare: ", errA, errB))
		return
	}
	p.do.compare(a, b, ra, rb)
}

// remove deletes a session from the store (or this run's memory) and
// lists the rest.
func (p *historyPanel) remove(e history.Entry) error {
	if _, ok := p.mem[e.ID]; ok {
		delete(p.mem, e.ID)
		p.memList = slices.DeleteFunc(p.memList, func(m history.Entry) bool { return m.ID == e.ID })
	} else if p.store != nil {
		if err := p.store.Delete(e.ID); err != nil {
			return err
		}
	}
	p.reload()
	return nil
}

// pluralThem is "it" for one, "them" for more.
func pluralThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
