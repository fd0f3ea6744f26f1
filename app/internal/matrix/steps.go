package matrix

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"mpsim/app/internal/session"
	"mpsim/simulator/urlhint"
)

// Step is one [[scenario.steps]] table: exactly one action (click,
// click_text, fill, choose, wait_for, wait_text, wait_url, screenshot,
// wait_lifecycle, back = true, close = true), the value of fill and choose, and an
// optional timeout. The texts a portal shows in its user's language
// (click_text, wait_text, wait_url, value) are each one string or a table
// of strings by language tag, of which each cell takes the one for its
// first language (Text.Pick).
type Step struct {
	Click     string `toml:"click,omitempty" json:"click,omitempty"`
	ClickText Text   `toml:"click_text,omitempty" json:"clickText,omitzero"`
	Fill      string `toml:"fill,omitempty" json:"fill,omitempty"`
	Choose    string `toml:"choose,omitempty" json:"choose,omitempty"`
	Value     Text   `toml:"value,omitempty" json:"value,omitzero"`
	// ValueEnv names the environment variable a fill takes its value
	// from, when the cell runs: a secret (a password) that no file, no
	// result and no report holds; the step says "••••" for it.
	ValueEnv   string  `toml:"value_env,omitempty" json:"valueEnv,omitempty"`
	WaitFor    string  `toml:"wait_for,omitempty" json:"waitFor,omitempty"`
	WaitText   Text    `toml:"wait_text,omitempty" json:"waitText,omitzero"`
	WaitURL    Text    `toml:"wait_url,omitempty" json:"waitUrl,omitzero"`
	Screenshot *string `toml:"screenshot,omitempty" json:"screenshot,omitempty"`
	// WaitLifecycle is a session.LifecycleMilestones name.
	WaitLifecycle string `toml:"wait_lifecycle,omitempty" json:"waitLifecycle,omitempty"`
	// Back goes one page back, as the app's back button does.
	Back bool `toml:"back,omitempty" json:"back,omitempty"`
	// Close closes the portal as its user would: the last step.
	Close   bool     `toml:"close,omitempty" json:"close,omitempty"`
	Timeout Duration `toml:"timeout,omitempty" json:"timeout,omitempty"`
	// Line is the line of the step's [[scenario.steps]] header in its file.
	Line int `toml:"-" json:"line,omitempty"`
}

// actions are the step's action keys that are set, with their targets (a
// table by language written out whole: Text.String).
func (s Step) actions() []session.Step {
	var out []session.Step
	add := func(a session.StepAction, given bool, target string) {
		if given {
			out = append(out, session.Step{Action: a, Target: target, Timeout: time.Duration(s.Timeout)})
		}
	}
	add(session.StepClick, s.Click != "", s.Click)
	add(session.StepClickText, !s.ClickText.Empty(), s.ClickText.String())
	add(session.StepFill, s.Fill != "", s.Fill)
	add(session.StepChoose, s.Choose != "", s.Choose)
	add(session.StepWaitFor, s.WaitFor != "", s.WaitFor)
	add(session.StepWaitText, !s.WaitText.Empty(), s.WaitText.String())
	add(session.StepWaitURL, !s.WaitURL.Empty(), s.WaitURL.String())
	if s.Screenshot != nil {
		add(session.StepScreenshot, true, *s.Screenshot)
	}
	add(session.StepWaitLifecycle, s.WaitLifecycle != "", s.WaitLifecycle)
	add(session.StepBack, s.Back, "")
	if s.Close {
		out = append(out, session.Step{Action: session.StepClose})
	}
	return out
}

// Session is the step as the session performs it (check it first), its
// tables by language written out whole; For gives a cell's.
func (s Step) Session() session.Step {
	acts := s.actions()
	if len(acts) == 0 {
		return session.Step{}
	}
	st := acts[0]
	if s.Value.Given() {
		st.Value = s.Value.String()
	}
	if s.ValueEnv != "" {
		st.ValueEnv, st.Secret = s.ValueEnv, true
	}
	if st.Action == session.StepFill && NamesPasswordField(st.Target) {
		st.Secret = true
	}
	return st
}

// passwordWords are the words a fill's selector names a password field
// by (NamesPasswordField).
var passwordWords = []string{"password", "passwd", "passcode", "pwd"}

// NamesPasswordField says whether a fill's selector names a password
// field — it holds, in any case, "password" (`#password`,
// `input[type=password]`, `[name="new-password"]`), "passwd", "passcode"
// or "pwd" — so that its literal value is secret from the moment the
// scenario is parsed, before the page exists: its step's text, in the
// progress and in a failure before the fill ran, says "••••". A fill
// whose field only turns out to be a password field (its selector names
// it otherwise: `#secret`) is masked once it ran, in every output written
// at the end (maskSecretFills, workspace.MaskSecrets); the progress
// printed before it may show it.
func NamesPasswordField(selector string) bool {
	sel := strings.ToLower(selector)
	for _, w := range passwordWords {
		if strings.Contains(sel, w) {
			return true
		}
	}
	return false
}

// targetText is the key of the step's action that may be a table by
// language, and its Text (nil for an action whose target is a selector,
// a label or a lifecycle step).
func (s Step) targetText(a session.StepAction) *Text {
	switch a {
	case session.StepClickText:
		return &s.ClickText
	case session.StepWaitText:
		return &s.WaitText
	case session.StepWaitURL:
		return &s.WaitURL
	}
	return nil
}

// For is the step as the session performs it in a cell whose first
// language is lang: each table by language gives the string Text.Pick
// takes for lang. picked are the keys taken, quoted (`"de"`), for
// the step's record; err says which text has no string for lang, the
// step being step n (from 1) at where (file:line).
func (s Step) For(lang string, n int, where string) (st session.Step, picked []string, err error) {
	st = s.Session()
	texts := []struct {
		key  string
		text *Text
		into *string
	}{{string(st.Action), s.targetText(st.Action), &st.Target}}
	if s.Value.Given() {
		texts = append(texts, struct {
			key  string
			text *Text
			into *string
		}{"value", &s.Value, &st.Value})
	}
	for _, t := range texts {
		if t.text == nil || !t.text.Table() {
			continue
		}
		v, k, ok := t.text.Pick(lang)
		if !ok {
			return session.Step{}, nil, noKeyError(where, fmt.Sprintf("step %d (%s)", n, t.key), lang, *t.text)
		}
		*t.into = v
		picked = append(picked, fmt.Sprintf("%q", k))
	}
	return st, picked, nil
}

// check says what is wrong with the step: no action or more than one, an
// empty selector or text, a value missing or out of place.
func (s Step) check() error {
	acts := s.actions()
	if err := oneAction(acts); err != nil {
		return err
	}
	a := acts[0].Action
	if err := s.checkValueEnv(a); err != nil || s.ValueEnv != "" {
		return err
	}
	if err := s.checkValue(a); err != nil {
		return err
	}
	switch {
	case a == session.StepChoose && s.Value.Empty():
		return errors.New("choose needs a non-empty value: an option's value or label")
	case a == session.StepWaitLifecycle && !session.IsMilestone(s.WaitLifecycle):
		return fmt.Errorf("wait_lifecycle %q is no lifecycle step; give one of %s", s.WaitLifecycle, strings.Join(session.MilestoneNames(), ", "))
	case a == session.StepClose && s.Timeout != 0:
		return errors.New("timeout goes with steps that wait, not close")
	}
	if err := s.checkTexts(a); err != nil {
		return err
	}
	return checkSelector(acts[0])
}

// checkValue says that a fill or choose has no value, or that another
// step has one.
func (s Step) checkValue(a session.StepAction) error {
	needsValue := a == session.StepFill || a == session.StepChoose
	switch {
	case a == session.StepFill && !s.Value.Given():
		return errors.New(`fill needs a value (value = "…", or value_env = "NAME" to take a secret from the environment)`)
	case needsValue && !s.Value.Given():
		return fmt.Errorf("%s needs a value (value = \"…\")", a)
	case !needsValue && s.Value.Given():
		return fmt.Errorf("value goes with fill and choose only, not %s", a)
	}
	return nil
}

// envName is the name of an environment variable a step may read.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkValueEnv says what is wrong with a step's value_env: it goes with
// fill only, instead of value, and names a variable.
func (s Step) checkValueEnv(a session.StepAction) error {
	switch {
	case s.ValueEnv == "":
		return nil
	case a != session.StepFill:
		return fmt.Errorf("value_env goes with fill only, not %s", a)
	case s.Value.Given():
		return errors.New("give value or value_env, not both")
	case !envName.MatchString(s.ValueEnv):
		return fmt.Errorf("value_env %q is no environment variable name (letters, digits and _, not starting with a digit; no $)", s.ValueEnv)
	}
	return checkSelector(s.Session())
}

// valueFromEnv gives a step with value_env its value from the
// environment (lookup: os.LookupEnv); the error names the step, number n
// at where, when the variable is not set.
func valueFromEnv(st *session.Step, n int, where string, lookup func(string) (string, bool)) error {
	if st.ValueEnv == "" {
		return nil
	}
	v, ok := lookup(st.ValueEnv)
	if !ok {
		at := ""
		if where != "" {
			at = " at " + where
		}
		return fmt.Errorf("step %d (%s)%s: value_env %s is not set: export %s=… in the environment mpsim test runs in (its value is never written anywhere)", n, st, at, st.ValueEnv, st.ValueEnv)
	}
	st.Value = v
	return nil
}

// oneAction says what is wrong with a step's actions: none, or more than
// one.
func oneAction(acts []session.Step) error {
	switch len(acts) {
	case 0:
		return errors.New("the step has no action; give one of " + actionNames())
	case 1:
		return nil
	}
	var names []string
	for _, a := range acts {
		names = append(names, string(a.Action))
	}
	return fmt.Errorf("the step has %d actions (%s); give one per [[scenario.steps]] table", len(acts), strings.Join(names, ", "))
}

// textError is what is wrong with a step's texts and tables by language,
// which covers what the schema says of them (Step.textLocs); key is the
// first key it is about (click_text, value …), whose line it is said at.
type textError struct {
	key string
	error
}

func (e textError) Unwrap() error { return e.error }

// textLocs are the schema's instance locations of the texts of step i
// (from 0; not of a value of another type, which only the schema reports)
// and of their tables' keys, which the step's check covers: it
// says what is wrong with them in its own words (Text.check).
func (s Step) textLocs(i int) []string {
	var out []string
	for key, t := range map[string]Text{"click_text": s.ClickText, "wait_text": s.WaitText, "wait_url": s.WaitURL, "value": s.Value} {
		if t.Given() && !t.bad {
			out = append(out, t.locs(fmt.Sprintf("steps/%d/%s", i, key))...)
		}
	}
	return out
}

// checkTexts checks the step's texts and tables by language
// (Text.check): their keys, that no text to click, wait for or find in
// the URL is empty or only spaces (a page's text is matched trimmed, so
// such a text would match any element), and that a choose's value is not
// empty. A fill's value may be empty: it clears the field.
func (s Step) checkTexts(a session.StepAction) error {
	var errs []error
	key := ""
	if t := s.targetText(a); t != nil {
		check := noBlankText
		if a == session.StepWaitURL {
			check = waitURLText
		}
		if err := t.check(check); err != nil {
			key = string(a)
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
		}
	}
	if s.Value.Given() {
		var value func(string) error
		if a == session.StepChoose {
			value = nonEmpty
		}
		if err := s.Value.check(value); err != nil {
			if key == "" {
				key = "value"
			}
			errs = append(errs, fmt.Errorf("value: %w", err))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return textError{key: key, error: errors.Join(errs...)}
}

// nonEmpty says that a string is empty.
func nonEmpty(v string) error {
	if v == "" {
		return errors.New("the string is empty")
	}
	return nil
}

// noBlankText says that a text a step looks for is empty or only white
// space.
func noBlankText(v string) error {
	switch {
	case v == "":
		return errors.New("the string is empty")
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("the string %q is only white space, which any element's text (trimmed) contains; give the text to look for", v)
	}
	return nil
}

// waitURLText checks a wait_url string: not blank (noBlankText), and not
// an absolute URL no page's URL can contain, as WebKit writes it (its
// scheme http or https in lower case, an IPv6 host in brackets): one with
// a mistyped scheme ("htps://…", "http:/…", "HTTPS://…") or with an IPv6
// address out of its brackets ("http://::1:8443/done") would leave the
// step waiting for its timeout. It says the URL meant, as --portal does
// (urlhint.Portal). A part of a URL ("/confirm", "127.0.0.1:8443/done")
// is left alone.
func waitURLText(v string) error {
	if err := noBlankText(v); err != nil {
		return err
	}
	_, mistyped := urlhint.FixScheme(v)
	if !mistyped && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
		return nil
	}
	if err := urlhint.Portal(v); err != nil {
		return fmt.Errorf("%q is in no page's URL: %w", v, err)
	}
	return nil
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
			var covers []string
			key := stepKey(i, "")
			var te textError
			if errors.As(err, &te) {
				covers, key = st.textLocs(i), stepKey(i, te.key)
			}
			out = append(out, problem{key: key, err: fmt.Errorf("step %d: %w", i+1, err), covers: covers})
		}
	}
	return out
}

// sessionSteps are the scenario's steps as the session performs them in
// a cell whose first language is lang (Step.For), each with its file:line
// and the keys its tables by language gave; the error names the first
// step whose table has no string for lang.
func (s Scenario) sessionSteps(lang string) ([]session.Step, error) {
	if len(s.Steps) == 0 {
		return nil, nil
	}
	out := make([]session.Step, 0, len(s.Steps))
	for i, st := range s.Steps {
		where := s.Where()
		if s.File != "" && st.Line > 0 {
			where = fmt.Sprintf("%s:%d", s.File, st.Line)
		}
		ss, picked, err := st.For(lang, i+1, where)
		if err != nil {
			return nil, err
		}
		if err := valueFromEnv(&ss, i+1, where, os.LookupEnv); err != nil {
			return nil, err
		}
		if s.File != "" && st.Line > 0 {
			ss.Where = where
			if len(picked) > 0 {
				ss.Where += ", key " + strings.Join(picked, ", ") + " for " + lang
			}
		}
		out = append(out, ss)
	}
	return out, nil
}

// stepKey is the key of step i (from 0), or of its key k, for lines.key.
func stepKey(i int, k string) string {
	key := fmt.Sprintf("steps.%d", i)
	if k != "" {
		key += "." + k
	}
	return key
}

// StepString says what step i (from 0) of the cell's scenario does in
// the cell: with the strings its tables by language give the cell's
// first language (`click_text "Kaufen"`), or the whole table when none
// fits (the cell cannot run: Request says why).
func (c Cell) StepString(i int) string {
	if i < 0 || i >= len(c.Scenario.Steps) {
		return ""
	}
	st, _, err := c.Scenario.Steps[i].For(c.Lang, i+1, "")
	if err != nil {
		return c.Scenario.Steps[i].Session().String()
	}
	return st.String()
}

// maskSecretFills is the scenario as a cell's results hold it: the value
// of each fill step that is secret — by its selector
// (NamesPasswordField), or found to be by the session (a password field;
// session.StepResult.FieldType) — and of each fill that typed the same
// value is session.Masked, as the session's own record of it is, so that
// no output holds it. The file's steps are left alone: other cells share
// them.
func maskSecretFills(s Scenario, rep session.Report) Scenario {
	secret := secretFills(s, rep)
	var values []string
	for i, st := range s.Steps {
		if secret[i] && st.Value.String() != "" {
			values = append(values, st.Value.String())
		}
	}
	cloned := false
	for i, st := range s.Steps {
		if !secret[i] && !typesOneOf(st, values) {
			continue
		}
		if !cloned {
			s.Steps, cloned = slices.Clone(s.Steps), true
		}
		s.Steps[i].Value = Plain(session.Masked)
	}
	return s
}

// secretFills says which of the scenario's steps are fills of a literal
// value that is secret: by the fill's selector (NamesPasswordField), or
// as the session found its field to be a password field.
func secretFills(s Scenario, rep session.Report) []bool {
	secret := make([]bool, len(s.Steps))
	for i, st := range s.Steps {
		secret[i] = st.Fill != "" && st.Value.Given() && st.Session().Secret
	}
	for _, e := range rep.Log {
		res := e.Step
		if e.Kind != session.KindStep || res == nil || res.Step.Action != session.StepFill {
			continue
		}
		i := res.Index - 1
		if i >= 0 && i < len(s.Steps) && s.Steps[i].Fill == res.Step.Target && (res.Step.Secret || res.FieldType == "password") {
			secret[i] = secret[i] || s.Steps[i].Value.Given()
		}
	}
	return secret
}

// typesOneOf says whether st is a fill of one of values.
func typesOneOf(st Step, values []string) bool {
	return st.Fill != "" && st.Value.Given() && slices.Contains(values, st.Value.String())
}
