package bridge

import (
	"encoding/json"
	"strings"
)

// keySpec describes the documented keys of one JSON object.
type keySpec struct {
	canonical []string
	// aliases maps an alternative spelling to its canonical key
	// (contract §5 #5: lineType → line, modirectStatus → moDirectStatus).
	aliases map[string]string
	// elsewhere says, for the lower-case spelling of a key that another
	// object of the hand-back defines, where that key belongs (for
	// moDirectStatus at the legacy payload's top level: inside
	// purchaseResult).
	elsewhere map[string]string
	// aliasSource says where the documentation uses the aliases, for the
	// key-alias message ("" for purchase metadata, whose own examples do).
	aliasSource string
}

type keyHit struct {
	value json.RawMessage
	exact bool
}

// normaliseKeys maps the members of an object onto their documented keys,
// case-insensitively, and reports non-canonical spellings (key-case,
// key-alias), duplicates (key-duplicate) and unknown keys (key-unknown).
// prefix is prepended to field names ("purchaseResult." for nested keys).
// When several members map to one key, an exact spelling wins over a variant
// and, among equals, the last one wins (as in JSON.parse).
func normaliseKeys(members []member, spec keySpec, prefix string) (map[string]json.RawMessage, []Finding) {
	hits := map[string]keyHit{}
	var fs []Finding
	for _, m := range members {
		canon, exact := "", false
		for _, c := range spec.canonical {
			if m.Key == c {
				canon, exact = c, true
				break
			}
		}
		if canon == "" {
			if a, ok := spec.aliases[m.Key]; ok {
				canon = a
				fs = append(fs, aliasFinding(spec, m.Key, canon, prefix))
			}
		}
		if canon == "" {
			for _, c := range spec.canonical {
				if equalFoldASCII(m.Key, c) {
					canon = c
					break
				}
			}
			if canon != "" {
				fs = append(fs, newFinding(CodeKeyCase, prefix+canon,
					"Key %s was accepted as %q; the documented spelling is %q (keys are case-sensitive in the documentation).", shownValue(m.Key), canon, canon))
			}
		}
		if canon == "" {
			for alias, a := range spec.aliases {
				if equalFoldASCII(m.Key, alias) {
					canon = a
					fs = append(fs, newFinding(CodeKeyAlias, prefix+canon,
						"Key %s was accepted as %q; the property table documents %q.", shownValue(m.Key), canon, canon))
					break
				}
			}
		}
		if canon == "" {
			fs = append(fs, unknownKey(m.Key, prefix, spec, members))
			continue
		}
		if prev, dup := hits[canon]; dup {
			keep := !prev.exact || exact
			fs = append(fs, newFinding(CodeKeyDuplicate, prefix+canon,
				"%q is given more than once (last spelling %s); send it once, spelled %q.", canon, shownValue(m.Key), canon))
			if !keep {
				continue
			}
		}
		hits[canon] = keyHit{value: m.Value, exact: exact}
	}
	out := make(map[string]json.RawMessage, len(hits))
	for k, h := range hits {
		out[k] = h.value
	}
	return out, fs
}

// aliasFinding is the key-alias finding for key, an alias of canon spelled
// exactly as the documentation's examples spell it.
func aliasFinding(spec keySpec, key, canon, prefix string) Finding {
	if spec.aliasSource != "" {
		return newFinding(CodeKeyAlias, prefix+canon,
			"Key %s was accepted as %q; the property table documents %q. %s", shownValue(key), canon, canon, spec.aliasSource)
	}
	return newFinding(CodeKeyAlias, prefix+canon,
		"Key %s was accepted as %q; the property table documents %q (the examples' spelling %s also works in mpsim).", shownValue(key), canon, canon, shownValue(key))
}

// unknownKey is the finding for a key the object does not define:
// key-unknown saying where it belongs when another object of the hand-back
// defines it, else key-mistyped when it is a few edits from a documented key
// the object lacks, else key-unknown.
func unknownKey(key, prefix string, spec keySpec, members []member) Finding {
	field := prefix + cutShown(key, maxShown) // the key may be the payload's longest value
	if where, ok := spec.elsewhere[toLowerASCII(key)]; ok {
		return newFinding(CodeKeyUnknown, field, "Key %s is ignored here: %s.", shownValue(key), where)
	}
	if meant := meantKey(key, spec, members); meant != "" {
		return newFinding(CodeKeyMistyped, field,
			"Key %s is ignored: no documentation revision defines it. Did you mean %q? The object has no such key.", shownValue(key), meant)
	}
	return newFinding(CodeKeyUnknown, field, "Key %s is not defined by any documentation revision and is ignored.", shownValue(key))
}

// meantKey is the documented key a mistyped one probably meant, when one is
// a few edits away and the object does not have it already; "" otherwise.
func meantKey(key string, spec keySpec, members []member) string {
	best, bestD := "", -1
	for _, c := range spec.canonical {
		// One edit away from a short key ("ver", "line"), a few from a longer one.
		d, ok := closeTo(key, c)
		if len(c) <= 5 {
			ok = d <= 1
		}
		if ok && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	for _, m := range members {
		if equalFoldASCII(m.Key, best) {
			return ""
		}
	}
	return best
}

// normaliseEnum decodes a raw enum value; when it is a string that matches a
// documented value only case-insensitively or once surrounding white space
// is trimmed, it returns the documented value and an enum-case finding that
// says which. Any other value is returned as decoded for the schema to judge.
func normaliseEnum(raw json.RawMessage, values []string, field string) (any, []Finding) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return toSchemaValue(raw), nil
	}
	trimmed := strings.TrimSpace(s)
	c, ok := canonicalEnum(trimmed, values)
	if !ok || c == s {
		return s, nil
	}
	how := "differs from the documented value only in case"
	switch {
	case trimmed == c:
		how = "has white space around the documented value"
	case trimmed != s:
		how = "differs from the documented value in case and has white space around it"
	}
	return c, []Finding{newFinding(CodeEnumCase, field,
		"%s is %s, which %s; accepted as %q (use %s or the exact string %q).", field, shownValue(s), how, c, enumMember(field, c), c)}
}

// enumMember names the shim enum member whose value is v, for messages
// (for example MobilePlansLineType.bailed).
func enumMember(field, v string) string {
	obj := "MobilePlansUserAccount"
	switch field[strings.LastIndexByte(field, '.')+1:] {
	case "purchaseInstrument":
		obj = "MobilePlansPurchaseInstrument"
	case "line":
		obj = "MobilePlansLineType"
	case "moDirectStatus":
		obj = "MobilePlansMoDirectStatus"
	}
	if v == "" {
		return obj
	}
	return obj + "." + toLowerASCII(v[:1]) + v[1:]
}

// purchaseEnumKeys are the four enum keys shared by purchaseResult and
// purchase metadata.
var purchaseEnumKeys = [...]string{"userAccount", "purchaseInstrument", "line", "moDirectStatus"}

func enumValuesFor(key string) []string {
	if key == "moDirectStatus" {
		return statusValues[:]
	}
	return stepValues[:]
}

// The keys of purchaseResult and purchase metadata (contract §2.2, §2.7) and
// of the legacy payload's top level (§2.7).
var (
	purchaseKeys       = []string{"userAccount", "purchaseInstrument", "line", "moDirectStatus", "planName"}
	purchaseKeyAliases = map[string]string{"lineType": "line", "modirectStatus": "moDirectStatus"}
	legacyKeys         = []string{"ver", "success", "iccid", "activationCode", "transactionId", "purchaseResult"}
)

// purchaseResultSpec is the key spec of the legacy payload's purchaseResult.
var purchaseResultSpec = keySpec{
	canonical: purchaseKeys,
	aliases:   purchaseKeyAliases,
	aliasSource: "That spelling is only in the inline APIs' examples of purchase metadata (contract §5 #5); the legacy page's " +
		"purchaseResult field table and examples always spell it with the documented key, so whether the app accepts it here is not documented.",
	elsewhere: keysBelong(legacyKeys, nil,
		"it is a key of the payload's top level, beside purchaseResult, not inside it"),
}

// metadataSpec is the key spec of purchase metadata.
var metadataSpec = keySpec{
	canonical: purchaseKeys,
	aliases:   purchaseKeyAliases,
	elsewhere: keysBelong(legacyKeys, nil,
		"it is a key of the legacy DataMart.notifyPurchaseResult payload, not of purchase metadata (contract §2.2); the MobilePlans APIs take an ICCID or activation code as an argument"),
}

// keysBelong maps the lower-case spelling of each key and alias to where.
func keysBelong(keys []string, aliases map[string]string, where string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[toLowerASCII(k)] = where
	}
	for a := range aliases {
		out[toLowerASCII(a)] = where
	}
	return out
}

// normalisePurchase normalises the keys and enum case of a purchase-result
// or metadata object (spec purchaseResultSpec or metadataSpec), returning
// the schema instance, the decoded struct (only string values are copied)
// and findings.
func normalisePurchase(members []member, spec keySpec, prefix string) (map[string]any, PurchaseResult, []Finding) {
	byKey, fs := normaliseKeys(members, spec, prefix)
	inst := map[string]any{}
	var pr PurchaseResult
	for _, k := range spec.canonical {
		raw, ok := byKey[k]
		if !ok {
			continue
		}
		var v any
		if k == "planName" {
			v = toSchemaValue(raw)
		} else {
			var efs []Finding
			v, efs = normaliseEnum(raw, enumValuesFor(k), prefix+k)
			fs = append(fs, efs...)
		}
		inst[k] = v
		s, _ := v.(string)
		switch k {
		case "userAccount":
			pr.UserAccount = s
		case "purchaseInstrument":
			pr.PurchaseInstrument = s
		case "line":
			pr.Line = s
		case "moDirectStatus":
			pr.MoDirectStatus = s
		case "planName":
			pr.PlanName = s
		}
	}
	return inst, pr, fs
}

// statusFindings reports moDirectStatus values only some pages list
// (contract §5 #4). In purchase metadata (metadata true) BillingError is
// in the metadata table, the one that documents those APIs (§2.2): only
// None is then worth a word.
func statusFindings(status, field string, metadata bool) []Finding {
	switch status {
	case "BillingError":
		if metadata {
			return nil
		}
		return []Finding{newFinding(CodeStatusTablePartial, field,
			"moDirectStatus BillingError is listed by the DYNAMO and metadata tables but not by the legacy page; accepted.")}
	case "None":
		return []Finding{newFinding(CodeStatusTablePartial, field,
			"moDirectStatus None is listed by the legacy page but not by the DYNAMO and metadata tables; accepted.")}
	case "Cancelled":
		return []Finding{newFinding(CodeStatusCancelled, field,
			"moDirectStatus Cancelled appears in the documentation's examples but in no value table; accepted.")}
	}
	return nil
}
