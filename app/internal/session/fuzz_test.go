package session_test

import (
	"context"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"strings"
	"testing"
	"time"

	"mpsim/bridge"
)

// FuzzSessionEnvelope feeds arbitrary envelopes through the whole call
// handling of a session (parse, origin, decode, flows, call-backs): nothing
// may panic or hang, and the session always ends with a known verdict.
func FuzzSessionEnvelope(f *testing.F) {
	seeds := []string{
		`{"token":"t0k3n","api":"DataMart.notifyPurchaseResult","args":["{\"ver\":\"1\",\"success\":true}"],"pageUrl":"https://portal.example/"}`,
		`{"token":"t0k3n","api":"MobilePlansInlineOperations.notifyProfileDownload","args":[{"moDirectStatus":"Complete","planName":"p"},"1$a.example$B"],"pageUrl":"https://portal.example/","opId":"x"}`,
		`{"token":"t0k3n","api":"MobilePlansInlineOperations.notifyProfileDownload","args":[{"moDirectStatus":"Complete"},"1$a.example$B",15],"pageUrl":"https://portal.example/","opId":"y"}`,
		`{"token":"t0k3n","api":"MobilePlansInlineOperations.notifyOperationCancel","args":[{"Id":"y"}],"pageUrl":"https://portal.example/"}`,
		`{"token":"t0k3n","api":"MobilePlansInlineOperations.notifyBalanceAddition","args":[{"line":"Existing"},"8988247000100003319"],"pageUrl":"https://portal.example/"}`,
		`{"token":"t0k3n","api":"MobilePlans.notifyPurchaseWithProfileDownload","args":[{},"1$a$b",5],"pageUrl":"https://portal.example/"}`,
		`{"token":"t0k3n","api":"mpsim:listenerSet","args":[{"listener":"registrationChanged","kind":"function"}],"pageUrl":"https://portal.example/"}`,
		`{"token":"t0k3n","api":"mpsim:oversize","args":[{"api":"x","size":99999999}]}`,
		`{"token":"nope","api":"DataMart.notifyPurchaseResult","args":[]}`,
		`{`, `null`, `[]`, ``,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg := lifecycleConfig(t)
		cfg.Lifecycle.DownloadTime = time.Millisecond
		cfg.Lifecycle.ClockSpeed = 1e9
		cfg.Timeout = 2 * time.Second
		opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
			w.Envelope(raw)
			w.Envelope(strings.Replace(raw, `"opId"`, `"opIdX"`, 1))
			// The envelopes are ahead of the close in the window's event
			// stream, so the session handles both before it ends.
			w.UserClose()
		}}
		rep, err := session.Run(context.Background(), opener, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		switch rep.Verdict {
		case bridge.VerdictPass, bridge.VerdictFail, bridge.VerdictNoCallback, bridge.VerdictRejected:
		default:
			t.Fatalf("verdict %q", rep.Verdict)
		}
	})
}
