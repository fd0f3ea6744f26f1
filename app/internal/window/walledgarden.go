package window

import (
	"fmt"
	"os"

	"mpsim/app/internal/ipc"
	"mpsim/simulator/walledgarden"
)

// walledGarden puts the walled garden's content filter on the view and runs
// navigate once it is in place; a filter that does not compile ends the
// session as a load failure (failing closed: the portal never runs
// unfiltered). The returned cleanup removes the filter store.
func (p *portal) walledGarden(spec ipc.StartSpec, navigate func()) (func(), error) {
	rules, err := walledgarden.Rules(spec.WalledGarden)
	if err != nil {
		return nil, fmt.Errorf("portal window: walled garden rules: %w", err)
	}
	dir, err := os.MkdirTemp("", "mpsim-filter-")
	if err != nil {
		return nil, fmt.Errorf("portal window: walled garden filter store: %w", err)
	}
	p.view.AddContentFilter(dir, "walled-garden", rules, func(errText string) {
		if errText != "" {
			p.fatal(ipc.LoadNetwork, spec.URL, "the walled garden's content filter did not compile: "+errText, false)
			return
		}
		navigate()
	})
	return func() { _ = os.RemoveAll(dir) }, nil
}
