package audit

// Areas of the policies, as the DYNAMO page's headings name them.
const (
	AreaBusiness      = "Business"
	AreaSecurity      = "Security"
	AreaAdvertising   = "Advertising"
	AreaCapabilities  = "Capabilities"
	AreaUsability     = "Usability"
	AreaLocalization  = "Localization"
	AreaAccessibility = "Accessibility"
)

// rule is one policy of the table: its identity, the DYNAMO page's text,
// the finding code of its failures (none for manual-only policies), what a
// person should look at when the machine cannot decide, and its check (nil:
// always manual).
type rule struct {
	id, area, level, code string
	text                  string
	look                  string
	check                 func(*facts, *outcome)
}

// policyRules returns the 32 policies in the DYNAMO page's order. It is a
// fixed table, rebuilt on each call.
func policyRules() []rule {
	var out []rule
	for _, group := range [][]rule{businessRules(), securityRules(), advertisingRules(), capabilityRules(),
		usabilityRules(), localizationRules(), accessibilityRules()} {
		out = append(out, group...)
	}
	return out
}

// businessRules are the Business functions table.
func businessRules() []rule {
	return []rule{
		{id: "business-legal", area: AreaBusiness, level: LevelRequired,
			text: "The MO Direct experience must meet all applicable legal and regulatory requirements in the countries offered. Any content displayed in the MO Direct portal must comply with all applicable laws.",
			look: "Have the portal's content (offers, prices, taxes, consumer notices, age and identity checks) reviewed against the law of every country (market) where it is offered."},
		{id: "business-connectivity-only", area: AreaBusiness, level: LevelRequired,
			text:  "Products offered through the MO Direct experience must be an offer for network connectivity.",
			look:  "Walk through the catalogue: every product offered must be a data plan or other network connectivity, with no devices, accessories, content subscriptions or bundles of other goods.",
			check: checkConnectivityOnly},
		{id: "business-immediate-activation", area: AreaBusiness, level: LevelRequired, code: "policy-business-immediate-activation",
			text:  "Network connectivity products offered through the MO Direct experience must be immediately activated after user completes the purchase flow.",
			look:  "After a purchase, check that the plan works at once: the eSIM profile downloads and connects, or the physical SIM's line is active, with no waiting period, confirmation code or second step.",
			check: checkImmediateActivation},
		{id: "business-terms", area: AreaBusiness, level: LevelRequired, code: "policy-business-terms",
			text:  "Network connectivity products offered through the MO Direct experience must have clear information on service details. Any specific terms of service must be available for users to review before purchase in the MO Direct experience.",
			look:  "Check that each offer states its service details (data, validity, price, speed limits) and that the terms of service can be opened inside the portal before the user pays.",
			check: func(f *facts, o *outcome) { checkReachable(f, o, "terms of service", "terms", termsOf) }},
		{id: "business-support", area: AreaBusiness, level: LevelRequired, code: "policy-business-support",
			text:  "Customer support contact information must be accessible to users in the MO Direct experience.",
			look:  "Check that a customer-support contact (phone number, chat or a help page inside the portal) can be reached from every page of the flow.",
			check: func(f *facts, o *outcome) { checkReachable(f, o, "customer-support contact", "support", supportOf) }},
		{id: "business-privacy", area: AreaBusiness, level: LevelRequired, code: "policy-business-privacy",
			text:  "The privacy policy must be available for users to review in the MO Direct experience.",
			look:  "Check that the privacy policy opens inside the portal (not in a browser or another window) and is readable in the walled garden.",
			check: func(f *facts, o *outcome) { checkReachable(f, o, "privacy policy", "privacy", privacyOf) }},
		{id: "business-account-management", area: AreaBusiness, level: LevelRequired,
			text: "The account management experience provided by an MO, which can be within the MO Direct experience, a separate and dedicated account management portal, or a dedicated MO app, should enable users to take actions on their current data plans, such as canceling a subscription.",
			look: "Check that users can manage their current plans (see the plan, renew, cancel a subscription) in the portal, a dedicated account portal or the operator's app, and that the portal says where."},
		{id: "business-order-confirmation", area: AreaBusiness, level: LevelRecommended,
			text:  "Users will receive an order confirmation after purchasing a data plan from the MO Direct experience successfully.",
			look:  "After a successful purchase, check that the portal shows an order summary (plan, price, reference) before it hands back, or sends one by SMS or e-mail.",
			check: checkOrderConfirmation},
	}
}

// securityRules are the Security table.
func securityRules() []rule {
	return []rule{
		{id: "security-no-installs", area: AreaSecurity, level: LevelRequired, code: "policy-security-no-installs",
			text:  "The MO Direct experience must not deliver or install any 3rd party-owned or branded apps or modules.",
			look:  "Check that no page offers an app, plug-in, extension or installer, or sends the user to an app store.",
			check: checkNoInstalls},
		{id: "security-logout", area: AreaSecurity, level: LevelRequired,
			text:  "Before users exit the MO Direct experience, users must be securely logged out from the MO Direct portal.",
			look:  "Sign in, finish or cancel the flow, then open the portal again with the same launch: you must be asked to sign in again. The session cookies listed as evidence must be cleared or invalidated server-side at the hand-back.",
			check: checkLogout},
		{id: "security-https", area: AreaSecurity, level: LevelRequired, code: "policy-security-https",
			text:  "The MO Direct portal URI and all requests or notifications sent to and from the MO Direct portal must use the secure HTTPS protocol.",
			look:  "Serve the portal and every request over https; plain http on loopback is accepted for local development only.",
			check: checkHTTPS},
		{id: "security-https-resources", area: AreaSecurity, level: LevelRequired, code: "policy-security-https-resources",
			text:  "All MO portal resources and references must use the secure HTTPS protocol.",
			look:  "Make every src, href and form action of the pages https (plain http on loopback is accepted for local development only), and check the pages after the first one too.",
			check: checkHTTPSResources},
	}
}

// advertisingRules are the Advertising table.
func advertisingRules() []rule {
	return []rule{
		{id: "advertising-none", area: AreaAdvertising, level: LevelRequired, code: "policy-advertising-none",
			text:  "The MO Direct portal must not display any advertisements, sponsored content, videos, large images, animations, or maps.",
			look:  "Look at every page for advertisements, sponsored content, videos, large images, animations and maps; a short transition or a loading indicator is fine, a looping or decorative animation is not.",
			check: checkAdvertising},
	}
}

// capabilityRules are the Capabilities table.
func capabilityRules() []rule {
	return []rule{
		{id: "capabilities-minimum-functionality", area: AreaCapabilities, level: LevelRequired,
			text:  "The required minimum functionality for the MO Direct experience is to enable a user to purchase a data plan with an account registered with a mobile operator.",
			look:  "Run a purchase (mpsim run --demo-choice buy for the demo portal, or buy a plan by hand) and check that it ends with a successful hand-back (moDirectStatus Complete).",
			check: checkMinimumFunctionality},
		{id: "capabilities-startup-responsive", area: AreaCapabilities, level: LevelRequired, code: "policy-capabilities-startup-responsive",
			text:  "The MO Direct portal must start up promptly and remain responsive to user input until the user exits the MO Direct experience.",
			look:  "Use the portal through the whole flow: every tap must answer at once, with a progress indicator during long back-end calls.",
			check: checkStartup},
		{id: "capabilities-focus", area: AreaCapabilities, level: LevelRequired, code: "policy-capabilities-focus",
			text:  "Once invoked, the MO Direct portal must have and retain user focus until either: the MO Direct flow has completed and the focus has been returned by Mobile Operator back to the Mobile Plans app, OR the user has cancelled the MO Direct flow.",
			look:  "Check that the portal never hands the user to another window, app or browser, and that both finishing and cancelling end with a hand-back to the app.",
			check: checkFocus},
		{id: "capabilities-no-popups", area: AreaCapabilities, level: LevelRequired, code: "policy-capabilities-no-popups",
			text:  "The MO Direct portal must not display any pop-up windows, open any additional windows, or redirect the user to any other websites or apps, except as required to complete the purchase flow.",
			look:  "Check that each navigation to another site listed is required to complete the purchase (a payment provider's 3-D Secure page, for example) and comes back to the portal.",
			check: checkNoPopups},
		{id: "capabilities-error-handling", area: AreaCapabilities, level: LevelRequired, code: "policy-capabilities-error-handling",
			text:  "The MO Direct portal must handle all legitimate errors and exceptions, such as rejection of payment method, backend failure etc. After the error or exception is handled, the MO Direct portal must remain responsive for users to exit and return to the Microsoft Store.",
			look:  "Drive the errors (a refused payment, a back-end failure, a bad launch such as mpsim's negative presets) and check that each shows a clear message and still lets the user leave with a hand-back.",
			check: checkErrorHandling},
		{id: "capabilities-error-support", area: AreaCapabilities, level: LevelRecommended,
			text:  "If users run into an error that can be fixed with user actions, it is recommended to display mobile operator customer support information with the error message.",
			look:  "Trigger an error the user can fix (a refused card, a wrong password) and check that the error message shows the customer-support contact.",
			check: checkErrorSupport},
	}
}

// usabilityRules are the Usability table.
func usabilityRules() []rule {
	return []rule{
		{id: "usability-frame-size", area: AreaUsability, level: LevelRequired, code: "policy-usability-frame-size",
			text:  "The default frame size for the MO Direct portal is 800x600. Adopt responsive web design so that content on the MO Direct portal can be auto-adjusted to fit into the web control frame when users resize the Mobile Plans app.",
			look:  "Resize the portal window larger and smaller than 800x600 on every page: the content must follow without a horizontal scroll bar or cut-off controls.",
			check: checkFrameSize},
		{id: "usability-load", area: AreaUsability, level: LevelRequired, code: "policy-usability-load",
			text:  "Load times and data consumption for loading the MO Direct experience should be optimized.",
			look:  "Compress and cache the first page's resources, drop unused scripts and fonts, and keep the first screen small: users are in a walled garden on a metered connection.",
			check: checkLoad},
		{id: "usability-simple-navigation", area: AreaUsability, level: LevelRequired,
			text: "The MO Direct experience should be simple and easy to navigate with necessary on-screen guidelines.",
			look: "Walk through the flow as a first-time user: each step should say what to do next, with one obvious primary action (the reference design's Next and Cancel)."},
		{id: "usability-no-window-buttons", area: AreaUsability, level: LevelRequired, code: "policy-usability-no-window-buttons",
			text:  "UI elements on the MO Direct portal should provide a cohesive experience integrated with the Mobile Plans app, not confusing users or reminding the users that this is an embedded web control. For example, there should be no close/max/min button within the MO Direct portal.",
			look:  "Check the pages for anything that looks like window chrome or reveals a browser (close, minimise or maximise buttons, an address bar, \"open in browser\").",
			check: checkNoWindowButtons},
		{id: "usability-back-forward", area: AreaUsability, level: LevelRequired,
			text:  "Layout of web pages in the MO Direct portal should be clean and easy to navigate. Users can navigate backward and forward through web pages in the MO Direct portal with UI elements within MO Direct experience. For more info, see Web portal flow and reference design.",
			look:  "On every page after the first, check for an on-screen Back (and Next) control that keeps what the user entered, since the app shows no browser buttons.",
			check: checkBackForward},
		{id: "usability-no-interference", area: AreaUsability, level: LevelRequired, code: "policy-usability-no-interference",
			text:  "The MO Direct portal must be functional within the Web Control frame and, once invoked, it must not interfere with users' interaction with the Mobile Plans app at any time.",
			look:  "Use the portal inside the app's frame through the whole flow: no dialogs, no blocked or frozen states, and the app's own controls stay usable.",
			check: checkNoInterference},
		{id: "usability-clutter", area: AreaUsability, level: LevelRequired, code: "policy-usability-clutter",
			text:  "The MO Direct portal must not be cluttered with too many images, banners, lengthy text, external links, etc.",
			look:  "Look at each page: few images, no banners, short text and no links that lead out of the portal.",
			check: checkClutter},
		{id: "usability-cancel", area: AreaUsability, level: LevelRecommended, code: "policy-usability-cancel",
			text:  "An on-screen cancel button within the MO Direct experience should be available for users to exit the flow when applicable.",
			look:  "Check that every step of the flow offers a Cancel that hands back to the app (moDirectStatus with the user's progress).",
			check: checkCancel},
		{id: "usability-brand", area: AreaUsability, level: LevelRecommended,
			text:  "Mobile operators can choose the color scheme and fonts that represents the brand the best. Ensure that all visual elements work well together and reinforce the brand.",
			look:  "Look at the screenshots: colours, fonts, logo and imagery should be the operator's and consistent from page to page.",
			check: checkBrand},
	}
}

// localizationRules are the Localization table.
func localizationRules() []rule {
	return []rule{
		{id: "localization-locale", area: AreaLocalization, level: LevelRequired, code: "policy-localization-locale",
			text:  "The MO Direct portal should be able to receive and understand users' locale setting passed by the DYNAMO service to display content in the proper language.",
			look:  "Set <html lang> to the language the page is written in, chosen from the Accept-Language the app sends (contract §1.4); check the visible text is in that language.",
			check: checkLocale},
		{id: "localization-languages", area: AreaLocalization, level: LevelRecommended, code: "policy-localization-languages",
			text:  "Mobile operators may localize the MO Direct portal in the languages they want to support.",
			look:  "Open the portal with each language the operator supports (mpsim run --compare-lang) and check every page is translated, including errors and the terms.",
			check: checkLanguages},
		{id: "localization-similar", area: AreaLocalization, level: LevelRecommended, code: "policy-localization-similar",
			text:  "The experience provided by the MO Direct portal should be reasonably similar in all languages that it supports, although data plan availability can vary from region to region.",
			look:  "Run the same launch in two supported languages (mpsim run --compare-lang) and compare the screenshots: the same steps, controls and information, apart from the plans on offer.",
			check: checkSimilar},
	}
}

// accessibilityRules are the Accessibility table.
func accessibilityRules() []rule {
	return []rule{
		{id: "accessibility", area: AreaAccessibility, level: LevelRecommended, code: "policy-accessibility",
			text:  "The MO Direct portal should provide accessibility to disabled users and adhere to the accessibility guidelines applicable in the jurisdictions where the mobile operator implements and enables the MO Direct experience.",
			look:  "axe-core finds only part of the problems: also go through the flow with the keyboard alone and a screen reader, at 200% zoom, and against the guidelines of each country (WCAG 2.1 AA, EN 301 549, Section 508).",
			check: checkAccessibility},
	}
}
