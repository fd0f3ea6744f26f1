package session_test

import (
	"context"
	"errors"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// A cancelled session ends as the host's cancel, or as the user's when the
// cause is ErrUserCancelled (leaving the operator experience, §1.6), and
// the Embed spec reaches the window unchanged.
func TestSessionCancelCauses(t *testing.T) {
	tests := []struct {
		name  string
		cause error
		want  string
	}{
		{"the host cancels", nil, session.EndedCancelled},
		{"another cause", errors.New("host closing"), session.EndedCancelled},
		{"the user leaves", session.ErrUserCancelled, session.EndedUserCancelled},
		{"the user leaves, wrapped", errors.Join(errors.New("pane"), session.ErrUserCancelled), session.EndedUserCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			cfg := testConfig()
			cfg.Embed = &session.Embed{Parent: 0x2a00003, Rect: session.Rect{X: 4, Y: 134, Width: 800, Height: 600}, Scale: 1.5}
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				if w.Spec.Embed != cfg.Embed {
					t.Errorf("window spec Embed = %+v, want %+v", w.Spec.Embed, cfg.Embed)
				}
				cancel(tt.cause)
			}}
			rep, err := session.Run(ctx, opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != tt.want || rep.Verdict != bridge.VerdictNoCallback {
				t.Errorf("ended %q verdict %q, want %q %q", rep.Ended, rep.Verdict, tt.want, bridge.VerdictNoCallback)
			}
		})
	}
}
