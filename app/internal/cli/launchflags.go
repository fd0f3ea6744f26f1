package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"mpsim/app/internal/suggest"
	"mpsim/app/internal/watch"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
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
	fs.StringVar(&f.txID, "transaction-id", "", "transactionId `ID` to send (default: generated)")
	fs.Var(&f.extra, "param", "extra launch parameter `NAME=VALUE` (repeatable), to test that the portal ignores it")
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
		if !strings.HasPrefix(f.portal, "https://") && !strings.HasPrefix(f.portal, "http://") {
			if fixed, ok := fixScheme(f.portal); ok {
				return req, fmt.Errorf("--portal %q: give an http(s) URL, like %s", f.portal, fixed)
			}
			if strings.Contains(f.portal, "://") {
				return req, fmt.Errorf("--portal %q: give an http(s) URL", f.portal)
			}
			return req, fmt.Errorf("--portal %q: give an http(s) URL, %s", f.portal, schemeSuggestion(f.portal))
		}
	}
	req.PortalURL, req.TransactionID, req.Preset = f.portal, f.txID, f.preset
	req.PhoneNumber, req.CountryCode, req.PreviousICCID = f.phone, f.country, f.previousICCID
	f.applyExplicit(&req, langs, notes, gen)
	return req, nil
}

// schemeSuggestion is the URL a portal given without its scheme likely
// meant, as the end of the sentence that refuses it: like https://…, and
// for a loopback host (127.0.0.1, localhost, [::1]) also http://…, which
// the simulator accepts from a local development server (bridge.CheckOrigin).
func schemeSuggestion(portal string) string {
	rest := bracketIPv6(strings.TrimPrefix(portal, "//"))
	if isLoopbackHTTPHost(hostOf(rest)) {
		return fmt.Sprintf("like https://%s (or http://%s for a local development server)", rest, rest)
	}
	return "like https://" + rest
}

// mistypedScheme is a URL whose scheme looks like http or https mistyped
// (htp, htps, HTTP) or whose "://" is ("http:/", "http//", "https:///"):
// the scheme's word, what follows it up to the host, and the rest.
var mistypedScheme = regexp.MustCompile(`^([A-Za-z]{3,6})(:/{0,3}|/{2,3})([^/].*)$`)

// fixScheme is raw with its mistyped http or https scheme fixed
// (mistypedScheme): "http:/127.0.0.1:8123/" gives http://127.0.0.1:8123/,
// "htps://portal.example" https://portal.example. ok is false when raw's
// scheme is not one of those mistyped, or is written right.
func fixScheme(raw string) (fixed string, ok bool) {
	m := mistypedScheme.FindStringSubmatch(raw)
	if m == nil {
		return "", false
	}
	word, sep, rest := strings.ToLower(m[1]), m[2], m[3]
	toHTTP, toHTTPS := suggest.Distance(word, "http"), suggest.Distance(word, "https")
	scheme := "http"
	if toHTTPS < toHTTP {
		scheme = "https"
	}
	switch {
	case min(toHTTP, toHTTPS) > 1:
		return "", false // another scheme, or a host ("host:8080")
	case sep == ":" && min(toHTTP, toHTTPS) != 0:
		return "", false // "htp:8080" may be a host and port
	case sep == "://" && m[1] == scheme:
		return "", false // written right
	}
	return scheme + "://" + bracketIPv6(rest), true
}

// bracketIPv6 puts in brackets the IPv6 address that starts rest, a URL
// without its scheme, as a URL needs it: "::1:8123/" gives [::1]:8123/
// (a last group of digits after "::" is taken as the port), "fe80::1"
// [fe80::1]. Anything else is returned as it is.
func bracketIPv6(rest string) string {
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if strings.Count(authority, ":") < 2 || strings.ContainsAny(authority, "[]@") {
		return rest
	}
	if i := strings.LastIndex(authority, ":"); strings.Contains(authority[:i], "::") && isPort(authority[i+1:]) && net.ParseIP(authority[:i]) != nil {
		return "[" + authority[:i] + "]:" + authority[i+1:] + tail
	}
	if net.ParseIP(authority) != nil {
		return "[" + authority + "]" + tail
	}
	return rest
}

// isPort reports whether s is a port number: 1 to 5 decimal digits.
func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// urlSuggestion is, for a --watch target that is no directory, the http(s)
// URL it likely meant, as the end of the sentence that refuses it ("like
// http://…"), or "" when it does not look like a URL: a mistyped scheme
// (fixScheme), or no scheme before a host with a port, a loopback host or
// an IP address ("127.0.0.1:18461/", "localhost/portal").
func urlSuggestion(target string) string {
	if fixed, ok := fixScheme(target); ok {
		return "like " + fixed
	}
	if strings.Contains(target, "://") {
		return ""
	}
	rest := bracketIPv6(strings.TrimPrefix(target, "//"))
	authority := rest
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	host := hostOf(rest)
	_, port, err := net.SplitHostPort(authority)
	if (err == nil && isPort(port) && host != "") || isLoopbackHTTPHost(host) || net.ParseIP(host) != nil {
		return schemeSuggestion(target)
	}
	return ""
}

// checkWatch is watch.Check, with the URL a target that is no directory
// likely meant (urlSuggestion): "127.0.0.1:18461/" is not a missing
// directory but a URL without its scheme.
func checkWatch(target string) error {
	err := watch.Check(target)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if hint := urlSuggestion(target); hint != "" {
		return fmt.Errorf("--watch %s: no such directory, nor an http(s) URL; give the portal's directory or its URL, %s", target, hint)
	}
	return err
}

// hostOf is the host name of a URL written without its scheme
// ("127.0.0.1:8080/path" gives 127.0.0.1, "[::1]:8080" gives ::1).
func hostOf(rest string) string {
	authority := rest
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if _, after, ok := strings.Cut(authority, "@"); ok {
		authority = after
	}
	if u, err := url.Parse("//" + authority); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return authority
}

// isLoopbackHTTPHost reports whether host is one of the loopback hosts a
// portal may be served from over plain http (bridge.CheckOrigin's:
// 127.0.0.1, localhost and ::1).
func isLoopbackHTTPHost(host string) bool {
	switch strings.ToLower(host) {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
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

// generationNames are the launch generations' names, as --generation takes
// them.
func generationNames() []string {
	var names []string
	for _, g := range simulator.Generations() {
		names = append(names, string(g))
	}
	return names
}
