// The segment builder: progressive enhancement of the JSON textarea on views/segments/builder.ejs.
// Without this file people edit the JSON; with it they pick object → field → operator → value, and
// the textarea (the value the form submits) is rewritten from the builder on every change.
(function () {
  'use strict';

  var root = document.getElementById('segment-builder');
  var textarea = document.getElementById('segment-query');
  if (!root || !textarea) return;
  var catalog = JSON.parse(root.getAttribute('data-catalog') || 'null');
  if (!catalog) return;
  var listId = root.getAttribute('data-list-id');
  var segmentId = root.getAttribute('data-segment-id') || '';
  var form = document.getElementById('segment-form');
  var csrfInput = form ? form.querySelector('input[name="_csrf"]') : null;
  var csrf = csrfInput ? csrfInput.value : '';
  var live = document.getElementById('segment-live');
  var liveCount = document.getElementById('segment-live-count');
  var liveDetail = document.getElementById('segment-live-detail');
  var jsonBox = document.getElementById('segment-json');

  // The object words' names in the connection's CRM (api/presenters/segment-builder-catalog.ts).
  var LABELS = catalog.labels;
  var PERSON_OBJECTS = ['Member', 'Marketing', 'Account', 'Owner'].map(function (o) { return [o, LABELS[o]]; });
  var RELATED_LABELS = { Opportunity: LABELS.Opportunity, CampaignMember: LABELS.CampaignMember };
  var WHERE_LABELS = { Opportunity: LABELS.Opportunity, CampaignMember: LABELS.CampaignMember, Campaign: LABELS.Campaign };
  var OP_LABELS = {
    equals: 'equals', not_equals: 'does not equal', contains: 'contains', not_contains: 'does not contain', starts_with: 'starts with',
    ends_with: 'ends with', gt: 'greater than', gte: 'greater or equal', lt: 'less than', lte: 'less or equal', between: 'is between (inclusive)',
    is_empty: 'is empty', is_not_empty: 'is not empty', in: 'is one of', not_in: 'is none of', before: 'is before', after: 'is after',
    within_last_days: 'within the last N days'
  };
  var LIST_OPS = { in: true, not_in: true };
  var NO_VALUE_OPS = { is_empty: true, is_not_empty: true };
  var PICK_OPS = { equals: true, not_equals: true, in: true, not_in: true };

  function parseText() {
    try {
      return readGroup(JSON.parse(textarea.value));
    } catch (e) {
      return null;
    }
  }

  var readGroup = window.SegmentQueryModel.readGroup;
  var writeGroup = window.SegmentQueryModel.writeGroup;
  var dom = window.SegmentBuilderDom;
  var el = dom.el, select = dom.select, button = dom.button, textInput = dom.textInput;

  var model = parseText();

  // ---- Catalog look-ups.

  function fieldsOf(object) { return catalog.objects[object] || []; }
  function fieldOf(object, name) {
    var fields = fieldsOf(object);
    for (var i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i];
    return null;
  }
  function operatorsOf(field) { return field ? catalog.operators[field.kind] || [] : []; }
  // A choice is offered by its label ("Gold") where the CRM stores a code ("100000002"); the query keeps the code.
  function choiceLabel(field, value) {
    var labels = field.picklistLabels;
    return labels && Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : value;
  }

  function defaultValue(field, op) {
    if (!field || NO_VALUE_OPS[op]) return undefined;
    if (op === 'between') return field.kind === 'number' ? [0, 0] : ['', ''];
    if (LIST_OPS[op]) return [];
    if (op === 'within_last_days') return 30;
    if (field.kind === 'boolean') return true;
    if (field.kind === 'number') return 0;
    if ((field.kind === 'picklist' || field.kind === 'multipicklist') && field.picklistValues && PICK_OPS[op]) return field.picklistValues[0];
    return '';
  }

  function typed(field, text) {
    if (field && field.kind === 'number') return text === '' || isNaN(Number(text)) ? text : Number(text);
    return text;
  }

  // ---- Rendering. Structural changes re-render everything; typing a value only updates the model.

  function render() {
    root.textContent = '';
    if (!model) {
      root.appendChild(el('p', { className: 'field-error', text: 'The JSON below is not a query the builder can show; fix it there, or start over.' }));
      root.appendChild(button('Start over', function () { model = { mode: 'all', children: [] }; changed(true); }));
      return;
    }
    root.appendChild(renderGroup(model, null, null));
  }

  function renderGroup(group, parent, related) {
    var box = el('div', { className: 'sb-group', 'data-mode': group.mode });
    var head = el('div', { className: 'sb-row sb-group-head' }, [
      el('span', { className: 'muted', text: related ? 'where the same ' + RELATED_LABELS[related] + ' matches' : 'Members matching' }),
      select([['all', 'all of'], ['any', 'any of'], ['none', 'none of']], group.mode, function (v) { group.mode = v; changed(true); }, { 'aria-label': 'Group match' })
    ]);
    if (parent) head.appendChild(button('Remove group', function () { remove(parent, group); }, 'sb-remove'));
    box.appendChild(head);
    var children = el('div', { className: 'sb-children' });
    group.children.forEach(function (child) {
      if (child.mode) children.appendChild(renderGroup(child, group, related));
      else if (child.related) children.appendChild(renderRelated(child, group));
      else children.appendChild(renderCondition(child, group, related));
    });
    if (group.children.length === 0) children.appendChild(el('p', { className: 'hint', text: group.mode === 'any' ? 'No condition: nobody matches.' : 'No condition yet: every member matches.' }));
    box.appendChild(children);
    var add = el('div', { className: 'sb-row sb-add' }, [
      button('+ Condition', function () { group.children.push(newCondition(related)); changed(true); }, 'sb-add-condition'),
      button('+ Group', function () { group.children.push({ mode: 'any', children: [newCondition(related)] }); changed(true); }, 'sb-add-group')
    ]);
    if (!related) {
      add.appendChild(button('+ ' + LABELS.Opportunity + ' / ' + LABELS.Campaign.toLowerCase() + ' condition', function () {
        group.children.push({ related: 'Opportunity', match: 'any', count: { op: 'gte', value: 2 }, orNone: false, where: { mode: 'all', children: [newCondition('Opportunity')] } });
        changed(true);
      }, 'sb-add-related'));
    }
    box.appendChild(add);
    return box;
  }

  function newCondition(related) {
    var object = related ? related : 'Member';
    return related ? { field: '', op: '' } : { object: object, field: '', op: '' };
  }

  function remove(parent, node) {
    parent.children.splice(parent.children.indexOf(node), 1);
    changed(true);
  }

  function renderRelated(node, parent) {
    var box = el('div', { className: 'sb-related' });
    var head = el('div', { className: 'sb-row' }, [
      el('span', { className: 'muted', text: 'Has' }),
      select([['any', 'at least one'], ['all', 'only (every one)'], ['none', 'no'], ['count', 'a number of']], node.match, function (v) { node.match = v; changed(true); }, { 'aria-label': 'Quantifier', className: 'sb-match' }),
      select([['Opportunity', LABELS.Opportunity], ['CampaignMember', LABELS.CampaignMember]], node.related, function (v) {
        node.related = v;
        node.where = { mode: 'all', children: [newCondition(v)] };
        changed(true);
      }, { 'aria-label': 'Related object', className: 'sb-related-object' })
    ]);
    if (node.match === 'count') {
      head.appendChild(select([['gte', 'at least'], ['lte', 'at most'], ['eq', 'exactly']], node.count.op, function (v) { node.count.op = v; changed(false); }, { 'aria-label': 'Count comparison' }));
      var count = el('input', { type: 'number', min: '0', step: '1', value: String(node.count.value), className: 'sb-count', 'aria-label': 'Count' });
      count.addEventListener('input', function () { node.count.value = count.value === '' ? 0 : Number(count.value); changed(false); });
      head.appendChild(count);
    }
    if (node.match === 'all') {
      var orNone = el('input', { type: 'checkbox' });
      orNone.checked = node.orNone;
      orNone.addEventListener('change', function () { node.orNone = orNone.checked; changed(false); });
      head.appendChild(el('label', { className: 'sb-check' }, [orNone, document.createTextNode(' or none at all')]));
    }
    head.appendChild(button('Remove', function () { remove(parent, node); }, 'sb-remove'));
    box.appendChild(head);
    box.appendChild(renderGroup(node.where, null, node.related));
    return box;
  }

  function renderCondition(node, parent, related) {
    var row = el('div', { className: 'sb-row sb-condition' });
    var objects = related
      ? catalog.whereObjects[related].map(function (o) { return [o, WHERE_LABELS[o]]; })
      : PERSON_OBJECTS;
    var object = node.object || related;
    row.appendChild(select(objects, object, function (v) {
      if (related && v === related) delete node.object; else node.object = v;
      node.field = '';
      node.op = '';
      delete node.value;
      changed(true);
    }, { 'aria-label': 'Object', className: 'sb-object' }));

    var fields = fieldsOf(object).map(function (f) { return [f.name, f.label + ' (' + f.name + ')']; });
    if (node.field && !fieldOf(object, node.field)) fields.unshift([node.field, node.field + ' (unknown)']);
    fields.unshift(['', 'choose a field…']);
    row.appendChild(select(fields, node.field, function (v) {
      node.field = v;
      var field = fieldOf(object, v);
      var ops = operatorsOf(field);
      if (ops.indexOf(node.op) < 0) node.op = ops[0] || '';
      node.value = defaultValue(field, node.op);
      node.freeText = false;
      changed(true);
    }, { 'aria-label': 'Field', className: 'sb-field' }));

    var field = fieldOf(object, node.field);
    if (field) {
      var ops = operatorsOf(field).map(function (o) { return [o, OP_LABELS[o] || o]; });
      row.appendChild(select(ops, node.op, function (v) {
        var before = node.op;
        node.op = v;
        if (NO_VALUE_OPS[v] || v === 'between' || LIST_OPS[v] !== LIST_OPS[before] || before === 'between' || v === 'within_last_days' || before === 'within_last_days') node.value = defaultValue(field, v);
        changed(true);
      }, { 'aria-label': 'Operator', className: 'sb-op' }));
      var editor = renderValue(node, field);
      if (editor) row.appendChild(editor);
    }
    row.appendChild(button('Remove', function () { remove(parent, node); }, 'sb-remove'));
    return row;
  }

  function renderValue(node, field) {
    var op = node.op;
    if (NO_VALUE_OPS[op]) return null;
    var box = el('span', { className: 'sb-value' });
    var picklist = (field.kind === 'picklist' || field.kind === 'multipicklist') && field.picklistValues && field.picklistValues.length > 0 && PICK_OPS[op];
    var inputType = field.kind === 'number' || op === 'within_last_days' ? 'number' : field.kind === 'date' ? 'date' : 'text';
    var placeholder = field.kind === 'datetime' ? 'YYYY-MM-DD or 2024-05-01T10:00:00Z' : '';
    if (op === 'within_last_days') {
      box.appendChild(textInput(node.value, function (v) { node.value = v === '' ? v : Number(v); changed(false); }, { type: 'number', min: '1', step: '1', 'aria-label': 'Days', className: 'sb-input' }));
      box.appendChild(el('span', { className: 'muted', text: ' days' }));
    } else if (op === 'between') {
      var pair = Array.isArray(node.value) ? node.value : ['', ''];
      node.value = pair;
      box.appendChild(textInput(pair[0], function (v) { pair[0] = typed(field, v); changed(false); }, { type: inputType, placeholder: placeholder, 'aria-label': 'From', className: 'sb-input' }));
      box.appendChild(el('span', { className: 'muted', text: ' and ' }));
      box.appendChild(textInput(pair[1], function (v) { pair[1] = typed(field, v); changed(false); }, { type: inputType, placeholder: placeholder, 'aria-label': 'To', className: 'sb-input' }));
    } else if (field.kind === 'boolean') {
      box.appendChild(select([['true', 'true'], ['false', 'false']], String(node.value), function (v) { node.value = v === 'true'; changed(false); }, { 'aria-label': 'Value', className: 'sb-input' }));
    } else if (picklist && !node.freeText && LIST_OPS[op]) {
      var chosen = Array.isArray(node.value) ? node.value : [];
      var multi = el('select', { multiple: 'multiple', size: String(Math.min(5, field.picklistValues.length)), 'aria-label': 'Values', className: 'sb-input' });
      field.picklistValues.forEach(function (p) { var o = el('option', { value: p, text: choiceLabel(field, p) }); if (chosen.indexOf(p) >= 0) o.selected = true; multi.appendChild(o); });
      multi.addEventListener('change', function () { node.value = Array.prototype.filter.call(multi.options, function (o) { return o.selected; }).map(function (o) { return o.value; }); changed(false); });
      box.appendChild(multi);
    } else if (picklist && !node.freeText) {
      var values = field.picklistValues.map(function (p) { return [p, choiceLabel(field, p)]; });
      if (typeof node.value === 'string' && field.picklistValues.indexOf(node.value) < 0) values.unshift([node.value, node.value]);
      box.appendChild(select(values, node.value, function (v) { node.value = v; changed(false); }, { 'aria-label': 'Value', className: 'sb-input' }));
    } else if (LIST_OPS[op]) {
      var list = Array.isArray(node.value) ? node.value : [];
      box.appendChild(textInput(list.join(', '), function (v) {
        node.value = v.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s !== ''; }).map(function (s) { return typed(field, s); });
        changed(false);
      }, { type: 'text', placeholder: 'values, separated by commas', 'aria-label': 'Values', className: 'sb-input' }));
    } else {
      box.appendChild(textInput(node.value, function (v) { node.value = typed(field, v); changed(false); }, { type: inputType, step: 'any', placeholder: placeholder, 'aria-label': 'Value', className: 'sb-input' }));
    }
    if (picklist) {
      // Any picklist may be searched as free text too (a value the describe does not list, an old value).
      var free = el('input', { type: 'checkbox', className: 'sb-free-text' });
      free.checked = !!node.freeText;
      free.addEventListener('change', function () {
        node.freeText = free.checked;
        if (!free.checked) node.value = defaultValue(field, op);
        changed(true);
      });
      box.appendChild(el('label', { className: 'sb-check' }, [free, document.createTextNode(' free text')]));
    }
    return box;
  }

  // ---- Keeping the textarea and the live count in step.

  var timer = null;
  var sequence = 0;

  function incomplete(node) {
    if (node.mode) return node.children.some(incomplete);
    if (node.related) return incomplete(node.where);
    return !node.field || !node.op;
  }

  function changed(structural) {
    if (model) textarea.value = JSON.stringify(writeGroup(model), null, 2);
    if (structural) render();
    clearTimeout(timer);
    timer = setTimeout(preview, 350);
  }

  function showLive(count, detail) {
    live.hidden = false;
    liveCount.textContent = count;
    liveDetail.textContent = detail;
  }

  function preview() {
    if (!model) return;
    if (incomplete(model)) { showLive('…', 'choose a field and an operator for every condition to see the count'); return; }
    var mine = ++sequence;
    var body = { listId: listId, query: writeGroup(model) };
    if (segmentId) body.segmentId = segmentId;
    showLive(liveCount.textContent, 'counting…');
    fetch('/api/v1/segments/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body)
    })
      .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
      .then(function (answer) {
        if (mine !== sequence) return;
        if (!answer.ok) {
          var details = answer.json && answer.json.error && Array.isArray(answer.json.error.details) ? answer.json.error.details : [];
          var text = details.length ? details.slice(0, 3).map(function (p) { return p.path.replace(/^body\.query/, 'query') + ': ' + p.message; }).join('; ') : (answer.json && answer.json.error ? answer.json.error.message : 'the count could not be computed');
          showLive('—', text);
          return;
        }
        var p = answer.json;
        var detail = 'member' + (p.count === 1 ? '' : 's') + ' of the list match';
        if (p.changes) detail += ' · saving this would add ' + p.changes.added + ' and remove ' + p.changes.removed;
        showLive(Number(p.count).toLocaleString('en-US'), detail);
      })
      .catch(function () { if (mine === sequence) showLive('—', 'the count could not be computed (network)'); });
  }

  textarea.addEventListener('input', function () {
    var parsed = parseText();
    if (!parsed) return;
    model = parsed;
    render();
    clearTimeout(timer);
    timer = setTimeout(preview, 350);
  });

  root.hidden = false;
  if (jsonBox) jsonBox.open = false;
  render();
  preview();
})();
