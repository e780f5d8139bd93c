// Review page: pick a paragraph (click, or select text) to fill the comment form; show paragraph numbers;
// clicking a thread's paragraph link highlights that paragraph. The form works without this script.
(function () {
  'use strict';
  var pane = document.querySelector('[data-docx]');
  if (!pane) return;
  var form = document.querySelector('[data-paragraph-form]');
  var pInput = form && form.querySelector('[data-paragraph-input]');
  var qInput = form && form.querySelector('[data-quote-input]');
  pane.querySelectorAll('[data-p]').forEach(function (el) {
    el.setAttribute('data-p-label', String(Number(el.getAttribute('data-p')) + 1));
  });
  function mark(el) {
    pane.querySelectorAll('.is-target').forEach(function (x) { x.classList.remove('is-target'); });
    if (el) el.classList.add('is-target');
  }
  function paragraphOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest('[data-p]') : null;
  }
  function choose(el, quote) {
    if (!el || !form) return;
    mark(el);
    pInput.value = String(Number(el.getAttribute('data-p')) + 1);
    qInput.value = (quote || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 300);
    var text = form.querySelector('textarea');
    if (text) text.focus({ preventScroll: true });
  }
  pane.addEventListener('mouseup', function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed) return;
    var el = paragraphOf(sel.anchorNode);
    if (el && el === paragraphOf(sel.focusNode)) choose(el, sel.toString());
  });
  pane.addEventListener('click', function (e) {
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    choose(paragraphOf(e.target));
  });
  document.addEventListener('click', function (e) {
    var link = e.target instanceof Element ? e.target.closest('[data-goto-p]') : null;
    if (!link) return;
    var el = pane.querySelector('[data-p="' + link.getAttribute('data-goto-p') + '"]');
    if (!el) return;
    e.preventDefault();
    mark(el);
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
  if (pInput && pInput.value) mark(pane.querySelector('[data-p="' + (Number(pInput.value) - 1) + '"]'));
})();
