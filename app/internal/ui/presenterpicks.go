package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mpsim/simulator"
)

// presenterLanguages are the languages the presenter's picker offers, the
// form's own first when it is none of them.
var presenterLanguages = []string{"en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-BR", "ja-JP", "zh-CN", "ar-SA"}

// presenterPicks are the presenter's language and SIM pickers, in its bar
// beside "Mobile Plans" while the portal is not on the stage: the audience
// sees the launch change without the developer view. They write the
// launch form (its languages, the Device tab's SIM), which the next
// session opens; they are off while a session runs.
type presenterPicks struct {
	lang, sim *widget.Select
	// onLanguage and onSIM are told of the presenter's picks (not of
	// set's); nil: none.
	onLanguage func(lang string)
	onSIM      func(kind simulator.SIMKind)
	setting    bool // set is writing the pickers
}

func (pp *presenterPicks) buildUI() fyne.CanvasObject {
	pp.lang = widget.NewSelect(presenterLanguages, func(l string) {
		if !pp.setting && pp.onLanguage != nil {
			pp.onLanguage(l)
		}
	})
	labels := make([]string, len(simChoices))
	for i, c := range simChoices {
		labels[i] = c.label
	}
	pp.sim = widget.NewSelect(labels, func(label string) {
		if pp.setting || pp.onSIM == nil {
			return
		}
		for _, c := range simChoices {
			if c.label == label {
				pp.onSIM(c.kind)
			}
		}
	})
	pp.lang.PlaceHolder, pp.sim.PlaceHolder = "Language", "SIM"
	return container.NewHBox(pp.lang, pp.sim)
}

// set shows the form's launch: its languages (the first one picked; a
// language the list lacks comes first in it) and SIM kind.
func (pp *presenterPicks) set(langs string, kind simulator.SIMKind) {
	if pp.lang == nil {
		return
	}
	pp.setting = true
	defer func() { pp.setting = false }()
	first := strings.TrimSpace(strings.Split(langs, ",")[0])
	if first == "" {
		first = presenterLanguages[0]
	}
	opts := presenterLanguages
	if !slices.Contains(opts, first) {
		opts = append([]string{first}, presenterLanguages...)
	}
	pp.lang.SetOptions(opts)
	pp.lang.SetSelected(first)
	pp.sim.SetSelected(simLabel(kind))
}

// enable turns the pickers on (between sessions) or off (while one runs).
func (pp *presenterPicks) enable(on bool) {
	for _, s := range []*widget.Select{pp.lang, pp.sim} {
		if s == nil {
			continue
		}
		if on {
			s.Enable()
		} else {
			s.Disable()
		}
	}
}
