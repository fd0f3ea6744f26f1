package bridge

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestShimInNode runs the rendered shim in Node's vm module with a fake
// WebKit page and a hostile page script (testdata/shim-harness.js). It is
// skipped when node is not installed, except in CI (scripts/install-deps.sh
// installs it); it does not replace a browser test.
func TestShimInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed; scripts/install-deps.sh installs it (nodejs)")
		}
		t.Skip("node not installed: run scripts/install-deps.sh")
	}
	const token = `tok"en</script>-4f9a`
	js, err := InitScript(ShimConfig{Token: token, MaxEnvelopeBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shim.js")
	if err := os.WriteFile(path, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "testdata/shim-harness.js", path, token, DispatchKey(token)).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("node: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var res struct {
		Posted      []string        `json:"posted"`
		Checks      map[string]bool `json:"checks"`
		Stolen      []string        `json:"stolen"`
		GlobalsText string          `json:"globalsText"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	for _, name := range []string{"bindingHidden", "enumValues", "opContext", "opUnique", "listenerShared", "overwriteNoThrow",
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
		EventListenerSet, EventListenerError,
		// The spied built-ins (steal2.html), the wrapped DataMart method
		// (wrap.html, coalesced) and the page's toJSON (protojson.html).
		EventListenerSet, "DataMart.createPurchaseMetaData", EventListenerSet, EventGlobalOverwrite, APINotifyCancelledPurchase,
		EventFirstPaint,
	}
	if !slices.Equal(apis, want) {
		t.Fatalf("envelope sequence\n got %v\nwant %v", apis, want)
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
