package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"mpsim/app/internal/history"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// historyRecorder returns the recorder that saves each session of a
// command in the history (see package history), labelled source; nil when
// the history is off (MPSIM_HISTORY_KEEP=0) or has no directory, which is
// said on standard error: the sessions still run.
func historyRecorder(env Env, source string) workspace.Recorder {
	return recorderOf(historyStore(env), source)
}

// historyStore opens the history; nil when it is off (MPSIM_HISTORY_KEEP=0)
// or has no directory, which is said on standard error.
func historyStore(env Env) *history.Store {
	if v := env.Getenv(settings.HistoryKeep); strings.TrimSpace(v) != "" && env.Settings.HistoryKeep == nil {
		// Read by every command; the host window stops on it, the
		// commands say it and go on (it was ignored without a word).
		fmt.Fprintf(env.Stderr, "mpsim: warning: %s=%q is not a whole number of 0 or more (0 saves none): the history keeps the default %d sessions\n",
			settings.HistoryKeep, termsafe.Line(v), history.DefaultKeep)
	}
	s, err := history.Open(env.Getenv, env.Settings)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: warning: sessions are not saved in the history:", termsafe.Line(err.Error()))
		return nil
	}
	if s != nil {
		sayRecovered(env, s.Dir, s.Recovered)
	}
	return s
}

// sayRecovered tells on standard error what opening the history in dir
// finished or removed of what a killed mpsim left (history.Recover).
func sayRecovered(env Env, dir string, r history.Recovery) {
	for _, id := range r.Finished {
		fmt.Fprintf(env.Stderr, "mpsim: the history in %s held session %s half saved (an mpsim was stopped while saving it); it is now saved whole (its report: %s)\n",
			termsafe.Line(dir), id, termsafe.Line(filepath.Join(dir, id, history.ReportFile)))
	}
	if r.Removed > 0 {
		fmt.Fprintf(env.Stderr, "mpsim: the history removed %s of saves or deletions that a killed mpsim did not finish, in %s\n",
			plural(r.Removed, "leftover"), termsafe.Line(dir))
	}
	if r.Err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: warning: what a killed mpsim left in the history was not looked at:", termsafe.Line(r.Err.Error()))
	}
}

// recorderOf is the recorder saving sessions in s labelled source; nil
// for no store. The cells of `mpsim test` that --bail or an interrupt cut
// short are not saved (cellRecorder).
func recorderOf(s *history.Store, source string) workspace.Recorder {
	return recorderOn(s, source, nil)
}

// recorderOn is recorderOf for sessions whose windows open on display
// (nil: not watched): a cell that ends while display has ended is not
// saved either.
func recorderOn(s *history.Store, source string, display matrix.Display) workspace.Recorder {
	if s == nil {
		return nil
	}
	r := history.Recorder{Store: s, Source: source}
	if source == history.SourceTest {
		return cellRecorder{r, display}
	}
	return r
}

// cellRecorder saves the sessions of `mpsim test`'s cells, but not those
// that --bail or an interrupt (SIGINT, SIGTERM) cut short: a cell's
// session ends cancelled only so. The run's terminal lines, JUnit, HTML
// and JSON call such a cell skipped; in the history it read as the
// portal's failure (verdict no-callback, no hand-back), and its duration,
// the seconds it ran before the stop, made the next --parallel run start
// the cell last (lastDurations). Nor those the X display took along when
// it ended (its Xvfb killed): their windows died with it, and the history
// would keep them as portals that never called back, which the run
// itself reports as cells not run.
type cellRecorder struct {
	history.Recorder
	display matrix.Display // nil: not watched
}

// cutShort says whether a cell's session that ended so was cut short: by
// --bail or an interrupt, or by its display ending.
func (r cellRecorder) cutShort(rep session.Report) bool {
	return rep.Ended == session.EndedCancelled || (r.display != nil && r.display.Ended() != nil)
}

// Record saves the cell's session unless it was cut short; then it
// returns no ID.
func (r cellRecorder) Record(plan workspace.Plan, rep session.Report) (string, error) {
	if r.cutShort(rep) {
		return "", nil
	}
	return r.Recorder.Record(plan, rep)
}

// RecordCell saves the cell's session with what its expectations said of
// it (history.Recorder.RecordCell) unless it was cut short; then it
// returns no ID.
func (r cellRecorder) RecordCell(plan workspace.Plan, rep session.Report, out matrix.CellOutcome) (string, error) {
	if r.cutShort(rep) {
		return "", nil
	}
	return r.Recorder.RecordCell(plan, rep, out)
}

var (
	_ workspace.Replacer  = cellRecorder{}
	_ matrix.CellReplacer = cellRecorder{}
)

// Replace saves the cell's session again in place of the entry id
// (history.Recorder.Replace), unless it was cut short.
func (r cellRecorder) Replace(id string, plan workspace.Plan, rep session.Report) (string, error) {
	if r.cutShort(rep) {
		return id, nil
	}
	return r.Recorder.Replace(id, plan, rep)
}

// ReplaceCell saves the cell's session again, with what its expectations
// said of it, in place of the entry id (history.Recorder.ReplaceCell),
// unless it was cut short.
func (r cellRecorder) ReplaceCell(id string, plan workspace.Plan, rep session.Report, out matrix.CellOutcome) (string, error) {
	if r.cutShort(rep) {
		return id, nil
	}
	return r.Recorder.ReplaceCell(id, plan, rep, out)
}

// lastDurations says how long each cell took the last time `mpsim test`
// ran it, from the history s: the newest entry of the same scenario name,
// SIM kind and language, from the demo portal or not as the cell is (so a
// scenario of the same name for another portal may lend its time; that
// changes the order cells start in and the estimate of the time left,
// nothing else). A session that was cut short (ended cancelled, saved
// before cellRecorder left those out) tells nothing of how long the cell
// takes and is passed over. Nil when nothing is known.
func lastDurations(s *history.Store) func(matrix.Cell) time.Duration {
	if s == nil {
		return nil
	}
	entries, _, err := s.List()
	if err != nil {
		return nil
	}
	last := map[string]time.Duration{}
	for _, e := range entries { // newest first
		if e.Source != history.SourceTest || e.DurationMs <= 0 || e.Scenario == "" || e.Ended == session.EndedCancelled {
			continue
		}
		key := durationKey(e.Scenario, e.SIM, e.Language(), e.Demo)
		if _, ok := last[key]; !ok {
			last[key] = time.Duration(e.DurationMs * float64(time.Millisecond))
		}
	}
	if len(last) == 0 {
		return nil
	}
	return func(c matrix.Cell) time.Duration {
		return last[durationKey(c.Scenario.Name, c.SIM, c.Lang, c.Scenario.Portal == "")]
	}
}

func durationKey(scenario string, sim simulator.SIMKind, lang string, demo bool) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%t", scenario, sim, lang, demo)
}
