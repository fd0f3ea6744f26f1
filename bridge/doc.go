// Package bridge is the JavaScript ↔ Go contract of mpsim: the shim injected
// into portal pages, the envelopes it sends back, and the decoding,
// normalisation and validation of what a Mobile Plans portal hands back.
//
// The shim (assets/bridge/shim.js, rendered by [InitScript]) runs at document
// start in the top frame. It defines every object of contract §2.1 (DataMart,
// MobilePlans, MobilePlansInlineOperations, the legacy inline objects and the
// enum objects) and turns every call into an [Envelope] that carries a
// per-session token, which page script never sees. [ParseEnvelope] checks the
// size and the token; [CheckOrigin] checks the page origin (contract §1.1,
// §1.2).
//
// The decoders ([DecodeLegacy] for DataMart.notifyPurchaseResult, contract
// §2.7, and [DecodeMetadata] for purchase metadata, contract §2.2) accept
// every variant the documentation ever showed (contract §5) and report each
// deviation as a [Finding] with a stable code listed by [Codes] and in
// docs/findings.md. Structural checks come from the JSON Schemas in
// bridge/schema; rules a schema cannot express are code.
//
// [CheckCall] applies the per-API argument checks (metadata, activation code,
// ICCID, minutes, operation context) to any forwarded call and
// [EventFindings] interprets host events (listener problems, oversize calls).
//
// [DecideVerdict] turns a session's hand-backs, rejected calls and findings
// into a [Verdict]. [CallbackScript] builds the JavaScript the host evaluates
// to invoke a listener the page registered (contract §2.5).
//
// The package holds no mutable global state; the compiled schemas are built
// once and are read-only afterwards.
package bridge
