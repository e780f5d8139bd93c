// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Confirmation naming the object, for destructive forms: <form data-confirm="…">
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Copy buttons: <button data-copy-target="input-id" data-copied-label="…">
  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-copy-target]') : null;
    if (!button) return;
    var input = document.getElementById(button.getAttribute('data-copy-target'));
    if (!input) return;
    input.select();
    var done = function () {
      var label = button.getAttribute('data-copied-label');
      if (label) button.textContent = label;
    };
    if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () {});
    else if (document.execCommand('copy')) done();
  });

  // Widths from data attributes (inline style attributes are blocked by the CSP).
  function applyWidths(root) {
    root.querySelectorAll('[data-width]').forEach(function (el) {
      var w = Number(el.getAttribute('data-width'));
      if (!Number.isNaN(w)) el.style.width = Math.max(0, Math.min(100, w)) + '%';
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    applyWidths(document);
    // Move focus to the first invalid field after a failed form post.
    var invalid = document.querySelector('.is-invalid');
    if (invalid) invalid.focus();
  });
  window.rasoat = { applyWidths: applyWidths };
})();
