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

  var ACTIVE = ['queued', 'running', 'paused'];

  function isActive(status) { return ACTIVE.indexOf(status) >= 0; }

  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (res) { return res.ok ? res.json() : null; });
  }

  // The same words the server renders (views/runs/index.ejs), from the same JSON fields.
  function durationText(run) {
    if (run.durationMs !== null) return (run.durationMs / 1000).toFixed(1) + ' s';
    if (run.elapsedMs !== null) return (run.elapsedMs / 1000).toFixed(0) + ' s so far';
    return '—';
  }

  function summaryText(run) {
    return (run.summary || []).map(function (c) { return Number(c.value).toLocaleString('en-US') + ' ' + c.label; }).join(' · ');
  }

  function progressText(run) {
    var p = run.progress;
    if (!p || !isActive(run.status)) return '';
    var head = p.percent !== null ? p.percent + ' %' : (p.object || p.phase || '');
    return head + (p.recordsPerSecond !== null ? ' · ' + p.recordsPerSecond + '/s' : '');
  }

  function detailProgressText(run) {
    var p = run.progress;
    var text = p.object ? 'Working on ' + p.object + ': ' + p.phase + (p.fetched !== undefined ? ', ' + Number(p.fetched).toLocaleString('en-US') + ' fetched' : '')
      : p.reason ? p.reason
      : p.phase + (p.done !== undefined ? ': ' + Number(p.done).toLocaleString('en-US') + (p.total ? ' of ' + Number(p.total).toLocaleString('en-US') : '') + ' members' : '');
    if (p.percent !== null) text += ' · ' + p.percent + ' %';
    if (p.recordsPerSecond !== null) text += ' · ' + p.recordsPerSecond + ' records/s';
    return text + '.';
  }

  function updateRow(row, run) {
    row.setAttribute('data-status', run.status);
    var set = function (field, value) { var cell = row.querySelector('[data-field="' + field + '"]'); if (cell) cell.textContent = value; };
    var statusCell = row.querySelector('[data-field="status"]');
    if (statusCell) { statusCell.textContent = ''; statusCell.appendChild(badge(run.status)); }
    set('duration', durationText(run));
    set('summary', summaryText(run));
    set('progress', progressText(run));
    set('apiCalls', String(run.apiCalls));
    if (run.error) set('error', run.error.message.split('\n')[0]);
  }

  // Runs table: one request for every run still going updates their rows in place; a row whose run
  // has just ended is fetched once more on its own to show how it ended.
  function pollRunsTable(table) {
    var rows = table.querySelectorAll('tr[data-run-id]');
    var live = Array.prototype.filter.call(rows, function (row) { return isActive(row.getAttribute('data-status')); });
    if (live.length === 0) return;
    getJson('/api/v1/runs?status=' + ACTIVE.join(',') + '&perPage=200').then(function (body) {
      if (!body) return;
      var byId = {};
      body.runs.forEach(function (run) { byId[run.id] = run; });
      live.forEach(function (row) {
        var id = row.getAttribute('data-run-id');
        if (byId[id]) updateRow(row, byId[id]);
        else getJson('/api/v1/runs/' + encodeURIComponent(id)).then(function (run) { if (run) updateRow(row, run); });
      });
    }).catch(function () { /* next tick retries */ });
  }

  // Run page: the header and progress line follow the run; the page reloads when its status changes.
  function pollRunPage(el) {
    var before = el.getAttribute('data-status');
    if (!isActive(before)) return;
    getJson('/api/v1/runs/' + encodeURIComponent(el.getAttribute('data-run-id'))).then(function (run) {
      if (!run) return;
      el.setAttribute('data-status', run.status);
      el.textContent = '';
      el.appendChild(badge(run.status));
      var progress = document.querySelector('[data-run-progress]');
      if (progress && run.progress) progress.textContent = detailProgressText(run);
      var duration = document.querySelector('dd[data-field="duration"]');
      if (duration) duration.textContent = durationText(run);
      if (run.status !== before) window.location.reload();
    }).catch(function () { /* next tick retries */ });
  }

  function pollRuns() {
    var table = document.querySelector('table[data-live-runs]');
    if (table) pollRunsTable(table);
    var header = document.querySelector('[data-run-status][data-run-id]');
    if (header) pollRunPage(header);
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
