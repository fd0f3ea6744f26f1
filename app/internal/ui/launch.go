package ui

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// noPreset is the preset picker's "no preset" choice.
const noPreset = "(no preset)"

// launchPanel is the launch form: portal, market, location, languages,
// generation, extra parameters and preset, and the exact launch URL and
// headers the Mobile Plans app would send, both copyable.
type launchPanel struct {
	host      Workspace
	clipboard func() fyne.Clipboard
	// form is the launch form (others append rows: the lifecycle outcomes).
	form *widget.Form
	// activation and registration mirror the eSIM lifecycle tab's pickers.
	activation, registration *widget.Select
	// onChange is called when any field changes.
	onChange func()
	// onPresetSIM is called with a picked preset's SIM kind; "" when no
	// preset is picked or the preset has none.
	onPresetSIM func(simulator.SIMKind)

	portal, market, location, langs, extra binding.String
	// phone and country are sent by the nov-2018 generation only;
	// previousICCID makes dynamo-2018 send the eSIM's previous ICCID.
	phone, country binding.String
	previousICCID  *widget.Check
	txEntry        *shortcutEntry
	// fieldErrs are the form's own checks, each shown at its field.
	fieldErrs []*shortcutEntry
	// trustCert is a PEM file pinned for the hosts it names (--trust-cert);
	// notifyHosts are the hosts a hand-back may come from (--notify-host).
	trustCert, notifyHosts binding.String
	// walled blocks every load outside the walled garden (--walled-garden);
	// allowHosts are more hosts for it (--allow-host), comma-separated.
	walled     *widget.Check
	allowHosts binding.String
	// watchTarget is the portal directory or URL Watch follows; watchOn
	// turns the developer loop on (see HostScreen.SetWatch).
	watchTarget binding.String
	watchOn     *widget.Check
	onWatch     func(on bool)
	// onBrowseCert asks for the trust certificate with a file dialog.
	onBrowseCert func()

	generation *widget.Select
	operator   *widget.Select // the operator profile ("" = the workspace's)
	// onOperator is told the name of each operator picked (the presenter's
	// tile follows the form); nil: none.
	onOperator func(name string)
	// defaults are what the launch sends for a field left empty (the
	// picked preset's values, else the picked operator's), shown as the
	// fields' placeholders; filled are the values the form last put in the
	// fields itself. See formDefaults.
	defaults, filled formDefaults
	// portalEntry, marketEntry, locationEntry and langsEntry show the
	// defaults as placeholders.
	portalEntry, marketEntry, locationEntry, langsEntry *shortcutEntry

	notes *widget.Label // what the launch sends that the real app would not
	// fontNotes are workspace.FontWarning's answers by first language.
	fontNotes  map[string]string
	preset     *widget.Select
	presetFind *shortcutEntry
	presetInfo *widget.Label
	// lastPreset is the picker's choice before a heading was tapped.
	lastPreset string
	url        *widget.Label
	headers    *widget.Label
	problem    *widget.Label
	copyURL    *widget.Button
	copyHdrs   *widget.Button
	openBtn    *widget.Button

	presets []simulator.Preset

	// txID is the transactionId of the next launch, so the URL shown is
	// exactly the one the portal gets; a new one is made after each session.
	txID    string
	newTxID func() string
}

// nextTransaction makes a new transactionId for the next launch.
func (p *launchPanel) nextTransaction() {
	if p.newTxID != nil {
		p.txID = p.newTxID()
		if p.txEntry != nil {
			p.txEntry.SetText(p.txID)
		}
	}
}

func newLaunchPanel(h Workspace, clipboard func() fyne.Clipboard) *launchPanel {
	return &launchPanel{host: h, clipboard: clipboard,
		portal: binding.NewString(), market: binding.NewString(), location: binding.NewString(),
		langs: binding.NewString(), extra: binding.NewString(),
		trustCert: binding.NewString(), notifyHosts: binding.NewString(), watchTarget: binding.NewString(),
		phone: binding.NewString(), country: binding.NewString(), allowHosts: binding.NewString()}
}

// buildUI returns the launch form in the scroll that shows it.
func (p *launchPanel) buildUI(initial workspace.LaunchRequest, onOpen func()) *container.Scroll {
	_ = p.portal.Set(initial.PortalURL)
	var extra []string
	for _, e := range initial.Extra {
		extra = append(extra, e.Name+"="+e.Value)
	}
	_ = p.extra.Set(strings.Join(extra, "\n"))

	portal := newShortcutEntry(p.portal)
	market := newShortcutEntry(p.market)
	location := newShortcutEntry(p.location)
	langs := newShortcutEntry(p.langs)
	p.portalEntry, p.marketEntry, p.locationEntry, p.langsEntry = portal, market, location, langs
	extraEntry := newShortcutEntry(p.extra)
	extraEntry.MultiLine = true
	extraEntry.SetMinRowsVisible(2)
	extraEntry.SetPlaceHolder("name=value, one per line")
	// The placeholders fit their fields in an 800 px window: longer, they
	// were cut, an empty field with a scroll bar (found by GUI QA).
	trustEntry := newShortcutEntry(p.trustCert)
	trustEntry.SetPlaceHolder("PEM certificate")
	notifyEntry := newShortcutEntry(p.notifyHosts)
	notifyEntry.SetPlaceHolder("default: the portal's host")
	allowEntry := newShortcutEntry(p.allowHosts)
	allowEntry.SetPlaceHolder("more hosts")
	allowEntry.Validator = nil // a bound string needs no conversion check mark
	allowEntry.Disable()
	p.walled = widget.NewCheck("Block the rest", func(on bool) {
		if on {
			allowEntry.Enable()
		} else {
			allowEntry.Validator = nil // a bound string needs no conversion check mark
			allowEntry.Disable()
		}
	})
	watchEntry := newShortcutEntry(p.watchTarget)
	watchEntry.SetPlaceHolder("dir or URL")
	p.watchOn = widget.NewCheck("Reload on change", func(on bool) {
		if p.onWatch != nil {
			p.onWatch(on)
		}
	})

	var gens []string
	for _, g := range simulator.Generations() {
		gens = append(gens, string(g))
	}
	p.generation = widget.NewSelect(gens, func(string) { p.changed() })
	p.operator = widget.NewSelect(p.operatorNames(), nil)
	p.operator.SetSelected(firstNonEmpty(initial.Operator, p.ownOperator()))
	p.fillInitial(initial)
	p.operator.OnChanged = p.onOperatorPicked

	p.presetInfo = widget.NewLabel("")
	p.presetInfo.Wrapping = fyne.TextWrapWord
	p.presetInfo.TextStyle.Italic = true
	p.preset = widget.NewSelect([]string{noPreset}, p.onPreset)
	p.presetFind = newShortcutEntry(nil)
	p.presetFind.SetPlaceHolder("Find a preset")
	p.presetFind.OnChanged = func(string) { p.filterPresets() }
	p.loadPresets()
	p.preset.SetSelected(orPreset(initial.Preset))

	p.url = widget.NewLabel("")
	p.url.Selectable = true
	p.url.Wrapping = fyne.TextWrapBreak
	p.url.TextStyle.Monospace = true
	p.headers = widget.NewLabel("")
	p.headers.Selectable = true
	p.headers.Wrapping = fyne.TextWrapBreak
	p.headers.TextStyle.Monospace = true
	p.problem = widget.NewLabel("")
	p.problem.Wrapping = fyne.TextWrapWord
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.Importance = widget.WarningImportance
	p.notes.Hide()
	p.copyURL = widget.NewButtonWithIcon("Copy URL", theme.ContentCopyIcon(), func() { p.copy(p.url.Text) })
	p.copyHdrs = widget.NewButtonWithIcon("Copy headers", theme.ContentCopyIcon(), func() { p.copy(p.headers.Text) })
	p.openBtn = widget.NewButtonWithIcon("Open portal", theme.MailSendIcon(), onOpen)
	p.openBtn.Importance = widget.HighImportance

	phoneEntry := newShortcutEntry(p.phone)
	phoneEntry.SetPlaceHolder("nov-2018 only, e.g. +14255550100")
	countryEntry := newShortcutEntry(p.country)
	countryEntry.SetPlaceHolder("nov-2018 only, e.g. US")
	// A short check under a label of its own: a check box does not wrap,
	// and a long one made the form 490 px wide (too wide for 800x600).
	p.previousICCID = widget.NewCheck("Send it (dynamo-2018)", func(bool) { p.changed() })
	p.txEntry = newShortcutEntry(nil)
	p.txEntry.SetText(p.txID)
	p.txEntry.OnChanged = func(s string) {
		p.txID = strings.TrimSpace(s)
		p.changed()
	}
	for _, e := range []*shortcutEntry{market, location, phoneEntry, countryEntry} {
		e.Validator = nil // bound strings need no conversion check mark
	}
	// Each field checks itself, so every problem shows at its field at once.
	portal.Validator = checkPortalField
	langs.Validator = checkLanguagesField
	extraEntry.Validator = func(s string) error { _, err := parseExtra(s); return err }
	p.txEntry.Validator = func(s string) error {
		if l := len(strings.TrimSpace(s)); l > 64 {
			return fieldProblem(fmt.Sprintf("transactionId: %d characters; the app sends at most 64", l))
		}
		return nil
	}
	p.fieldErrs = []*shortcutEntry{portal, langs, extraEntry, p.txEntry}
	for _, b := range []binding.String{p.portal, p.market, p.location, p.langs, p.extra, p.phone, p.country} {
		b.AddListener(binding.NewDataListener(p.changed))
	}
	form := widget.NewForm(
		widget.NewFormItem("Preset", container.NewGridWithColumns(2, p.preset, p.presetFind)),
		widget.NewFormItem("", p.presetInfo),
		widget.NewFormItem("Operator", p.operator),
		widget.NewFormItem("Portal URL", portal),
		widget.NewFormItem("Market", market),
		widget.NewFormItem("Location", location),
		widget.NewFormItem("Languages", langs),
		widget.NewFormItem("Generation", p.generation),
		widget.NewFormItem("Extra params", extraEntry),
		widget.NewFormItem("transactionId", p.txEntry),
		widget.NewFormItem("Phone number", phoneEntry),
		widget.NewFormItem("Country code", countryEntry),
		widget.NewFormItem("Previous ICCID", p.previousICCID),
		widget.NewFormItem("Trust cert", container.NewBorder(nil, nil, nil,
			widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() {
				if p.onBrowseCert != nil {
					p.onBrowseCert()
				}
			}), trustEntry)),
		widget.NewFormItem("Notify hosts", notifyEntry),
		widget.NewFormItem("Walled garden", container.NewBorder(nil, nil, p.walled, nil, allowEntry)),
		widget.NewFormItem("Watch", container.NewBorder(nil, nil, nil, p.watchOn, watchEntry)),
	)
	p.form = form
	bold := fyne.TextStyle{Bold: true}
	card := widget.NewCard("Launch", "What the Mobile Plans app sends to the portal", container.NewVBox(
		form,
		p.problem,
		p.notes,
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Launch URL", fyne.TextAlignLeading, bold), p.copyURL),
		framed(p.url),
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Headers", fyne.TextAlignLeading, bold), p.copyHdrs),
		framed(p.headers),
		container.NewBorder(nil, nil, p.openBtn, nil, wrapped(widget.NewLabel("Ctrl+O opens · Ctrl+R relaunches · "+keysHint))),
	))
	scroll := container.NewVScroll(card)
	for _, e := range []*shortcutEntry{p.presetFind, portal, market, location, langs, extraEntry, p.txEntry,
		phoneEntry, countryEntry, trustEntry, notifyEntry, allowEntry, watchEntry} {
		e.scrollsIn(scroll) // the wheel over a field scrolls the form
	}
	return scroll
}

func orPreset(name string) string {
	if name == "" {
		return noPreset
	}
	return name
}

// loadPresets fills the preset picker from the host (built-ins and the
// presets file, re-read so edits show up).
func (p *launchPanel) loadPresets() {
	if p.host == nil {
		return
	}
	ps, err := p.host.Presets()
	if err != nil {
		p.presetInfo.SetText(err.Error())
		return
	}
	p.presets = ps
	p.filterPresets()
}

// Preset groups, in the order the picker lists them.
const (
	groupJourney  = "Journey"
	groupNegative = "Negative"
	groupYours    = "Yours"
)

// presetGroup says which group a preset is listed in.
func presetGroup(pr simulator.Preset) string {
	switch {
	case !workspace.IsBuiltinPreset(pr):
		return groupYours
	case pr.Negative:
		return groupNegative
	}
	return groupJourney
}

// presetHeading is the picker's heading line above a group's presets; it
// cannot be picked.
func presetHeading(group string) string {
	switch group {
	case groupJourney:
		return "── Journeys: a correct portal completes them ──"
	case groupNegative:
		return "── Negative: a correct portal refuses them ──"
	}
	return "── Yours: from the presets file ──"
}

// presetKind is the first sentence of a preset's note: which group it is
// in ("Yours preset." read wrong for a preset of the user's own, found by
// i18n QA).
func presetKind(group string) string {
	if group == groupYours {
		return "Your own preset, from the presets file."
	}
	return group + " preset."
}

// isPresetHeading reports whether option is one of the picker's headings.
func isPresetHeading(option string) bool { return strings.HasPrefix(option, "── ") }

// filterPresets lists the presets matching the find box under a heading
// per group: journeys first, then negative presets, then the user's own.
func (p *launchPanel) filterPresets() {
	q := strings.ToLower(strings.TrimSpace(p.presetFind.Text))
	opts := []string{noPreset}
	for _, g := range []string{groupJourney, groupNegative, groupYours} {
		var names []string
		for _, pr := range p.presets {
			if presetGroup(pr) != g {
				continue
			}
			if q != "" && !strings.Contains(strings.ToLower(pr.Name+" "+pr.Description+" "+g), q) {
				continue
			}
			names = append(names, pr.Name)
		}
		if len(names) > 0 {
			opts = append(append(opts, presetHeading(g)), names...)
		}
	}
	p.preset.SetOptions(opts)
}

// selectedPreset returns the picked preset, if any.
func (p *launchPanel) selectedPreset() (simulator.Preset, bool) {
	i := slices.IndexFunc(p.presets, func(pr simulator.Preset) bool { return pr.Name == p.preset.Selected })
	if i < 0 {
		return simulator.Preset{}, false
	}
	return p.presets[i], true
}

// onPreset fills the form with a picked preset's settings; its mutations
// and extra parameters apply at launch.
func (p *launchPanel) onPreset(option string) {
	if isPresetHeading(option) {
		// A heading is not a preset: the picker keeps what it had.
		p.preset.SetSelected(p.lastPreset)
		return
	}
	p.lastPreset = option
	pr, ok := p.selectedPreset()
	if !ok {
		if p.onPresetSIM != nil {
			p.onPresetSIM("") // the user's SIM kind again
		}
		p.presetInfo.SetText("Named and negative launch presets: the built-ins and " + p.presetsFile() + " in the configuration directory.")
		// The fields keep what they have; an empty one is the operator's.
		p.defaults = p.defaultsFor(p.pickedOperator(), nil)
		p.showDefaults()
		p.changed()
		return
	}
	if p.onPresetSIM != nil {
		p.onPresetSIM(pr.SIM)
	}
	if p.operator != nil {
		p.operator.SetSelected(firstNonEmpty(pr.Operator, p.ownOperator()))
	}
	// A preset sets the fields: its values, else its operator's defaults,
	// as mpsim url --preset does for what the preset leaves unset.
	p.fill(p.defaultsFor(p.pickedOperator(), &pr), true)
	info := presetKind(presetGroup(pr)) + " " + pr.Description
	if len(pr.Mutations) > 0 {
		info += "\nMutations: " + strings.Join(pr.Mutations, "; ")
	}
	if len(pr.Extra) > 0 {
		var ex []string
		for _, e := range pr.Extra {
			ex = append(ex, e.Name+"="+e.Value)
		}
		info += "\nAdds: " + strings.Join(ex, "&")
	}
	if pr.Expect != "" {
		info += "\nA correct portal: " + pr.Expect
	}
	p.presetInfo.SetText(info)
	p.changed()
}

func (p *launchPanel) presetsFile() string {
	if p.host == nil {
		return "the presets file"
	}
	return filepath.Base(p.host.PresetsFile())
}

func firstNonEmpty[T ~string](a, b T) T {
	if a != "" {
		return a
	}
	return b
}

func (p *launchPanel) changed() {
	if p.onChange != nil && p.url != nil {
		p.onChange()
	}
}

// formDefaults are the values the launch form fills in itself: for the
// picked operator its portal (shown as the Portal URL's placeholder, not
// filled in: an empty field is the operator's portal), market, location,
// languages and generation (workspace.OperatorDefaults), with a picked
// preset's own values first. They are what `mpsim url --operator NAME
// [--preset P]` sends for the flags not given.
//
// Picking another operator changes a field only when it holds what the
// form filled in (or nothing): a value the user typed stays, as an
// explicit flag does beside --operator. Picking a preset sets every
// field, as before.
type formDefaults struct {
	portal                  string // "" is the built-in demo portal
	market, location, langs string
	generation              simulator.Generation
}

// pickedOperator is the operator profile the form's picker names (the
// workspace's when there is no picker); one the operators file no longer
// has is a profile of that name alone (the launch says why it fails).
func (p *launchPanel) pickedOperator() simulator.Operator {
	name := p.ownOperator()
	if p.operator != nil && p.operator.Selected != "" {
		name = p.operator.Selected
	}
	if p.host == nil {
		return simulator.DemoOperator()
	}
	op, err := p.host.FindOperator(name)
	if err != nil {
		return simulator.Operator{Name: name}
	}
	return op
}

// defaultsFor returns the form's defaults for a launch of op with the
// preset pr (nil: none).
func (p *launchPanel) defaultsFor(op simulator.Operator, pr *simulator.Preset) formDefaults {
	def := workspace.OperatorDefaults(op)
	d := formDefaults{portal: op.PortalURL, market: def.Market, location: def.Location,
		langs: strings.Join(def.Languages, ","), generation: def.Generation}
	if pr != nil {
		d.market = firstNonEmpty(pr.Market, d.market)
		d.location = firstNonEmpty(pr.Location, d.location)
		if len(pr.Languages) > 0 {
			d.langs = strings.Join(pr.Languages, ",")
		}
		d.generation = firstNonEmpty(pr.Generation, d.generation)
	}
	return d
}

// fill puts d in the fields: in every one when all is set (a preset was
// picked), else only in those holding what the form filled in before, or
// nothing (another operator was picked): what the user typed stays.
func (p *launchPanel) fill(d formDefaults, all bool) {
	ours := func(now, filled string) bool {
		now = strings.TrimSpace(now)
		return all || now == "" || now == filled
	}
	for _, f := range []struct {
		field        binding.String
		filled, next string
	}{
		{p.market, p.filled.market, d.market},
		{p.location, p.filled.location, d.location},
		{p.langs, p.filled.langs, d.langs},
	} {
		if now, _ := f.field.Get(); ours(now, f.filled) && now != f.next {
			_ = f.field.Set(f.next)
		}
	}
	if p.generation != nil && ours(p.generation.Selected, string(p.filled.generation)) {
		p.generation.SetSelected(string(d.generation))
	}
	p.defaults, p.filled = d, d
	p.showDefaults()
}

// fillInitial fills the fields as the form opens: the initial request's
// values (the user's), else the defaults of the operator it names or the
// workspace's. A preset is applied after, when the preset picker takes it.
func (p *launchPanel) fillInitial(initial workspace.LaunchRequest) {
	d := p.defaultsFor(p.pickedOperator(), nil)
	_ = p.market.Set(firstNonEmpty(initial.Market, d.market))
	_ = p.location.Set(firstNonEmpty(initial.Location, d.location))
	langs := d.langs
	if len(initial.Languages) > 0 {
		langs = strings.Join(initial.Languages, ",")
	}
	_ = p.langs.Set(langs)
	p.generation.SetSelected(string(firstNonEmpty(initial.Generation, d.generation)))
	p.defaults, p.filled = d, d
	p.showDefaults()
}

// showDefaults shows the defaults as the fields' placeholders: what an
// empty field sends.
func (p *launchPanel) showDefaults() {
	if p.portalEntry == nil {
		return
	}
	portal := "built-in demo portal"
	if p.defaults.portal != "" {
		portal = p.defaults.portal
	}
	p.portalEntry.SetPlaceHolder(portal)
	p.marketEntry.SetPlaceHolder(p.defaults.market)
	p.locationEntry.SetPlaceHolder(p.defaults.location)
	p.langsEntry.SetPlaceHolder(p.defaultLanguages())
}

// defaultLanguages are the languages an empty Languages field sends.
func (p *launchPanel) defaultLanguages() string {
	return orDefault(p.defaults.langs, workspace.DefaultLanguage)
}

// onOperatorPicked is the operator picker's handler: the fields holding
// the form's defaults take the new operator's (formDefaults), and the
// presenter's tile names it.
func (p *launchPanel) onOperatorPicked(name string) {
	var pr *simulator.Preset
	if found, ok := p.selectedPreset(); ok {
		pr = &found
	}
	p.fill(p.defaultsFor(p.pickedOperator(), pr), false)
	if p.onOperator != nil {
		p.onOperator(name)
	}
	p.changed()
}

// request reads the form into a launch request for a device of kind. The
// error lists every problem at once, each as a sentence. An empty market,
// location or languages field sends the form's defaults (formDefaults).
func (p *launchPanel) request(kind simulator.SIMKind) (workspace.LaunchRequest, error) {
	get := func(b binding.String) string { s, _ := b.Get(); return strings.TrimSpace(s) }
	var errs []error
	for _, e := range p.fieldErrs {
		if err := e.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return workspace.LaunchRequest{}, errors.Join(errs...)
	}
	langs, err := workspace.ParseLanguages(orDefault(get(p.langs), p.defaultLanguages()))
	if err != nil {
		return workspace.LaunchRequest{}, fmt.Errorf("languages: %w", err)
	}
	extra, err := parseExtra(get(p.extra))
	if err != nil {
		return workspace.LaunchRequest{}, err
	}
	req := workspace.LaunchRequest{
		SIM: kind, PortalURL: get(p.portal),
		Market: orDefault(get(p.market), p.defaults.market), Location: orDefault(get(p.location), p.defaults.location),
		Languages: langs, Generation: simulator.Generation(p.generation.Selected), Extra: extra,
		TransactionID: p.txID, PhoneNumber: get(p.phone), CountryCode: get(p.country),
	}
	if p.previousICCID != nil {
		req.PreviousICCID = p.previousICCID.Checked
	}
	if p.operator != nil && p.operator.Selected != p.ownOperator() {
		req.Operator = p.operator.Selected
	}
	if pr, ok := p.selectedPreset(); ok {
		req.Preset = pr.Name
	}
	req = req.Defaults()
	if err := req.Validate(); err != nil {
		return workspace.LaunchRequest{}, err
	}
	return req, nil
}

// The form's field checks say what is wrong in one short sentence that
// starts with the field's name: Fyne shows it under the field on one line
// (a long one would widen the form), and the list of problems at the
// bottom repeats it.

// fieldProblem is what is wrong with a field, as the sentence the form
// shows.
type fieldProblem string

func (p fieldProblem) Error() string { return string(p) }

// checkPortalField checks the Portal URL field (empty: the demo portal).
func checkPortalField(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if err := workspace.CheckPortalURL(s); err != nil {
		u, perr := url.Parse(s)
		if perr == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host == "" {
			return fieldProblem("Portal URL: give a host, like https://portal.example/")
		}
		if port, blocked := simulator.BlockedPort(u); perr == nil && blocked {
			return fieldProblem(fmt.Sprintf("Portal URL: browsers refuse port %d; use another", port))
		}
		return fieldProblem("Portal URL: use https:// (http:// on loopback only)")
	}
	return nil
}

// checkLanguagesField checks the Languages field and names the first tag
// that is not a language (empty: the default language); a list of valid
// tags that still cannot be sent (a q-value out of range, every language
// at q=0, too many) gets the parser's reason.
func checkLanguagesField(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, err := workspace.ParseLanguages(s)
	if err == nil {
		return nil
	}
	for _, item := range strings.Split(s, ",") {
		tag, _, _ := strings.Cut(item, ";")
		if strings.TrimSpace(item) == "" {
			continue
		}
		if _, err := workspace.ParseLanguages(tag); err != nil {
			return fieldProblem(fmt.Sprintf("Languages: %q is not a language tag (like fr-FR)", truncate(strings.TrimSpace(tag), 20)))
		}
	}
	return fieldProblem("Languages: " + truncate(strings.TrimPrefix(err.Error(), "accept-language: "), 120))
}

// parseExtra reads the extra parameters, one name=value a line.
func parseExtra(text string) ([]simulator.Param, error) {
	var extra []simulator.Param
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fieldProblem(fmt.Sprintf("Extra params, line %d: write name=value", n+1))
		}
		extra = append(extra, simulator.Param{Name: strings.TrimSpace(name), Value: value})
	}
	return extra, nil
}

// trust returns the pinned certificate and the notification hosts the form
// names, for the session (contract §1.1; the facts note §5 on pinning).
func (p *launchPanel) trust() ([]session.TrustedCert, []string, error) {
	get := func(b binding.String) string { s, _ := b.Get(); return strings.TrimSpace(s) }
	var certs []session.TrustedCert
	if path := get(p.trustCert); path != "" {
		c, err := workspace.LoadTrustedCert(path)
		if err != nil {
			return nil, nil, fmt.Errorf("trust cert: %w", err)
		}
		certs = append(certs, c)
	}
	var hosts []string
	for _, h := range strings.Split(get(p.notifyHosts), ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	return certs, hosts, nil
}

// walledGarden says whether the session blocks every load outside the
// walled garden (contract §7: its documented hosts, the portal's, the
// notification hosts, the operator's) and which hosts the form adds to it.
func (p *launchPanel) walledGarden() (bool, []string) {
	if p.walled == nil || !p.walled.Checked {
		return false, nil
	}
	s, _ := p.allowHosts.Get()
	var hosts []string
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	return true, hosts
}

// preview builds the launch the form would open, without starting anything.
func (p *launchPanel) preview(kind simulator.SIMKind) (simulator.Launch, simulator.Device, error) {
	req, err := p.request(kind)
	if err != nil {
		return simulator.Launch{}, simulator.Device{}, err
	}
	if p.host == nil {
		return simulator.Launch{}, simulator.Device{}, errors.New("no host")
	}
	if req.PortalURL == "" && p.pickedOperator().PortalURL == "" {
		// Show the demo portal's address without starting it; an
		// operator's own portal is the one its launch opens.
		req.PortalURL = "https://" + workspace.DefaultDemoAddr + "/"
		if u := p.host.DemoURL(); u != "" {
			req.PortalURL = u
		}
	}
	return p.host.Launch(req)
}

// refreshMarks draws the fields' check marks again, at the end of each
// session and when the Launch tab comes back. Fyne drops the drawing of a
// widget not shown for a minute (the Launch tab behind the Portal tab
// during a session) and makes it again without the mark, which only a
// refresh shows: the ✓ of Languages and transactionId were gone after the
// first session.
func (p *launchPanel) refreshMarks() {
	for _, e := range p.fieldErrs {
		e.Refresh()
	}
}

// show displays a launch (the preview, or the one a session opened).
func (p *launchPanel) show(l simulator.Launch) {
	p.problem.Hide()
	p.url.SetText(l.URL)
	p.headers.SetText(headersText(l.Headers))
	p.copyURL.Enable()
}

// showProblem says why the form cannot launch.
func (p *launchPanel) showProblem(err error) {
	p.problem.SetText(err.Error())
	p.problem.Show()
	p.url.SetText("")
	p.headers.SetText("")
	p.copyURL.Disable()
}

func headersText(h map[string]string) string {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	slices.Sort(names)
	var lines []string
	for _, n := range names {
		lines = append(lines, n+": "+h[n])
	}
	return strings.Join(lines, "\n")
}

func (p *launchPanel) copy(text string) { copyText(p.clipboard, text) }

// operatorNames lists the operator profiles for the form's picker: the
// workspace's own first. A broken operators.toml leaves only the
// workspace's operator (its error shows where the file is read).
func (p *launchPanel) operatorNames() []string {
	names := []string{p.ownOperator()}
	if p.host == nil {
		return names
	}
	ops, err := p.host.Operators()
	if err != nil {
		return names
	}
	for _, o := range ops {
		if !slices.Contains(names, o.Name) {
			names = append(names, o.Name)
		}
	}
	return names
}

// ownOperator is the workspace's operator (Contoso without a workspace).
func (p *launchPanel) ownOperator() string {
	if p.host == nil {
		return simulator.DemoOperator().Name
	}
	return p.host.OperatorName()
}

// warnings are what the form's launch would send that the real app does
// not (workspace.LaunchRequest.Warnings: the same rule as the CLI's).
func (p *launchPanel) warnings() []string {
	get := func(b binding.String) string { s, _ := b.Get(); return strings.TrimSpace(s) }
	_, langNotes, _ := workspace.ParseLanguagesWithNotes(orDefault(get(p.langs), p.defaultLanguages()))
	ws := workspace.LaunchRequest{Market: orDefault(get(p.market), p.defaults.market),
		Location: orDefault(get(p.location), p.defaults.location), LanguageNotes: langNotes}.Warnings()
	if w := p.fontWarning(get(p.langs)); w != "" {
		ws = append(ws, w)
	}
	return ws
}

// fontWarning is workspace.FontWarning for the form's languages, looked up
// once for each first language (it asks fontconfig).
func (p *launchPanel) fontWarning(langs string) string {
	list, err := workspace.ParseLanguages(orDefault(langs, p.defaultLanguages()))
	if err != nil || len(list) == 0 {
		return ""
	}
	if p.fontNotes == nil {
		p.fontNotes = map[string]string{}
	}
	w, ok := p.fontNotes[list[0]]
	if !ok {
		w = workspace.FontWarning(list[:1])
		p.fontNotes[list[0]] = w
	}
	return w
}

// showNotes shows the launch's warnings under the launch, or hides them.
func (p *launchPanel) showNotes(ws []string) {
	if p.notes == nil {
		return
	}
	if len(ws) == 0 {
		p.notes.Hide()
		return
	}
	p.notes.SetText("Note: " + strings.Join(ws, "; ") + ".")
	p.notes.Show()
}
