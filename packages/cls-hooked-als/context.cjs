'use strict';
/**
 * The part of cls-hooked's API that the X-Ray SDK (aws-xray-sdk-core, under
 * Powertools' tracer) uses, kept on Node's AsyncLocalStorage. package.json's
 * `overrides` installs it as the SDK's `cls-hooked`.
 *
 * Why: cls-hooked (last released 2019) tracks contexts with async_hooks'
 * init, before, after and destroy hooks, in JavaScript, for every promise
 * the process creates. The SDK creates its namespace when it loads, whether
 * tracing is on or off, so every function paid for those hooks on every
 * DynamoDB call (two concurrent GetItems on DynamoDB Local, p50 over three
 * interleaved rounds: slower than without the SDK by 10–40 % with
 * cls-hooked, level with it on AsyncLocalStorage). AsyncLocalStorage does
 * the same propagation inside Node.
 *
 * Semantics kept:
 * - `run(fn)` gives `fn` a child context (inheriting its parent's values)
 *   that follows every async continuation it starts; `bind(fn)` re-enters a
 *   context when `fn` is called later.
 * - `enter(ctx)` outside any run sets the process-wide context. That is how
 *   the SDK's Lambda mode installs its facade segment at load, and the
 *   context every invocation then reads and sets its segment on.
 * - `set` without any context throws, as cls-hooked does.
 */
const { AsyncLocalStorage } = require('node:async_hooks');

const ERROR_SYMBOL = 'error@context';
const namespaces = new Map();

class Namespace {
  constructor(name) {
    this.name = name;
    this.storage = new AsyncLocalStorage();
    /** The process-wide context: what `enter` outside any run sets. */
    this.base = null;
    /** What each `enter` replaced, for its `exit`. */
    this.entered = [];
  }

  get active() {
    return this.storage.getStore() ?? this.base;
  }

  set(key, value) {
    const context = this.active;
    if (!context) throw new Error('No context available. ns.run() or ns.bind() must be called first.');
    context[key] = value;
    return value;
  }

  get(key) {
    const context = this.active;
    return context ? context[key] : undefined;
  }

  createContext() {
    const context = Object.create(this.active ?? Object.prototype);
    context._ns_name = this.name;
    return context;
  }

  run(fn) {
    const context = this.createContext();
    try {
      this.storage.run(context, fn, context);
    } catch (error) {
      if (error && typeof error === 'object') error[ERROR_SYMBOL] = context;
      throw error;
    }
    return context;
  }

  runAndReturn(fn) {
    let value;
    this.run((context) => {
      value = fn(context);
    });
    return value;
  }

  bind(fn, context) {
    const bound = context ?? this.active ?? this.createContext();
    const storage = this.storage;
    return function clsBind(...args) {
      return storage.run(bound, () => fn.apply(this, args));
    };
  }

  enter(context) {
    if (!context) throw new Error('context must be provided for entering');
    const store = this.storage.getStore();
    if (store === undefined) {
      this.entered.push({ base: true, previous: this.base });
      this.base = context;
    } else {
      this.entered.push({ base: false, previous: store });
      this.storage.enterWith(context);
    }
  }

  exit(context) {
    if (!context) throw new Error('context must be provided for exiting');
    if (this.active !== context) throw new Error("context not currently entered; can't exit");
    const { base, previous } = this.entered.pop();
    if (base) this.base = previous;
    else this.storage.enterWith(previous);
  }

  bindEmitter() {
    throw new Error('bindEmitter is not supported: bind the listeners instead.');
  }
}

module.exports = {
  getNamespace: (name) => namespaces.get(name),
  createNamespace(name) {
    const namespace = new Namespace(name);
    namespaces.set(name, namespace);
    return namespace;
  },
  destroyNamespace(name) {
    const namespace = namespaces.get(name);
    if (namespace) namespace.storage.disable();
    namespaces.delete(name);
  },
  reset() {
    for (const name of [...namespaces.keys()]) module.exports.destroyNamespace(name);
  },
  ERROR_SYMBOL,
};
