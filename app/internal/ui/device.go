package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// SIM kinds as the device panel's picker names them.
var simChoices = []struct {
	label string
	kind  simulator.SIMKind
}{
	{"eSIM", simulator.KindESIM},
	{"Physical SIM", simulator.KindPSIM},
	{"No SIM", simulator.KindNone},
}

func simLabel(k simulator.SIMKind) string {
	for _, c := range simChoices {
		if c.kind == k {
			return c.label
		}
	}
	return simChoices[0].label
}

// idRow is one identifier of the device panel with its validity badge and,
// under the identifier, what is wrong with it. The identifier (a long digit
// string) may break anywhere; the message is a sentence and breaks between
// words, so it has its own label: one label breaking anywhere cut "should"
// into "shoul" and "d be 8" (found by GUI QA).
type idRow struct {
	value *widget.Label
	msg   *widget.Label
	// msgBox is msg in its focus frame, hidden with msg.
	msgBox *fyne.Container
	badge  *widget.Label
}

// iccidWarningHint follows a bad ICCID check digit, as `mpsim device show`
// words it: the real app accepts such an ICCID (contract §5 #17).
const iccidWarningHint = " (a warning: the real app accepts it, contract §5 #17)"

func newIDRow() idRow {
	v := widget.NewLabel("—")
	v.Selectable = true
	v.Wrapping = fyne.TextWrapBreak
	m := widget.NewLabel("")
	m.Selectable = true
	m.Wrapping = fyne.TextWrapWord
	box := framed(m)
	box.Hide()
	b := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return idRow{value: v, msg: m, msgBox: box, badge: b}
}

func (r idRow) object() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, r.badge, container.NewVBox(framed(r.value), r.msgBox))
}

// set shows shown and the validity of checked (what the launch sends):
// valid, WARNING (in the warning colour) when every problem is only a bad
// ICCID check digit, which the real app accepts (contract §5 #17), as
// `mpsim device show` says, or INVALID.
func (r idRow) set(shown, checked string, validate func(string) error) {
	r.value.SetText(orDash(shown))
	r.msg.SetText("")
	r.msgBox.Hide()
	if checked == "" {
		r.badge.SetText("")
		return
	}
	var lines []string
	invalid := false
	for _, id := range strings.Split(checked, ",") {
		err := validate(strings.TrimSpace(id))
		switch {
		case err == nil:
		case errors.Is(err, simulator.ErrICCIDCheckDigit):
			lines = append(lines, err.Error()+iccidWarningHint)
		default:
			invalid = true
			lines = append(lines, err.Error())
		}
	}
	switch {
	case len(lines) == 0:
		r.badge.Importance = widget.SuccessImportance
		r.badge.SetText("valid")
		return
	case invalid:
		r.badge.Importance = widget.DangerImportance
		r.badge.SetText("INVALID")
	default:
		r.badge.Importance = widget.WarningImportance
		r.badge.SetText("WARNING")
	}
	r.msg.SetText(strings.Join(lines, "\n"))
	r.msgBox.Show()
}

// devicePanel shows the simulated PC and its SIM: the identifiers the next
// launch sends, each with a validity badge, the installed eSIM profiles and
// the recorded LPA errors; it regenerates the saved device. On a
// configuration directory the host cannot write in, Regenerate and Clear
// LPA errors, which save the device, are off and the note says why, as
// `mpsim device generate` refuses such a directory: the device is the one
// read there (or generated for the window), which only the sessions
// change, until the window closes.
type devicePanel struct {
	host Workspace
	// onKind is called when the SIM kind is picked; onSaved when the saved
	// device changed.
	onKind, onSaved func()

	sim      *widget.Select
	eid      idRow
	iccid    idRow
	imei     idRow
	profiles *fyne.Container
	lpa      *widget.Label
	note     *widget.Label
	regen    *widget.Button
	clearLPA *widget.Button
	// body holds the form, the note and the buttons, in scroll: both are
	// laid out again when the rows change height (relayout).
	body    *fyne.Container
	scroll  *container.Scroll
	laidOut fyne.Size // body's minimum size when relayout last placed it

	// presetKind says the SIM kind is a preset's; userKind is the one it
	// replaced, which the launch gets back when no preset (or one without
	// a SIM kind) is picked. A kind the user picks ends it.
	presetKind bool
	userKind   simulator.SIMKind
	picking    bool // the kind is being set by code, not by the user
}

func newDevicePanel(h Workspace, onKind, onSaved func()) *devicePanel {
	return &devicePanel{host: h, onKind: onKind, onSaved: onSaved}
}

func (p *devicePanel) buildUI() fyne.CanvasObject {
	var labels []string
	for _, c := range simChoices {
		labels = append(labels, c.label)
	}
	p.sim = widget.NewSelect(labels, func(string) { p.onSIMChanged() })
	p.eid, p.iccid, p.imei = newIDRow(), newIDRow(), newIDRow()
	p.profiles = container.NewVBox()
	p.lpa = widget.NewLabel("")
	p.lpa.Wrapping = fyne.TextWrapWord
	p.note = widget.NewLabel("")
	p.note.Wrapping = fyne.TextWrapWord
	// Italic like the result's summary, in the text colour: a LowImportance
	// label is drawn in the disabled colour, 1.5:1 on the dark background.
	p.note.TextStyle.Italic = true
	p.regen = widget.NewButtonWithIcon("Regenerate", theme.ViewRefreshIcon(), p.onRegenerate)
	p.clearLPA = widget.NewButtonWithIcon("Clear LPA errors", theme.DeleteIcon(), p.onClearLPA)
	if p.host != nil {
		p.sim.SetSelected(simLabel(p.host.SavedDevice().Kind))
	}
	if p.readOnly() != nil {
		p.regen.Disable()
		p.clearLPA.Disable()
	}
	form := widget.NewForm(
		widget.NewFormItem("SIM", p.sim),
		widget.NewFormItem("EID", p.eid.object()),
		widget.NewFormItem("ICCID", p.iccid.object()),
		widget.NewFormItem("IMEI", p.imei.object()),
		widget.NewFormItem("Profiles", p.profiles),
		widget.NewFormItem("LPA errors", p.lpa),
	)
	p.body = container.NewVBox(form, p.note, container.NewHBox(p.regen, p.clearLPA))
	p.scroll = container.NewVScroll(widget.NewCard("Device", "The simulated PC and its SIM", p.body))
	return p.scroll
}

// kind returns the SIM kind picked.
func (p *devicePanel) kind() simulator.SIMKind {
	for _, c := range simChoices {
		if c.label == p.sim.Selected {
			return c.kind
		}
	}
	return simulator.KindESIM
}

// setKind picks a SIM kind (the initial one).
func (p *devicePanel) setKind(k simulator.SIMKind) {
	if k != "" && p.sim.Selected != simLabel(k) {
		p.picking = true
		p.sim.SetSelected(simLabel(k))
		p.picking = false
	}
}

// presetPicked sets the SIM kind of a picked preset; "" (no preset, or a
// preset without a SIM kind) gives back the kind the user had before.
func (p *devicePanel) presetPicked(k simulator.SIMKind) {
	if k == "" {
		if p.presetKind {
			p.presetKind = false
			p.setKind(p.userKind)
		}
		return
	}
	if !p.presetKind {
		p.presetKind, p.userKind = true, p.kind()
	}
	p.setKind(k)
}

func (p *devicePanel) onSIMChanged() {
	if !p.picking {
		p.presetKind = false // the user's own choice stays
	}
	if p.onKind != nil {
		p.onKind()
	}
}

// show displays dev, the device launch l was built from.
func (p *devicePanel) show(dev simulator.Device, l simulator.Launch) {
	defer p.relayout()
	param := func(n string) string { v, _ := l.Param(n); return v }
	p.eid.set(dev.EID, param("eid"), simulator.ValidateEID)
	switch dev.Kind {
	case simulator.KindESIM:
		shown := ""
		if a, ok := dev.ActiveProfile(); ok {
			shown = a.ICCID + " (active profile)"
		}
		p.iccid.set(shown, param("iccids"), simulator.ValidateICCID)
	default:
		p.iccid.set(dev.ICCID, param("iccid"), simulator.ValidateICCID)
	}
	p.imei.set(dev.IMEI, param("imei"), simulator.ValidateIMEI)

	p.showProfiles(dev)
	if len(dev.LPAErrors) == 0 {
		p.lpa.SetText("none")
		p.clearLPA.Disable()
	} else if p.readOnly() != nil {
		p.lpa.SetText(lpaLines(dev))
		p.clearLPA.Disable()
	} else {
		p.lpa.SetText(lpaLines(dev))
		p.clearLPA.Enable()
	}
	if p.host == nil {
		return
	}
	saved := p.host.SavedDevice()
	switch ro := p.readOnly(); {
	case ro != nil:
		p.note.SetText(p.readOnlyNote(ro, dev, saved))
	case dev.Kind != saved.Kind:
		p.note.SetText(fmt.Sprintf("A per-session view of the saved %s device (same IMEI); it is not saved. Regenerate saves a new %s device.",
			simLabel(saved.Kind), simLabel(dev.Kind)))
	default:
		p.note.SetText("The saved device (" + filepath.Base(p.host.DevicePath()) + " in the configuration directory); profiles installed by sessions are kept.")
	}
}

// showProfiles lists dev's eSIM profiles, each with Remove when dev is
// the saved eSIM (off on a configuration directory the host cannot write
// in, like Regenerate), and, for an eSIM, how full it is: a download onto
// a full eSIM fails with insufficientSpaceOnCard.
func (p *devicePanel) showProfiles(dev simulator.Device) {
	p.profiles.RemoveAll()
	if len(dev.Profiles) == 0 {
		p.profiles.Add(widget.NewLabel("—"))
	}
	removable := p.host != nil && dev.Kind == simulator.KindESIM && p.host.SavedDevice().Kind == simulator.KindESIM
	for _, pr := range dev.Profiles {
		l := widget.NewLabel(fmt.Sprintf("%s  %s  (%s)", pr.ICCID, pr.Operator, pr.State))
		// Between words: breaking anywhere left "Contoso Mobile (" over
		// "installed)" (found by GUI QA). An ICCID longer than the line
		// is broken all the same.
		l.Wrapping = fyne.TextWrapWord
		if pr.State == simulator.ProfileActive {
			l.TextStyle.Bold = true
			l.Importance = widget.SuccessImportance
			l.SetText("● " + l.Text)
		} else {
			l.SetText("○ " + l.Text)
		}
		if !removable {
			p.profiles.Add(l)
			continue
		}
		iccid := pr.ICCID
		b := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { p.onRemoveProfile(iccid) })
		b.Importance = widget.LowImportance
		if p.readOnly() != nil {
			b.Disable()
		}
		p.profiles.Add(container.NewBorder(nil, nil, nil, b, l))
	}
	if dev.Kind == simulator.KindESIM {
		c := widget.NewLabel(capacityLine(dev))
		c.Wrapping = fyne.TextWrapWord
		if dev.ProfileCount() >= simulator.ProfileCapacity {
			c.Importance = widget.WarningImportance
		}
		p.profiles.Add(c)
	}
}

// capacityLine says how full dev's eSIM is: "Capacity: it holds 8 of its 8
// profiles — full: …".
func capacityLine(dev simulator.Device) string {
	s := "Capacity: " + dev.CapacityText()
	if dev.ProfileCount() >= simulator.ProfileCapacity {
		s += " — full: a download fails with insufficientSpaceOnCard until a profile is removed"
	}
	return s
}

// onRemoveProfile removes the profile iccid from the saved eSIM, as
// `mpsim device remove-profile --iccid` does.
func (p *devicePanel) onRemoveProfile(iccid string) {
	p.changeDevice(func(d *simulator.Device) error { return d.RemoveProfile(iccid) })
}

// changeDevice applies change to the saved device under the store's lock
// (a session of another process finishing meanwhile keeps its changes),
// then shows the device saved, or in the note why nothing was.
func (p *devicePanel) changeDevice(change func(*simulator.Device) error) {
	if p.host == nil || p.readOnly() != nil {
		return
	}
	if _, err := p.host.UpdateDevice(change); err != nil {
		p.note.SetText(Sentence(err.Error()))
		p.relayout()
		return
	}
	if p.onSaved != nil {
		p.onSaved()
	}
}

// lpaLines are dev's LPA errors as the LPA errors row shows them.
func lpaLines(dev simulator.Device) string {
	var lines []string
	for _, e := range dev.LPAErrors {
		lines = append(lines, fmt.Sprintf("%s at %s %s", e.Code, e.At.Format(time.DateTime), e.ICCID))
	}
	return strings.Join(lines, "\n") + "\n→ the next launch carries X-MP-LPAError-* (contract §1.4)"
}

// readOnly is why the host saves nothing in its configuration directory,
// nil when it does (or without a host).
func (p *devicePanel) readOnly() *workspace.NotWritableError {
	if p.host == nil {
		return nil
	}
	return p.host.ReadOnly()
}

// readOnlyNote is the note on a configuration directory the host cannot
// write in (ro): that the device cannot be saved and why, which device dev
// is (a per-session view of saved, the one read there, or one generated
// for the window) and what lasts, and why Regenerate and Clear LPA errors
// are off. The host's notice under the toolbar says the same of the whole
// window, but it may have been closed.
func (p *devicePanel) readOnlyNote(ro *workspace.NotWritableError, dev, saved simulator.Device) string {
	var which string
	_, generated := p.host.Created()
	switch {
	case dev.Kind != saved.Kind:
		which = fmt.Sprintf("This is a per-session view of the %s device (same IMEI), for each session alone.", simLabel(saved.Kind))
	case generated:
		which = "This device was generated for this window; the sessions' changes to it last until the window closes."
	default:
		which = "This is the device read there (" + filepath.Base(p.host.DevicePath()) + "); the sessions' changes to it last until the window closes."
	}
	return Sentence("the device cannot be saved: "+ro.Reason()) + " " + which +
		" Regenerate, Clear LPA errors and Remove are off: they save the device."
}

// relayout places the rows again after show changed their heights: Fyne
// lays out a form's rows only when the form is resized, so a Profiles row
// grown from one profile to three (the eSIM after the physical SIM) ran
// under the LPA errors row and the note, and a shrunk one left a gap.
// Nothing is done when the rows kept their heights (show runs at each
// keystroke in the launch form).
func (p *devicePanel) relayout() {
	if p.scroll == nil {
		return
	}
	m := p.body.MinSize()
	if m == p.laidOut {
		return
	}
	p.laidOut = m
	p.scroll.Refresh() // the card's new height, so that the scroll reaches the buttons
	p.body.Refresh()
}

// onRegenerate saves a new device of the picked kind with fresh identifiers.
func (p *devicePanel) onRegenerate() {
	if p.host == nil || p.readOnly() != nil {
		return
	}
	d := p.host.NewDevice(p.kind())
	if err := p.host.SaveDevice(d); err != nil {
		p.note.SetText(err.Error())
		p.relayout()
		return
	}
	if p.onSaved != nil {
		p.onSaved()
	}
}

// onClearLPA forgets the failed downloads recorded on the saved device.
func (p *devicePanel) onClearLPA() {
	p.changeDevice(func(d *simulator.Device) error {
		d.ClearLPAErrors()
		return nil
	})
}
