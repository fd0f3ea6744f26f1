package ui

import (
	"context"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// Workspace is everything the host window needs from the outside world: the
// one session runner (the same one `mpsim run` uses) and the saved state the
// screens show and edit. workspace.Runner implements it; tests may use any
// other implementation.
type Workspace interface {
	// Plan resolves a request into the session to run; its launch is the one
	// the launch panel shows and the session opens.
	Plan(workspace.Request) (workspace.Plan, error)
	// Run runs a plan to its end, calling observe with each event.
	Run(ctx context.Context, plan workspace.Plan, observe session.Observer) (workspace.Outcome, error)

	// Launch builds the launch a request would open, without starting
	// anything (the preview).
	Launch(workspace.LaunchRequest) (simulator.Launch, simulator.Device, error)
	// Device returns the device a launch for kind uses ("" = the saved one).
	Device(kind simulator.SIMKind) simulator.Device
	SavedDevice() simulator.Device
	SaveDevice(simulator.Device) error
	// UpdateDevice changes the saved device with fn under the device
	// store's lock, so sessions of other processes finishing meanwhile
	// keep their changes, and returns the device saved.
	UpdateDevice(fn func(*simulator.Device) error) (simulator.Device, error)
	NewDevice(kind simulator.SIMKind) simulator.Device
	DevicePath() string
	// ReadOnly is why nothing is saved in the configuration directory (the
	// host opened on one it cannot write in), nil when it can be written.
	ReadOnly() *workspace.NotWritableError
	// Created returns the seed of the device generated as the workspace
	// opened, ok false when the device was read from the directory.
	Created() (seed int64, ok bool)
	Presets() ([]simulator.Preset, error)
	PresetsFile() string
	// OperatorName names the operator whose portal is tested.
	OperatorName() string
	// Operators are the operator profiles a launch may name (the built-in
	// Contoso and those of operators.toml).
	Operators() ([]simulator.Operator, error)
	// FindOperator returns the operator profile called name
	// (case-insensitive; "" is the workspace's own).
	FindOperator(name string) (simulator.Operator, error)
	// DemoURL is the demo portal's address once it runs, else "".
	DemoURL() string
}

var _ Workspace = workspace.Runner{}
