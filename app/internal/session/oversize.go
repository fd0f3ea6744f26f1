package session

import (
	"fmt"
	"strings"
	"time"

	"mpsim/bridge"
)

// maxOversizeListed is how many oversize calls the session remembers for
// the handback-missing finding.
const maxOversizeListed = 5

// oversizeCall is a call the shim did not forward because its arguments
// were over the envelope limit.
type oversizeCall struct {
	api  string
	size int
}

// oversize handles an "mpsim:oversize" host event from an allowed origin:
// the page called api with size bytes of arguments, over the envelope
// limit, and the shim did not forward it. The session remembers it for
// handback-missing; when api returns control and control had not returned
// before, the page attempted its hand-back: the real app leaves the portal
// there, so the call is recorded as refused and the session ends (verdict
// rejected) instead of waiting for a hand-back that cannot come.
func (r *runner) oversize(env bridge.Envelope, at time.Time) (handBack bool) {
	api, size, ok := bridge.OversizeCall(env)
	if !ok {
		return false
	}
	if accepted, _ := bridge.CheckOrigin(env.PageURL, r.cfg.Launch.URL, r.cfg.AllowedHosts); !accepted {
		return false
	}
	r.mu.Lock()
	if len(r.oversized) < maxOversizeListed {
		r.oversized = append(r.oversized, oversizeCall{api: api, size: size})
	}
	r.mu.Unlock()
	if !bridge.ReturnsControl(api) || r.countControlReturn(api) {
		return false
	}
	r.mu.Lock()
	r.reject++
	r.mu.Unlock()
	r.addCall(CallRecord{API: api, PageURL: env.PageURL, At: at, Oversize: size,
		Rejected: fmt.Sprintf("not forwarded: its arguments were %d bytes, over the envelope limit of %d bytes; the real app leaves the portal at a hand-back, so the session ended with no result", size, r.cfg.MaxEnvelopeBytes)})
	return true
}

// oversizeText completes the envelope-oversize finding of a host event:
// the limit, and for a hand-back that the session ended there.
func (r *runner) oversizeText(f bridge.Finding, env bridge.Envelope) bridge.Finding {
	api, _, ok := bridge.OversizeCall(env)
	if !ok || f.Code != bridge.CodeEnvelopeOversize {
		return f
	}
	f.Message = strings.TrimSuffix(f.Message, ".") + fmt.Sprintf(" (the limit is %d bytes).", r.cfg.MaxEnvelopeBytes)
	if bridge.ReturnsControl(api) {
		f.Message += " It was the hand-back: the real app leaves the portal there, so the session ended with no result; keep the hand-back's payload small."
	}
	return f
}

// oversizeSentence says which calls the page attempted but the shim did not
// forward for their size, for handback-missing; "" when none.
func (r *runner) oversizeSentence() string {
	if len(r.oversized) == 0 {
		return ""
	}
	parts := make([]string, 0, len(r.oversized))
	for _, c := range r.oversized {
		parts = append(parts, fmt.Sprintf("%s (%d bytes of arguments)", c.api, c.size))
	}
	return fmt.Sprintf("The page called %s, over the envelope limit of %d bytes, so mpsim did not forward it (envelope-oversize)", strings.Join(parts, ", "), r.cfg.MaxEnvelopeBytes)
}
