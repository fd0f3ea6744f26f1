/* Hand-back payload building for the mpsim demo portal: pure functions, no DOM,
 * so that they can be tested outside a browser (node) and read side by side with
 * the contract (/work/shared/spec/mobile-plans-contract.md).
 *
 * Flow steps and the purchaseResult field each one decides (§2.2, §2.7):
 *   plan, account -> userAccount; payment -> purchaseInstrument; confirm -> line.
 * Quitting (or failing) at a step reports "Bailed" for that step's field, the
 * choices made before it, and "None" for the fields after it.
 */
(function (root) {
  'use strict';

  var FIELDS = ['userAccount', 'purchaseInstrument', 'line'];
  var STEP_FIELD = { plan: 0, account: 0, payment: 1, confirm: 2 };

  /* purchaseResult fields (§2.2 / §2.7), in the documented key order.
   * choices: {userAccount, purchaseInstrument, line} ("New" / "Existing").
   * endedAt: step name where the flow stopped, or null when the flow never started
   * (launch problems: every field "None"), or "complete" for a purchase. */
  function purchaseResult(choices, endedAt, moDirectStatus, planName) {
    var r = {};
    var at = endedAt === 'complete' ? FIELDS.length :
      (endedAt in STEP_FIELD ? STEP_FIELD[endedAt] : -1);
    for (var i = 0; i < FIELDS.length; i++) {
      var f = FIELDS[i];
      if (endedAt === null || at < 0) r[f] = 'None';
      else if (i < at) r[f] = choices[f] || 'New';
      else if (i === at) r[f] = 'Bailed';
      else r[f] = 'None';
    }
    r.moDirectStatus = moDirectStatus;
    r.planName = planName || '';
    return r;
  }

  /* Legacy success (§2.7): eSIM carries iccid + activationCode; physical SIM echoes
   * the launch iccid and has no activationCode key (§2.7 pSIM example). */
  function legacySuccess(o) {
    var p = { ver: '1', success: true, iccid: o.iccid };
    if (o.kind === 'esim') p.activationCode = o.activationCode || ''; // '' for flow F2: a plan on a profile already there
    p.transactionId = o.transactionId || '';
    p.purchaseResult = JSON.stringify(purchaseResult(o.choices, 'complete', 'Complete', o.planName));
    return JSON.stringify(p);
  }

  /* Legacy failure or abandon (§2.7 "eSIM abandoned" example): success false, empty
   * iccid and activationCode, planName "". status "None" means the user left
   * without a specific error (legacy table). */
  function legacyFailure(o) {
    return JSON.stringify({
      ver: '1',
      success: false,
      iccid: '',
      activationCode: '',
      transactionId: o.transactionId || '',
      purchaseResult: JSON.stringify(purchaseResult(o.choices || {}, o.endedAt, o.status || 'None', ''))
    });
  }

  var api = {
    FIELDS: FIELDS,
    STEP_FIELD: STEP_FIELD,
    purchaseResult: purchaseResult,
    legacySuccess: legacySuccess,
    legacyFailure: legacyFailure
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.MPDemoPayload = api;
})(this);
