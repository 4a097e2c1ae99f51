/*
 * Browser floor (README "Browsers"): Chromium 86 — Chrome / Edge ≥ 86, 360 / QQ / 奇安信 on a ≥ 86 core.
 *
 * The client bundle is built for chrome86 (vite.config.ts), which lowers syntax but not the standard
 * library. This file adds built-ins a Chromium 86 core lacks: those the bundle calls (`Object.hasOwn` in
 * SvelteKit's devalue, `.at()` in Apache Arrow's Vector and in our code) and the ones of the same age code
 * reaches for next (`findLast`, `structuredClone`). It is a classic script in <head> (src/app.html), so it runs
 * before SvelteKit's module scripts start; it defines only what is missing, so a current browser gets
 * nothing new. tests/unit/browser-floor/ runs it where these APIs are deleted, and fails when the
 * built bundle calls an API above the floor that is neither here nor feature-tested.
 *
 * Plain ES5 on purpose: it must run on any core that reaches it.
 */
(function () {
	'use strict';
	var root = typeof globalThis === 'object' ? globalThis : typeof self === 'object' ? self : window;

	function define(target, name, value) {
		if (!target || typeof target[name] === 'function') return;
		// Non-enumerable like the built-ins: `for (k in array)` must not see them.
		Object.defineProperty(target, name, {
			value: value,
			writable: true,
			configurable: true,
			enumerable: false
		});
	}

	function toObject(value) {
		if (value == null) throw new TypeError('Cannot convert undefined or null to object');
		return Object(value);
	}

	function toInteger(value) {
		var n = Number(value);
		return n !== n ? 0 : n < 0 ? Math.ceil(n) : Math.floor(n);
	}

	function toLength(value) {
		var n = toInteger(value);
		return n <= 0 ? 0 : Math.min(n, 9007199254740991);
	}

	// Object.hasOwn — Chromium 93.
	define(Object, 'hasOwn', function hasOwn(object, key) {
		return Object.prototype.hasOwnProperty.call(toObject(object), key);
	});

	// Array / TypedArray / String .at — Chromium 92.
	function at(index) {
		var o = toObject(this);
		var length = toLength(o.length);
		var k = toInteger(index);
		if (k < 0) k += length;
		return k < 0 || k >= length ? undefined : o[k];
	}
	// %TypedArray%.prototype: the common prototype of Int8Array … BigUint64Array.
	var typedArrayPrototype =
		typeof Int8Array === 'function' ? Object.getPrototypeOf(Int8Array.prototype) : null;
	define(Array.prototype, 'at', at);
	define(typedArrayPrototype, 'at', at);
	define(String.prototype, 'at', function at(index) {
		if (this == null) throw new TypeError('String.prototype.at called on null or undefined');
		var s = String(this);
		var k = toInteger(index);
		if (k < 0) k += s.length;
		return k < 0 || k >= s.length ? undefined : s.charAt(k);
	});

	// Array / TypedArray .findLast, .findLastIndex — Chromium 97.
	function findLastIndex(predicate, thisArg) {
		var o = toObject(this);
		if (typeof predicate !== 'function') throw new TypeError(predicate + ' is not a function');
		for (var i = toLength(o.length) - 1; i >= 0; i--) if (predicate.call(thisArg, o[i], i, o)) return i;
		return -1;
	}
	function findLast(predicate, thisArg) {
		var o = toObject(this);
		var i = findLastIndex.call(o, predicate, thisArg);
		return i < 0 ? undefined : o[i];
	}
	define(Array.prototype, 'findLastIndex', findLastIndex);
	define(Array.prototype, 'findLast', findLast);
	define(typedArrayPrototype, 'findLastIndex', findLastIndex);
	define(typedArrayPrototype, 'findLast', findLast);

	// structuredClone — Chromium 98. The structured-clone algorithm for what our code can hand it: primitives,
	// plain objects and arrays (cycles and shared references kept), Date, RegExp, Map, Set, ArrayBuffer, typed
	// arrays, DataView, boxed primitives, errors; Blob / File are immutable and returned as they are. Functions,
	// symbols and DOM nodes throw a DataCloneError, as the real one does. The `transfer` option is not supported.
	function cloneError(message) {
		return typeof DOMException === 'function'
			? new DOMException(message, 'DataCloneError')
			: new TypeError(message);
	}
	function clone(value, seen) {
		if (typeof value === 'symbol') throw cloneError(String(value) + ' could not be cloned.');
		if (typeof value === 'function') throw cloneError('function could not be cloned.');
		if (value === null || typeof value !== 'object') return value;
		if (seen.has(value)) return seen.get(value);
		var tag = Object.prototype.toString.call(value).slice(8, -1);
		var copy;
		if (tag === 'Date') copy = new Date(value.getTime());
		else if (tag === 'RegExp') copy = new RegExp(value.source, value.flags);
		else if (tag === 'Boolean' || tag === 'Number' || tag === 'String' || tag === 'BigInt')
			copy = Object(value.valueOf());
		else if (tag === 'Blob' || tag === 'File') copy = value;
		else if (tag === 'ArrayBuffer') copy = value.slice(0);
		else if (ArrayBuffer.isView(value)) {
			var buffer = clone(value.buffer, seen);
			copy =
				tag === 'DataView'
					? new DataView(buffer, value.byteOffset, value.byteLength)
					: new value.constructor(buffer, value.byteOffset, value.length);
		} else if (tag === 'Error') {
			var names = ['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
			copy = new (names.indexOf(value.name) >= 0 ? root[value.name] : Error)(value.message);
			if (typeof value.stack === 'string') copy.stack = value.stack;
		} else if (typeof Node === 'function' && value instanceof Node)
			throw cloneError('a DOM node could not be cloned.');
		else if (tag === 'Map') {
			copy = new Map();
			seen.set(value, copy);
			value.forEach(function (v, k) {
				copy.set(clone(k, seen), clone(v, seen));
			});
			return copy;
		} else if (tag === 'Set') {
			copy = new Set();
			seen.set(value, copy);
			value.forEach(function (v) {
				copy.add(clone(v, seen));
			});
			return copy;
		} else {
			copy = Array.isArray(value) ? new Array(value.length) : {};
			seen.set(value, copy);
			var keys = Object.keys(value);
			for (var i = 0; i < keys.length; i++) copy[keys[i]] = clone(value[keys[i]], seen);
			return copy;
		}
		seen.set(value, copy);
		return copy;
	}
	define(root, 'structuredClone', function structuredClone(value) {
		if (arguments.length === 0)
			throw new TypeError("Failed to execute 'structuredClone': 1 argument required.");
		return clone(value, new Map());
	});
})();
