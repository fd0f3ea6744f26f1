package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// TabPortal is the portal pane's tab (the Mobile Plans frame).
const TabPortal = "Portal"

// Split offsets of the developer view: the launch form beside the result,
// or the live portal (800 units of 1240 and its frame) beside it. The
// portal's offset holds only while the portal is on: the pane's own pages
// (idle, error, Back in Windows) need little room, and the result beside
// them gets the form's.
const (
	splitOffsetForm   = 0.42
	splitOffsetPortal = 0.68
)

// leaveQuestion is the app's confirmation before leaving the operator's
// portal (contract §1.6, appendix walkthrough step 5).
const leaveQuestion = "Leave the mobile operator experience?"

// buildPane makes the portal pane and its tab, wired to the host screen.
func (s *HostScreen) buildPane(operator string) *container.TabItem {
	s.pane = newPortalPane(s.app, s.deps.Native, operator)
	s.pane.keep = s.deps.Prefs
	s.pane.onBack = s.PortalBack
	s.pane.onLeave = s.AskLeave
	s.pane.onRetry = s.retryPortal
	s.pane.onFinish = func() { s.ShowTab(TabLaunch) }
	s.pane.onSides = s.hideSidePanels
	s.pane.onPlace = s.deps.PortalPlaceChanged
	s.pane.status = func(t string) { s.status.SetText(t) }
	s.pane.hostCanvas = func() fyne.Canvas {
		if w := s.hostWindow(); w != nil {
			return w.Canvas()
		}
		return nil
	}
	s.paneSlot = container.NewStack(s.pane.buildUI())
	return container.NewTabItemWithIcon(TabPortal, theme.ComputerIcon(), s.paneSlot)
}

// placePane puts the portal pane where it shows: on the presenter's stage
// while an embedded session runs in presenter mode, else in its tab; the
// pane then knows whether it is on screen.
func (s *HostScreen) placePane() {
	if s.presenter == nil || s.presenter.portalSlot == nil {
		return
	}
	onStage := s.inPresenter() && s.pane.state == paneRunning
	if onStage {
		s.pane.sidesBtn.Hide() // the stage has no side panels
	} else {
		s.pane.sidesBtn.Show()
	}
	if onStage {
		if len(s.paneSlot.Objects) > 0 {
			s.paneSlot.Objects = nil
			s.paneSlot.Refresh()
			s.presenter.showPortal(s.pane.root)
		}
		s.pane.shown = true
		return
	}
	if len(s.paneSlot.Objects) == 0 {
		s.presenter.showPortal(nil)
		s.paneSlot.Objects = []fyne.CanvasObject{s.pane.root}
		s.paneSlot.Refresh()
	}
	sel := s.leftTabs.Selected()
	s.pane.shown = !s.inPresenter() && sel != nil && sel.Text == TabPortal
}

// onLeftTab follows the left tabs: the live portal gets the room it needs,
// and the pane knows whether it is on screen. It is called again when the
// session ends (paneEnded): the result then takes the room back.
func (s *HostScreen) onLeftTab(it *container.TabItem) {
	if it != nil && it.Text == TabLaunch {
		s.launch.refreshMarks()
	}
	s.keepFocusShown() // a control of the tab left
	live := it != nil && it.Text == TabPortal && s.pane.state == paneRunning
	s.placePane()
	if s.split == nil {
		return
	}
	if live {
		s.split.SetOffset(splitOffsetPortal)
	} else {
		s.split.SetOffset(splitOffsetForm)
		s.hideSidePanels(false)
	}
}

func (s *HostScreen) inPresenter() bool {
	on, _ := s.presenterMode.Get()
	return on
}

// hideSidePanels hides the result and log beside the portal (presenting).
func (s *HostScreen) hideSidePanels(hide bool) {
	if s.split == nil {
		return
	}
	if hide {
		s.split.Trailing.Hide()
	} else {
		s.split.Trailing.Show()
		if !s.pane.sidesShown {
			s.pane.toggleSides()
			return
		}
	}
	s.split.Refresh()
}

// OpensInside reports whether the next session's portal opens inside the
// host window ("Portal inside the host" on, and an X11 host window), not
// in a window of its own. Call it on the UI goroutine.
func (s *HostScreen) OpensInside() bool { return s.pane.embedding() }

// embedRequest asks for the portal inside the pane when the setting is on:
// the pane comes to the front first, so the first rectangle is right.
func (s *HostScreen) embedRequest(req *workspace.Request) {
	req.Embed = nil
	if !s.pane.embedding() {
		s.pane.elsewhere()
		return
	}
	s.pane.running() // first: the split gives a running portal its room
	s.ShowTab(TabPortal)
	s.onLeftTab(s.leftTabs.Selected()) // also when the pane's tab was already in front
	req.Embed = s.pane.embedSpec()
}

// PortalBack is the pane's back arrow: it walks the portal's history like
// the app's back button; at the first page it asks to leave (§1.6).
func (s *HostScreen) PortalBack() { s.pane.back(s.AskLeave) }

// AskLeave asks the app's question before leaving the operator's portal;
// yes ends the session as the user's cancel (ended userCancelled).
func (s *HostScreen) AskLeave() {
	if !s.isRunning() {
		return
	}
	win := s.hostWindow()
	if win == nil {
		s.Leave()
		return
	}
	d := dialog.NewConfirm("Mobile Plans", leaveQuestion, func(yes bool) {
		if yes {
			s.Leave()
		}
	}, win)
	d.SetConfirmText("Leave")
	d.SetDismissText("Stay")
	showConfirm(win, d)
}

// Leave ends the running session as the user's cancel: the portal closes
// and the report says ended userCancelled.
func (s *HostScreen) Leave() {
	s.mu.Lock()
	c := s.cancelCause
	s.mu.Unlock()
	if c != nil {
		c(session.ErrUserCancelled)
	}
}

// retryPortal opens the failed session's launch again (the error page's
// Retry), with the same launch fields and transactionId.
func (s *HostScreen) retryPortal() {
	s.mu.Lock()
	last := s.lastPlan
	s.mu.Unlock()
	if last == nil || s.isRunning() {
		return
	}
	plan, err := s.planRequest(last.Request)
	if err != nil {
		s.status.SetText("Cannot retry: " + err.Error())
		return
	}
	plan.Scenario = last.Scenario // a scenario's cell is checked again
	s.start(plan, "Retrying the portal…")
}

// paneEnded shows the pane's page for a finished session.
func (s *HostScreen) paneEnded(plan *workspace.Plan, rep *session.Report, err error) {
	s.mu.Lock()
	s.lastPlan = plan
	s.mu.Unlock()
	if plan == nil || plan.Config.Embed == nil {
		s.pane.detach()
		if plan == nil || err != nil || rep == nil {
			return
		}
		// The real end, not the last session's page. A portal in a window of
		// its own that could not load: that window closed at once with the
		// session, so the host's error page shows in the Portal tab instead,
		// with Retry, as the app shows its own error page (contract §1.6).
		s.pane.ended(rep, nil)
		if (rep.Ended == session.EndedLoadFailed || rep.Ended == session.EndedCrashed) && !s.inPresenter() {
			s.ShowTab(TabPortal)
		}
		return
	}
	s.pane.ended(rep, err)
	s.onLeftTab(s.leftTabs.Selected()) // the pane's page, and the result's room back
	s.pane.keyboardToPage()
}

// PortalPaneState is the pane's page: idle, running, failed or done.
func (s *HostScreen) PortalPaneState() string { return s.pane.state }

// PortalRect is where the pane wants the portal now, in the host window's
// pixels (parked off the window while hidden or under a dialog).
func (s *HostScreen) PortalRect() session.Rect {
	r, _ := s.pane.currentRect()
	return r
}

// NativeReady tells the screen that the host window is on screen, so its
// X11 id is known: the "Portal inside the host" setting applies, or the
// status line says why the portal opens in a window of its own; the
// window gives F1, F6 and F12 to the host before its focused control
// (takeWindowKeys).
func (s *HostScreen) NativeReady() {
	s.takeWindowKeys() // F1, F6, F12 whatever control has the keyboard
	s.pane.refreshNative()
	if n := s.pane.fallbackNotice(); n != "" {
		s.status.SetText(n)
	}
}

// hostWindow is the window that shows the screen (the first window when
// none can be told apart).
func (s *HostScreen) hostWindow() fyne.Window {
	a := s.app()
	if a == nil {
		return nil
	}
	if c := a.Driver().CanvasForObject(s.root); c != nil {
		for _, w := range a.Driver().AllWindows() {
			if w.Canvas() == c {
				return w
			}
		}
	}
	return s.window()
}

// refocusDelay is how long HostActivated waits before it gives the
// keyboard back to the portal: a click that activated the window may focus
// a host widget first (window managers focus the top-level on each click).
const refocusDelay = 120 * time.Millisecond

// HostActivated is called when the host window becomes active again (Alt+Tab,
// a click on its frame): the window manager gave the keyboard to the host's
// top-level window, so an embedded portal that had it gets it back, unless a
// host widget has the focus.
func (s *HostScreen) HostActivated() {
	s.takeWindowKeys() // should the window not have been shown at NativeReady
	ctrl := s.pane.control()
	if ctrl == nil {
		return
	}
	go func() {
		time.Sleep(refocusDelay)
		fyne.Do(func() {
			c := s.pane.canvas()
			if s.pane.control() != ctrl || !s.pane.shown || c == nil || c.Focused() != nil || c.Overlays().Top() != nil {
				return
			}
			go func() { _ = ctrl.Focus(true) }()
		})
	}()
}

// closeWait bounds how long CloseWhenIdle waits for the session to end.
const closeWait = 3 * time.Second

// CloseWhenIdle ends a running session and calls close once it ended (or
// after closeWait): an embedded portal drops its window before the host's
// window, its X11 parent, goes away.
func (s *HostScreen) CloseWhenIdle(close func()) {
	if !s.isRunning() {
		close()
		return
	}
	s.Stop()
	go func() {
		for deadline := time.Now().Add(closeWait); s.isRunning() && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		fyne.Do(close)
	}()
}
