// Small DOM builders for segment-builder.js (no framework: the page works without any script).
window.SegmentBuilderDom = (function () {
  'use strict';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'className') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function select(options, value, onChange, attrs) {
    var node = el('select', attrs);
    options.forEach(function (o) {
      var option = el('option', { value: o[0], text: o[1] });
      if (String(o[0]) === String(value)) option.selected = true;
      node.appendChild(option);
    });
    node.addEventListener('change', function () { onChange(node.value); });
    return node;
  }

  function button(label, onClick, className) {
    var node = el('button', { type: 'button', className: 'btn btn-small ' + (className || ''), text: label });
    node.addEventListener('click', onClick);
    return node;
  }

  function textInput(value, onInput, attrs) {
    var input = el('input', attrs || {});
    input.value = value === undefined || value === null ? '' : String(value);
    input.addEventListener('input', function () { onInput(input.value); });
    return input;
  }


  return { el: el, select: select, button: button, textInput: textInput };
})();
