// Destructive actions ask first: a form, or the submit button pressed, with
// data-confirm="<question>" is sent only when the person answers OK. Listens on window in the
// capture phase, so it runs before any other submit handler: a cancelled question also stops the
// step-up (step-up.js), and nothing is sent.
(function () {
  'use strict';
  window.addEventListener('submit', function (event) {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
