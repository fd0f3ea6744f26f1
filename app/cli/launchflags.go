package cli

import (
	"flag"
	"fmt"
	"strings"

	"mpsim/app/host"
	"mpsim/simulator"
)

// launchFlags are the flags shared by url and run.
type launchFlags struct {
	sim, market, location, lang, portal, generation, txID string
	extra                                                 multiFlag
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (f *launchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.sim, "sim", "esim", "SIM of the simulated device: esim, psim or none")
	fs.StringVar(&f.market, "market", "US", "market: two-letter ISO 3166 code of the PC's region setting")
	fs.StringVar(&f.location, "location", "US", "location: two-letter ISO 3166 code of the user's country")
	fs.StringVar(&f.lang, "lang", "en-US", "languages in preference order, e.g. fr-FR,fr,en (sent as Accept-Language)")
	fs.StringVar(&f.portal, "portal", "", "portal URL (default: the built-in demo portal)")
	fs.StringVar(&f.generation, "generation", "current", "launch generation of the real app: current, dynamo-2018, nov-2018")
	fs.StringVar(&f.txID, "transaction-id", "", "transactionId to send (default: generated)")
	fs.Var(&f.extra, "param", "extra launch parameter NAME=VALUE (repeatable), to test that the portal ignores it")
}

func (f *launchFlags) request() (host.LaunchRequest, error) {
	kind := simulator.SIMKind(strings.ToLower(f.sim))
	switch kind {
	case simulator.KindESIM, simulator.KindPSIM, simulator.KindNone:
	default:
		return host.LaunchRequest{}, fmt.Errorf("--sim %q: use esim, psim or none", f.sim)
	}
	gen := simulator.Generation(f.generation)
	switch gen {
	case simulator.GenerationCurrent, simulator.GenerationDynamo2018, simulator.GenerationNov2018:
	default:
		return host.LaunchRequest{}, fmt.Errorf("--generation %q: use current, dynamo-2018 or nov-2018", f.generation)
	}
	langs, err := host.ParseLanguages(f.lang)
	if err != nil {
		return host.LaunchRequest{}, fmt.Errorf("--lang %q: %w", f.lang, err)
	}
	var extra []simulator.Param
	for _, e := range f.extra {
		name, value, ok := strings.Cut(e, "=")
		if !ok || name == "" {
			return host.LaunchRequest{}, fmt.Errorf("--param %q: use NAME=VALUE", e)
		}
		extra = append(extra, simulator.Param{Name: name, Value: value})
	}
	if f.portal != "" {
		if !strings.HasPrefix(f.portal, "https://") && !strings.HasPrefix(f.portal, "http://") {
			return host.LaunchRequest{}, fmt.Errorf("--portal %q: give an http(s) URL", f.portal)
		}
	}
	return host.LaunchRequest{
		SIM: kind, PortalURL: f.portal, Market: f.market, Location: f.location,
		Languages: langs, Generation: gen, Extra: extra, TransactionID: f.txID,
	}, nil
}
