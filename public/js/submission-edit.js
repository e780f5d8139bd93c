// The upload form with a progress bar. Without JavaScript the same form posts normally.
(function () {
  'use strict';
  function messageFrom(html, fallback) {
    try {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var el = doc.querySelector('.invalid-feedback, #form-error, .alert-danger, main p');
      return el ? el.textContent.trim() : fallback;
    } catch (e) {
      return fallback;
    }
  }
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
          window.location.assign(form.action.split('/attachments')[0] + '?step=files');
        } else {
          progress.classList.add('d-none');
          status.className = 'small mt-2 text-danger';
          status.textContent = messageFrom(xhr.responseText, String(xhr.status));
        }
      });
      xhr.addEventListener('error', function () {
        progress.classList.add('d-none');
        status.className = 'small mt-2 text-danger';
        status.textContent = String(xhr.status || 'network error');
      });
      xhr.send(new FormData(form));
    });
  });
})();
