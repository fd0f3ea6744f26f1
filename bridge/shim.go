package bridge

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"mpsim/assets"
)

// ShimPath is the path of the shim inside assets.FS().
const ShimPath = "bridge/shim.js"

// ListenerDispatcherName is the global function the shim defines (not
// writable, not enumerable) so host scripts from [CallbackScript] can reach
// the listener registry. It takes (dispatchKey, listener, jsonString) and
// does nothing unless dispatchKey is [DispatchKey] of the session's token,
// so a page cannot forge listener events.
const ListenerDispatcherName = "__mpsimDispatchListener"

// configPlaceholder is replaced in shim.js by the JSON-encoded configuration.
const configPlaceholder = "/*@MPSIM_CONFIG@*/null"

// ShimConfig configures the injected shim.
type ShimConfig struct {
	// Token is the per-session secret every envelope carries. Required.
	Token string
	// BindingName is the webview binding the shim captures and removes;
	// empty means DefaultBindingName. It must be a JavaScript identifier.
	BindingName string
	// MaxEnvelopeBytes caps one envelope; a bigger call is replaced by an
	// "mpsim:oversize" event. Zero or negative means DefaultMaxEnvelopeBytes.
	MaxEnvelopeBytes int
}

var identRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// shimConfigJSON is the configuration object substituted into shim.js.
type shimConfigJSON struct {
	Token            string `json:"token"`
	BindingName      string `json:"bindingName"`
	MaxEnvelopeBytes int    `json:"maxEnvelopeBytes"`
	Dispatcher       string `json:"dispatcher"`
	DispatchKey      string `json:"dispatchKey"`
}

// DispatchKey returns the key the listener dispatcher of a session with
// token requires: derived from the token, so it is secret as the token is,
// and distinct from it, so the scripts that carry it never carry the token.
func DispatchKey(token string) string {
	sum := sha256.Sum256([]byte("mpsim listener dispatch\x00" + token))
	return hex.EncodeToString(sum[:16])
}

// InitScript returns the JavaScript to inject at document start in the top
// frame: assets/bridge/shim.js with cfg substituted as a JSON object literal.
// encoding/json escapes <, >, &, U+2028 and U+2029, so no token value can
// end the script or break out of the literal. The token only lives in the
// shim's closure; no global holds it.
//
// The webview binding must be registered (webview Bind) before this script
// is added (webview Init), so the binding's own init script runs first and
// the shim can capture and hide it.
func InitScript(cfg ShimConfig) (string, error) {
	if cfg.Token == "" {
		return "", errors.New("bridge: InitScript: empty token")
	}
	if cfg.BindingName == "" {
		cfg.BindingName = DefaultBindingName
	}
	if !identRe.MatchString(cfg.BindingName) {
		return "", fmt.Errorf("bridge: InitScript: binding name %q is not a JavaScript identifier", cfg.BindingName)
	}
	if cfg.MaxEnvelopeBytes <= 0 {
		cfg.MaxEnvelopeBytes = DefaultMaxEnvelopeBytes
	}
	src, err := fs.ReadFile(assets.FS(), ShimPath)
	if err != nil {
		return "", fmt.Errorf("bridge: InitScript: %w", err)
	}
	js := string(src)
	if strings.Count(js, configPlaceholder) != 1 {
		return "", fmt.Errorf("bridge: InitScript: %s must contain %s exactly once", ShimPath, configPlaceholder)
	}
	b, err := json.Marshal(shimConfigJSON{
		Token:            cfg.Token,
		BindingName:      cfg.BindingName,
		MaxEnvelopeBytes: cfg.MaxEnvelopeBytes,
		Dispatcher:       ListenerDispatcherName,
		DispatchKey:      DispatchKey(cfg.Token),
	})
	if err != nil {
		return "", err
	}
	return strings.Replace(js, configPlaceholder, string(b), 1), nil
}

// CallbackScript returns the JavaScript the host evaluates in the page of the
// session with token to invoke a registered listener (contract §2.5): listener is
// "profileActivationComplete" or "registrationChanged"; payload is encoded
// with encoding/json (pass a json.RawMessage for pre-encoded JSON) and the
// listener receives ONE argument, a string containing that JSON. The shim
// resolves the registered name or function; if none is usable it sends an
// "mpsim:listenerMissing" event, if the listener throws "mpsim:listenerError",
// otherwise "mpsim:listenerInvoked" (see [AnswerOf]).
func CallbackScript(token, listener string, payload any) (string, error) {
	return CallbackScriptFor(token, listener, 0, payload)
}

// CallbackScriptFor is [CallbackScript] for the host's call number call (1,
// 2, …; 0 for none): the shim's answer carries it, so the host can tell
// which of its calls the page received ([ListenerAnswer].Call).
func CallbackScriptFor(token, listener string, call int, payload any) (string, error) {
	if !containsString(listenerNames, listener) {
		return "", fmt.Errorf("bridge: CallbackScript: unknown listener %q (want %s)", listener, strings.Join(listenerNames, " or "))
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("bridge: CallbackScript: %w", err)
	}
	arg, err := json.Marshal(string(body)) // a JS string literal holding the JSON text
	if err != nil {
		return "", err
	}
	name, _ := json.Marshal(ListenerDispatcherName)
	lst, _ := json.Marshal(listener)
	key, _ := json.Marshal(DispatchKey(token))
	callArg := ""
	if call > 0 {
		callArg = fmt.Sprintf(",%d", call)
	}
	return fmt.Sprintf("(function(){var d=window[%s];if(typeof d===\"function\"){d(%s,%s,%s%s);}})();", name, key, lst, arg, callArg), nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
