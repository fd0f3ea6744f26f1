package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/pflag"

	"mpsim/app/internal/watch"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
	"mpsim/simulator/urlhint"
)

// launchFlags are the flags shared by url and run.
type launchFlags struct {
	sim, market, location, lang, portal, generation, txID string
	preset, phone, country                                string
	previousICCID                                         bool
	extra                                                 multiFlag
	state                                                 stateFlags
	set                                                   map[string]bool
}

// stateFlags choose the files and the first-run seed (url, run, device, presets).
type stateFlags struct {
	config   string
	seed     seedFlag
	operator string // operator profile name (--operator); "" is Contoso Mobile
}

// register adds --seed with its usage text. The presets file (--config) is
// a global flag; the command copies env.ConfigFile into config when it runs.
func (s *stateFlags) register(fs *pflag.FlagSet, seedUsage string) {
	fs.Var(&s.seed, "seed", seedUsage)
}

func (f *launchFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.sim, "sim", "", "`SIM` of the simulated device: esim, psim or none (default: the saved device's, or the preset's)")
	fs.StringVar(&f.market, "market", workspace.DefaultMarket, "market: two-letter ISO 3166 `CC` of the PC's region setting")
	fs.StringVar(&f.location, "location", workspace.DefaultLocation, "location: two-letter ISO 3166 `CC` of the user's country")
	fs.StringVar(&f.lang, "lang", workspace.DefaultLanguage, "`LANGS` in preference order, e.g. fr-FR,fr,en, or an Accept-Language value (q-values set the order, q=0 leaves a language out)")
	fs.StringVar(&f.portal, "portal", "", "portal `URL` (default: the built-in demo portal)")
	fs.StringVar(&f.generation, "generation", string(workspace.DefaultGeneration), "launch `GENERATION` of the real app: current, dynamo-2018, nov-2018")
	fs.StringVar(&f.txID, "transaction-id", "", "transactionId `ID` to send (default: generated); given URL-encoded, as the docs' launch URLs show it (%2F7RBTuSJt02OZbX8.4 is the id /7RBTuSJt02OZbX8.4), it is decoded first, so the URL carries it encoded once")
	fs.Var(&f.extra, "param", "extra launch parameter `NAME=VALUE` (repeatable), appended to the URL, to test that the portal ignores it; a name the launch has already is sent twice, with a warning (--market and the like change a value)")
	fs.StringVar(&f.preset, "preset", "", "launch preset `NAME` (see 'mpsim presets'); flags given explicitly override it")
	fs.StringVar(&f.phone, "phone-number", "", "phoneNumber `NUMBER` to send (generation nov-2018 only)")
	fs.StringVar(&f.country, "country-code", "", "countryCode `CC` to send (generation nov-2018 only)")
	fs.StringVar(&f.state.operator, "operator", "", "operator profile `NAME` (see 'mpsim operators'): its portal, ICCID range, markets, languages and generation (default: Contoso Mobile)")
	fs.BoolVar(&f.previousICCID, "previous-iccid", false, "send the optional eSIM iccid, the \"previous ICCID\" (generation dynamo-2018 only, contract §5 #11)")
	f.state.register(fs, "seed `N` for generating the device when none is saved yet (default: the clock)")
}

// parsed records which flags were given on the command line; call it after parsing.
func (f *launchFlags) parsed(fs *pflag.FlagSet) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *pflag.Flag) { f.set[fl.Name] = true })
}

// request turns the flags into a launch request. Flags left at their
// defaults stay empty in the request, so a preset's values apply.
func (f *launchFlags) request() (workspace.LaunchRequest, error) {
	var req workspace.LaunchRequest
	if f.sim != "" {
		kind := simulator.SIMKind(strings.ToLower(f.sim))
		if !kind.Valid() {
			return req, fmt.Errorf("--sim %q: use esim, psim or none", f.sim)
		}
		req.SIM = kind
	}
	generation, err := oneOf("--generation", f.generation, generationNames())
	if err != nil {
		return req, err
	}
	gen := simulator.Generation(generation)
	langs, notes, err := workspace.ParseLanguagesWithNotes(f.lang)
	if err != nil {
		return req, fmt.Errorf("--lang %q: %w", f.lang, err)
	}
	for _, e := range f.extra {
		name, value, ok := strings.Cut(e, "=")
		if !ok || name == "" {
			return req, fmt.Errorf("--param %q: use NAME=VALUE", e)
		}
		req.Extra = append(req.Extra, simulator.Param{Name: name, Value: value})
	}
	if f.portal != "" {
		if err := urlhint.Portal(f.portal); err != nil {
			return req, fmt.Errorf("--portal %q: %w", f.portal, err)
		}
	}
	req.PortalURL, req.TransactionID, req.Preset = f.portal, f.txID, f.preset
	req.PhoneNumber, req.CountryCode, req.PreviousICCID = f.phone, f.country, f.previousICCID
	f.applyExplicit(&req, langs, notes, gen)
	return req, nil
}

// checkWatch is watch.Check, with the URL a target that is no directory
// likely meant (urlhint.URLSuggestion): "127.0.0.1:18461/" is not a
// missing directory but a URL without its scheme. A target that starts
// with http:// or https:// is checked as a URL (urlhint.Portal): "http://::1:8123/"
// needs its brackets, which watch.Check does not say.
func checkWatch(target string) error {
	err := watch.Check(target)
	if err == nil {
		isURL := watch.IsURL(target)
		if hint := urlhint.Portal(target); isURL && hint != nil {
			return fmt.Errorf("--watch %s: %w", target, hint)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if hint := urlhint.URLSuggestion(target); hint != "" {
		return fmt.Errorf("--watch %s: no such directory, nor an http(s) URL; give the portal's directory or its URL, %s", target, hint)
	}
	return err
}

// applyExplicit sets market, location, languages (with what parsing them
// changed, langNotes) and generation in req. Without a preset or operator
// the flag defaults are the host's defaults; with one, only what was given
// explicitly overrides its values.
func (f *launchFlags) applyExplicit(req *workspace.LaunchRequest, langs, langNotes []string, gen simulator.Generation) {
	explicit := func(name string) bool { return f.preset == "" && f.state.operator == "" || f.set[name] }
	if explicit("market") {
		req.Market = f.market
	}
	if explicit("location") {
		req.Location = f.location
	}
	if explicit("lang") {
		req.Languages, req.LanguageNotes = langs, langNotes
	}
	if explicit("generation") {
		req.Generation = gen
	}
}

// transactionIDNote says that --transaction-id id was given URL-encoded
// and which id the launch sends (simulator.DecodeTransactionID); "" when
// it is sent as given.
func transactionIDNote(id string) string {
	dec, ok := simulator.DecodeTransactionID(id)
	if !ok {
		return ""
	}
	return fmt.Sprintf("--transaction-id %s is URL-encoded: the launch sends the id %s, which the URL carries encoded once", id, dec)
}

// paramFlag is the flag that sets the value of the documented launch
// parameter name, or "" when none does (eid, imei, iccids come from the
// device).
func paramFlag(name string) string {
	switch name {
	case "market", "location":
		return "--" + name
	case "transactionId":
		return "--transaction-id"
	case "phoneNumber":
		return "--phone-number"
	case "countryCode":
		return "--country-code"
	}
	return ""
}

// paramDuplicates says of each parameter given with --param (extra) whose
// name the launch l carries more than once that the URL has it twice, and,
// for a documented parameter, which flag changes its value instead. --param
// appends verbatim, duplicates included (simulator.LaunchOptions.Extra,
// docs/scenarios.md: a duplicate name is how a negative launch is made, as
// the duplicate-parameters preset sends market twice), so it does not
// replace the value; before, `--param market=FR` doubled market without a
// word, where the developer most likely meant --market FR.
func paramDuplicates(l simulator.Launch, extra []simulator.Param) []string {
	count := map[string]int{}
	for _, p := range l.Params {
		count[p.Name]++
	}
	var out []string
	said := map[string]bool{}
	for _, e := range extra {
		if count[e.Name] < 2 || said[e.Name] {
			continue
		}
		said[e.Name] = true
		first, _ := l.Param(e.Name)
		times := fmt.Sprintf("%d times", count[e.Name])
		if count[e.Name] == 2 {
			times = "twice"
		}
		w := fmt.Sprintf("--param %s=%s: the launch has %s already (%q), so the URL carries it %s (--param adds, it does not replace: a negative launch, as the duplicate-parameters preset)",
			e.Name, e.Value, e.Name, first, times)
		if flag := paramFlag(e.Name); flag != "" {
			w += fmt.Sprintf("; to change its value, give %s %s instead", flag, e.Value)
		}
		out = append(out, w)
	}
	return out
}

// generationNames are the launch generations' names, as --generation takes
// them.
func generationNames() []string {
	var names []string
	for _, g := range simulator.Generations() {
		names = append(names, string(g))
	}
	return names
}
