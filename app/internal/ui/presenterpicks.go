package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/simulator"
)

// presenterLanguages are the languages the presenter's picker offers, the
// form's own first when it is none of them.
var presenterLanguages = []string{"en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-BR", "ja-JP", "zh-CN", "ar-SA"}

// presenterPicks are the presenter's language and SIM pickers, in its bar
// beside "Mobile Plans" while the portal is not on the stage: the audience
// sees the launch change without the developer view. They show the launch
// Start again opens (HostScreen.showPicks): the re-run's after a History
// Re-run, the form's otherwise. A pick that changes what they show writes
// both pickers' values to the launch form (its languages, the Device tab's
// SIM) and ends the re-run, so that Start again opens the form's launch
// with what the bar shows; a pick of the value already shown changes
// nothing (a language list like "de-CH-1996,de;q=0.9" is kept whole when
// its first tag is picked again; picking another language replaces the
// list with that one language). They are off while a session runs.
type presenterPicks struct {
	lang, sim *widget.Select
	// onPick is told of the presenter's picks that change the launch
	// shown (not of set's): the languages and the SIM kind the bar shows
	// with the pick; nil: none.
	onPick func(langs string, kind simulator.SIMKind)
	// langs and kind are the launch the bar shows (the whole language
	// list, of which the picker shows the first tag).
	langs   string
	kind    simulator.SIMKind
	setting bool // set is writing the pickers
}

func (pp *presenterPicks) buildUI() fyne.CanvasObject {
	pp.lang = widget.NewSelect(presenterLanguages, func(l string) {
		if pp.setting || l == firstLanguage(pp.langs) {
			return
		}
		pp.langs = l
		pp.picked()
	})
	labels := make([]string, len(simChoices))
	for i, c := range simChoices {
		labels[i] = c.label
	}
	pp.sim = widget.NewSelect(labels, func(label string) {
		if pp.setting {
			return
		}
		for _, c := range simChoices {
			if c.label == label && c.kind != pp.kind {
				pp.kind = c.kind
				pp.picked()
			}
		}
	})
	pp.lang.PlaceHolder, pp.sim.PlaceHolder = "Language", "SIM"
	// A Select is as wide as its placeholder: "SIM" left "Physical SIM"
	// cut to "Phy…" (found in a stakeholder demo).
	return container.NewHBox(
		container.New(optionsWide{pp.lang}, pp.lang),
		container.New(optionsWide{pp.sim}, pp.sim))
}

// optionsWide lays out a Select at least as wide as its longest option
// (or placeholder) shown whole: a Select's own MinSize measures only its
// placeholder, and cuts a longer option with an ellipsis.
type optionsWide struct{ sel *widget.Select }

// MinSize implements fyne.Layout: the Select's, widened to its longest
// option with the room the Select's renderer leaves around its label
// (padding each side of the text, the drop icon and its inner padding).
func (l optionsWide) MinSize([]fyne.CanvasObject) fyne.Size {
	th := l.sel.Theme()
	pad, innerPad := th.Size(theme.SizeNamePadding), th.Size(theme.SizeNameInnerPadding)
	size := l.sel.MinSize()
	for _, o := range append([]string{l.sel.PlaceHolder}, l.sel.Options...) {
		text := fyne.MeasureText(o, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width
		size.Width = max(size.Width, text+3*pad+th.Size(theme.SizeNameInlineIcon)+innerPad)
	}
	return size
}

// Layout implements fyne.Layout: the Select fills the space.
func (l optionsWide) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// picked tells onPick of a pick.
func (pp *presenterPicks) picked() {
	if pp.onPick != nil {
		pp.onPick(pp.langs, pp.kind)
	}
}

// firstLanguage is the first tag of a language list, the default language
// when it has none.
func firstLanguage(langs string) string {
	if first := strings.TrimSpace(strings.Split(langs, ",")[0]); first != "" {
		return first
	}
	return presenterLanguages[0]
}

// set shows a launch: its languages (the first one picked; a language the
// list lacks comes first in it) and SIM kind.
func (pp *presenterPicks) set(langs string, kind simulator.SIMKind) {
	if pp.lang == nil {
		return
	}
	pp.setting = true
	defer func() { pp.setting = false }()
	pp.langs, pp.kind = langs, kind
	first := firstLanguage(langs)
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
