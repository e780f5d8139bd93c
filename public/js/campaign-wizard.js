// Agency step of the campaign wizard: filter the list as one types (the search form still works without this).
(function () {
  'use strict';
  var search = document.querySelector('[data-agency-search]');
  var input = document.querySelector('[data-agency-filter]');
  if (!search || !input) return;
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }
  // Hidden rows stay in the form, so their boxes keep their state when saved.
  function apply() {
    var q = fold(input.value.trim());
    document.querySelectorAll('[data-agency-name]').forEach(function (row) {
      row.classList.toggle('d-none', q !== '' && fold(row.getAttribute('data-agency-name')).indexOf(q) === -1);
    });
  }
  input.addEventListener('input', apply);
  // The count of ticked agencies follows the boxes instead of waiting for a save.
  var count = document.querySelector('[data-picked-count]');
  if (count) {
    document.addEventListener('change', function (event) {
      if (!event.target.matches || !event.target.matches('input[type="checkbox"][name="agencies"]')) return;
      var n = document.querySelectorAll('input[type="checkbox"][name="agencies"]:checked').length;
      count.textContent = count.getAttribute('data-template').replace('{n}', n.toLocaleString('vi-VN'));
    });
  }
  search.addEventListener('submit', function (event) {
    var kind = search.querySelector('select[name="kind"]');
    if (!kind || !kind.value) {
      event.preventDefault();
      apply();
    }
  });
})();
