// The segment query language <-> the builder's model (used by segment-builder.js). Groups become
// {mode: all|any|none, children}; "none of" is written as {not: {any: [...]}}, and any other
// {not: x} is read as "none of [x]", which means the same.
window.SegmentQueryModel = (function () {
  'use strict';

  // These operators take no value: a stale value left from another operator is not written.
  var NO_VALUE_OPS = { is_empty: true, is_not_empty: true };

  function readGroup(node) {
    if (node && Array.isArray(node.all)) return { mode: 'all', children: node.all.map(readNode) };
    if (node && Array.isArray(node.any)) return { mode: 'any', children: node.any.map(readNode) };
    // none of [x, y] is not(any of [x, y]); any other not(x) is "none of [x]".
    if (node && node.not && Array.isArray(node.not.any)) return { mode: 'none', children: node.not.any.map(readNode) };
    if (node && node.not) return { mode: 'none', children: [readNode(node.not)] };
    return null;
  }

  function readNode(node) {
    var group = readGroup(node);
    if (group) return group;
    if (node && node.related) {
      var where = readGroup(node.where) || { mode: 'all', children: [] };
      var match = node.match === 'any' && node.count ? 'count' : node.match;
      return { related: node.related, match: match, count: node.count || { op: 'gte', value: 2 }, orNone: !!node.orNone, where: where };
    }
    var copy = {};
    for (var key in node) if (Object.prototype.hasOwnProperty.call(node, key)) copy[key] = node[key];
    return copy;
  }

  function writeGroup(group) {
    var children = group.children.map(writeNode);
    if (group.mode === 'any') return { any: children };
    if (group.mode === 'none') return { not: { any: children } };
    return { all: children };
  }

  function writeNode(node) {
    if (node.mode) return writeGroup(node);
    if (node.related) {
      var out = { related: node.related, match: node.match === 'count' ? 'any' : node.match, where: writeGroup(node.where) };
      if (node.match === 'count') out.count = { op: node.count.op, value: node.count.value };
      if (node.match === 'all' && node.orNone) out.orNone = true;
      return out;
    }
    var condition = {};
    if (node.object) condition.object = node.object;
    condition.field = node.field || '';
    condition.op = node.op || '';
    if (!NO_VALUE_OPS[node.op] && node.value !== undefined) condition.value = node.value;
    return condition;
  }


  return { readGroup: readGroup, writeGroup: writeGroup };
})();
