package bridge

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// nodeOrSkip returns the path of node, or skips tb when node is not
// installed, except in CI (scripts/install-deps.sh installs it).
func nodeOrSkip(tb testing.TB) string {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("node is not installed; scripts/install-deps.sh installs it (nodejs)")
		}
		tb.Skip("node not installed: run scripts/install-deps.sh")
	}
	return node
}

// writeShim renders the shim with token and limit into a temporary file and
// returns its path.
func writeShim(tb testing.TB, token string, limit int) string {
	tb.Helper()
	js, err := InitScript(ShimConfig{Token: token, MaxEnvelopeBytes: limit})
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "shim.js")
	if err := os.WriteFile(path, []byte(js), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// runNode runs node with args and returns its standard output.
func runNode(tb testing.TB, node string, args ...string) []byte {
	tb.Helper()
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			tb.Fatalf("node %v: %v\n%s", args, err, ee.Stderr)
		}
		tb.Fatalf("node %v: %v", args, err)
	}
	return out
}

// TestShimInNode runs the rendered shim in Node's vm module with a fake
// WebKit page and a hostile page script (testdata/shim-harness.js). It is
// skipped when node is not installed, except in CI (scripts/install-deps.sh
// installs it); it does not replace a browser test.
func TestShimInNode(t *testing.T) {
	node := nodeOrSkip(t)
	const token = `tok"en</script>-4f9a`
	path := writeShim(t, token, 64<<10)
	out := runNode(t, node, "testdata/shim-harness.js", path, token, DispatchKey(token))
	var res struct {
		Posted      []string        `json:"posted"`
		Checks      map[string]bool `json:"checks"`
		Stolen      []string        `json:"stolen"`
		GlobalsText string          `json:"globalsText"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	for _, name := range []string{"bindingHidden", "enumValues", "enumOrdinary", "opContext", "opUnique", "listenerShared", "overwriteNoThrow",
		"dataMartKept", "methodReadOnly", "received", "missingMethodAbsent", "missingMethodThrows", "forgedIgnored", "wrapIgnored", "spied"} {
		if !res.Checks[name] {
			t.Errorf("page check %s failed", name)
		}
	}
	if len(res.Stolen) == 0 {
		t.Error("the hostile page hooks never fired; the harness is not testing anything")
	}
	for _, s := range append(res.Stolen, res.GlobalsText) {
		if strings.Contains(s, "4f9a") {
			t.Errorf("token leaked to the page: %.200s", s)
		}
	}
	var envs []Envelope
	for _, p := range res.Posted {
		var msg struct {
			ID     json.Number `json:"id"`
			Method string      `json:"method"`
			Params []string    `json:"params"`
		}
		if err := json.Unmarshal([]byte(p), &msg); err != nil || msg.Method != DefaultBindingName || len(msg.Params) != 1 || msg.ID == "" {
			t.Fatalf("bad RPC message %q: %v", p, err)
		}
		env, err := ParseEnvelope(msg.Params[0], token, 64<<10)
		if err != nil {
			t.Fatalf("ParseEnvelope(%.300s): %v", msg.Params[0], err)
		}
		if env.PageURL != "https://mo.example/portal?x=1" {
			t.Errorf("pageUrl = %q", env.PageURL)
		}
		envs = append(envs, env)
	}
	var apis []string
	for _, e := range envs {
		apis = append(apis, e.API)
	}
	want := []string{
		APIDataMartNotifyPurchaseResult, APICreatePurchaseMetaData,
		EventListenerSet, EventListenerSet,
		APIInlineNotifyProfileDownload, APIInlineNotifyBalanceAddition, APIInlineNotifyOperationCancel,
		APINotifyCancelledPurchase, EventFAQLookup, EventOversize, EventGlobalOverwrite, EventGlobalOverwrite,
		EventListenerInvoked, EventListenerInvoked,
		EventListenerSet, EventListenerMissing, EventListenerSet, EventListenerMissing,
		EventListenerSet, EventListenerError, EventListenerSet, EventListenerError, EventListenerSet, EventListenerError,
		// The spied built-ins (steal2.html), the wrapped DataMart method
		// (wrap.html, coalesced) and the page's toJSON (protojson.html).
		EventListenerSet, "DataMart.createPurchaseMetaData", EventListenerSet, EventGlobalOverwrite, APINotifyCancelledPurchase,
		EventFirstPaint,
	}
	if !slices.Equal(apis, want) {
		t.Fatalf("envelope sequence\n got %v\nwant %v", apis, want)
	}

	// Each answer to a host's listener call carries the call's number, in
	// the order of the calls: the report's callbacks say which the page
	// received (delivered, or why not).
	var answers []string
	for _, e := range envs {
		if a, ok := AnswerOf(e); ok {
			answers = append(answers, fmt.Sprintf("%d %s %v %s", a.Call, a.Listener, a.Delivered, a.Threw))
		}
	}
	wantAnswers := []string{"1 profileActivationComplete true ", "2 registrationChanged true ", "3 profileActivationComplete false ",
		"4 profileActivationComplete false ", "5 registrationChanged true boom", `6 registrationChanged true {"code":42}`,
		"7 registrationChanged true card declined"}
	if !slices.Equal(answers, wantAnswers) {
		t.Errorf("listener answers\n got %q\nwant %q", answers, wantAnswers)
	}

	// The legacy payload arrives as a JSON string and decodes cleanly.
	res0, fs := DecodeLegacy(envs[0].Args[0], Expectation{TransactionID: "T1", SIMKind: SIMKindESIM})
	if !res0.Success || res0.PurchaseResult.Line != "Bailed" || HasErrors(fs) {
		t.Errorf("legacy decode: %+v %+v", res0, fs)
	}
	// The inline download: metadata object with the example spellings, op id, delay.
	dl := envs[4]
	if dl.OpID == "" || len(dl.Args) != 3 || string(dl.Args[2]) != "30" {
		t.Errorf("inline download envelope: %+v", dl)
	}
	cc := CheckCall(dl, Expectation{SIMKind: SIMKindESIM})
	if cc.Metadata == nil || cc.Metadata.Line != "New" || cc.Metadata.MoDirectStatus != "Complete" || HasErrors(cc.Findings) {
		t.Errorf("inline download check: %+v", cc)
	}
	var cancelCtx map[string]string
	_ = json.Unmarshal(envs[6].Args[0], &cancelCtx)
	if cancelCtx["Id"] != dl.OpID {
		t.Errorf("cancel context %v does not carry the download's op id %q", cancelCtx, dl.OpID)
	}
	// Markers for values JSON cannot carry.
	args := envs[7].Args
	wantArgs := []string{`{"$unserializable":`, `{"$undefined":true}`, `{"$function":"namedFn"}`, `{"$bigint":"10"}`, `null`, `"str"`}
	for i, w := range wantArgs {
		if i >= len(args) || !strings.HasPrefix(string(args[i]), w) {
			t.Errorf("arg %d = %s, want prefix %s", i, args[i], w)
		}
	}
	// Listener events.
	if fs := EventFindings(envs[3]); len(fs) != 1 || fs[0].Code != CodeListenerFunction || fs[0].Field != "MobilePlansInlineProfileDownload.registrationChangedScript" {
		t.Errorf("function listener finding: %+v", fs)
	}
	if fs := EventFindings(envs[15]); len(fs) != 1 || fs[0].Code != CodeListenerNotFunc {
		t.Errorf("not-a-function finding: %+v", fs)
	}
	if fs := EventFindings(envs[17]); len(fs) != 1 || fs[0].Code != CodeListenerMissing {
		t.Errorf("missing listener finding: %+v", fs)
	}
	if fs := EventFindings(envs[9]); len(fs) != 1 || fs[0].Code != CodeEnvelopeOversize {
		t.Errorf("oversize finding: %+v", fs)
	}
	// Assigning to DataMart.notifyPurchaseResult three times is one
	// finding that names the method and the count.
	if fs := EventFindings(envs[len(envs)-3]); len(fs) != 1 || fs[0].Code != CodeGlobalOverwrite ||
		fs[0].Field != "DataMart.notifyPurchaseResult" || !strings.Contains(fs[0].Message, "3 times") {
		t.Errorf("wrapped method finding: %+v", fs)
	}
	// A page's Object.prototype.toJSON does not rewrite an object argument.
	if got, want := string(envs[len(envs)-2].Args[0]), `{"userAccount":"Bailed","when":"1970-01-01T00:00:00.000Z","list":[1,"two",null]}`; got != want {
		t.Errorf("argument under a page toJSON = %s, want %s", got, want)
	}
	if envs[len(envs)-1].T != 123.5 {
		t.Errorf("first paint t = %v", envs[len(envs)-1].T)
	}
}

// TestShimMeasuresEnvelopesAtTheLimit makes calls whose envelope is exactly
// at the limit and one byte over it, with characters of every UTF-8 length,
// lone surrogates (JSON.stringify escapes them: six bytes each) and JSON
// escapes, through the shim's encoder (the page's TextEncoder, captured)
// and without one (the count by charCodeAt): the first must be forwarded,
// the second replaced by an "mpsim:oversize" event. The page has replaced
// charCodeAt, codePointAt and TextEncoder's encode and encodeInto with
// spies, which must never see an envelope.
func TestShimMeasuresEnvelopesAtTheLimit(t *testing.T) {
	node := nodeOrSkip(t)
	const limit = 4096
	const api = "DataMart.createPurchaseMetaData"
	path := writeShim(t, strings.Repeat("7", TokenLength), limit)
	type sizeCase struct {
		Unit  string `json:"unit"`
		Count int    `json:"count"`
		Pad   int    `json:"pad"`
	}
	units := []struct {
		name  string
		unit  string // a JavaScript string literal
		bytes int    // its UTF-8 bytes once JSON.stringify has encoded it
	}{
		{"ASCII", `'b'`, 1},
		{"2-byte", `'\u00e9'`, 2},
		{"3-byte", `'\u20ac'`, 3},
		{"4-byte", `'\ud83d\ude00'`, 4},
		{"lone high surrogate", `'\ud800'`, 6},
		{"lone low surrogate", `'\udfff'`, 6},
		{"high surrogate before a pair", `'\ud83d\ud83d\ude00'`, 6 + 4},
		{"pair then a lone high surrogate", `'\ud83d\ude00\ud83d'`, 4 + 6},
		{"mixed", `'\u00e9\ud83d\ude00a\u20ac'`, 2 + 4 + 1 + 3},
		{"escapes", `'"\\\n\u0001'`, 2 + 2 + 2 + 6},
	}
	base := EnvelopeBytes(api, []string{`""`}, "")
	var cases []sizeCase
	var names, want []string
	for _, u := range units {
		count := (limit - 200) / u.bytes
		pad := limit - base - count*u.bytes
		cases = append(cases, sizeCase{u.unit, count, pad}, sizeCase{u.unit, count, pad + 1})
		names = append(names, u.name+" at the limit", u.name+" one byte over")
		want = append(want, "forwarded", "oversize")
	}
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	casesPath := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(casesPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"encoder", "no-encoder"} {
		t.Run(mode, func(t *testing.T) {
			var res struct {
				Results []string `json:"results"`
				Stolen  []string `json:"stolen"`
			}
			out := runNode(t, node, "testdata/shim-size.js", path, mode, casesPath)
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("harness output: %v\n%s", err, out)
			}
			if len(res.Stolen) > 0 {
				t.Errorf("the page's replaced built-ins saw the envelope: %v", res.Stolen)
			}
			got := res.Results
			if len(got) != len(want) {
				t.Fatalf("%d results, want %d: %v", len(got), len(want), got)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s (%d bytes): %s, want %s", names[i], limit+i%2, got[i], want[i])
				}
			}
		})
	}
}

// BenchmarkShimLongCallInNode times calls of a 200,000-character string
// (an envelope the shim must measure) in Node without its JIT compilers
// (--jitless), the nearest Node has to the window's JavaScriptCore with
// its optimising tiers off; ms/call is the metric.
func BenchmarkShimLongCallInNode(b *testing.B) {
	node := nodeOrSkip(b)
	path := writeShim(b, strings.Repeat("7", TokenLength), DefaultMaxEnvelopeBytes)
	for _, mode := range []string{"encoder", "no-encoder"} {
		b.Run(mode, func(b *testing.B) {
			out := runNode(b, node, "--jitless", "testdata/shim-size.js", path, mode, "bench", fmt.Sprint(b.N))
			var res struct {
				MsPerCall float64 `json:"msPerCall"`
				Sent      int     `json:"sent"`
			}
			if err := json.Unmarshal(out, &res); err != nil {
				b.Fatalf("harness output: %v\n%s", err, out)
			}
			if res.Sent != b.N {
				b.Fatalf("%d of %d calls sent", res.Sent, b.N)
			}
			b.ReportMetric(res.MsPerCall, "ms/call")
		})
	}
}
