package bridge

import (
	"encoding/json"
	"fmt"
	"strings"

	"mpsim/simulator"
)

// argShape is what an argument looks like, by its JSON type and content:
// enough to tell the arguments of one API apart (contract §2.1, §2.6).
type argShape string

const (
	shapeMetadata       argShape = "purchase metadata"
	shapeActivationCode argShape = "an activation code"
	shapeICCID          argShape = "an ICCID"
	shapeMinutes        argShape = "a number of minutes"
	shapeOther          argShape = ""
)

// param is one parameter of an API's signature: its name in the
// documentation and the shape its argument has.
type param struct {
	name  string
	shape argShape
}

var (
	paramMetadata       = param{"metadata", shapeMetadata}
	paramActivationCode = param{"activationCode", shapeActivationCode}
	paramICCID          = param{"iccid", shapeICCID}
)

// signatures are the parameters of every API that takes two or more
// arguments of different shapes (contract §2.1): the ones a page can pass
// in the wrong order. notifyCancelledPurchase and notifyOperationCancel take
// one argument; DataMart.notifyPurchaseResult one.
var signatures = map[string][]param{
	APINotifyPurchaseWithProfileDownload:         {paramMetadata, paramActivationCode, {"networkRegistrationInterval", shapeMinutes}},
	APIDataMartNotifyPurchaseWithProfileDownload: {paramMetadata, paramActivationCode, {"networkRegistrationInterval", shapeMinutes}},
	APIInlineNotifyProfileDownload:               {paramMetadata, paramActivationCode, {"downloadDelay", shapeMinutes}},
	APIInlineProfileDownload:                     {paramMetadata, paramActivationCode},
	APIInlineProfileDownloadExample:              {paramMetadata, paramActivationCode},
	APIDataMartInlineProfileDownload:             {paramMetadata, paramActivationCode},
	APIInlineNotifyBalanceAddition:               {paramMetadata, paramICCID},
	APILegacyNotifyBalanceAddition:               {paramMetadata, paramICCID},
	APIDataMartNotifyBalanceAddition:             {paramMetadata, paramICCID},
	APINotifyPurchaseDelayedProfile:              {paramMetadata, {"profileDownloadDelayInterval", shapeMinutes}},
	APIDataMartNotifyPurchaseDelayedProfile:      {paramMetadata, {"profileDownloadDelayInterval", shapeMinutes}},
}

// shapeOf says what raw looks like: purchase metadata (an object, or a
// string holding a JSON object, as metadata-string accepts), an activation
// code ("1$…$…", "LPA:1$…", or a bare SM-DP+ address), an ICCID (18 to 22
// digits starting with 89, an F at the end allowed), a number; else
// shapeOther, which is never taken for a swap.
func shapeOf(raw json.RawMessage) argShape {
	if _, marker := isMarker(raw); marker {
		return shapeOther
	}
	switch jsonKind(raw) {
	case "object":
		return shapeMetadata
	case "number":
		return shapeMinutes
	case "string":
	default:
		return shapeOther
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return shapeOther
	}
	s = strings.TrimSpace(s)
	switch {
	case jsonKind([]byte(s)) == "object" && json.Valid([]byte(s)):
		return shapeMetadata
	case looksLikeICCID(s):
		return shapeICCID
	case strings.Count(s, "$") >= 2 || isBareSMDPAddress(s):
		return shapeActivationCode
	}
	return shapeOther
}

func looksLikeICCID(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "F"), "f")
	return len(s) >= 18 && len(s) <= 22 && strings.HasPrefix(s, "89") && simulator.IsDigits(s)
}

// swappedArgs recognises a call whose arguments are in the wrong order: at
// least two arguments sit where their shape is not the parameter's, and one
// of them has the shape of another of those parameters (an activation code
// first and the metadata second). It returns the args-swapped finding and
// the arguments put in the order of the signature, as far as their shapes
// tell (an argument whose place is not known stays where it was); ok is
// false for a call in order or whose arguments say nothing of an order.
func swappedArgs(api string, args []json.RawMessage) (Finding, []json.RawMessage, bool) {
	sig := signatures[api]
	n := min(len(sig), len(args))
	if n < 2 {
		return Finding{}, nil, false
	}
	shapes := make([]argShape, n)
	var wrong []int
	for i := range n {
		shapes[i] = shapeOf(args[i])
		if shapes[i] != sig[i].shape {
			wrong = append(wrong, i)
		}
	}
	moved := false
	for _, i := range wrong {
		for _, j := range wrong {
			if i != j && shapes[i] != shapeOther && shapes[i] == sig[j].shape {
				moved = true
			}
		}
	}
	if len(wrong) < 2 || !moved {
		return Finding{}, nil, false
	}
	ordered := reorder(sig[:n], shapes, args[:n], wrong)
	ordered = append(ordered, args[n:]...)
	var got, looks []string
	for i := range n {
		got = append(got, string(orDefault(string(shapes[i]), "something else")))
		if shapes[i] != shapeOther && shapes[i] != sig[i].shape {
			looks = append(looks, fmt.Sprintf("argument %d looks like %s", i+1, shapes[i]))
		}
	}
	names := make([]string, len(sig))
	for i, p := range sig {
		names[i] = p.name
	}
	return newFinding(CodeArgsSwapped, "args",
		"%s takes its arguments in the order (%s); it was called with (%s): %s. Pass them in that order, purchase metadata first: %s(%s). The app does not reorder them.",
		api, strings.Join(names, ", "), strings.Join(got, ", "), strings.Join(looks, ", "), api, strings.Join(names[:n], ", ")), ordered, true
}

// reorder puts each argument at a wrong place into the first wrong place
// whose parameter has its shape; the rest keep their places.
func reorder(sig []param, shapes []argShape, args []json.RawMessage, wrong []int) []json.RawMessage {
	out := make([]json.RawMessage, len(args))
	copy(out, args)
	taken := map[int]bool{}
	placed := map[int]bool{}
	for _, i := range wrong {
		for _, j := range wrong {
			if !taken[j] && shapes[i] != shapeOther && shapes[i] == sig[j].shape {
				out[j] = args[i]
				taken[j], placed[i] = true, true
				break
			}
		}
	}
	// An argument of no known shape fills a wrong place left free.
	for _, i := range wrong {
		if placed[i] {
			continue
		}
		for _, j := range wrong {
			if !taken[j] {
				out[j] = args[i]
				taken[j] = true
				break
			}
		}
	}
	return out
}

// orderArgs is [swappedArgs] for [CheckCall]: the args-swapped finding, if
// any, and the arguments in the signature's order (args itself when the
// call is in order).
func orderArgs(api string, args []json.RawMessage) ([]Finding, []json.RawMessage) {
	f, ordered, ok := swappedArgs(api, args)
	if !ok {
		return nil, args
	}
	return []Finding{f}, ordered
}

// forgetSwapped drops what was decoded from a call whose arguments were in
// the wrong order: the app receives them as the page passed them, so it has
// no activation code, ICCID or interval to act on; the findings about their
// contents stay.
func (cc *CallCheck) forgetSwapped(swapped bool) {
	if !swapped {
		return
	}
	cc.ActivationCode, cc.SMDPAddressOnly, cc.ICCID, cc.Minutes = "", false, "", nil
	if cc.Metadata != nil {
		cc.Metadata = &PurchaseResult{}
	}
}
