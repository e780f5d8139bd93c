// The upload form with a progress bar. Without JavaScript the same form posts normally.
(function () {
  'use strict';
  // The server answers a refused upload with {"error": {"message"}}; anything else falls back to the page's own message.
  function messageFrom(text, fallback) {
    try {
      var body = JSON.parse(text);
      if (body && body.error && body.error.message) return body.error.message;
    } catch (e) { /* not JSON */ }
    try {
      var doc = new DOMParser().parseFromString(text, 'text/html');
      var picks = ['#form-error', '.invalid-feedback', '.error-page .lead'];
      for (var i = 0; i < picks.length; i++) {
        var el = doc.querySelector(picks[i]);
        if (el && el.textContent.trim()) return el.textContent.trim();
      }
    } catch (e) { /* not HTML */ }
    return fallback;
  }
  // The receipt's print button exists only with JavaScript (the page prints fine from the browser menu too).
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.classList.remove('d-none');
    button.addEventListener('click', function () { window.print(); });
  });
  // Text fields are single-line values shown in a wrapping box: Enter submits instead of breaking the line.
  document.querySelectorAll('textarea[data-single-line]').forEach(function (box) {
    box.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || e.shiftKey) return;
      e.preventDefault();
      if (box.form && box.form.requestSubmit) box.form.requestSubmit();
    });
  });
  // Section II of the report: the figures counted from the rows, appended to the section's text.
  document.querySelectorAll('[data-insert-counts]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-insert-counts'));
    var text = button.parentElement.querySelector('[data-counts-text]');
    if (!target || !text) return;
    button.classList.remove('d-none');
    button.addEventListener('click', function () {
      var sentence = text.textContent.trim();
      target.value = target.value.trim() ? target.value.replace(/\s+$/, '') + '\n' + sentence : sentence;
      target.focus();
    });
  });
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    var progress = form.querySelector('[data-upload-progress]');
    var bar = form.querySelector('[data-upload-bar]');
    var status = form.querySelector('[data-upload-status]');
    form.addEventListener('submit', function (event) {
      var input = form.querySelector('input[type=file]');
      if (!input || !input.files || !input.files.length || !window.FormData) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      progress.classList.remove('d-none');
      status.textContent = '';
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.style.width = pct + '%';
        bar.textContent = pct + '%';
        progress.setAttribute('aria-valuenow', String(pct));
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          var next = null;
          try { next = JSON.parse(xhr.responseText).next; } catch (e) { next = null; }
          window.location.assign(typeof next === 'string' && next.charAt(0) === '/' ? next : form.action.split('/attachments')[0] + '?step=files');
        } else {
          progress.classList.add('d-none');
          status.className = 'small mt-2 text-danger';
          status.textContent = messageFrom(xhr.responseText, String(xhr.status));
        }
      });
      xhr.addEventListener('error', function () {
        progress.classList.add('d-none');
        status.className = 'small mt-2 text-danger';
        status.textContent = form.getAttribute('data-msg-network') || String(xhr.status);
      });
      xhr.send(new FormData(form));
    });
  });
})();
