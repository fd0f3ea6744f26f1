package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// clockSpeeds are the simulated clock choices for deferred flows.
var clockSpeeds = []struct {
	label string
	speed float64
}{
	{"real time (×1)", 1},
	{"1 min per second (×60)", 60},
	{"10 min per second (×600)", 600},
	{"1 hour per second (×3600)", 3600},
}

// downloadTimes are the simulated download durations.
var downloadTimes = []struct {
	label string
	d     time.Duration
}{
	{"0.5 s", 500 * time.Millisecond},
	{"1.5 s", session.DefaultDownloadTime},
	{"5 s", 5 * time.Second},
	{"15 s", 15 * time.Second},
}

// lifecyclePanel is the simulated eSIM's lifecycle: what the current session
// did (download progress, activation, network registration, deferred
// downloads on the simulated clock), and the outcomes the host will report
// to the page in the next session's inline flows.
type lifecyclePanel struct {
	activation   *widget.Select
	registration *widget.Select
	clock        *widget.Select
	download     *widget.Select

	progress  *widget.ProgressBar
	stage     *widget.Label
	activated *widget.Label
	regState  *widget.Label
	events    *widget.Label
	lines     []string
}

func newLifecyclePanel() *lifecyclePanel { return &lifecyclePanel{} }

func (p *lifecyclePanel) buildUI() fyne.CanvasObject {
	p.activation = widget.NewSelect(bridge.ActivationErrors(), nil)
	p.activation.SetSelected("success")
	p.registration = widget.NewSelect(bridge.RegistrationStates(), nil)
	p.registration.SetSelected("home")
	var clocks, dls []string
	for _, c := range clockSpeeds {
		clocks = append(clocks, c.label)
	}
	for _, d := range downloadTimes {
		dls = append(dls, d.label)
	}
	p.clock = widget.NewSelect(clocks, nil)
	p.clock.SetSelected(clockSpeeds[1].label)
	p.download = widget.NewSelect(dls, nil)
	p.download.SetSelected(downloadTimes[1].label)

	p.progress = widget.NewProgressBar()
	p.stage = widget.NewLabelWithStyle("No download yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.stage.Wrapping = fyne.TextWrapWord
	p.activated = widget.NewLabel("—")
	p.regState = widget.NewLabel("—")
	p.events = widget.NewLabel("")
	p.events.Wrapping = fyne.TextWrapWord

	state := widget.NewCard("This session", "What the simulated eSIM did", container.NewVBox(
		p.stage, p.progress,
		widget.NewForm(
			widget.NewFormItem("Activation", p.activated),
			widget.NewFormItem("Registration", p.regState),
		),
		p.events,
	))
	next := widget.NewCard("Next session", "What the host tells the page (§2.5, F3–F7)", widget.NewForm(
		widget.NewFormItem("Activation result", p.activation),
		widget.NewFormItem("Registration state", p.registration),
		widget.NewFormItem("Simulated clock", p.clock),
		widget.NewFormItem("Download time", p.download),
	))
	return container.NewVBox(state, next)
}

// config returns the lifecycle choices for the next session.
func (p *lifecyclePanel) config() session.Lifecycle {
	lc := session.Lifecycle{ActivationResult: p.activation.Selected, RegistrationState: p.registration.Selected}
	for _, c := range clockSpeeds {
		if c.label == p.clock.Selected {
			lc.ClockSpeed = c.speed
		}
	}
	for _, d := range downloadTimes {
		if d.label == p.download.Selected {
			lc.DownloadTime = d.d
		}
	}
	return lc
}

// reset clears the session state for a new session.
func (p *lifecyclePanel) reset() {
	p.lines = nil
	p.progress.SetValue(0)
	p.progress.Show()
	p.stage.SetText("No download yet")
	p.stage.Importance = widget.MediumImportance
	p.activated.SetText("—")
	p.regState.SetText("—")
	p.events.SetText("")
}

// load replays a whole log (a reopened report's).
func (p *lifecyclePanel) load(entries []session.LogEntry) {
	p.reset()
	for _, e := range entries {
		p.observe(e)
	}
}

// observe follows one log entry of the session.
func (p *lifecyclePanel) observe(e session.LogEntry) {
	switch {
	case e.Lifecycle != nil:
		p.onLifecycle(*e.Lifecycle)
	case e.Callback != nil:
		p.onCallback(*e.Callback)
	default:
		return
	}
	p.lines = append(p.lines, e.At.Format("15:04:05")+"  "+e.Text)
	if len(p.lines) > 12 {
		p.lines = p.lines[len(p.lines)-12:]
	}
	p.events.SetText(strings.Join(p.lines, "\n"))
}

// setStage shows the download's stage in the colour of imp and, unless
// value is negative, its progress. A failure (DangerImportance) hides the
// progress bar: a full bar in the accent colour under "Activation failed"
// read as a success (found by GUI QA).
func (p *lifecyclePanel) setStage(text string, value float64, imp widget.Importance) {
	p.stage.Importance = imp
	p.stage.SetText(text)
	if value >= 0 {
		p.progress.SetValue(value)
	}
	if imp == widget.DangerImportance {
		p.progress.Hide()
	} else {
		p.progress.Show()
	}
}

func (p *lifecyclePanel) onLifecycle(ev session.LifecycleEvent) {
	switch ev.Step {
	case session.StepDownloadStarted:
		p.setStage("Downloading the profile…", 0.05, widget.HighImportance)
	case session.StepDownloadProgress:
		p.setStage(fmt.Sprintf("Downloading the profile… %.0f%%", ev.Fraction*100), ev.Fraction, widget.HighImportance)
	case session.StepProfileInstalled:
		p.setStage("Profile installed and active", 1, widget.SuccessImportance)
	case session.StepDownloadFailed:
		p.setStage("Download failed", 1, widget.DangerImportance)
	case session.StepDeferred:
		p.setStage("Deferred download scheduled (simulated clock)", 0, widget.WarningImportance)
	case session.StepDownloadOffered:
		p.setStage("Ready to download — the user accepts", 0, widget.HighImportance)
	case session.StepDeferredCancelled:
		p.setStage("Deferred download cancelled", 0, widget.WarningImportance)
	case session.StepRegistered:
		p.regState.SetText(ev.State)
	}
}

func (p *lifecyclePanel) onCallback(cb session.CallbackRecord) {
	var args map[string]string
	_ = json.Unmarshal(cb.Args, &args)
	switch cb.Listener {
	case "profileActivationComplete":
		res := args["activationResult"]
		text := res
		if args["iccid"] != "" {
			text = fmt.Sprintf("%s (%s)", res, args["iccid"])
		}
		p.activated.SetText(text)
		if res != "success" {
			p.setStage("Activation failed: "+res, -1, widget.DangerImportance)
		}
	case "registrationChanged":
		p.regState.SetText(args["networkRegistrationState"])
	}
}
