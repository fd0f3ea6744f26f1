package session

import "slices"

// WalledGardenSetting is the simulated walled garden a session ran in
// (Report.WalledGarden), so that a reader of its walled-garden-blocked
// findings, or of a session that failed for no visible reason, knows the
// setting: QA 'pay' found the report said neither that the garden was on
// nor which hosts it let through.
type WalledGardenSetting struct {
	// On is true: the report has no WalledGarden when it was off.
	On bool `json:"on"`
	// Hosts are every host the garden let through (Config.WalledGarden):
	// its documented hosts (walledgarden.Hosts), the portal's and
	// GetBalance host, the notification hosts, the operator profile's
	// allowed_hosts and --allow-host (a scenario's allow_hosts); "*.x"
	// allows x's subdomains.
	Hosts []string `json:"hosts"`
	// Allowed are the hosts of Hosts beyond the documented ones, the ones
	// the launch added (gardenExtra), as walled-garden-blocked names them.
	Allowed []string `json:"allowed"`
}

// walledGardenSetting is the report's record of cfg's walled garden; nil
// when it is off.
func walledGardenSetting(cfg Config) *WalledGardenSetting {
	if len(cfg.WalledGarden) == 0 {
		return nil
	}
	return &WalledGardenSetting{On: true, Hosts: slices.Clone(cfg.WalledGarden), Allowed: append([]string{}, gardenExtra(cfg)...)}
}
