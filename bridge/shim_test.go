package bridge

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"mpsim/assets"
)

// configOf extracts and decodes the configuration literal from a rendered shim.
func configOf(t *testing.T, js string) shimConfigJSON {
	t.Helper()
	m := regexp.MustCompile(`var CFG = (\{[^\n]*\});`).FindStringSubmatch(js)
	if m == nil {
		t.Fatal("config literal not found in rendered shim")
	}
	var c shimConfigJSON
	if err := json.Unmarshal([]byte(m[1]), &c); err != nil {
		t.Fatalf("config literal is not JSON: %v", err)
	}
	return c
}

func TestInitScriptSubstitution(t *testing.T) {
	tokens := []string{
		"plain-token",
		`quo"te'back\slash`,
		"</script><script>alert(1)</script>",
		"line\u2028sep\u2029para\nnewline",
		"*/ alert(1); /*",
		"ünïcødé-🙂",
	}
	for _, tok := range tokens {
		js, err := InitScript(ShimConfig{Token: tok})
		if err != nil {
			t.Fatalf("InitScript(%q): %v", tok, err)
		}
		if strings.Contains(js, configPlaceholder) {
			t.Fatal("placeholder left in output")
		}
		for _, bad := range []string{"</script", "\u2028", "\u2029", "<script"} {
			if strings.Contains(js, bad) {
				t.Errorf("token %q: output contains %q", tok, bad)
			}
		}
		c := configOf(t, js)
		if c.Token != tok || c.BindingName != DefaultBindingName || c.MaxEnvelopeBytes != DefaultMaxEnvelopeBytes || c.Dispatcher != ListenerDispatcherName {
			t.Errorf("config = %+v", c)
		}
	}
	js, err := InitScript(ShimConfig{Token: "t", BindingName: "myBind", MaxEnvelopeBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if c := configOf(t, js); c.BindingName != "myBind" || c.MaxEnvelopeBytes != 1000 {
		t.Errorf("config = %+v", c)
	}
	if _, err := InitScript(ShimConfig{}); err == nil {
		t.Error("empty token accepted")
	}
	for _, bad := range []string{"a b", "x'];alert(1);//", "1abc", "a-b"} {
		if _, err := InitScript(ShimConfig{Token: "t", BindingName: bad}); err == nil {
			t.Errorf("binding name %q accepted", bad)
		}
	}
}

func shimSource(t *testing.T) string {
	t.Helper()
	b, err := fs.ReadFile(assets.FS(), ShimPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestShimMentionsContract is a cheap guard that the shim defines every
// object, member and enum value of contract §2.1–§2.5.
func TestShimMentionsContract(t *testing.T) {
	src := shimSource(t)
	mustQuote := func(s string) {
		if !strings.Contains(src, "'"+s+"'") {
			t.Errorf("shim.js does not mention '%s'", s)
		}
	}
	for _, o := range ObjectNames() {
		mustQuote(o)
	}
	for _, api := range APINames() {
		mustQuote(api)
		obj, member, _ := strings.Cut(api, ".")
		mustQuote(member)
		_ = obj
	}
	for _, p := range []string{"registrationChangedScript", "profileActivationCompleteScript", "registrationCompleteScript"} {
		mustQuote(p)
	}
	for _, v := range append(append(append(StepValues(), MoDirectStatusValues()...), RegistrationStates()...), ActivationErrors()...) {
		mustQuote(v)
	}
	for _, e := range []string{EventFirstPaint, EventListenerSet, EventOversize, EventListenerMissing, EventListenerInvoked, EventListenerError, EventGlobalOverwrite} {
		mustQuote(e)
	}
	if len(ActivationErrors()) != 31 {
		t.Errorf("MobilePlansActivationError has %d members, want 31", len(ActivationErrors()))
	}
}

func TestCallbackScript(t *testing.T) {
	js, err := CallbackScript("tok", "profileActivationComplete", map[string]string{"activationResult": "success", "iccid": "8988247000101997790</script>"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js, "</script") {
		t.Error("callback script contains </script")
	}
	m := regexp.MustCompile(`d\("` + DispatchKey("tok") + `",("profileActivationComplete"),("(?:[^"\\]|\\.)*")\)`).FindStringSubmatch(js)
	if m == nil {
		t.Fatalf("unexpected script %s", js)
	}
	var arg string
	if err := json.Unmarshal([]byte(m[2]), &arg); err != nil {
		t.Fatal(err)
	}
	var payload map[string]string
	if err := json.Unmarshal([]byte(arg), &payload); err != nil || payload["activationResult"] != "success" {
		t.Fatalf("listener argument %q is not a JSON string of the payload", arg)
	}
	if !strings.Contains(js, ListenerDispatcherName) {
		t.Error("dispatcher name missing")
	}
	if strings.Contains(js, `"tok"`) || DispatchKey("tok") == DispatchKey("tok2") {
		t.Error("the callback script carries the token, or the dispatch key does not depend on it")
	}
	raw, err := CallbackScript("tok", "registrationChanged", json.RawMessage(`{"networkRegistrationState":"home","iccid":"1"}`))
	if err != nil || !strings.Contains(raw, `\"networkRegistrationState\"`) {
		t.Fatalf("raw payload: %v %s", err, raw)
	}
	if _, err := CallbackScript("tok", "nope", nil); err == nil {
		t.Error("unknown listener accepted")
	}
	if _, err := CallbackScript("tok", "registrationChanged", func() {}); err == nil {
		t.Error("unencodable payload accepted")
	}
}
