// Template editor, enhanced. Without this file every button posts back and the server re-renders.
(function () {
  'use strict';
  var form = document.getElementById('template-editor');
  if (!form) return;
  var csrf = form.querySelector('input[name="_csrf"]');
  var currentTab = form.querySelector('[data-current-tab]');

  // Tabs switch in place: the panes are all in the one form, so nothing typed is lost either way.
  form.querySelectorAll('[data-tab]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      event.preventDefault();
      var tab = button.getAttribute('data-tab');
      form.querySelectorAll('[data-tab]').forEach(function (b) {
        var on = b === button;
        b.classList.toggle('active', on);
        b.setAttribute('aria-selected', on ? 'true' : 'false');
      });
      form.querySelectorAll('[data-pane]').forEach(function (pane) {
        pane.classList.toggle('d-none', pane.getAttribute('data-pane') !== tab);
      });
      if (currentTab) currentTab.value = tab;
      if (history.replaceState) history.replaceState(null, '', '?tab=' + encodeURIComponent(tab));
    });
  });

  // Live Markdown preview, rendered and sanitised by the server (the same code agencies' pages use).
  var url = form.getAttribute('data-preview-url');
  form.querySelectorAll('[data-markdown-source]').forEach(function (area) {
    var name = area.getAttribute('data-markdown-source');
    var target = form.querySelector('[data-markdown-preview="' + name + '"]');
    if (!target || !url || !window.fetch) return;
    var timer = null;
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'x-csrf-token': csrf ? csrf.value : '' },
          body: JSON.stringify({ text: area.value }),
        })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data && typeof data.html === 'string') target.innerHTML = data.html; })
          .catch(function () {});
      }, 350);
    });
  });
  form.querySelectorAll('[data-no-js-only]').forEach(function (el) { el.classList.add('d-none'); });

  // The options box matters only for choice lists: open it when a field becomes one, dim it otherwise.
  form.querySelectorAll('[data-field-row]').forEach(function (row) {
    var select = row.querySelector('[data-field-type]');
    var cell = row.querySelector('[data-options-cell]');
    if (!select || !cell) return;
    select.addEventListener('change', function () {
      cell.classList.toggle('options-inactive', select.value !== 'enum');
      var details = cell.querySelector('details');
      if (details && select.value === 'enum') details.open = true;
    });
  });
})();
