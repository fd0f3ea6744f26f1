//go:build bench

// Command driver is the benchmark harness of issue 15 (make bench): it serves
// the portal-weight page set over HTTPS on 127.0.0.1, runs every arm in
// interleaved rounds on one X display (the first round discarded), sees the
// pixels on the screen through XDamage and window grabs, and prints
// min/median/max, the ratios of the medians, and a JSON file.
//
// It is built only with the bench tag (scripts/bench.sh builds it), so that
// go test ./... and go vet ./... never compile it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// arm is one program measured on the page set.
type arm struct {
	ID, Name string
	// cmd builds the command for one run; dir is a fresh scratch directory.
	cmd func(dir string) *exec.Cmd
	// pixels: the arm shows the page (else only its window is measured).
	pixels bool
	// handsBack: the page ends the program (else the driver does, after
	// data or after the window mapped + idle).
	handsBack bool
	// lingers: the page stays lingerMs after its data before it hands back,
	// and the tree's memory is sampled then (sessionPssMB): what a session
	// holds once the first paint's probe has run.
	lingers bool
	// openAfter, for the GUI's session arm: click Open portal this long
	// after the host window maps (its warm portal process is then idle),
	// look for the result in the host window after the hand-back, and end
	// the GUI once it shows.
	openAfter time.Duration
	// reacts: the arm is the minimal Fyne window's -react anchor, whose
	// result is the line its Open portal shows (no page, no hand-back).
	reacts bool
}

// guiIdle is how long the GUI's session arm leaves the host idle before
// Open portal: the warm portal process is ready well within it (about
// 0.7 s on this machine, docs/performance.md).
const guiIdle = 3 * time.Second

// fyneIdle is how long the minimal Fyne window's -react arm waits after its
// window maps before it clicks Open portal.
const fyneIdle = time.Second

// lingerMs is how long a lingering arm's page stays after its data: the
// first paint's probe (a quiet network, then axe-core) is over within about
// a second of the data on this page.
const lingerMs = 3000

// run is what one run of an arm measured, in ms from exec (0: not seen).
type run struct {
	Mapped   float64 `json:"mappedMs"`
	Page     float64 `json:"pageVisibleMs,omitempty"`
	Data     float64 `json:"dataVisibleMs,omitempty"`
	Handback float64 `json:"handbackMs,omitempty"`
	// Called: when the page made its hand-back call (its own clock, sent
	// to /called after the call; a process that exits at once may cut it).
	Called float64 `json:"calledMs,omitempty"`
	// Opened: when the GUI's session arm clicked Open portal; Result: when
	// the host window showed the hand-back's result.
	Opened   float64 `json:"openedMs,omitempty"`
	Result   float64 `json:"resultMs,omitempty"`
	Unmapped float64 `json:"unmappedMs,omitempty"`
	Exit     float64 `json:"exitMs,omitempty"`
	PSSMB    float64 `json:"pssMB,omitempty"`
	// SessionPSSMB: a lingering arm's tree lingerMs after the data.
	SessionPSSMB float64 `json:"sessionPssMB,omitempty"`
	Load         float64 `json:"load1"`
	Err          string  `json:"error,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func main() {
	rounds := flag.Int("rounds", 8, "rounds, the first one discarded")
	out := flag.String("out", "out/bench.json", "JSON file to write")
	mpsim := flag.String("mpsim", "bin/mpsim", "the mpsim binary")
	bare := flag.String("bare", "out/bench/bare", "the bare webview program (bench/bare)")
	fyneMin := flag.String("fyne", "out/bench/fyne", "the minimal Fyne program (bench/fyne)")
	armsFlag := flag.String("arms", "", "comma-separated arm IDs to run: mpsim-run, mpsim-run-noinspect, bare-off, bare-default, fyne, fyne-react, mpsim-gui, mpsim-gui-session, mpsim-run-session, mpsim-run-noinspect-session, bare-off-session, chromium, and with -before mpsim-run-before, mpsim-run-before-env, mpsim-gui-before, mpsim-gui-session-before (default: all that are available)")
	quietWait := flag.Duration("quiet-wait", 30*time.Second, "how long to wait for a 1-minute load average ≤ 1 before starting")
	cliRounds := flag.Int("cli-rounds", 21, "rounds of the commands without a window (0: skip them), the first one discarded")
	before := flag.String("before", "", "an older mpsim binary to run alongside (arms mpsim-run-before, mpsim-run-before-env, and its commands without a window)")
	serve := flag.Bool("serve", false, "only serve the page set and print its URL and certificate file (for trying a page by hand)")
	flag.Parse()
	display := os.Getenv("DISPLAY")
	if display == "" && !*serve {
		fail("DISPLAY is not set: scripts/bench.sh starts an Xvfb for the driver")
	}

	pages := newPageSet()
	url, certPEM, err := pages.serve()
	if err != nil {
		fail(err.Error())
	}
	work, err := os.MkdirTemp("", "mpsim-bench-")
	if err != nil {
		fail(err.Error())
	}
	defer os.RemoveAll(work)
	certFile := filepath.Join(work, "cert.pem")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		fail(err.Error())
	}
	if *serve {
		fmt.Printf("%s\n--trust-cert %s\n", url, certFile)
		select {}
	}
	arms := allArms(url, certFile, *mpsim, *bare, *fyneMin, *before)
	arms = choose(arms, *armsFlag)

	quiet, load := waitQuiet(*quietWait)
	fmt.Printf("machine: %s, %d CPUs, load average %.2f at start (%s); display %s; page %s\n",
		runtime.GOARCH, runtime.NumCPU(), load, map[bool]string{true: "quiet", false: "NOT quiet: figures are noisy, compare ratios"}[quiet], display, url)

	results := map[string][]run{}
	for r := 0; r < *rounds; r++ {
		// Rotate the order each round so that no arm always follows the same one.
		for i := range arms {
			a := arms[(i+r)%len(arms)]
			dir, _ := os.MkdirTemp(work, "run-")
			res := measure(a, dir, display, pages)
			if r > 0 {
				results[a.Name] = append(results[a.Name], res)
			}
			if res.Err != "" {
				fmt.Fprintf(os.Stderr, "round %d %s: %s\n", r, a.Name, res.Err)
			}
		}
		fmt.Fprintf(os.Stderr, "round %d/%d done%s\n", r+1, *rounds, map[bool]string{true: " (discarded)", false: ""}[r == 0])
	}
	rep := summarise(arms, results)
	if *cliRounds > 0 {
		bins := []string{*mpsim}
		if *before != "" {
			bins = append(bins, *before)
		}
		rep.CLI = benchCLI(bins, *cliRounds, work)
	}
	rep.Machine = machine(load, quiet)
	rep.Rounds = *rounds - 1
	rep.URL = url
	print(rep)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err == nil {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
			fail(err.Error())
		}
		fmt.Println("wrote", *out)
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(2)
}

func allArms(url, cert, mpsim, bare, fyneMin, before string) []arm {
	cfg := func(dir string, c *exec.Cmd) *exec.Cmd {
		c.Env = append(os.Environ(), "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"))
		return c
	}
	// mpsimRun is `mpsim run` of bin (its extra flags first) on page, with
	// its configuration and report in the run's scratch directory.
	mpsimRun := func(bin, page string, extra ...string) func(string) *exec.Cmd {
		return func(dir string) *exec.Cmd {
			args := append(append([]string{"run"}, extra...),
				"--portal", page, "--trust-cert", cert, "--timeout", "60s", "--report", filepath.Join(dir, "report.json"))
			return cfg(dir, exec.Command(bin, args...))
		}
	}
	// bareOff is the bare webview on page with compositing off.
	bareOff := func(page string) func(string) *exec.Cmd {
		return func(string) *exec.Cmd {
			c := exec.Command(bare, "-url", page, "-cert", cert)
			c.Env = append(os.Environ(), "WEBKIT_DISABLE_COMPOSITING_MODE=1")
			return c
		}
	}
	// guiSession is bin's host window with the bench page in its launch
	// form, in the light theme (passColour and failColour are its).
	guiSession := func(bin string) func(string) *exec.Cmd {
		return func(dir string) *exec.Cmd {
			c := cfg(dir, exec.Command(bin, "ui", "--portal", url, "--trust-cert", cert))
			c.Env = append(c.Env, "MPSIM_THEME=light")
			return c
		}
	}
	// The page of the -session arms stays lingerMs after its data.
	lingerURL := fmt.Sprintf("%s?linger=%d", url, lingerMs)
	arms := []arm{
		{ID: "mpsim-run", Name: "mpsim run", pixels: true, handsBack: true, cmd: mpsimRun(mpsim, url)},
		{ID: "mpsim-run-noinspect", Name: "mpsim run --no-inspect", pixels: true, handsBack: true, cmd: mpsimRun(mpsim, url, "--no-inspect")},
		{ID: "bare-off", Name: "bare webview, compositing off", pixels: true, handsBack: true, cmd: bareOff(url)},
		{ID: "bare-default", Name: "bare webview, default", pixels: true, handsBack: true, cmd: func(string) *exec.Cmd {
			return exec.Command(bare, "-url", url, "-cert", cert)
		}},
		{ID: "fyne", Name: "minimal Fyne window", cmd: func(string) *exec.Cmd { return exec.Command(fyneMin) }},
		{ID: "fyne-react", Name: "minimal Fyne, click → line", openAfter: fyneIdle, reacts: true, cmd: func(string) *exec.Cmd {
			return exec.Command(fyneMin, "-react")
		}},
		{ID: "mpsim-gui", Name: "mpsim GUI", cmd: func(dir string) *exec.Cmd { return cfg(dir, exec.Command(mpsim)) }},
		{ID: "mpsim-gui-session", Name: "mpsim GUI, Open portal", pixels: true, openAfter: guiIdle, cmd: guiSession(mpsim)},
		{ID: "mpsim-run-session", Name: "mpsim run, 3 s in", pixels: true, handsBack: true, lingers: true, cmd: mpsimRun(mpsim, lingerURL)},
		{ID: "mpsim-run-noinspect-session", Name: "mpsim run --no-inspect, 3 s in", pixels: true, handsBack: true, lingers: true,
			cmd: mpsimRun(mpsim, lingerURL, "--no-inspect")},
		{ID: "bare-off-session", Name: "bare off, 3 s in", pixels: true, handsBack: true, lingers: true, cmd: bareOff(lingerURL)},
	}
	if before != "" {
		arms = append(arms,
			arm{ID: "mpsim-run-before", Name: "mpsim run, before", pixels: true, handsBack: true, cmd: mpsimRun(before, url)},
			// The older parent passes its environment on to the portal
			// child: this is the older mpsim with compositing decided before
			// WebKit starts, and nothing else changed.
			arm{ID: "mpsim-run-before-env", Name: "mpsim run, before + env", pixels: true, handsBack: true, cmd: func(dir string) *exec.Cmd {
				c := mpsimRun(before, url)(dir)
				c.Env = append(c.Env, "WEBKIT_DISABLE_COMPOSITING_MODE=1")
				return c
			}},
			arm{ID: "mpsim-gui-before", Name: "mpsim GUI, before", cmd: func(dir string) *exec.Cmd { return cfg(dir, exec.Command(before)) }},
			// An older mpsim ui without --portal exits at once: the run
			// then says so.
			arm{ID: "mpsim-gui-session-before", Name: "mpsim GUI, Open portal, before", pixels: true, openAfter: guiIdle, cmd: guiSession(before)},
		)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			arms = append(arms, arm{ID: "chromium", Name: "Chromium --app", pixels: true, cmd: func(dir string) *exec.Cmd {
				return exec.Command(p, "--app="+url, "--user-data-dir="+dir, "--no-first-run", "--ignore-certificate-errors", "--window-size=800,600")
			}})
			break
		}
	}
	var have []arm
	for _, a := range arms {
		if _, err := exec.LookPath(a.cmd(os.TempDir()).Path); err != nil {
			fmt.Fprintf(os.Stderr, "bench: skipping %s: %v\n", a.Name, err)
			continue
		}
		have = append(have, a)
	}
	return have
}

func choose(arms []arm, names string) []arm {
	if names == "" {
		return arms
	}
	var out []arm
	for _, a := range arms {
		for _, n := range strings.Split(names, ",") {
			if strings.TrimSpace(n) == a.ID {
				out = append(out, a)
			}
		}
	}
	return out
}

// measure runs one arm once.
func measure(a arm, dir, display string, pages *pageSet) run {
	res := run{Load: load1()}
	w, err := openWatcher(display)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer w.close()
	cmd := a.cmd(dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Getenv("BENCH_VERBOSE") == "" {
		cmd.Stdout, cmd.Stderr = nil, nil
	} else {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	before := pages.handback()
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		res.Err = err.Error()
		return res
	}
	pid := cmd.Process.Pid
	sessionPSS := make(chan float64, 1)
	if a.lingers {
		pages.onHandback(func() {
			select {
			case sessionPSS <- treePSS(pid):
			default:
			}
		})
		defer pages.onHandback(nil)
	}
	exited := make(chan time.Duration, 1)
	go func() { _ = cmd.Wait(); exited <- time.Since(t0) }()
	stop := make(chan struct{})
	pssCh := make(chan float64, 1)
	onMapped, onData := callbacks(a, pid, pssCh)
	spec := watchSpec{pixels: a.pixels, onMapped: onMapped, onData: onData}
	opened := make(chan time.Duration, 1)
	if a.openAfter > 0 {
		handedBack := func() bool { return pages.handback().After(before) }
		var clicked atomic.Bool
		if a.reacts {
			handedBack = clicked.Load
		}
		spec = guiSpec(spec, a.openAfter, display, t0, pid, opened, &clicked, handedBack)
	}
	marksCh := make(chan marks, 1)
	go func() { marksCh <- w.watch(t0, stop, spec) }()

	// The watcher ends at the window's unmap or once the process has exited;
	// the process ends by itself (hand-back) or by the callbacks' SIGTERM.
	var exit time.Duration
	select {
	case exit = <-exited:
	case <-time.After(45 * time.Second):
		res.Err = "timed out after 45 s"
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		exit = <-exited
	}
	close(stop)
	m := <-marksCh
	_ = syscall.Kill(-pid, syscall.SIGKILL) // WebKit helpers left behind, if any
	res.Opened, res.PSSMB, res.SessionPSSMB = ms(ready(opened)), ready(pssCh), ready(sessionPSS)
	finish(&res, a, m, exit, pages, before, t0)
	return res
}

// finish fills res with what the watcher saw (m) and the process's exit
// time, and says what was not seen.
func finish(res *run, a arm, m marks, exit time.Duration, pages *pageSet, before, t0 time.Time) {
	res.Mapped, res.Page, res.Data, res.Unmapped, res.Result = ms(m.mapped), ms(m.page), ms(m.data), ms(m.unmapped), ms(m.result)
	if a.handsBack {
		res.Exit = ms(exit)
	}
	if hb := pages.handback(); (a.handsBack || a.openAfter > 0) && hb.After(before) {
		res.Handback = ms(hb.Sub(t0))
	}
	if c := pages.calledAfter(t0); !c.IsZero() {
		res.Called = ms(c.Sub(t0))
	}
	if a.openAfter > 0 && res.Result == 0 && res.Err == "" {
		res.Err = "the host never showed the hand-back's result"
	}
	if a.pixels && m.data == 0 && res.Err == "" {
		res.Err = "the data colour never showed"
	}
}

// ready returns what ch holds, or the zero value at once.
func ready[T any](ch <-chan T) T {
	var v T
	select {
	case v = <-ch:
	default:
	}
	return v
}

// guiSpec is spec for the GUI's session arm: openAfter after the window
// maps, click Open portal (the time goes to opened); once handedBack, look
// for the result, then end the GUI (pid's group) with SIGTERM.
func guiSpec(spec watchSpec, openAfter time.Duration, display string, t0 time.Time, pid int, opened chan<- time.Duration, clicked *atomic.Bool,
	handedBack func() bool,
) watchSpec {
	onMapped := spec.onMapped
	spec.onMapped = func() {
		onMapped()
		go func() {
			time.Sleep(openAfter)
			if err := clickOpenPortal(display); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
				return
			}
			opened <- time.Since(t0)
			clicked.Store(true)
		}()
	}
	spec.handedBack = handedBack
	spec.onResult = func() { _ = syscall.Kill(-pid, syscall.SIGTERM) }
	return spec
}

// callbacks are what the watcher does when the window maps and when the
// data shows: sample the tree's memory and, for an arm the page cannot end,
// end it.
func callbacks(a arm, pid int, pssCh chan<- float64) (onMapped, onData func()) {
	onData = func() {
		pssCh <- treePSS(pid)
		if !a.handsBack && a.openAfter == 0 {
			_ = syscall.Kill(-pid, syscall.SIGTERM)
		}
	}
	onMapped = func() {}
	if !a.pixels && a.openAfter == 0 {
		// A window-only arm: memory once the window has been idle for 1 s.
		onMapped = func() {
			go func() {
				time.Sleep(time.Second)
				pssCh <- treePSS(pid)
				_ = syscall.Kill(-pid, syscall.SIGTERM)
			}()
		}
	}
	return onMapped, onData
}

// clickOpenPortal clicks the host window's Open portal button, at the
// top left of a window that Xvfb, with no window manager, maps at 0,0.
func clickOpenPortal(display string) error {
	c := exec.Command("xdotool", "mousemove", "60", "21", "click", "1")
	c.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("xdotool: %v: %s", err, out)
	}
	return nil
}

// treePSS sums the PSS (MB) of pid and its descendants.
func treePSS(pid int) float64 {
	kids := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 {
			pp, _ := strconv.Atoi(f[1])
			kids[pp] = append(kids[pp], p)
		}
	}
	total := 0.0
	var walk func(int)
	walk = func(p int) {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", p))
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "Pss:") {
				f := strings.Fields(line)
				kb, _ := strconv.ParseFloat(f[1], 64)
				total += kb / 1024
				if os.Getenv("BENCH_PSS_DETAIL") != "" {
					comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", p))
					exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", p))
					fmt.Fprintf(os.Stderr, "PSS %d %s %.1f %s\n", p, strings.TrimSpace(string(comm)), kb/1024, exe)
					if dir := os.Getenv("BENCH_SMAPS_DIR"); dir != "" {
						smaps, _ := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", p))
						name := fmt.Sprintf("%s/%d-%s.smaps", dir, p, strings.TrimSpace(string(comm)))
						_ = os.WriteFile(name, smaps, 0o644)
					}
				}
			}
		}
		for _, k := range kids[p] {
			walk(k)
		}
	}
	walk(pid)
	return total
}

func load1() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// waitQuiet waits up to max for a 1-minute load average of at most 1.
func waitQuiet(max time.Duration) (bool, float64) {
	deadline := time.Now().Add(max)
	for {
		l := load1()
		if l <= 1 {
			return true, l
		}
		if time.Now().After(deadline) {
			return false, l
		}
		time.Sleep(5 * time.Second)
	}
}

// stat is min/median/max of one metric over the kept rounds.
type stat struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
	N      int     `json:"n"`
}

func statOf(v []float64) *stat {
	var xs []float64
	for _, x := range v {
		if x > 0 {
			xs = append(xs, x)
		}
	}
	if len(xs) == 0 {
		return nil
	}
	sort.Float64s(xs)
	med := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return &stat{Min: xs[0], Median: med, Max: xs[len(xs)-1], N: len(xs)}
}

// span is the time from one mark of a run to another, 0 when either was
// not seen.
func span(from, to func(run) float64) func(run) float64 {
	return func(r run) float64 {
		if from(r) == 0 || to(r) == 0 {
			return 0
		}
		return to(r) - from(r)
	}
}

// metrics are the rows of the table, in order, with how each is computed.
var metrics = []struct {
	key, label string
	f          func(r run) float64
}{
	{"mapped", "window mapped (ms from exec)", func(r run) float64 { return r.Mapped }},
	{"page", "page visible, pixels (ms)", func(r run) float64 { return r.Page }},
	{"data", "data visible, pixels (ms)", func(r run) float64 { return r.Data }},
	{"handbackToUnmap", "hand-back → window unmapped (ms)", span(func(r run) float64 { return r.Handback }, func(r run) float64 { return r.Unmapped })},
	{"handbackToExit", "hand-back → process exit (ms)", span(func(r run) float64 { return r.Handback }, func(r run) float64 { return r.Exit })},
	{"exit", "exec → exit (ms)", func(r run) float64 { return r.Exit }},
	{"openToData", "Open portal → data visible (ms)", span(func(r run) float64 { return r.Opened }, func(r run) float64 { return r.Data })},
	{"handbackToResult", "hand-back → result in the host (ms)", span(func(r run) float64 { return r.Handback }, func(r run) float64 { return r.Result })},
	{"callToResult", "the page's call → result in the host (ms)", span(func(r run) float64 { return r.Called }, func(r run) float64 { return r.Result })},
	{"clickToResult", "Open portal → the line (ms)", func(r run) float64 {
		if r.Handback != 0 {
			return 0 // the GUI's session arm: its result follows a session, not the click
		}
		return span(func(r run) float64 { return r.Opened }, func(r run) float64 { return r.Result })(r)
	}},
	{"pss", "PSS of the process tree (MB)", func(r run) float64 { return r.PSSMB }},
	{"sessionPss", "PSS 3 s after the data (MB)", func(r run) float64 { return r.SessionPSSMB }},
}

type report struct {
	Machine string                      `json:"machine"`
	Rounds  int                         `json:"rounds"`
	URL     string                      `json:"url"`
	Arms    []string                    `json:"arms"`
	Stats   map[string]map[string]*stat `json:"stats"`
	Ratios  map[string]float64          `json:"ratios"`
	Runs    map[string][]run            `json:"runs"`
	CLI     []cliRow                    `json:"cli,omitempty"`
}

func summarise(arms []arm, results map[string][]run) report {
	rep := report{Stats: map[string]map[string]*stat{}, Ratios: map[string]float64{}, Runs: results}
	for _, a := range arms {
		rep.Arms = append(rep.Arms, a.Name)
		rep.Stats[a.Name] = map[string]*stat{}
		for _, m := range metrics {
			var v []float64
			for _, r := range results[a.Name] {
				v = append(v, m.f(r))
			}
			if s := statOf(v); s != nil {
				rep.Stats[a.Name][m.key] = s
			}
		}
	}
	ratio := func(name, num, den, key string) {
		n, d := rep.Stats[num][key], rep.Stats[den][key]
		if n != nil && d != nil && d.Median > 0 {
			rep.Ratios[name] = n.Median / d.Median
		}
	}
	ratio("mpsim run / bare off: data visible (goal ≤ 1.10)", "mpsim run", "bare webview, compositing off", "data")
	ratio("mpsim run / bare off: exec → exit (goal ≤ 1.15)", "mpsim run", "bare webview, compositing off", "exit")
	ratio("mpsim run / bare off: hand-back → exit (goal ≤ 1.5)", "mpsim run", "bare webview, compositing off", "handbackToExit")
	ratio("mpsim run / bare off: PSS (goal ≤ 1.10)", "mpsim run", "bare webview, compositing off", "pss")
	ratio("mpsim run / bare off: PSS 3 s into the session (goal ≤ 1.10)", "mpsim run, 3 s in", "bare off, 3 s in", "sessionPss")
	ratio("mpsim run --no-inspect / bare off: PSS 3 s into the session", "mpsim run --no-inspect, 3 s in", "bare off, 3 s in", "sessionPss")
	ratio("bare default / bare off: data visible", "bare webview, default", "bare webview, compositing off", "data")
	ratio("mpsim GUI / minimal Fyne: window mapped (goal ≤ 1.1)", "mpsim GUI", "minimal Fyne window", "mapped")
	if g, b := rep.Stats["mpsim GUI, Open portal"]["openToData"], rep.Stats["bare webview, compositing off"]["data"]; g != nil && b != nil && b.Median > 0 {
		rep.Ratios["mpsim GUI Open portal → data / bare off exec → data (goal ≤ 0.6)"] = g.Median / b.Median
	}
	if g, f := rep.Stats["mpsim GUI, Open portal"]["callToResult"], rep.Stats["minimal Fyne, click → line"]["clickToResult"]; g != nil && f != nil && f.Median > 0 {
		rep.Ratios["mpsim GUI the page's call → result / minimal Fyne click → line"] = g.Median / f.Median
	}
	ratio("mpsim GUI / before: hand-back → result in the host", "mpsim GUI, Open portal", "mpsim GUI, Open portal, before", "handbackToResult")
	ratio("mpsim GUI / before: the page's call → result in the host", "mpsim GUI, Open portal", "mpsim GUI, Open portal, before", "callToResult")
	ratio("mpsim run before+env / before: data visible (compositing in the env)", "mpsim run, before + env", "mpsim run, before", "data")
	ratio("mpsim run / mpsim run before: data visible", "mpsim run", "mpsim run, before", "data")
	ratio("mpsim run / mpsim run before: exec → exit", "mpsim run", "mpsim run, before", "exit")
	ratio("mpsim GUI / mpsim GUI before: window mapped", "mpsim GUI", "mpsim GUI, before", "mapped")
	ratio("Chromium / bare off: data visible", "Chromium --app", "bare webview, compositing off", "data")
	return rep
}

func print(rep report) {
	fmt.Printf("\n%d kept rounds; min / median / max\n", rep.Rounds)
	fmt.Printf("%-36s", "")
	for _, a := range rep.Arms {
		fmt.Printf(" | %-24s", a)
	}
	fmt.Println()
	for _, m := range metrics {
		fmt.Printf("%-36s", m.label)
		for _, a := range rep.Arms {
			s := rep.Stats[a][m.key]
			if s == nil {
				fmt.Printf(" | %-24s", "–")
				continue
			}
			fmt.Printf(" | %-24s", fmt.Sprintf("%.0f / %.0f / %.0f", s.Min, s.Median, s.Max))
		}
		fmt.Println()
	}
	fmt.Println()
	keys := make([]string, 0, len(rep.Ratios))
	for k := range rep.Ratios {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("ratio %-58s %.2f\n", k, rep.Ratios[k])
	}
	printCLI(rep.CLI)
}

func machine(load float64, quiet bool) string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(line[strings.Index(line, ":")+1:])
				break
			}
		}
	}
	q := "quiet"
	if !quiet {
		q = "busy"
	}
	return fmt.Sprintf("%s, %d CPUs, %s, load average %.2f at start (%s), Xvfb without GPU", cpu, runtime.NumCPU(), runtime.Version(), load, q)
}
