// Mamori's step-up in the browser (WebAuthn with user verification): a form with
// data-step-up-options="<url>" first asks the server for a challenge bound to exactly what the
// form will do, lets the authenticator sign it (fingerprint, face or PIN), puts the answer into the
// form's hidden "stepUp" field and only then submits. Registration works the same way with
// data-register-options / data-register-url.
(function () {
  'use strict';

  function csrf() {
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? {[header.content]: token.content} : {};
  }

  function supported() {
    return window.PublicKeyCredential
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';
  }

  function report(form, message) {
    const target = form.querySelector('.step-up-error') || document.getElementById('step-up-error');
    if (target) {
      target.textContent = message;
      target.hidden = false;
      target.focus();
    }
  }

  // the form's own values go along: the challenge is bound to the operation with what was typed
  // (the step-up answer only where it authorises the request itself: a new authenticator)
  async function options(url, form, withStepUp) {
    const fields = new URLSearchParams();
    if (form) {
      for (const [name, value] of new FormData(form)) {
        if ((withStepUp || name !== 'stepUp') && name !== 'credential' && typeof value === 'string') {
          fields.append(name, value);
        }
      }
    }
    const response = await fetch(url, {method: 'POST', headers: csrf(), body: fields,
        credentials: 'same-origin'});
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.detail || body.title || ('HTTP ' + response.status));
    }
    return body.publicKey;
  }

  document.addEventListener('submit', async function (event) {
    const form = event.target;
    const url = form.getAttribute('data-step-up-options');
    if (!url || form.dataset.signed === 'yes') {
      return;
    }
    event.preventDefault();
    if (!supported()) {
      report(form, 'このブラウザーは本人確認 (WebAuthn) に対応していません / this browser does not support WebAuthn');
      return;
    }
    try {
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(await options(url, form));
      const credential = await navigator.credentials.get({publicKey});
      form.querySelector('input[name="stepUp"]').value = JSON.stringify(credential.toJSON());
      form.dataset.signed = 'yes';
      form.submit();
    } catch (e) {
      report(form, '本人確認できませんでした / step-up failed: ' + e.message);
    }
  });

  document.addEventListener('click', async function (event) {
    const button = event.target.closest('[data-register-options]');
    if (!button) {
      return;
    }
    event.preventDefault();
    const form = button.form;
    if (!supported()) {
      report(form, 'このブラウザーは WebAuthn に対応していません / this browser does not support WebAuthn');
      return;
    }
    try {
      // a person who has a key in use confirms with it first (unless an enrolment code was typed):
      // a signed-in session alone never enrols a key
      const code = form.querySelector('input[name="enrolmentCode"]');
      const stepUp = form.querySelector('input[name="stepUp"]');
      if (button.dataset.enrolStepUp && stepUp && !(code && code.value.trim())) {
        const request = PublicKeyCredential.parseRequestOptionsFromJSON(
            await options(button.dataset.enrolStepUp));
        const proof = await navigator.credentials.get({publicKey: request});
        stepUp.value = JSON.stringify(proof.toJSON());
      }
      const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
          await options(button.dataset.registerOptions, form, true));
      const credential = await navigator.credentials.create({publicKey});
      form.querySelector('input[name="credential"]').value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch (e) {
      report(form, '登録できませんでした / registration failed: ' + e.message);
    }
  });
})();
