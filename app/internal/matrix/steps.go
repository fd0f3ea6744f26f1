package matrix

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"mpsim/app/internal/session"
)

// Step is one [[scenario.steps]] table: exactly one action (click,
// click_text, fill, choose, wait_for, wait_text, wait_url, screenshot,
// wait_lifecycle, close = true), the value of fill and choose, and an
// optional timeout.
type Step struct {
	Click      string  `toml:"click,omitempty" json:"click,omitempty"`
	ClickText  string  `toml:"click_text,omitempty" json:"clickText,omitempty"`
	Fill       string  `toml:"fill,omitempty" json:"fill,omitempty"`
	Choose     string  `toml:"choose,omitempty" json:"choose,omitempty"`
	Value      *string `toml:"value,omitempty" json:"value,omitempty"`
	WaitFor    string  `toml:"wait_for,omitempty" json:"waitFor,omitempty"`
	WaitText   string  `toml:"wait_text,omitempty" json:"waitText,omitempty"`
	WaitURL    string  `toml:"wait_url,omitempty" json:"waitUrl,omitempty"`
	Screenshot *string `toml:"screenshot,omitempty" json:"screenshot,omitempty"`
	// WaitLifecycle is a session.LifecycleMilestones name.
	WaitLifecycle string `toml:"wait_lifecycle,omitempty" json:"waitLifecycle,omitempty"`
	// Close closes the portal as its user would: the last step.
	Close   bool     `toml:"close,omitempty" json:"close,omitempty"`
	Timeout Duration `toml:"timeout,omitempty" json:"timeout,omitempty"`
	// Line is the line of the step's [[scenario.steps]] header in its file.
	Line int `toml:"-" json:"line,omitempty"`
}

// actions are the step's action keys that are set, with their targets.
func (s Step) actions() []session.Step {
	var out []session.Step
	for _, a := range []struct {
		action session.StepAction
		target *string
	}{
		{session.StepClick, &s.Click}, {session.StepClickText, &s.ClickText}, {session.StepFill, &s.Fill},
		{session.StepChoose, &s.Choose}, {session.StepWaitFor, &s.WaitFor}, {session.StepWaitText, &s.WaitText},
		{session.StepWaitURL, &s.WaitURL}, {session.StepScreenshot, s.Screenshot}, {session.StepWaitLifecycle, &s.WaitLifecycle},
	} {
		if a.target != nil && (*a.target != "" || a.action == session.StepScreenshot) {
			out = append(out, session.Step{Action: a.action, Target: *a.target, Timeout: time.Duration(s.Timeout)})
		}
	}
	if s.Close {
		out = append(out, session.Step{Action: session.StepClose})
	}
	return out
}

// Session is the step as the session performs it (check it first).
func (s Step) Session() session.Step {
	acts := s.actions()
	if len(acts) == 0 {
		return session.Step{}
	}
	st := acts[0]
	if s.Value != nil {
		st.Value = *s.Value
	}
	return st
}

// check says what is wrong with the step: no action or more than one, an
// empty selector or text, a value missing or out of place.
func (s Step) check() error {
	acts := s.actions()
	switch len(acts) {
	case 0:
		return errors.New("the step has no action; give one of " + actionNames())
	case 1:
	default:
		var names []string
		for _, a := range acts {
			names = append(names, string(a.Action))
		}
		return fmt.Errorf("the step has %d actions (%s); give one per [[scenario.steps]] table", len(acts), strings.Join(names, ", "))
	}
	a := acts[0].Action
	needsValue := a == session.StepFill || a == session.StepChoose
	switch {
	case needsValue && s.Value == nil:
		return fmt.Errorf("%s needs a value (value = \"…\")", a)
	case !needsValue && s.Value != nil:
		return fmt.Errorf("value goes with fill and choose only, not %s", a)
	case a == session.StepChoose && *s.Value == "":
		return errors.New("choose needs a non-empty value: an option's value or label")
	case a == session.StepWaitLifecycle && !session.IsMilestone(s.WaitLifecycle):
		return fmt.Errorf("wait_lifecycle %q is no lifecycle step; give one of %s", s.WaitLifecycle, strings.Join(session.MilestoneNames(), ", "))
	case a == session.StepClose && s.Timeout != 0:
		return errors.New("timeout goes with steps that wait, not close")
	}
	return checkSelector(acts[0])
}

// checkSelector says what is wrong with the CSS selector of a step that
// takes one (click, fill, choose, wait_for), as far as a file can tell.
func checkSelector(st session.Step) error {
	switch st.Action {
	case session.StepClick, session.StepFill, session.StepChoose, session.StepWaitFor:
		if why := unbalanced(st.Target); why != "" {
			return fmt.Errorf("%s %q is no CSS selector: %s", st.Action, st.Target, why)
		}
	}
	return nil
}

// unbalanced says what a selector leaves open or closes too often — a
// bracket, a parenthesis, a quote — or "" when nothing: the typos a file
// can be checked for before a browser parses the selector (which finds
// the rest when the step runs).
func unbalanced(selector string) string {
	var open []rune
	var quote rune
	escaped := false
	for _, r := range selector {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case quote != 0:
			quote = closeQuote(quote, r)
		case r == '"' || r == '\'':
			quote = r
		case r == '[' || r == '(':
			open = append(open, r)
		case r == ']' || r == ')':
			if len(open) == 0 || open[len(open)-1] != openerOf(r) {
				return fmt.Sprintf("%q closes nothing", r)
			}
			open = open[:len(open)-1]
		}
	}
	switch {
	case quote != 0:
		return fmt.Sprintf("a %c is not closed", quote)
	case len(open) > 0:
		return fmt.Sprintf("a %q is not closed", open[len(open)-1])
	}
	return ""
}

// openerOf is the bracket a closing one closes.
func openerOf(closing rune) rune {
	if closing == ']' {
		return '['
	}
	return '('
}

// closeQuote is the quote still open after r inside quote: none once r
// closes it.
func closeQuote(quote, r rune) rune {
	if r == quote {
		return 0
	}
	return quote
}

// actionNames lists the step actions for messages.
func actionNames() string {
	var names []string
	for _, a := range session.StepActions {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// checkSteps checks each step; the problems name the step's number.
func (s *Scenario) checkSteps() []problem {
	var out []problem
	for i, st := range s.Steps {
		err := st.check()
		if err == nil && st.Close && i < len(s.Steps)-1 {
			err = fmt.Errorf("close ends the session, so no step can follow it; make it the last of the %d steps", len(s.Steps))
		}
		if err != nil {
			out = append(out, problem{key: stepKey(i, ""), err: fmt.Errorf("step %d: %w", i+1, err)})
		}
	}
	return out
}

// sessionSteps are the scenario's steps as the session performs them.
func (s Scenario) sessionSteps() []session.Step {
	if len(s.Steps) == 0 {
		return nil
	}
	out := make([]session.Step, 0, len(s.Steps))
	for _, st := range s.Steps {
		ss := st.Session()
		if s.File != "" && st.Line > 0 {
			ss.Where = fmt.Sprintf("%s:%d", s.File, st.Line)
		}
		out = append(out, ss)
	}
	return out
}

// stepKey is the key of step i (from 0), or of its key k, for lines.key.
func stepKey(i int, k string) string {
	key := fmt.Sprintf("steps.%d", i)
	if k != "" {
		key += "." + k
	}
	return key
}
