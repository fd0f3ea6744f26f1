package session_test

import (
	"cmp"
	"context"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

func run(t *testing.T, cfg session.Config, play func(w *sessiontest.FakeWindow)) session.Report {
	t.Helper()
	op := &sessiontest.FakeOpener{OnOpen: play}
	rep, err := session.Run(context.Background(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func codes(rep session.Report, code string) []bridge.Finding {
	var out []bridge.Finding
	for _, f := range rep.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// A fatal load failure ends the session at once with one finding, however
// many failures follow; a cancelled navigation is only logged.
func TestSessionFatalLoadFailureEndsAtOnce(t *testing.T) {
	cfg := testConfig()
	cfg.Timeout = 30 * time.Second
	start := time.Now()
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: "https://portal.example/", Reason: "Load request cancelled"})
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: "https://portal.example/", Reason: "TLS certificate not trusted", TLS: true, Fatal: true, Kind: session.LoadTLS})
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: "https://portal.example/", Reason: "Unacceptable TLS certificate", Fatal: true, Kind: session.LoadNetwork})
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %s", took)
	}
	if rep.Ended != session.EndedLoadFailed || rep.Verdict != bridge.VerdictNoCallback {
		t.Errorf("ended %q verdict %q", rep.Ended, rep.Verdict)
	}
	if f := codes(rep, bridge.CodePortalLoadFailed); len(f) != 1 || !strings.HasPrefix(f[0].Message, "The portal did not load: TLS certificate not trusted (pin the portal's certificate with --trust-cert) (https://portal.example/).") {
		t.Errorf("load-failed findings %+v, want exactly one about TLS", f)
	}
}

// TestTLSFailureSaysWhatThePinnedCertificateLacks: a certificate made for
// localhost, pinned for a portal opened as 127.0.0.1, is named with what to
// change, not "pin the certificate" again; with nothing pinned, the advice
// names where the user pins one: the command line's flag, the host
// window's Trust cert field, a scenario's trust_certs (before, always the
// flag, which the host window has not).
func TestTLSFailureSaysWhatThePinnedCertificateLacks(t *testing.T) {
	tests := []struct {
		name   string
		certs  []session.TrustedCert
		url    string
		pinHow string // Config.PinCertHow
		want   string
	}{
		{"nothing pinned", nil, "https://127.0.0.1:8445/", "", "pin the portal's certificate with --trust-cert"},
		{"nothing pinned, in the host window", nil, "https://127.0.0.1:8445/", "in the Launch form's Trust cert field",
			"pin the portal's certificate in the Launch form's Trust cert field"},
		{"nothing pinned, in a scenario", nil, "https://127.0.0.1:8445/", "with trust_certs in the scenario file",
			"pin the portal's certificate with trust_certs in the scenario file"},
		{"pinned for another name", []session.TrustedCert{{Hosts: []string{"localhost"}}}, "https://127.0.0.1:8445/", "",
			"no pinned certificate names 127.0.0.1; they name localhost: add an IP:127.0.0.1 entry"},
		{"pinned for another address", []session.TrustedCert{{Hosts: []string{"127.0.0.1"}}}, "https://portal.test/", "",
			"add a DNS:portal.test entry"},
		{"pinned, another certificate served", []session.TrustedCert{{Hosts: []string{"127.0.0.1"}}}, "https://127.0.0.1:8445/", "",
			"the server presented another one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Certs, cfg.PinCertHow = tc.certs, tc.pinHow
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowLoadFailed, URL: tc.url, Reason: "TLS certificate not trusted", TLS: true, Fatal: true, Kind: session.LoadTLS})
			})
			if f := codes(rep, bridge.CodePortalLoadFailed); len(f) != 1 || !strings.Contains(f[0].Message, tc.want) {
				t.Errorf("load-failed findings %+v, want one saying %q", f, tc.want)
			}
		})
	}
}

// TestPlainHTTPServerGetsTheHTTPURL: https:// typed for a loopback dev
// server that speaks plain http fails in the TLS handshake; the finding
// says the server answers plain http and which URL to try, not to pin a
// certificate. The URL to try is the portal URL the user gave, its own
// query kept whatever its names (market=mine), without the parameters the
// launch added; before, the launch URL's parameters were stripped by name,
// the user's market=mine too. A page the portal went to is its own URL.
func TestPlainHTTPServerGetsTheHTTPURL(t *testing.T) {
	const webKit = "Error performing TLS handshake: An unexpected TLS packet was received."
	tests := []struct {
		name, portal, url, reason string // url: the page that failed; "" for the launch URL
		tls                       bool
		want, wantNone            string
	}{
		{"WebKit, loopback", "https://127.0.0.1:18765/start", "", webKit, false,
			"(the server at 127.0.0.1:18765 answers plain http; try http://127.0.0.1:18765/start)", "--trust-cert"},
		{"the user's parameter named like a launch one", "https://127.0.0.1:18765/p?market=mine", "", webKit, false,
			"(the server at 127.0.0.1:18765 answers plain http; try http://127.0.0.1:18765/p?market=mine)", "--trust-cert"},
		{"the launch URL as WebKit writes it", "https://127.0.0.1:18765?market=mine#top", "https://127.0.0.1:18765/?market=mine&market=US&eid=1#top", webKit, false,
			"(the server at 127.0.0.1:18765 answers plain http; try http://127.0.0.1:18765?market=mine#top)", "--trust-cert"},
		{"a page the portal went to", "https://127.0.0.1:18765/p?market=mine", "https://127.0.0.1:18766/next?step=2", webKit, false,
			"(the server at 127.0.0.1:18766 answers plain http; try http://127.0.0.1:18766/next?step=2)", "--trust-cert"},
		{"reported as TLS, localhost", "https://localhost:8080/", "", "Error performing TLS handshake: A TLS packet with unexpected length was received.", true,
			"the server at localhost:8080 answers plain http; try http://localhost:8080/", "--trust-cert"},
		{"another host", "https://portal.test:8080/", "", webKit, false,
			"the server at portal.test:8080 answers plain http; the portal must be served over https", "try http://"},
		{"another TLS failure", "https://127.0.0.1:8445/", "", "TLS certificate not trusted", true,
			"pin the portal's certificate with --trust-cert", "plain http"},
	}
	op := simulator.DemoOperator()
	dev := simulator.NewDevice(simulator.KindESIM, op, simulator.NewGenerator(3))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			launch, err := simulator.BuildLaunch(dev, op, simulator.LaunchOptions{PortalURL: tc.portal, Market: "US", Location: "US", TransactionID: "tx1"})
			if err != nil {
				t.Fatal(err)
			}
			cfg.Launch = launch
			page := cmp.Or(tc.url, launch.URL)
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				kind := session.LoadNetwork
				if tc.tls {
					kind = session.LoadTLS
				}
				w.Emit(session.Event{Type: session.WindowLoadFailed, URL: page, Reason: tc.reason, TLS: tc.tls, Fatal: true, Kind: kind})
			})
			f := codes(rep, bridge.CodePortalLoadFailed)
			if len(f) != 1 || !strings.Contains(f[0].Message, tc.want) || strings.Contains(f[0].Message, tc.wantNone) {
				t.Errorf("load-failed findings %+v, want one saying %q and not %q", f, tc.want, tc.wantNone)
			}
		})
	}
}

// A page that answers an HTTP error after the portal has painted does not
// end the session: WebKit shows its body, which may hand back (an
// operator's error page reporting ServiceError); it is a warning. At the
// launch, before any paint, it ends the session as a load failure.
func TestSessionHTTPErrorAfterThePortalLoaded(t *testing.T) {
	const page = "https://portal.example/buy"
	httpErr := session.Event{Type: session.WindowLoadFailed, URL: "https://portal.example/error", Reason: "the main document answered HTTP 500 Internal Server Error",
		Fatal: true, Kind: session.LoadHTTP}
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, "mpsim:firstPaint", page))
		w.Emit(httpErr)
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/error", legacyPayload("tx1", false)))
	})
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q, want handBack; findings %+v", rep.Ended, rep.Findings)
	}
	if f := codes(rep, bridge.CodeRequestHTTPError); len(f) != 1 || !strings.Contains(f[0].Message, "https://portal.example/error, and the main document answered HTTP 500") {
		t.Errorf("request-http-error findings %+v, want one about the page", f)
	}
	if f := codes(rep, bridge.CodePortalLoadFailed); len(f) != 0 {
		t.Errorf("portal-load-failed after the portal loaded: %+v", f)
	}
	rep = run(t, testConfig(), func(w *sessiontest.FakeWindow) { w.Emit(httpErr) })
	if rep.Ended != session.EndedLoadFailed || len(codes(rep, bridge.CodePortalLoadFailed)) != 1 {
		t.Errorf("an HTTP error at the launch: ended %q, findings %+v", rep.Ended, rep.Findings)
	}
}

// Drops and dialogs reported by the window become findings with counts;
// they do not decide the verdict.
func TestSessionDropsAndDialogs(t *testing.T) {
	const page = "https://portal.example/buy"
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{Oversize: 1, Largest: 50 << 20, MaxBytes: 1 << 20}})
		w.Emit(session.Event{Type: session.WindowDialog, Dialog: &session.Dialog{Kind: "confirm", Text: "Sure?", Answer: "false"}})
		w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{Oversize: 2, Largest: 50 << 20, Flood: 7, PerSecond: 500, MaxBytes: 1 << 20,
			FloodEvents: 12, EventsPerSecond: 50}})
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	})
	if rep.Ended != session.EndedHandBack || rep.Verdict != bridge.VerdictPass {
		t.Fatalf("ended %q verdict %q findings %+v", rep.Ended, rep.Verdict, rep.Findings)
	}
	if f := codes(rep, bridge.CodeBridgeMessageDropped); len(f) != 1 || !strings.Contains(f[0].Message, "refused 2 message") {
		t.Errorf("bridge-message-dropped %+v", f)
	}
	// Each budget that fired is named with its own count (the message used
	// to add them up under the 500/s budget).
	if f := codes(rep, bridge.CodeBridgeFloodDropped); len(f) != 1 || !strings.Contains(f[0].Message, "12 event(s) of the bridge shim") ||
		!strings.Contains(f[0].Message, "budget of 50 per second") || !strings.Contains(f[0].Message, "7 other bridge call(s) over their budget of 500 per second") {
		t.Errorf("bridge-flood-dropped %+v", f)
	}
	if f := codes(rep, bridge.CodeScriptDialog); len(f) != 1 || f[0].Field != "confirm" || !strings.Contains(f[0].Message, `"Sure?"`) {
		t.Errorf("script-dialog %+v", f)
	}
}

// Each kind of dialog the window answered is a script-dialog finding that
// says what the page got; print() (WebKit's Print dialog, which the window
// stops) says print, not a dialog with an empty text.
func TestSessionDialogFindings(t *testing.T) {
	const page = "https://portal.example/buy"
	for _, c := range []struct {
		d       session.Dialog
		want    []string
		logText string
	}{
		{session.Dialog{Kind: "alert", Text: "Hi"}, []string{`alert("Hi")`, "it returned at once"}, "alert: Hi"},
		{session.Dialog{Kind: "alert", Text: "Hi", URL: page + "/step2?iccid=8901#top"},
			[]string{`alert("Hi") on ` + page + `/step2 (the top page then; an iframe of it may have opened it)`}, "alert: Hi"},
		{session.Dialog{Kind: "confirm", Text: "Sure?", Answer: "false"}, []string{`confirm("Sure?")`, "confirm() returned false"}, "confirm: Sure?"},
		{session.Dialog{Kind: "prompt", Text: "Name?", Answer: "null"}, []string{`prompt("Name?")`, "prompt() returned null"}, "prompt: Name?"},
		{session.Dialog{Kind: "beforeunload", Answer: "leave"}, []string{"beforeunload", "the page was left"}, "beforeunload: "},
		{session.Dialog{Kind: "print"}, []string{"called print()", "showed no Print dialog", "print() returned at once"}, "print()"},
	} {
		t.Run(c.d.Kind, func(t *testing.T) {
			d := c.d
			rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowDialog, Dialog: &d})
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
			})
			f := codes(rep, bridge.CodeScriptDialog)
			if len(f) != 1 || f[0].Field != c.d.Kind {
				t.Fatalf("script-dialog findings %+v, want one with field %q", f, c.d.Kind)
			}
			for _, w := range c.want {
				if !strings.Contains(f[0].Message, w) {
					t.Errorf("message %q lacks %q", f[0].Message, w)
				}
			}
			var logged []string
			for _, e := range rep.Log {
				if e.Kind == session.KindDialog {
					logged = append(logged, e.Text)
				}
			}
			if len(logged) != 1 || logged[0] != c.logText {
				t.Errorf("dialog log entries %q, want [%q]", logged, c.logText)
			}
		})
	}
}

// callToResultMs ends when the window acknowledges the close request, not
// when its process is gone.
func TestSessionCallToResultEndsAtCloseAck(t *testing.T) {
	const page = "https://portal.example/buy"
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	}}
	slow := &slowCloser{op: op}
	rep, err := session.Run(context.Background(), slow, testConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Timings.CallToResultMs == nil || *rep.Timings.CallToResultMs > 500 {
		t.Errorf("callToResultMs = %v, want the close acknowledgement (< 500 ms), not the 1.5 s teardown", rep.Timings.CallToResultMs)
	}
}

// slowCloser's windows acknowledge a close at once and go away 1.5 s later.
type slowCloser struct{ op *sessiontest.FakeOpener }

func (s *slowCloser) Open(ctx context.Context, spec session.WindowSpec) (session.Window, error) {
	w, err := s.op.Open(ctx, spec)
	if err != nil {
		return nil, err
	}
	return &slowWindow{FakeWindow: w.(*sessiontest.FakeWindow)}, nil
}

type slowWindow struct{ *sessiontest.FakeWindow }

func (w *slowWindow) Close(reason session.CloseReason) error {
	w.Emit(session.Event{Type: session.WindowClosing})
	go func() {
		time.Sleep(1500 * time.Millisecond)
		w.FakeWindow.Close(reason)
	}()
	return nil
}

// A flood of calls is capped in the report with one log-capped finding; the
// hand-back call and its result are kept.
func TestSessionReportIsCapped(t *testing.T) {
	const page = "https://portal.example/buy"
	n := session.MaxLogEntries + 500
	cfg := testConfig()
	cfg.Timeout = 60 * time.Second
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		for i := 0; i < n; i++ {
			w.Envelope(envelope(t, "MobilePlans.createPurchaseMetaData", page))
		}
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	})
	if rep.Ended != session.EndedHandBack || rep.Result == nil {
		t.Fatalf("ended %q result %v", rep.Ended, rep.Result)
	}
	if len(rep.Calls) > session.MaxCalls+1 || len(rep.Log) > session.MaxLogEntries+20 {
		t.Errorf("%d calls, %d log entries: not capped", len(rep.Calls), len(rep.Log))
	}
	if last := rep.Calls[len(rep.Calls)-1]; last.API != "DataMart.notifyPurchaseResult" {
		t.Errorf("last call kept = %s, want the hand-back", last.API)
	}
	if f := codes(rep, bridge.CodeLogCapped); len(f) != 1 || !strings.Contains(f[0].Message, "calls") {
		t.Errorf("log-capped %+v", f)
	}
}

// A load failure during the teardown after a hand-back (the web process
// ending) is logged, not a finding: the verdict stays the portal's.
func TestSessionLoadFailureWhileClosingIsNoFinding(t *testing.T) {
	const page = "https://portal.example/buy"
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	}}
	rep, err := session.Run(context.Background(), &failingCloser{op: op}, testConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ended != session.EndedHandBack || rep.Verdict != bridge.VerdictPass || len(codes(rep, bridge.CodePortalLoadFailed)) != 0 {
		t.Errorf("ended %q verdict %q findings %+v", rep.Ended, rep.Verdict, rep.Findings)
	}
}

type failingCloser struct{ op *sessiontest.FakeOpener }

func (s *failingCloser) Open(ctx context.Context, spec session.WindowSpec) (session.Window, error) {
	w, err := s.op.Open(ctx, spec)
	if err != nil {
		return nil, err
	}
	return &failingWindow{FakeWindow: w.(*sessiontest.FakeWindow)}, nil
}

type failingWindow struct{ *sessiontest.FakeWindow }

func (w *failingWindow) Close(reason session.CloseReason) error {
	w.Emit(session.Event{Type: session.WindowLoadFailed, Reason: "the web content process ended", Fatal: true, Kind: session.LoadWebProcess})
	return w.FakeWindow.Close(reason)
}

// TestLastWindowError checks that a report gives the window's last error,
// not an earlier one nor another kind of entry.
func TestLastWindowError(t *testing.T) {
	tests := []struct {
		name string
		log  []session.LogEntry
		want string
	}{
		{"none", []session.LogEntry{{Kind: session.KindClosed, Text: "requested"}}, ""},
		{"the last of two", []session.LogEntry{{Kind: session.KindWindowErr, Text: "first"}, {Kind: session.KindReady}, {Kind: session.KindWindowErr, Text: "second"}, {Kind: session.KindClosed}}, "second"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := (session.Report{Log: tc.log}).LastWindowError(); got != tc.want {
				t.Errorf("LastWindowError() = %q, want %q", got, tc.want)
			}
		})
	}
}

// An uncaught exception about a mistyped Mobile Plans name becomes
// api-mistyped, naming the name meant, instead of page-error; the same
// exception twice is one finding, and other exceptions stay page-error.
func TestSessionMistypedNames(t *testing.T) {
	const page = "https://portal.example/buy"
	threw := func(w *sessiontest.FakeWindow, text string) {
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
			Text: text, Source: page + "?eid=89033023328867254521312745305230", Line: 12, Column: 7, TopFrame: true}})
	}
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		for range 2 {
			threw(w, "TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults(p)', 'DataMart.notifyPurchaseResults' is undefined)")
		}
		threw(w, "ReferenceError: Can't find variable: MobilePlan")
		threw(w, "TypeError: cart.total is not a function. (In 'cart.total()', 'cart.total' is undefined)")
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	})
	mistyped := codes(rep, bridge.CodeAPIMistyped)
	if len(mistyped) != 2 {
		t.Fatalf("api-mistyped findings %+v, want 2", mistyped)
	}
	for i, want := range []string{"at https://portal.example/buy:12:7 calling DataMart.notifyPurchaseResults, which the Mobile Plans app does not define; did you mean DataMart.notifyPurchaseResult?",
		"calling MobilePlan, which the Mobile Plans app does not define; did you mean MobilePlans?"} {
		if !strings.Contains(mistyped[i].Message, want) || mistyped[i].Severity != bridge.SeverityWarning {
			t.Errorf("api-mistyped %d: %+v, want %q", i, mistyped[i], want)
		}
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "8903302332886725") {
			t.Errorf("a finding quotes the launch query (the EID): %s", f.Message)
		}
	}
	if f := codes(rep, bridge.CodePageError); len(f) != 1 || !strings.Contains(f[0].Message, "cart.total") {
		t.Errorf("page-error findings %+v, want only the page's own cart.total", f)
	}
	if rep.Verdict != bridge.VerdictPass {
		t.Errorf("verdict %q, want pass (warnings only)", rep.Verdict)
	}
}

// TestSessionFrameUsesTheAppsObjects: a payment frame that calls DataMart,
// which only the top document has, gets api-in-frame saying to hand back
// from the top document, in place of page-error; the same exception in the
// top document (the page deleted the object) stays page-error; a mistyped
// name in a frame is api-mistyped, which says it was in a frame.
func TestSessionFrameUsesTheAppsObjects(t *testing.T) {
	const page, frame = "https://portal.example/buy", "https://pay.example/pay.html"
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
			Text: "ReferenceError: Can't find variable: DataMart", Source: frame + "?order=7", Line: 11, Column: 11, Frame: frame, TopFrame: false}})
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
			Text: "ReferenceError: Can't find variable: MobilePlans", Source: page, Line: 3, Column: 1, Frame: page, TopFrame: true}})
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
			Text: "ReferenceError: Can't find variable: MobilePlan", Source: frame, Line: 12, Column: 3, Frame: frame, TopFrame: false}})
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
	})
	if f := codes(rep, bridge.CodeAPIMistyped); len(f) != 1 || !strings.Contains(f[0].Message, "did you mean MobilePlans?") || !strings.Contains(f[0].Message, "thrown in a frame") {
		t.Errorf("api-mistyped findings %+v, want one for the frame's MobilePlan saying it was in a frame", f)
	}
	inFrame := codes(rep, bridge.CodeAPIInFrame)
	if len(inFrame) != 1 || !strings.Contains(inFrame[0].Message, "at https://pay.example/pay.html:11:11 using DataMart") ||
		!strings.Contains(inFrame[0].Message, "top document") {
		t.Fatalf("api-in-frame findings %+v, want one naming DataMart in pay.html", inFrame)
	}
	if f := codes(rep, bridge.CodePageError); len(f) != 1 || !strings.Contains(f[0].Message, "MobilePlans") {
		t.Errorf("page-error findings %+v, want only the top document's MobilePlans", f)
	}
}

// TestSessionFrameReachesIntoItsParent is QA 'pay' fp and QA hostile: a
// frame of another origin throws WebKit's cross-origin SecurityError, which
// names no property, for any reach into its parent (a payment provider's
// parent.DataMart.notifyPurchaseResult(...), or bust.html's
// top.document.title). It was api-in-frame, "most likely … calls the app's
// objects there", on a session the top page handed back normally. It is
// now page-error, saying what the error is and what to do only if the frame
// meant to call the app; api-in-frame comes only when the stack (or the
// message) names one of the app's objects. The same SecurityError in the
// top document stays a plain page-error.
func TestSessionFrameReachesIntoItsParent(t *testing.T) {
	const page, frame = "https://portal.example/buy", "https://psp.example/framedone"
	const text = `SecurityError: Blocked a frame with origin "https://psp.example" from accessing a cross-origin frame. Protocols, domains, and ports must match.`
	tests := []struct {
		name     string
		topFrame bool
		stack    string
		want     string
		says     []string
		saysNot  []string
	}{
		{"in a frame, nothing names the app", false, "global code@" + frame + ":1:46", bridge.CodePageError,
			[]string{"A frame of the portal from https://psp.example, not its top document, threw a SecurityError", "names none of the app's objects; if the frame meant to call them", "parent.postMessage"},
			[]string{"most likely"}},
		{"in a frame, the stack names DataMart", false, "DataMart.notifyPurchaseResult@" + frame + ":1:438", bridge.CodeAPIInFrame,
			[]string{"its stack names DataMart", "parent.DataMart.notifyPurchaseResult", "parent.postMessage"}, nil},
		{"in the top document", true, "", bridge.CodePageError, []string{"The page threw an uncaught exception"}, []string{"A frame of the portal"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			where := frame
			if tc.topFrame {
				where = page
			}
			rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
					Text: text, Stack: tc.stack, Source: where + "?handback=3", Line: 1, Column: 438, Frame: where, TopFrame: tc.topFrame}})
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
			})
			if rep.Verdict != bridge.VerdictPass {
				t.Errorf("verdict %s, want pass: %+v", rep.Verdict, rep.Findings)
			}
			got := codes(rep, tc.want)
			if len(got) != 1 {
				t.Fatalf("%s findings %+v, want one; all: %+v", tc.want, got, rep.Findings)
			}
			for _, w := range tc.says {
				if !strings.Contains(got[0].Message, w) {
					t.Errorf("%s does not say %q: %s", tc.want, w, got[0].Message)
				}
			}
			for _, w := range tc.saysNot {
				if strings.Contains(got[0].Message, w) {
					t.Errorf("%s says %q: %s", tc.want, w, got[0].Message)
				}
			}
			if other := codes(rep, map[string]string{bridge.CodeAPIInFrame: bridge.CodePageError, bridge.CodePageError: bridge.CodeAPIInFrame}[tc.want]); len(other) != 0 {
				t.Errorf("also %+v", other)
			}
		})
	}
}

// TestPageErrorTextIsOneLine: an error whose text has several lines (a
// message with newlines, a stack) is quoted on one line in the findings the
// command line prints (page-error, page-unhandled-rejection,
// handback-missing, console-error), its lines joined by spaces, so that no literal \n
// shows there; the console record keeps the text as it came.
func TestPageErrorTextIsOneLine(t *testing.T) {
	const page = "https://portal.example/pay"
	const text = "Error: boom\n    at f (app.js:3:9)\r\n\n    at g (app.js:7:1)\u2028at h\u2029at i\u0085at j\n"
	const want = "Error: boom at f (app.js:3:9) at g (app.js:7:1) at h at i at j"
	cfg := testConfig()
	cfg.Inspect = true
	cfg.Timeout = 300 * time.Millisecond
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
		for _, kind := range []string{inspect.ConsoleRejection, inspect.ConsoleError} {
			w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: kind, Level: "error",
				Text: text, Source: page, Line: 3, Column: 9, TopFrame: true}})
		}
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleCall, Level: "error",
			Text: text, Source: page, Line: 3, Column: 9, TopFrame: true}})
	})
	for _, code := range []string{bridge.CodePageError, bridge.CodePageRejection, bridge.CodeHandbackMissing, bridge.CodeConsoleError} {
		f := codes(rep, code)
		if len(f) != 1 || !strings.Contains(f[0].Message, want) || strings.ContainsAny(f[0].Message, "\r\n\u2028\u2029\u0085") {
			t.Errorf("%s findings %q, want one quoting %q on one line", code, f, want)
		}
	}
	if len(rep.Console) == 0 || rep.Console[0].Text != text {
		t.Errorf("console records %+v, want the text kept as it came", rep.Console)
	}
}

// A session that ends without a hand-back, by its timeout or its window
// closed, says why in handback-missing: the calls the page made, its last
// error and its page; a hand-back, a load failure or refused calls say
// nothing of the kind.
func TestSessionNoHandBackSaysWhy(t *testing.T) {
	const page = "https://portal.example/pay"
	cfg := testConfig()
	cfg.Timeout = 300 * time.Millisecond
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowNavigated, URL: page + "?transactionId=tx1"})
		w.Envelope(envelope(t, "MobilePlans.createPurchaseMetaData", page))
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleCall, Level: "error",
			Text: "payment service unavailable", Source: page + "?transactionId=tx1", Line: 3, Column: 9}})
	})
	f := codes(rep, bridge.CodeHandbackMissing)
	if rep.Verdict != bridge.VerdictNoCallback || len(f) != 1 {
		t.Fatalf("verdict %q, handback-missing %+v", rep.Verdict, f)
	}
	for _, want := range []string{"did not hand back within the session's timeout (300ms)", "The page called MobilePlans.createPurchaseMetaData, which does not hand control back",
		"The page's last error at https://portal.example/pay:3:9: payment service unavailable.", "It was on https://portal.example/pay."} {
		if !strings.Contains(f[0].Message, want) {
			t.Errorf("handback-missing %q lacks %q", f[0].Message, want)
		}
	}

	rep = run(t, testConfig(), func(w *sessiontest.FakeWindow) { w.UserClose() })
	if f := codes(rep, bridge.CodeHandbackMissing); len(f) != 1 || !strings.Contains(f[0].Message, "before its window was closed. The page made no Mobile Plans call;") {
		t.Errorf("closed: handback-missing %+v", f)
	}

	rep = run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://portal.example/", legacyPayload("tx1", true)))
	})
	if f := codes(rep, bridge.CodeHandbackMissing); len(f) != 0 {
		t.Errorf("a hand-back: handback-missing %+v", f)
	}
	rep = run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: "https://portal.example/", Reason: "no route", Fatal: true, Kind: session.LoadNetwork})
	})
	if f := codes(rep, bridge.CodeHandbackMissing); len(f) != 0 {
		t.Errorf("a load failure: handback-missing %+v", f)
	}
}

// TestNetworkSummaryCountsWhatWasNotKept: the records over the window's
// caps are counted in the report's networkSummary, navigations too (a
// single-page app's pushState loop over the same-document cap), besides
// inspection-capped.
func TestNetworkSummaryCountsWhatWasNotKept(t *testing.T) {
	cfg := testConfig()
	cfg.Inspect = true
	cfg.Timeout = 300 * time.Millisecond
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{Console: 3, Requests: 2, Navigations: 633}})
	})
	sum := rep.NetworkSummary
	if sum == nil || sum.DroppedConsole != 3 || sum.DroppedRequests != 2 || sum.DroppedNavigations != 633 {
		t.Fatalf("networkSummary %+v, want 3 console messages, 2 requests and 633 navigations not kept", sum)
	}
	if f := codes(rep, bridge.CodeInspectionCapped); len(f) != 1 || !strings.Contains(f[0].Message, "633 navigations") {
		t.Errorf("inspection-capped %+v, want it to count the 633 navigations", f)
	}
}

// TestNoHandBackNamesTheRoute: a single-page app that timed out on a route
// it reached with pushState is said to have been on that route (its query
// and fragment left out), not on the last page it loaded; a page loaded
// after a route is named in its turn.
func TestNoHandBackNamesTheRoute(t *testing.T) {
	const page = "https://portal.example/app/plans?transactionId=tx1"
	route := func(url string) session.Event {
		return session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavSameDocument, URL: url, From: page}}
	}
	for _, tc := range []struct {
		name   string
		events []session.Event
		want   string
	}{
		{"a route after the load", []session.Event{{Type: session.WindowNavigated, URL: page}, route("https://portal.example/app/checkout?card=4111#pay")},
			"It was on https://portal.example/app/checkout."},
		{"a load after the route", []session.Event{route("https://portal.example/app/checkout"), {Type: session.WindowNavigated, URL: "https://portal.example/done?x=1"}},
			"It was on https://portal.example/done."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Inspect = true
			cfg.Timeout = 300 * time.Millisecond
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				for _, ev := range tc.events {
					w.Emit(ev)
				}
			})
			if f := codes(rep, bridge.CodeHandbackMissing); len(f) != 1 || !strings.Contains(f[0].Message, tc.want) {
				t.Errorf("handback-missing %+v, want it to say %q", f, tc.want)
			}
		})
	}
}

// A page on another origin that holds the token (steal2.html, forge.html)
// posts a hand-back claiming the portal's pageUrl: the session checks the
// page the window showed, refuses the call and says the claim differed;
// a claim that matches the window's page adds nothing.
func TestSessionChecksTheWindowsPageNotTheClaim(t *testing.T) {
	const portal = "https://portal.example/buy"
	for _, tc := range []struct {
		name, shown  string
		mismatch     int
		wantAccepted bool
	}{
		{"forged claim from another origin", "http://localhost:8801/forge.html", 1, false},
		{"claim matches the window", portal + "?step=2", 0, true},
		{"window did not say (replay)", "", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
				raw := envelope(t, "DataMart.notifyPurchaseResult", portal, legacyPayload("tx1", false))
				w.Emit(session.Event{Type: session.WindowBridge, Envelope: raw, URL: tc.shown, At: time.Now()})
				if !tc.wantAccepted {
					w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", portal, legacyPayload("tx1", false)))
				}
			})
			if len(rep.Calls) == 0 || rep.Calls[0].Accepted != tc.wantAccepted {
				t.Fatalf("calls %+v, want the first accepted=%v", rep.Calls, tc.wantAccepted)
			}
			if tc.shown != "" && rep.Calls[0].PageURL != tc.shown {
				t.Errorf("call recorded from %q, want the window's %q", rep.Calls[0].PageURL, tc.shown)
			}
			if got := len(codes(rep, bridge.CodePageURLMismatch)); got != tc.mismatch {
				t.Errorf("%d page-url-mismatch findings, want %d: %+v", got, tc.mismatch, rep.Findings)
			}
		})
	}
}

// A page whose only call was the FAQ's MobilePlans.notifyPurchaseResult,
// uncaught (api-faq-misname), made a call the app does not define: the
// handback-missing finding says so instead of "no Mobile Plans call".
func TestNoHandBackAfterTheFAQCallNamesIt(t *testing.T) {
	rep := run(t, testConfig(), func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError,
			Text:   "TypeError: MobilePlans.notifyPurchaseResult is not a function. (In 'MobilePlans.notifyPurchaseResult(JSON.stringify(p))', 'MobilePlans.notifyPurchaseResult' is undefined)",
			Source: "https://portal.example/pay", Line: 3, Column: 9}})
		w.UserClose()
	})
	if len(codes(rep, bridge.CodeAPIFAQMisname)) != 1 {
		t.Fatalf("no api-faq-misname: %v", rep.Findings)
	}
	f := codes(rep, bridge.CodeHandbackMissing)
	if len(f) != 1 || strings.Contains(f[0].Message, "The page made no Mobile Plans call;") ||
		!strings.Contains(f[0].Message, "called MobilePlans.notifyPurchaseResult, which is undefined (api-faq-misname)") {
		t.Errorf("handback-missing %+v", f)
	}
}

// TestHandbackMissingAfterFrameAttempt is QA 'pay' fd and fp, and QA
// hostile: a payment frame that used the app's objects (DataMart in the
// frame, or a cross-origin SecurityError whose stack names DataMart) got
// api-in-frame, and the session's handback-missing only said "The page made
// no Mobile Plans call"; it then said as a fact that "it tried from a frame
// of the portal", also for a SecurityError that named nothing of the app's
// (a frame reading top.document.title). It now points to api-in-frame, as a
// possibility ("if that was its hand-back"), only when api-in-frame was
// found; a SecurityError that names none of the app's objects is a
// page-error and gets no such clause.
func TestHandbackMissingAfterFrameAttempt(t *testing.T) {
	const page, frame = "https://portal.example/buy", "https://psp.example/framedone"
	const security = `SecurityError: Blocked a frame with origin "https://psp.example" from accessing a cross-origin frame. Protocols, domains, and ports must match.`
	tests := []struct {
		name, text, stack string
		call, inFrame     bool
	}{
		{"DataMart in the frame", "ReferenceError: Can't find variable: DataMart", "", false, true},
		{"parent.DataMart across origins, named by the stack", security, "DataMart.notifyPurchaseResult@" + frame + ":1:440", false, true},
		{"a cross-origin access naming nothing of the app's", security, "global code@" + frame + ":1:440", false, false},
		{"after a call that hands nothing back", "ReferenceError: Can't find variable: DataMart", "", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Timeout = 300 * time.Millisecond
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
				if tc.call {
					w.Envelope(envelope(t, "MobilePlans.createPurchaseMetaData", page))
				}
				w.Emit(session.Event{Type: session.WindowConsole, Console: &inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error",
					Text: tc.text, Stack: tc.stack, Source: frame, Line: 1, Column: 440, Frame: frame, TopFrame: false}})
			})
			if n := len(codes(rep, bridge.CodeAPIInFrame)); n != map[bool]int{true: 1}[tc.inFrame] {
				t.Fatalf("%d api-in-frame, want it %v: %+v", n, tc.inFrame, rep.Findings)
			}
			f := codes(rep, bridge.CodeHandbackMissing)
			if len(f) != 1 {
				t.Fatalf("handback-missing %+v, want one", f)
			}
			said := strings.Contains(f[0].Message, "a frame of the portal used the app's objects, which mpsim defines only in the top document (see api-in-frame): if that was its hand-back, it reached nothing")
			if said != tc.inFrame || strings.Contains(f[0].Message, "it tried from a frame") {
				t.Errorf("handback-missing %q, want the frame's clause %v", f[0].Message, tc.inFrame)
			}
			// QA 'pay': WebKit's SecurityError names nothing of the app's,
			// yet a payment frame calling parent.DataMart throws just that;
			// a session without any call says it may have been the hand-back.
			maybe := strings.Contains(f[0].Message, "The page made no Mobile Plans call: a frame of the portal threw a SecurityError reaching into another origin (see page-error); if the frame meant to hand back")
			if want := !tc.inFrame && tc.text == security && !tc.call; maybe != want {
				t.Errorf("handback-missing %q, want the SecurityError's possibility %v", f[0].Message, want)
			}
		})
	}
}

// TestInspectionCappedNamesOnlyWhatWasCut is QA hostile: 50,000
// console.log calls gave "Not kept: 49930 console messages, 0 requests and
// 0 navigations over the recording's caps"; the finding now names only
// what was cut.
func TestInspectionCappedNamesOnlyWhatWasCut(t *testing.T) {
	cfg := testConfig()
	cfg.Inspect = true
	cfg.Timeout = 300 * time.Millisecond
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowDropped, Dropped: &session.DropCounts{Console: 49930}})
	})
	f := codes(rep, bridge.CodeInspectionCapped)
	if len(f) != 1 || !strings.HasPrefix(f[0].Message, "Not kept: 49930 console messages over the recording's caps (") || strings.Contains(f[0].Message, " 0 ") {
		t.Errorf("inspection-capped %+v, want it to name the 49930 console messages alone", f)
	}
}
