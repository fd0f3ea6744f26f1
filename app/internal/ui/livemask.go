package ui

import (
	"slices"
	"sync"

	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// liveMask keeps the secret values of the session the host window shows
// live — each fill its steps made secret before it ran (value_env, a
// selector naming a password field) and each fill whose field turned out
// to be a password field (workspace.SecretValues) — and the masker that
// hides them, so that the live views (the log and its inspector, the
// console, the network, the screenshots' captions, the result card, the
// scenario's steps, the lifecycle, the status line) show "••••" where
// every file the session writes does (workspace.MaskSecrets). A screen
// shared in a demo showed them in clear before (livemask QA).
//
// The list is worked out when the session starts and again only when a
// fill's result arrives; each entry is then masked once, as it reaches
// the window (maskEntries). A fill found to be secret after entries that
// hold its value were shown makes the window mask them again
// (HostScreen.remask). The session's goroutines and the UI goroutine
// share it, under mu.
type liveMask struct {
	mu sync.Mutex
	// steps are the session's steps; fills the results of its fills so
	// far, whose field types make more of them secret.
	steps []session.Step
	fills []session.LogEntry
	// secrets are the values masked, k their masker.
	secrets []string
	k       workspace.Masker
}

// start follows a new session, whose steps are steps: nil for none (a
// report reopened from the history, masked already).
func (l *liveMask) start(steps []session.Step) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.steps, l.fills = steps, nil
	l.secrets = workspace.SecretValues(steps, session.Report{})
	l.k = workspace.NewMasker(l.secrets)
}

// masker is the masker of the secrets known so far.
func (l *liveMask) masker() workspace.Masker {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.k
}

// learn takes the results of fills among a batch of live entries, as they
// came (unmasked), and returns the masker to show the batch with; grew
// says that it masks a value it did not before, which what was shown
// before it may hold.
func (l *liveMask) learn(batch []session.LogEntry) (k workspace.Masker, grew bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.fills)
	for _, e := range batch {
		if e.Kind == session.KindStep && e.Step != nil && e.Step.Step.Action == session.StepFill {
			l.fills = append(l.fills, e)
		}
	}
	if len(l.fills) == n {
		return l.k, false
	}
	secrets := workspace.SecretValues(l.steps, session.Report{Log: l.fills})
	if slices.Equal(secrets, l.secrets) {
		return l.k, false
	}
	l.secrets, l.k = secrets, workspace.NewMasker(secrets)
	return l.k, l.k.Masks()
}

// maskEntries masks each entry of batch with k, in place.
func maskEntries(k workspace.Masker, batch []session.LogEntry) {
	if !k.Masks() {
		return
	}
	for i := range batch {
		batch[i] = k.Entry(batch[i])
	}
}

// remask masks again, with k, what the live views show: a fill just
// found secret (its field a password field) may have been echoed by the
// page before its result came. Called on the UI goroutine, rarely (once
// for each such fill), it costs one pass over what is shown.
func (s *HostScreen) remask(k workspace.Masker) {
	s.log.remask(k)
	s.portal.remask(k)
	s.result.remask(k)
	s.scen.remask(k)
	s.life.remask(k)
	if t := k.String(s.status.Text); t != s.status.Text {
		s.status.SetText(t)
	}
}

// remaskText masks the text of each label or entry of ws with k, setting
// only those that change.
func remaskText(k workspace.Masker, ws ...any) {
	for _, w := range ws {
		switch w := w.(type) {
		case *widget.Label:
			if t := k.String(w.Text); t != w.Text {
				w.SetText(t)
			}
		case *widget.Entry:
			if t := k.String(w.Text); t != w.Text {
				w.SetText(t)
			}
		case *detailsBox:
			if t := k.String(w.Text); t != w.Text {
				w.SetText(t)
			}
		}
	}
}

// remask masks the entries with k, and what the inspector shows of the
// selected one.
func (p *logPanel) remask(k workspace.Masker) {
	maskEntries(k, p.entries)
	if p.selected >= 0 && p.selected < len(p.entries) {
		p.inspector.SetText(inspect(p.entries[p.selected]))
		p.tree.show(rawRecord(p.entries[p.selected]))
	}
	p.list.Refresh()
}

// remask masks the console, the network and the screenshots' records
// with k. Fyne's test driver applies the panels' batches on the
// session's goroutines, not one UI goroutine: the feed's lock keeps a
// batch and this apart there (the window takes it uncontended).
func (t *portalTabs) remask(k workspace.Masker) {
	t.feed.applying.Lock()
	defer t.feed.applying.Unlock()
	t.console.remask(k)
	t.network.remask(k)
	t.shots.shots = k.Report(session.Report{Screenshots: t.shots.shots}).Screenshots
}

// remask masks the messages and the detail shown with k.
func (p *consolePanel) remask(k workspace.Masker) {
	p.msgs = k.Report(session.Report{Console: p.msgs}).Console
	remaskText(k, p.detail)
	p.list.Refresh()
}

// remask masks the requests, the navigations and the details shown with
// k.
func (p *networkPanel) remask(k workspace.Masker) {
	m := k.Report(session.Report{Network: p.reqs, Navigations: p.navs})
	p.reqs, p.navs = m.Network, m.Navigations
	remaskText(k, p.detail, p.navDetail)
	for _, u := range []*urlLine{p.reqURL, p.navURL} {
		if f := k.String(u.full); f != u.full {
			u.set(f)
		}
	}
	p.table.Refresh()
	p.navList.Refresh()
}

// remask masks what the card shows of the session running with k (the
// hand-back's values); a report shown is masked already.
func (c *resultCard) remask(k workspace.Masker) {
	if c.rep != nil {
		return
	}
	for _, name := range resultFields {
		remaskText(k, c.values[name])
	}
	remaskText(k, c.verdict, c.summary)
}

// remask masks the steps' rows with k.
func (p *scenarioPanel) remask(k workspace.Masker) {
	for _, r := range p.rows {
		remaskText(k, r)
	}
	p.relayout()
}

// remask masks the lifecycle's last events with k.
func (p *lifecyclePanel) remask(k workspace.Masker) {
	for i, l := range p.lines {
		p.lines[i] = k.String(l)
	}
	remaskText(k, p.events, p.stage, p.activated, p.regState)
}
