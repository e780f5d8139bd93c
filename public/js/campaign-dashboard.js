// Progress charts from the data-chart JSON the server rendered (the same counts as the lists under them).
(function () {
  'use strict';
  var STATUS_COLOURS = {
    not_started: '#adb5bd', draft: '#6c757d', submitted: '#3d6fd1', in_review: '#1f3b73', changes_requested: '#e0a800', accepted: '#198754',
  };
  var NAVY = '#1f3b73';

  function draw(canvas) {
    if (!window.Chart) return;
    var data;
    try {
      data = JSON.parse(canvas.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var type = canvas.getAttribute('data-chart-type') || 'bar';
    var colours = (data.codes || []).map(function (c) { return STATUS_COLOURS[c] || NAVY; });
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: data.labels,
        datasets: [{ label: data.title, data: data.counts, backgroundColor: type === 'bar' ? NAVY : colours, borderColor: '#fff', borderWidth: type === 'bar' ? 0 : 2 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: type !== 'bar', position: 'right' }, title: { display: false } },
        scales: type === 'bar' ? { x: { ticks: { autoSkip: false, maxRotation: 30 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
      },
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('canvas[data-chart]').forEach(draw);
  });
})();
