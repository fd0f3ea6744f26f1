package bridge

// The code table's section of a finding is the one of the legacy payload
// (§2.7) for the codes that judge it. The same codes about purchase
// metadata cite its section (§2.2), and about an argument of a MobilePlans
// API the API's parameter rules (§2.6): metadataSections and
// argumentSections hold the sections that differ from the table's.
var (
	metadataSections = map[string]string{
		CodeJSONMalformed:         "§2.2",
		CodeKeyDuplicate:          "§2.2",
		CodeKeyUnknown:            "§2.2",
		CodeKeyMistyped:           "§2.2",
		CodeFieldNotString:        "§2.2",
		CodeSchemaViolation:       "§2.2",
		CodeEnumMissing:           "§2.2",
		CodeEnumUnknown:           "§2.2, §5 #4",
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
			fs[i].Section = s
		}
	}
	return fs
}

// addCiting wraps add so that the findings it is given cite sections.
func addCiting(sections map[string]string, add func(...Finding)) func(...Finding) {
	return func(fs ...Finding) { add(citing(sections, fs...)...) }
}
