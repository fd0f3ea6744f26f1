package main

// End-to-end tests of the bridge shim against the QA tester's hostile pages
// (steal2.html, exempt-flood.html, rerender.html, inline-flood.html), in
// real WebKit. Each ends on the session's hand-back, never on a sleep.

import (
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// A page replaces String.prototype.charCodeAt, TextEncoder's encodeInto
// (and other built-ins) with spies, then sets a listener name long enough
// for the shim to measure its event's UTF-8 length: no spy may see the
// envelope with the token. The page tells the server what its spies saw,
// then hands back.
func TestE2EShimHijackSeesNoToken(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><body><h1>portal</h1><script>
var seen = [], restore = [], has = String.prototype.indexOf;
function spy(obj, name) {
  var orig = obj[name];
  restore.push(function () { obj[name] = orig; });
  obj[name] = function () { 'use strict';
    var all = typeof this === 'string' ? this : '';
    for (var i = 0; i < arguments.length; i++) { if (typeof arguments[i] === 'string') all += arguments[i]; }
    if (seen.length < 5 && Reflect.apply(has, all, ['"token"']) >= 0) { seen.push(name); }
    return Reflect.apply(orig, this, arguments); };
}
['charCodeAt', 'codePointAt', 'slice', 'indexOf', 'concat', 'substring'].forEach(function (n) { spy(String.prototype, n); });
spy(JSON, 'stringify'); spy(Math, 'floor');
spy(TextEncoder.prototype, 'encodeInto'); spy(TextEncoder.prototype, 'encode');
spy(window.webkit.messageHandlers.external, 'postMessage');
MobilePlansInlineOperations.registrationChangedScript = 'x' + 'y'.repeat(100000);
DataMart.createPurchaseMetaData('a'.repeat(100000));
MobilePlansInlineOperations.registrationChangedScript = '';
restore.forEach(function (f) { f(); });
fetch('/got?seen=' + (seen.length ? seen.join(',') : 'none')).then(function () { ` + handBackJS + ` });
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q exit %d, want the hand-back; findings %+v\nstderr:\n%s", rep.Ended, code, rep.Findings, tail(stderr))
	}
	if got := p.got()["seen"]; got != "none" {
		t.Errorf("the page's replaced built-ins saw the session token: %q", got)
	}
}

// Things a page can do at will (assign to a Mobile Plans global 200 times,
// set a listener on each of 60 renders, make 600 calls) cannot crowd out
// its hand-back or inline call.
func TestE2EPageEventsCannotCrowdOutHandBack(t *testing.T) {
	needE2E(t)
	for _, tc := range []struct{ name, script, want string }{
		{"exempt-flood", `for (var i = 0; i < 200; i++) { window.DataMart = window.DataMart || {}; }
` + handBackJS, "DataMart.notifyPurchaseResult"},
		{"rerender", `function onReg(s) {}
for (var i = 0; i < 60; i++) { MobilePlansInlineOperations.registrationChangedScript = 'onReg'; }
var md = MobilePlans.createPurchaseMetaData();
md.userAccount = 'Bailed'; md.purchaseInstrument = 'Bailed'; md.line = 'Bailed'; md.moDirectStatus = 'Cancelled'; md.planName = '';
MobilePlans.notifyCancelledPurchase(md);`, "MobilePlans.notifyCancelledPurchase"},
		{"inline-flood", `function onReg(s) {}
MobilePlansInlineOperations.registrationChangedScript = 'onReg';
for (var i = 0; i < 600; i++) { MobilePlans.createPurchaseMetaData(); }
var md = MobilePlans.createPurchaseMetaData();
md.userAccount = 'New'; md.purchaseInstrument = 'New'; md.line = 'New'; md.moDirectStatus = 'Complete'; md.planName = 'Plan';
MobilePlansInlineOperations.notifyProfileDownload('8988247000100297655', '1$smdp.contoso.example$ABC', md);`, "MobilePlansInlineOperations.notifyProfileDownload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := `<!doctype html><html lang="en"><body><h1>` + tc.name + `</h1><script>` + tc.script + `</script></body></html>`
			p := startTestPortal(t, map[string]string{"/": page})
			_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "20s")
			var found bool
			for _, c := range rep.Calls {
				if c.API == tc.want && c.Accepted {
					found = true
				}
			}
			if !found {
				t.Fatalf("no accepted %s; ended %q, calls %d, flood %v\nstderr:\n%s", tc.want, rep.Ended, len(rep.Calls),
					findingsOf(rep, "bridge-flood-dropped"), tail(stderr))
			}
			for _, f := range findingsOf(rep, "bridge-flood-dropped") {
				if strings.Contains(f, "hand-back or inline") {
					t.Errorf("hand-backs were dropped: %s", f)
				}
			}
		})
	}
}
