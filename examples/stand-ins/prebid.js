// A stand-in for Prebid.js, for the examples and e2e: pbjs.que, getConfig / setConfig /
// mergeConfig with Prebid's merge (objects deep-merged, arrays appended without duplicates),
// topic subscriptions as Prebid has them (`getConfig('ortb2', fn)`, called at once on each
// setConfig or mergeConfig naming the topic; `getConfig(fn)` for every one), and requestBids
// recording the ortb2 each auction would send in window.__auctions.
(() => {
  const pbjs = (window.pbjs = window.pbjs || { que: [] });
  const auctions = (window.__auctions = []);
  let config = {};
  const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const mergeDeep = (target, source) => {
    for (const [key, value] of Object.entries(source)) {
      if (Array.isArray(value)) {
        const list = Array.isArray(target[key]) ? target[key] : (target[key] = []);
        for (const item of value) if (!list.some((x) => same(x, item))) list.push(clone(item));
      } else if (value && typeof value === 'object') {
        mergeDeep((target[key] = target[key] && typeof target[key] === 'object' ? target[key] : {}), value);
      } else target[key] = value;
    }
    return target;
  };
  const subscribers = [];
  const setConfig = (options) => {
    Object.assign(config, clone(options));
    for (const topic of Object.keys(options)) {
      for (const { on, fn } of subscribers.slice()) if (on === null || on === topic) fn(on === null ? options : { [topic]: options[topic] });
    }
  };
  const subscribe = (on, fn) => {
    const subscriber = { on, fn };
    subscribers.push(subscriber);
    return () => subscribers.splice(subscribers.indexOf(subscriber) >>> 0, 1);
  };
  Object.assign(pbjs, {
    getConfig: (path, fn) =>
      typeof path === 'function' ? subscribe(null, path) : typeof fn === 'function' ? subscribe(path, fn) : clone(path ? path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), config) : config),
    setConfig,
    // As Prebid's: the merge, then setConfig with it (so its subscribers hear it too).
    mergeConfig: (options) => setConfig(Object.fromEntries(Object.keys(options).map((topic) => [topic, mergeDeep(clone(config[topic]) || {}, options[topic])]))),
    requestBids({ bidsBackHandler } = {}) {
      auctions.push({ at: Math.round(performance.now()), ortb2: clone(config.ortb2 || {}) });
      if (bidsBackHandler) setTimeout(bidsBackHandler, 0);
    },
  });
  const queued = Array.isArray(pbjs.que) ? pbjs.que : [];
  pbjs.que = { push: (...fns) => fns.forEach((fn) => fn()) };
  pbjs.que.push(...queued);
})();
