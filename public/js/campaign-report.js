// The MoJ's report page: an agency's text for a heading is added to the MoJ's own text in one
// click, as a new paragraph, to be edited there. Without JavaScript the text is still selectable.
(function () {
  'use strict';
  document.querySelectorAll('[data-copy-from]').forEach(function (button) {
    var from = document.getElementById(button.getAttribute('data-copy-from'));
    var to = document.getElementById(button.getAttribute('data-copy-to'));
    if (!from || !to) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var current = to.value.replace(/\s+$/, '');
      to.value = current ? current + '\n' + from.value : from.value;
      to.focus();
    });
  });
})();
