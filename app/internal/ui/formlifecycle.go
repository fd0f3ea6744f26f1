package ui

import (
	"fyne.io/fyne/v2/widget"

	"mpsim/bridge"
)

// linkLifecycleForm adds the lifecycle outcomes the next session reports to
// the page (activation result, registration state) to the launch form, as
// `mpsim run --activation-result/--registration-state` take them. They
// mirror the eSIM lifecycle tab's pickers: a choice in one shows in the
// other, and the session reads the tab's.
func (s *HostScreen) linkLifecycleForm() {
	if s.launch.form == nil || s.life.activation == nil {
		return
	}
	s.launch.activation = mirrorSelect(s.life.activation, bridge.ActivationErrors())
	s.launch.registration = mirrorSelect(s.life.registration, bridge.RegistrationStates())
	s.launch.form.Append("Activation result", s.launch.activation)
	s.launch.form.Append("Registration state", s.launch.registration)
}

// mirrorSelect returns a picker over options that stays in step with other.
func mirrorSelect(other *widget.Select, options []string) *widget.Select {
	sel := widget.NewSelect(options, nil)
	sel.Selected = other.Selected
	sel.OnChanged = func(v string) {
		if other.Selected != v {
			other.SetSelected(v)
		}
	}
	prev := other.OnChanged
	other.OnChanged = func(v string) {
		if sel.Selected != v {
			sel.SetSelected(v)
		}
		if prev != nil {
			prev(v)
		}
	}
	return sel
}
