package bridge

import "testing"

// TestEnumUnknownSaysTheValueMeant: an undocumented enum value a few edits
// from a documented one (QA m04: "Completed") names it, as keys and APIs
// do, and is not also status-success-mismatch, which pushed towards
// success false for a purchase that completed; nor, judged on its own,
// plan-name-nonempty-on-failure.
func TestEnumUnknownSaysTheValueMeant(t *testing.T) {
	ac := `"1$smdp.contoso.example$ABC123"`
	runMessageCases(t, []messageCase{
		{name: "legacy Completed", findings: legacyFindings(payloadPR("", "New", "New", "New", "Completed", "Plan"), Expectation{}),
			code: CodeEnumUnknown, field: "purchaseResult.moDirectStatus",
			want: []string{`got "Completed"`, `Did you mean "Complete" (MobilePlansMoDirectStatus.complete)?`}},
		{name: "legacy Completed: no mismatch", findings: legacyFindings(payloadPR("", "New", "New", "New", "Completed", "Plan"), Expectation{}),
			noCodes: []string{CodeStatusSuccessMismatch, CodePlanNameSetFailure}},
		{name: "legacy Canceled", findings: legacyFindings(payloadPR("", "New", "New", "New", "Canceled", "Plan"), Expectation{}),
			code: CodeEnumUnknown, want: []string{`Did you mean "Cancelled"`}},
		{name: "legacy userAccount Exisitng", findings: legacyFindings(payloadPR("", "Exisitng", "New", "New", "Complete", "Plan"), Expectation{}),
			code: CodeEnumUnknown, field: "purchaseResult.userAccount", want: []string{`Did you mean "Existing" (MobilePlansUserAccount.existing)?`}},
		{name: "legacy far from any value", findings: legacyFindings(payloadPR("", "New", "New", "New", "Banana", "Plan"), Expectation{}),
			code: CodeEnumUnknown, notWant: []string{"Did you mean"}},
		{name: "legacy documented status still compared", findings: legacyFindings(payloadPR("", "New", "New", "New", "PurchaseFailed", "Plan"), Expectation{}),
			code: CodeStatusSuccessMismatch},
		{name: "metadata Completed", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Completed", "Plan"), ac),
			code: CodeEnumUnknown, field: "moDirectStatus", want: []string{`Did you mean "Complete" (MobilePlansMoDirectStatus.complete)?`}},
		{name: "metadata Completed: no mismatch", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Completed", "Plan"), ac),
			noCodes: []string{CodeStatusSuccessMismatch}},
		{name: "metadata on its own, Completed with a plan name", findings: func() []Finding { _, fs := DecodeMetadata([]byte(mdWith("Completed", "Plan"))); return fs },
			code: CodeEnumUnknown, noCodes: []string{CodePlanNameSetFailure}},
	})
}

// TestNullTransactionIDSaysWhy: transactionId null (QA m07: the portal
// read URLSearchParams.get('transactionID')) keeps its severity, an error
// (a value of the wrong type; leaving the key out is the warning
// transaction-id-missing, contract §2.7), and says what null usually means.
func TestNullTransactionIDSaysWhy(t *testing.T) {
	pr := prString("New", "New", "New", "Complete", "Plan")
	runMessageCases(t, []messageCase{
		{name: "null", findings: legacyFindings(`{"ver":"1","success":true,"transactionId":null,"purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "transactionId",
			want: []string{"got null", "URLSearchParams.get", "get('transactionId')", "case-sensitive", "transactionID"}},
		{name: "number: no null hint", findings: legacyFindings(`{"ver":"1","success":true,"transactionId":42,"purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "transactionId", notWant: []string{"URLSearchParams"}},
		{name: "iccid null: no transactionId hint", findings: legacyFindings(`{"ver":"1","success":true,"iccid":null,"transactionId":"t","purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "iccid", notWant: []string{"transactionId"}},
	})
	for _, f := range legacyFindings(`{"ver":"1","success":true,"transactionId":null,"purchaseResult":`+pr+`}`, Expectation{})() {
		if f.Code == CodeFieldNotString && f.Severity != SeverityError {
			t.Errorf("field-not-string is %s", f.Severity)
		}
	}
}
