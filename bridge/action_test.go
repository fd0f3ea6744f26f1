package bridge

import "testing"

func TestActionOf(t *testing.T) {
	tests := []struct {
		api  string
		want Action
	}{
		{APIDataMartNotifyPurchaseResult, ActionPurchaseResult},
		{APIFAQNotifyPurchaseResult, ActionNone}, // no such method in the real app: a TypeError, nothing done
		{APICreatePurchaseMetaData, ActionNone},
		{APIInlineNotifyProfileDownload, ActionProfileDownload},
		{APIDataMartInlineProfileDownload, ActionProfileDownload},
		{APIInlineNotifyOperationCancel, ActionOperationCancel},
		{APIInlineNotifyBalanceAddition, ActionBalanceAddition},
		{APILegacyNotifyBalanceAddition, ActionBalanceAddition},
		{APINotifyCancelledPurchase, ActionCancelledPurchase},
		{APIDataMartNotifyPurchaseWithProfileDownload, ActionAsyncConnectivity},
		{APINotifyPurchaseDelayedProfile, ActionDelayedProfile},
		{"MobilePlans.noSuchThing", ActionNone},
		{EventFirstPaint, ActionNone},
	}
	for _, tt := range tests {
		if got := ActionOf(tt.api); got != tt.want {
			t.Errorf("ActionOf(%q) = %q, want %q", tt.api, got, tt.want)
		}
	}
}

// TestEveryAPIHasAnAction keeps the table whole: an API added without an
// action would do nothing in the session.
func TestEveryAPIHasAnAction(t *testing.T) {
	for _, a := range apiTable {
		if a.action == "" {
			t.Errorf("%s has no action", a.name)
		}
		if a.action == ActionNone && (a.returnsControl || IsHandBack(a.name)) {
			t.Errorf("%s hands back but does nothing", a.name)
		}
	}
}

func TestIsHandBackMatchesTheTable(t *testing.T) {
	tests := map[string]bool{
		APIDataMartNotifyPurchaseResult: true,
		APIInlineNotifyProfileDownload:  true,
		APIInlineNotifyBalanceAddition:  true,
		APIInlineProfileDownloadExample: true,
		APIInlineNotifyOperationCancel:  false,
		APICreatePurchaseMetaData:       false,
		APIFAQNotifyPurchaseResult:      false,
		APINotifyPurchaseDelayedProfile: true,
		"MobilePlans.notAnAPI":          false,
	}
	for api, want := range tests {
		if got := IsHandBack(api); got != want {
			t.Errorf("IsHandBack(%q) = %v, want %v", api, got, want)
		}
	}
}

func TestFindingLine(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Code: "iccid-luhn", Field: "iccid", Message: "Bad check digit.", Section: "§6"}, "iccid-luhn [iccid]: Bad check digit. (contract §6)"},
		{Finding{Code: "window-crashed", Message: "Gone."}, "window-crashed: Gone."},
	}
	for _, tt := range tests {
		if got := tt.f.Line(); got != tt.want {
			t.Errorf("Line() = %q, want %q", got, tt.want)
		}
	}
}
