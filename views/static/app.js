// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  function relative(date) {
    var seconds = Math.round((Date.now() - date.getTime()) / 1000);
    var future = seconds < 0;
    var s = Math.abs(seconds);
    var text = s < 45 ? 'just now'
      : s < 90 ? '1 min'
      : s < 3600 ? Math.round(s / 60) + ' min'
      : s < 86400 ? Math.round(s / 3600) + ' h'
      : Math.round(s / 86400) + ' days';
    if (text === 'just now') return text;
    return future ? 'in ' + text : text + ' ago';
  }

  function refreshTimes() {
    document.querySelectorAll('time[data-relative]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date.getTime())) el.textContent = relative(date);
    });
  }

  function badge(status) {
    var span = document.createElement('span');
    span.className = 'badge badge-' + status;
    span.textContent = status;
    return span;
  }

  function sumFetched(counts) {
    return Object.keys(counts || {}).reduce(function (sum, key) { return sum + ((counts[key] && counts[key].fetched) || 0); }, 0);
  }

  // Rows and headers of runs that are still going are refreshed from the JSON API until they finish.
  function pollRuns() {
    var live = document.querySelectorAll('[data-run-id][data-status="running"], [data-run-id][data-status="queued"], [data-run-id][data-status="paused"]');
    live.forEach(function (el) {
      var id = el.getAttribute('data-run-id');
      fetch('/api/v1/runs/' + encodeURIComponent(id), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (run) {
          if (!run) return;
          var before = el.getAttribute('data-status');
          el.setAttribute('data-status', run.status);
          var statusCell = el.matches('tr') ? el.querySelector('[data-field="status"]') : el;
          if (statusCell) { statusCell.textContent = ''; statusCell.appendChild(badge(run.status)); }
          var set = function (field, value) { var cell = el.querySelector('[data-field="' + field + '"]'); if (cell) cell.textContent = value; };
          set('records', String(sumFetched(run.counts)));
          set('apiCalls', String(run.apiCalls));
          if (run.durationMs !== null) set('duration', (run.durationMs / 1000).toFixed(1) + ' s');
          if (run.error) set('error', run.error.message.split('\n')[0]);
          var progress = document.querySelector('[data-run-progress]');
          if (!el.matches('tr') && progress && run.progress) {
            progress.textContent = 'Working on ' + run.progress.object + ': ' + run.progress.phase + (run.progress.fetched !== undefined ? ', ' + Number(run.progress.fetched).toLocaleString('en-US') + ' fetched' : '') + '.';
          }
          if (!el.matches('tr') && run.status !== before) window.location.reload();
        })
        .catch(function () { /* next tick retries */ });
    });
  }

  // Connection form: show only the fields of the chosen sign-in method.
  function toggleAuthFields() {
    var chosen = document.querySelector('input[name="authType"]:checked');
    if (!chosen) return;
    var pw = document.querySelector('.auth-password');
    var cc = document.querySelector('.auth-client');
    if (pw) pw.hidden = chosen.value !== 'password';
    if (cc) cc.hidden = chosen.value !== 'client_credentials';
  }

  document.addEventListener('DOMContentLoaded', function () {
    refreshTimes();
    setInterval(refreshTimes, 30000);
    setInterval(pollRuns, 2000);
    toggleAuthFields();
    document.querySelectorAll('input[name="authType"]').forEach(function (el) { el.addEventListener('change', toggleAuthFields); });
  });
})();
