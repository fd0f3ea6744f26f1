/* mpsim demo operator portal: page logic (steps, back end calls, hand-back).
 * Contract: /work/shared/spec/mobile-plans-contract.md. Payload shapes live in
 * payload.js (pure, tested with node); this file only wires the page.
 * Steps use hash routes (#/plan, #/account, ...) so the app's back button walks
 * the WebView history like a browser (§1.6) and Back keeps entered data (§4).
 */
(function () {
  'use strict';
  var P = window.MPDemoPayload;
  var data = JSON.parse(document.getElementById('mp-data').textContent);
  var L = data.launch, cfg = data.cfg, T = data.t, plans = data.plans;
  var STEPS = ['plan', 'account', 'payment', 'confirm'];
  var PAGES = { terms: 1, privacy: 1, support: 1 };
  // "legacy" (DataMart.notifyPurchaseResult) or "inline" (MobilePlans*): the
  // demo operator's setting, already resolved by the server for the
  // inline-only unattended choices.
  var api = cfg.api;
  var DEFERRED_MINUTES = 30; // downloadDelay of "Install later" (§2.6, F4)
  var ASYNC_MINUTES = 15;    // networkRegistrationInterval of "connect later" (§2.6, F6)
  var topUp = L.topUp || []; // this operator's plans on the device (F7)
  var state = {
    maxStep: 0, step: 'plan', user: null, busy: false, error: null, done: false, shown: null,
    launchAccepted: !L.status,
    choices: { userAccount: 'New', purchaseInstrument: 'New', line: 'New' },
    operation: null,      // MobilePlansOperationContext of the last inline operation (§2.4)
    deferred: false,      // a deferred download is pending (F4); it may be cancelled (F5)
    downloadSeen: false,  // the activation call-back came: too late to cancel
    // What the order page waits for: 'download' (F3, F4: a new profile),
    // 'topup' (F7), or '' (nothing more comes); failed: the activation
    // failed; ended: the subscription was cancelled. The listeners and the
    // cancels keep the page's lead text in step with the rows (§2.5).
    flow: '', failed: false, ended: false
  };
  // The last eSIM download failed for want of room (X-MP-LPAError-Codes:
  // InsufficientSpaceOnCard, §1.4, F10): a new profile cannot be installed
  // until the user removes one, so the flow says so before payment.
  var full = L.kind === 'esim' && !!(L.lpaError && L.lpaError.full);
  // What the host called back, in order (§2.5), for scripted hosts and tests.
  window.mpDemoReceived = [];

  function $(id) { return document.getElementById(id); }
  function checked(name) {
    var el = document.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : '';
  }
  function setChecked(name, value) {
    var el = document.querySelector('input[name="' + name + '"][value="' + value + '"]');
    if (el) { el.checked = true; el.dispatchEvent(new Event('change', { bubbles: true })); }
  }
  function topUpMode() { return api === 'inline' && topUp.length > 0 && checked('mode') === 'topup'; }
  /* Legacy eSIM with a plan of ours on the device: the new plan goes onto
   * that line and nothing is downloaded (flow F2); the back end does the same. */
  function onExistingLine() { return topUpMode() || (api !== 'inline' && L.kind === 'esim' && topUp.length > 0); }
  /* The purchase downloads a new eSIM profile (F1, F3, F4, F6). */
  function newProfile() { return L.kind === 'esim' && !onExistingLine(); }
  function planById(id) {
    for (var i = 0; i < plans.length; i++) if (plans[i].id === id) return plans[i];
    return plans[0];
  }

  /* Host objects (§2.1). In a normal browser they are absent: say so, and
   * disable every control that would hand back. */
  function hostReady() {
    if (api === 'inline') return !!(window.MobilePlans && window.MobilePlansInlineOperations);
    return !!(window.DataMart && typeof window.DataMart.notifyPurchaseResult === 'function');
  }

  /* ---------- routing ---------- */
  function route() { return location.hash.replace(/^#\/?/, ''); }
  function go(name) {
    if (route() === name) render(); else location.hash = '#/' + name;
  }
  function view() {
    var r = route();
    if (PAGES[r]) return r;
    if (state.done) return 'done';
    if (state.error) return 'error';
    if (!state.launchAccepted) return 'launch';
    var i = STEPS.indexOf(r);
    if (i < 0) return state.step;
    return STEPS[Math.min(i, state.maxStep)];
  }
  function render() {
    var v = view();
    if (STEPS.indexOf(v) >= 0) state.step = v;
    var sections = document.querySelectorAll('.step');
    for (var i = 0; i < sections.length; i++) {
      var id = sections[i].id.replace(/^(step|page)-/, '');
      sections[i].hidden = id !== v;
    }
    // After a purchase every step is done; otherwise the steps before the current one.
    var reached = (v === 'done' && !$('order').hidden) ? STEPS.length : STEPS.indexOf(state.step);
    var items = document.querySelectorAll('.progress li');
    for (var j = 0; j < items.length; j++) {
      var f = items[j].getAttribute('data-for');
      if (f === v) items[j].setAttribute('aria-current', 'step'); else items[j].removeAttribute('aria-current');
      items[j].className = STEPS.indexOf(f) < reached ? 'past' : '';
    }
    var inFlow = STEPS.indexOf(v) >= 0;
    document.querySelector('.actions').hidden = !inFlow && !PAGES[v];
    if ($('btn-cancel')) $('btn-cancel').hidden = !inFlow; // absent with the policies broken
    $('btn-next').hidden = !inFlow;
    // Next submits the step's form: Enter in a field submits it too.
    if (inFlow) $('btn-next').setAttribute('form', 'form-' + v);
    $('btn-back').hidden = !(PAGES[v] || (inFlow && v !== 'plan'));
    $('btn-next').textContent = v === 'confirm' ? T.buy : T.next;
    $('btn-next').disabled = state.busy || (v === 'confirm' && !hostReady());
    $('cancel-confirm').hidden = true;
    $('plan-mode').hidden = !(api === 'inline' && topUp.length > 0);
    // A full eSIM: said on the plan step, and again before Buy now when
    // the purchase needs a new profile.
    $('full-warn-plan').hidden = !full;
    $('full-warn-topup').hidden = $('plan-mode').hidden;
    $('full-warn-confirm').hidden = !(full && newProfile());
    if (v === 'confirm') fillSummary();
    if (state.shown !== null && state.shown !== v) {
      var h = document.querySelector('#' + (PAGES[v] ? 'page-' : 'step-') + v + ' h1');
      if (h) h.focus();
    }
    state.shown = v;
  }

  /* ---------- back end ---------- */
  function force() { return checked('force'); }
  function post(path, params, done) {
    var body = new URLSearchParams(location.search);
    Object.keys(params).forEach(function (k) { body.set(k, params[k]); });
    body.set('force', force());
    var ctrl = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctrl) ctrl.abort(); finish({ ok: false, status: 'ServiceError', timeout: true }); }, cfg.timeoutMs);
    var finished = false;
    function finish(r) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      busy(false);
      done(r);
    }
    busy(true);
    fetch(path, { method: 'POST', body: body, signal: ctrl ? ctrl.signal : undefined, credentials: 'same-origin' })
      .then(function (resp) { return resp.json(); })
      .then(function (r) { finish(r); })
      .catch(function () { finish({ ok: false, status: 'ServiceError' }); });
  }
  /* While a back-end call is in flight nothing else can be asked: Back,
   * Next and Cancel are off (once Buy now has sent the purchase, "Nothing
   * will be bought" may no longer be true), and an open Cancel question
   * is put away. */
  function busy(on) {
    state.busy = on;
    $('busy').hidden = !on;
    $('btn-next').disabled = on || (state.step === 'confirm' && !hostReady());
    $('btn-back').disabled = on;
    ['btn-cancel', 'broken-close'].forEach(function (id) { if ($(id)) $(id).disabled = on; });
    if (on) $('cancel-confirm').hidden = true;
  }

  /* A back end failure: show it with the support contact (§4 "handle all
   * errors", "support contact with fixable errors"); the user may retry or
   * return, which hands back the status (§2.2). */
  function fail(status, step, timeout, text) {
    // What a real portal logs for its developers (mpsim's Console tab).
    console.warn('Contoso back end: ' + (timeout ? 'timed out' : status) + ' at step ' + step);
    state.error = { status: status, step: step };
    $('error-text').textContent = (text || (timeout ? T.errTimeout : (T['err' + status] || status))) + ' (' + status + ')';
    go('error');
  }

  /* ---------- steps ---------- */
  function showError(id, msg) { var el = $(id); el.textContent = msg || ''; el.hidden = !msg; }
  function validEmail(s) { return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s); }

  /* Field checks, by field id. */
  var VALID = {
    'new-name': function (v) { return !!v.trim(); },
    'new-email': function (v) { return validEmail(v.trim()); },
    'signin-email': function (v) { return validEmail(v.trim()); },
    'signin-password': function (v) { return !!v; },
    'card-number': function (v) { return /^\d{16}$/.test(v.replace(/[\s-]/g, '')); },
    'card-expiry': function (v) { return /^(0[1-9]|1[0-2])\/\d\d$/.test(v.trim()); }
  };
  /* A step's fields in order, each with the key of its error message. */
  var FIELDS = {
    accountNew: [['new-name', 'needName'], ['new-email', 'needEmail']],
    accountExisting: [['signin-email', 'needEmail'], ['signin-password', 'needPassword']],
    payment: [['card-number', 'needCard'], ['card-expiry', 'needCard']]
  };
  /* validate checks fields (a FIELDS list) of the step whose error text is
   * errorId. The first that fails shows its message, is marked invalid and
   * described by the message (aria-invalid, aria-describedby), and gets
   * the focus, so that a keyboard user lands where the fix is; the marks
   * of an earlier try are cleared first. */
  function validate(errorId, fields) {
    clearInvalid(errorId);
    for (var i = 0; i < fields.length; i++) {
      var el = $(fields[i][0]);
      if (VALID[el.id](el.value)) continue;
      showError(errorId, T[fields[i][1]]);
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', errorId);
      el.focus();
      return false;
    }
    return true;
  }
  /* clearInvalid hides the error text errorId and unmarks the fields it
   * describes. */
  function clearInvalid(errorId) {
    showError(errorId, '');
    var marked = document.querySelectorAll('[aria-describedby="' + errorId + '"]');
    for (var i = 0; i < marked.length; i++) {
      marked[i].removeAttribute('aria-invalid');
      marked[i].removeAttribute('aria-describedby');
    }
  }
  /* A marked field the user has fixed loses its mark and its message. */
  function onInput(e) {
    var el = e.target;
    if (el.getAttribute('aria-invalid') !== 'true' || !VALID[el.id] || !VALID[el.id](el.value)) return;
    clearInvalid(el.getAttribute('aria-describedby'));
  }

  function next() {
    if (state.busy) return;
    var s = state.step;
    if (s === 'plan') {
      advance('account');
    } else if (s === 'account') {
      if (checked('account') === 'New') {
        if (!validate('account-error', FIELDS.accountNew)) return;
        state.user = null;
        state.choices.userAccount = 'New';
        showStoredCard();
        advance('payment');
      } else {
        if (!validate('account-error', FIELDS.accountExisting)) return;
        post('/api/signin', { email: $('signin-email').value, password: $('signin-password').value }, function (r) {
          if (!r.ok) return fail(r.status || 'LogOnFailed', 'account', r.timeout);
          state.user = r.user;
          state.choices.userAccount = 'Existing';
          showStoredCard();
          advance('payment');
        });
      }
    } else if (s === 'payment') {
      if (checked('payment') === 'Existing' && state.user && state.user.card) {
        state.choices.purchaseInstrument = 'Existing';
      } else {
        if (!validate('payment-error', FIELDS.payment)) return;
        state.choices.purchaseInstrument = 'New';
      }
      clearInvalid('payment-error');
      advance('confirm');
    } else if (s === 'confirm') {
      // Adding data keeps the line the plan is on; otherwise the user's choice.
      state.choices.line = onExistingLine() ? 'Existing' : (state.user && state.user.line) ? checked('line') || 'New' : 'New';
      buy();
    }
  }
  function advance(step) {
    state.maxStep = Math.max(state.maxStep, STEPS.indexOf(step));
    go(step);
  }
  function back() {
    if (PAGES[view()]) { history.back(); return; }
    var i = STEPS.indexOf(state.step);
    if (i > 0) go(STEPS[i - 1]);
  }
  function onAccountChange() {
    var existing = checked('account') === 'Existing';
    $('acct-new').hidden = existing;
    $('acct-existing').hidden = !existing;
    clearInvalid('account-error');
  }
  function onPaymentChange() {
    $('pay-new').hidden = checked('payment') === 'Existing';
    clearInvalid('payment-error');
  }
  function fillSummary() {
    var plan = planById(checked('plan'));
    $('sum-plan').textContent = plan.name;
    $('sum-account').textContent = state.user ? T.accountExisting + ' ' + state.user.email : T.accountNew + ' ' + $('new-email').value;
    $('sum-payment').textContent = state.choices.purchaseInstrument === 'Existing' ?
      T.paymentStored + ' ' + state.user.card : T.paymentNew + ' ' + $('card-number').value.replace(/\D/g, '').slice(-4);
    // The price the user pays, as the plan's tile shows it (§4: no surprises at checkout).
    var price = document.querySelector('label[for="plan-' + plan.id + '"] .tile-price');
    $('sum-total').textContent = price ? price.textContent : '';
    var topping = onExistingLine();
    var hasLine = !topping && !!(state.user && state.user.line);
    $('line-choice').hidden = !hasLine;
    if (hasLine) $('existing-line').textContent = state.user.line;
    $('topup-choice').hidden = !topping;
    // The install choice exists only for a new eSIM plan through the current APIs.
    $('install-choice').hidden = topping || api !== 'inline' || L.kind !== 'esim';
  }
  function showStoredCard() {
    var has = !!(state.user && state.user.card);
    $('payment-existing-tile').hidden = !has;
    if (has) { $('stored-card').textContent = state.user.card; setChecked('payment', 'Existing'); }
    else setChecked('payment', 'New');
  }

  function buy() {
    var plan = planById(checked('plan'));
    var params = {
      plan: plan.id, lang: data.lang, account: state.choices.userAccount,
      payment: state.choices.purchaseInstrument, line: state.choices.line
    };
    if (onExistingLine()) params.topup = checked('topup') || topUp[0];
    if (params.payment === 'New') {
      params.card = $('card-number').value.replace(/[\s-]/g, '');
      params.expiry = $('card-expiry').value.trim();
    }
    post('/api/purchase', params, function (r) {
      // A card the back end refuses is fixed on the payment step.
      if (!r.ok && r.field === 'card') return fail(r.status || 'PurchaseFailed', 'payment', false, T.errCard);
      if (!r.ok) return fail(r.status || 'ServiceError', 'confirm', r.timeout);
      handBackSuccess(r);
    });
  }

  /* ---------- hand-back ---------- */
  function enumValue(objName, value) {
    var o = window[objName];
    var key = value.charAt(0).toLowerCase() + value.slice(1);
    return (o && o[key] !== undefined) ? o[key] : value;
  }
  /* §2.2 metadata from MobilePlans.createPurchaseMetaData(); enum members when
   * the host defines them (§2.3), else the documented strings. */
  function metadata(pr) {
    var md = (hostReady() && window.MobilePlans.createPurchaseMetaData()) || {};
    md.userAccount = enumValue('MobilePlansUserAccount', pr.userAccount);
    md.purchaseInstrument = enumValue('MobilePlansPurchaseInstrument', pr.purchaseInstrument);
    md.line = enumValue('MobilePlansLineType', pr.line);
    md.moDirectStatus = enumValue('MobilePlansMoDirectStatus', pr.moDirectStatus);
    md.planName = pr.planName;
    return md;
  }
  function callText(apiName, args) {
    var shown = args.map(function (a) { return typeof a === 'string' ? a : JSON.stringify(a); });
    return apiName + '(\n  ' + shown.join(',\n  ') + '\n)';
  }
  function record(apiName, args) {
    window.mpDemoHandBack = { api: apiName, args: args };
    $('handback').textContent = callText(apiName, args) + (hostReady() ? '' : '\n\n' + T.nohost);
  }
  /* A later call about the same purchase (notifyOperationCancel). */
  function note(apiName, args) {
    $('handback').textContent += '\n' + callText(apiName, args);
  }
  function finishView(title, text) {
    state.done = true;
    state.error = null;
    $('done-h').textContent = title;
    $('done-text').textContent = text;
    go('done');
  }

  function handBackSuccess(r) {
    var pr = P.purchaseResult(state.choices, 'complete', 'Complete', r.planName);
    $('order').hidden = false;
    $('order-id').textContent = r.orderId;
    $('order-plan').textContent = r.planName;
    $('order-iccid').textContent = r.iccid;
    if (api === 'inline') {
      inlineSuccess(r, metadata(pr));
      return;
    }
    var payload = P.legacySuccess({
      kind: r.kind, iccid: r.iccid, activationCode: r.activationCode,
      transactionId: L.transactionId, planName: r.planName, choices: state.choices
    });
    record('DataMart.notifyPurchaseResult', [payload]);
    if (hostReady()) window.DataMart.notifyPurchaseResult(payload); // §2.7: a JSON string
    finishView(T.doneTitle, r.kind === 'esim' ? T.doneLegacy : T.donePsim);
  }

  /* The current APIs (§2.1, §3). Inline operations return a context and keep
   * the portal on screen; notifyPurchaseWithProfileDownload returns control. */
  function inlineSuccess(r, md) {
    var ops = window.MobilePlansInlineOperations;
    var host = hostReady();
    if (r.topUp || r.kind !== 'esim') {
      // F7: data added to a plan already on the device. eSIM: the app switches
      // to that profile and calls back profileActivationComplete; a physical
      // SIM is warm already, so there is no ICCID to pass.
      var esim = r.kind === 'esim';
      var args = esim ? [md, r.iccid] : [md];
      listen();
      state.flow = esim ? 'topup' : '';
      record('MobilePlansInlineOperations.notifyBalanceAddition', args);
      if (host) state.operation = ops.notifyBalanceAddition.apply(ops, args);
      showAccountPage(r.planName, esim ? T.dlNotNeeded : T.dlSim, esim ? T.waiting : '—', '—');
      finishView(T.doneTitle, r.topUp ? T.doneTopUp : T.donePsimInline);
      return;
    }
    var install = checked('install') || 'now';
    if (install === 'async') {
      // F6: the profile can be released now, the network attaches later.
      record('MobilePlans.notifyPurchaseWithProfileDownload', [md, r.activationCode, ASYNC_MINUTES]);
      if (host) window.MobilePlans.notifyPurchaseWithProfileDownload(md, r.activationCode, ASYNC_MINUTES);
      finishView(T.doneTitle, T.doneAsync);
      return;
    }
    listen();
    state.flow = 'download';
    if (install === 'later') {
      // F4: the app offers the download after downloadDelay minutes.
      record('MobilePlansInlineOperations.notifyProfileDownload', [md, r.activationCode, DEFERRED_MINUTES]);
      if (host) state.operation = ops.notifyProfileDownload(md, r.activationCode, DEFERRED_MINUTES);
      state.deferred = true;
      showAccountPage(r.planName, T.dlScheduled, T.waiting, T.waiting);
      $('btn-cancel-download').hidden = false;
      finishView(T.doneTitle, T.doneDeferred);
      return;
    }
    record('MobilePlansInlineOperations.notifyProfileDownload', [md, r.activationCode]); // F3
    if (host) state.operation = ops.notifyProfileDownload(md, r.activationCode);
    showAccountPage(r.planName, T.dlInstalling, T.waiting, T.waiting);
    finishView(T.doneTitle, T.doneInline);
  }

  /* §2.5: listener names are strings naming global functions, set before the
   * operation starts. */
  function listen() {
    var ops = window.MobilePlansInlineOperations;
    if (!ops) return;
    ops.profileActivationCompleteScript = 'mpDemoOnActivationComplete';
    ops.registrationChangedScript = 'mpDemoOnRegistrationChanged';
  }

  /* F5: only a deferred download, and only before the app offers it. */
  function cancelDownload() {
    if (!state.deferred || state.downloadSeen) return;
    var ops = window.MobilePlansInlineOperations;
    note('MobilePlansInlineOperations.notifyOperationCancel', [state.operation]);
    if (hostReady() && state.operation) ops.notifyOperationCancel(state.operation);
    state.deferred = false;
    state.flow = '';
    $('btn-cancel-download').hidden = true;
    $('acct-download').textContent = T.dlCancelled;
    $('acct-activation').textContent = '—';
    $('acct-registration').textContent = '—';
    $('acctpage-status').textContent = T.downloadCancelledText;
    lead(T.doneDeferredCancelled);
  }

  /* lead rewrites the order page's lead text (and its title, if given) as
   * what it said moves on; after the subscription was cancelled it says
   * that, whatever comes. */
  function lead(text, title) {
    if (state.ended) return;
    if (title) $('done-h').textContent = title;
    $('done-text').textContent = text;
  }

  /* Cancel subscription (§4 "Business": account management must allow it)
   * asks first, as Cancel does; then the plan shows as cancelled and a
   * deferred download still pending is cancelled with it (F5). */
  function askCancelSubscription() {
    $('cancelsub-confirm').hidden = false;
    $('cancelsub-no').focus();
  }
  function keepSubscription() {
    $('cancelsub-confirm').hidden = true;
    $('btn-cancel-subscription').focus();
  }
  function cancelSubscription() {
    $('cancelsub-confirm').hidden = true;
    if (state.deferred && !state.downloadSeen) cancelDownload();
    lead(T.doneSubscriptionCancelled);
    state.ended = true;
    $('acctpage-plan-label').textContent = T.planCancelled;
    $('acctpage-status').textContent = T.subscriptionCancelled;
    $('btn-cancel-subscription').hidden = true;
    $('acctpage-h').focus();
  }

  /* Inline APIs keep the portal on screen (§1.6, F3): show basic account
   * management, which must allow cancelling a subscription (§4 "Business"),
   * with what the app reported through the listeners (§2.5). */
  function showAccountPage(planName, download, activation, registration) {
    $('account-page').hidden = false;
    $('acctpage-plan').textContent = planName;
    $('acct-download').textContent = download;
    $('acct-activation').textContent = activation;
    $('acct-registration').textContent = registration;
  }

  /* status "None": the user left (§2.7 abandoned example); otherwise an error
   * status of §2.2. endedAt: the step the flow stopped at, null before it began. */
  function handBackFailure(status, endedAt) {
    if (api === 'inline') {
      var pr = P.purchaseResult(state.choices, endedAt, status === 'None' ? 'Cancelled' : status, '');
      var md = metadata(pr);
      record('MobilePlans.notifyCancelledPurchase', [md]);
      if (hostReady()) window.MobilePlans.notifyCancelledPurchase(md); // F8
    } else {
      var payload = P.legacyFailure({ transactionId: L.transactionId, choices: state.choices, endedAt: endedAt, status: status });
      record('DataMart.notifyPurchaseResult', [payload]);
      if (hostReady()) window.DataMart.notifyPurchaseResult(payload);
    }
    if (status === 'None') finishView(T.bailedTitle, T.bailedText);
    else finishView(T.returnedTitle, T.returnedText + ' ' + status);
  }

  /* §2.5 listeners, invoked by the host with one JSON string argument. */
  function parseArgs(a) {
    if (typeof a !== 'string') return a || {};
    try { return JSON.parse(a); } catch (e) { return {}; }
  }
  function received(label, value, iccid) {
    return label + ' (' + value + ')' + (iccid ? ' · ' + iccid : '');
  }
  window.mpDemoOnActivationComplete = function (json) {
    var a = parseArgs(json);
    window.mpDemoReceived.push({ listener: 'profileActivationComplete', args: a });
    var ok = a.activationResult === enumValue('MobilePlansActivationError', 'success') || a.activationResult === 'success';
    $('acct-activation').textContent = received(ok ? T.actOk : T.actFailed, a.activationResult, a.iccid);
    if (state.deferred || $('acct-download').textContent === T.dlInstalling) {
      $('acct-download').textContent = ok ? T.dlDone : T.dlFailed;
    }
    state.downloadSeen = true; // the download ran: no cancelling now (F5)
    $('btn-cancel-download').hidden = true;
    if (!ok) $('acct-registration').textContent = '—';
    // The lead text follows: a failure is no "Your plan is ready".
    if (!ok && state.flow) {
      state.failed = true;
      var isFull = a.activationResult === enumValue('MobilePlansActivationError', 'insufficientSpaceOnCard') ||
        String(a.activationResult).toLowerCase() === 'insufficientspaceoncard';
      lead(isFull ? T.doneFullText : T.doneFailedText, T.doneFailedTitle);
    } else if (ok && state.flow === 'download') {
      state.failed = false;
      lead(T.doneInstalled);
    }
  };
  window.mpDemoOnRegistrationChanged = function (json) {
    var a = parseArgs(json);
    window.mpDemoReceived.push({ listener: 'registrationChanged', args: a });
    var st = a.networkRegistrationState;
    var ok = ['home', 'roaming', 'partner'].indexOf(String(st).toLowerCase()) >= 0; // §2.5 sample
    $('acct-registration').textContent = received(ok ? T.regOk : T.regNot, st, a.iccid);
    if (state.flow === 'download' && state.downloadSeen && !state.failed) lead(ok ? T.doneConnected : T.doneNotConnected);
  };

  /* ---------- cancel (in-page confirmation, no window.confirm) ---------- */
  function askCancel() {
    if (state.busy) return; // the purchase may be under way: nothing to promise
    $('cancel-confirm').hidden = false;
    $('cancel-no').focus();
  }
  function confirmCancel() {
    if (state.busy) return;
    handBackFailure('None', state.step);
  }
  function keepGoing() {
    $('cancel-confirm').hidden = true;
    var from = $('btn-cancel') || $('broken-close');
    if (from) from.focus();
  }

  /* ---------- unattended runs (Config.AutoChoice) ---------- */
  var FORCE = {
    'fail-service': 'ServiceError', 'fail-purchase': 'PurchaseFailed', 'fail-billing': 'BillingError',
    'fail-logon': 'LogOnFailed', 'hang': 'hang', 'buy-slow': 'slow',
    'fail-service-inline': 'ServiceError', 'fail-purchase-inline': 'PurchaseFailed',
    'fail-billing-inline': 'BillingError', 'fail-logon-inline': 'LogOnFailed'
  };
  function fillNewAccount() { setChecked('account', 'New'); $('new-name').value = 'Demo User'; $('new-email').value = 'demo@example.com'; }
  function fillSignIn() { setChecked('account', 'Existing'); $('signin-email').value = 'alex@contoso.example'; $('signin-password').value = 'demo'; }
  function fillCard() { setChecked('payment', 'New'); $('card-number').value = '4242 4242 4242 4242'; $('card-expiry').value = '12/30'; }
  function returnIfError() { if (state.error && !state.done) handBackFailure(state.error.status, state.error.step); }
  function autoScript(a) {
    // A new plan, also where a full eSIM preselects the top-up.
    var toAccount = [function () { setChecked('mode', 'new'); setChecked('plan', plans[0].id); }, next];
    var toPayment = toAccount.concat([fillNewAccount, next]);
    var toConfirm = toPayment.concat([fillCard, next]);
    var bail = [askCancel, confirmCancel];
    function install(v) { return function () { setChecked('install', v); }; }
    // Runs on the account page after the purchase (the queue otherwise stops there).
    function cancelPending() { if (state.error && !state.done) returnIfError(); else cancelDownload(); }
    cancelPending.afterDone = true;
    switch (a) {
      case 'buy': case 'buy-inline': case 'buy-slow':
      case 'fail-service': case 'fail-purchase': case 'fail-billing': case 'hang':
      case 'fail-service-inline': case 'fail-purchase-inline': case 'fail-billing-inline':
        return toConfirm.concat([next, returnIfError]);
      case 'buy-deferred': return toConfirm.concat([install('later'), next, returnIfError]);
      case 'buy-deferred-cancel': return toConfirm.concat([install('later'), next, cancelPending]);
      case 'buy-async': return toConfirm.concat([install('async'), next, returnIfError]);
      case 'topup':
        return [function () { setChecked('mode', 'topup'); setChecked('plan', plans[0].id); }, next,
          fillSignIn, next, function () { setChecked('payment', 'Existing'); }, next, next, returnIfError];
      case 'buy-existing':
        return toAccount.concat([fillSignIn, next, function () { setChecked('payment', 'Existing'); }, next,
          function () { setChecked('line', 'Existing'); }, next, returnIfError]);
      case 'fail-logon': case 'fail-logon-inline':
        return toAccount.concat([fillSignIn, next, returnIfError]);
      case 'cancel': case 'cancel-inline': return bail;
      case 'bail-account': return toAccount.concat(bail);
      case 'bail-payment': return toPayment.concat(bail);
      case 'bail-confirm': return toConfirm.concat(bail);
    }
    return [];
  }
  function runAuto() {
    var a = cfg.autoChoice;
    if (!a) return;
    var q = L.status ? [function () { handBackFailure(L.status, null); }] : autoScript(a);
    if (FORCE[a]) setChecked('force', FORCE[a]);
    var i = 0;
    (function tick() {
      if (i >= q.length || (state.done && !q[i].afterDone)) return;
      if (state.busy) { setTimeout(tick, 50); return; }
      q[i++]();
      setTimeout(tick, 80);
    })();
  }

  /* ---------- "break the policies" (Config.BreakPolicies) ----------
   * A known-bad portal for the design-policy audit: the template renders the
   * element breaks (http image, autoplay video, an animated strip wider than
   * the frame, a window-like close button and no Cancel, an image without
   * alt, a wrong <html lang>); these are the scripted ones. None of them
   * stops the flow, so every unattended choice still hands back. */
  function breakPolicies() {
    var b = cfg.broken;
    console.error(b.consoleError);                                   // capabilities-error-handling (console-error)
    setTimeout(function () { throw new Error(b.uncaught); }, 0);     // an uncaught exception (page-error)
    fetch(b.fetch, { credentials: 'same-origin' })                   // a 404 (request-http-error)
      .then(function (r) { console.info('offers: HTTP ' + r.status); }, function () {});
    setTimeout(function () { window.open(b.popup, '_blank'); }, 20); // a scripted pop-up (capabilities-no-popups)
  }

  /* ---------- wiring ---------- */
  function init() {
    var q = new URLSearchParams(location.search);
    console.info('Contoso demo portal: market ' + q.get('market') + ', location ' + q.get('location') + ', language ' + navigator.language);
    if (!hostReady()) {
      $('hostwarn').hidden = false;
      ['btn-launch-return', 'btn-error-return', 'cancel-yes'].forEach(function (id) { $(id).disabled = true; });
    }
    // Each step is a form whose submit button is Next (its form attribute,
    // set by render): a click on Next and Enter in a field both submit it,
    // and the page goes on without a reload.
    STEPS.forEach(function (s) {
      $('form-' + s).addEventListener('submit', function (e) { e.preventDefault(); next(); });
    });
    $('btn-back').addEventListener('click', back);
    ['btn-cancel', 'broken-close'].forEach(function (id) { if ($(id)) $(id).addEventListener('click', askCancel); });
    $('cancel-yes').addEventListener('click', confirmCancel);
    $('cancel-no').addEventListener('click', keepGoing);
    $('btn-launch-return').addEventListener('click', function () { handBackFailure(L.status, null); });
    $('btn-launch-continue').addEventListener('click', function () { state.launchAccepted = true; go('plan'); });
    $('btn-retry').addEventListener('click', function () { var s = state.error.step; state.error = null; go(s); });
    $('btn-error-return').addEventListener('click', function () { handBackFailure(state.error.status, state.error.step); });
    $('btn-cancel-download').addEventListener('click', cancelDownload);
    $('btn-cancel-subscription').addEventListener('click', askCancelSubscription);
    $('cancelsub-yes').addEventListener('click', cancelSubscription);
    $('cancelsub-no').addEventListener('click', keepSubscription);
    document.addEventListener('input', onInput);
    document.addEventListener('change', function (e) {
      if (e.target.name === 'account') onAccountChange();
      if (e.target.name === 'payment') onPaymentChange();
      if (e.target.name === 'mode') render();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') return;
      if (!$('cancel-confirm').hidden) keepGoing();
      if (!$('cancelsub-confirm').hidden) keepSubscription();
    });
    // A full eSIM takes no new profile: the top-up, where there is one,
    // comes first.
    if (full && api === 'inline' && topUp.length > 0) setChecked('mode', 'topup');
    window.addEventListener('hashchange', render);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    render();
    if (cfg.breakPolicies) breakPolicies();
    if (cfg.autoChoice) whenRecorded(runAuto);
  }
  /* An unattended choice starts once the first page is on screen, as a user
   * sees the page before choosing: a hand-back before it would be
   * handback-before-paint. In mpsim it waits for the event mpsim-recorded,
   * which mpsim dispatches on this demo portal alone once it has recorded
   * the first paint (its screenshot and DOM probe): clicked on at once, the
   * page had moved on by the time a busy machine probed it, and the
   * first paint's record, and the policies judged from it, differed from
   * run to run. Elsewhere (a browser, another host) it starts two
   * animation frames and 50 ms after the page shows; a view that never
   * paints, or an mpsim that never says, still goes on after 6 s. */
  function whenRecorded(f) {
    var done = false;
    function once() { if (!done) { done = true; f(); } }
    if (hostReady()) {
      window.addEventListener('mpsim-recorded', once);
    } else {
      requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(once, 50); }); });
    }
    setTimeout(once, 6000);
  }
  init();
})();
