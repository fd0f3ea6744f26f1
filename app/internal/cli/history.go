package cli

import (
	"fmt"

	"mpsim/app/internal/history"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
)

// historyRecorder returns the recorder that saves each session of a
// command in the history (see package history), labelled source; nil when
// the history is off (MPSIM_HISTORY_KEEP=0) or has no directory, which is
// said on standard error: the sessions still run.
func historyRecorder(env Env, source string) workspace.Recorder {
	s, err := history.Open(env.Getenv, env.Settings)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: warning: sessions are not saved in the history:", termsafe.Line(err.Error()))
		return nil
	}
	if s == nil {
		return nil
	}
	return history.Recorder{Store: s, Source: source}
}
