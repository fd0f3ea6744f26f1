package bridge

import "strings"

// The code table's section of a finding is the one of the legacy payload
// (§2.7) for the codes that judge it. The same codes about purchase
// metadata cite its section (§2.2), and about an argument of a MobilePlans
// API the API's parameter rules (§2.6): metadataSections and
// argumentSections hold the sections that differ from the table's. An
// enum-unknown on moDirectStatus cites §5 #4 as well, the pages' differing
// value sets of moDirectStatus (enumSection); on the other enums it does
// not, as §5 #4 is about moDirectStatus only.
var (
	metadataSections = map[string]string{
		CodeJSONMalformed:         "§2.2",
		CodeKeyDuplicate:          "§2.2",
		CodeKeyUnknown:            "§2.2",
		CodeKeyMistyped:           "§2.2",
		CodeFieldNotString:        "§2.2",
		CodeSchemaViolation:       "§2.2",
		CodeEnumMissing:           "§2.2",
		CodeEnumUnknown:           "§2.2",
		CodeStatusSuccessMismatch: "§2.2",
		CodePlanNameMissing:       "§2.2",
		CodePlanNameEmptySuccess:  "§2.2, §5 #9",
		CodePlanNameSetFailure:    "§2.2, §5 #9",
	}
	argumentSections = map[string]string{
		CodeFieldNotString:           "§2.6",
		CodeActivationCodeMissing:    "§2.6",
		CodeActivationCodeUnexpected: "§2.1, §2.6",
	}
)

// citing sets the section of each finding whose code sections lists, in
// place, and returns fs.
func citing(sections map[string]string, fs ...Finding) []Finding {
	for i := range fs {
		if s, ok := sections[fs[i].Code]; ok {
			fs[i].Section = enumSection(fs[i].Code, fs[i].Field, s)
		}
	}
	return fs
}

// enumSection is section, the one a finding of code about field cites,
// with §5 #4 added for an enum-unknown on moDirectStatus: the pages list
// different value sets for it (contract §5 #4: the union is accepted, any
// other value flagged). The other enums (userAccount, purchaseInstrument,
// line) have one value set, in §2.2 and §2.7.
func enumSection(code, field, section string) string {
	if code != CodeEnumUnknown || fieldKey(field) != "moDirectStatus" {
		return section
	}
	return section + ", §5 #4"
}

// fieldKey is the last key of a dotted field path
// (purchaseResult.moDirectStatus → moDirectStatus).
func fieldKey(field string) string {
	return field[strings.LastIndexByte(field, '.')+1:]
}

// addCiting wraps add so that the findings it is given cite sections.
func addCiting(sections map[string]string, add func(...Finding)) func(...Finding) {
	return func(fs ...Finding) { add(citing(sections, fs...)...) }
}
