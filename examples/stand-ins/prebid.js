// A stand-in for Prebid.js, for the examples and e2e: pbjs.que, getConfig / setConfig /
// mergeConfig with Prebid's merge (objects deep-merged, arrays appended without duplicates),
// and requestBids recording the ortb2 each auction would send in window.__auctions.
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
  Object.assign(pbjs, {
    getConfig: (path) => clone(path ? path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), config) : config),
    setConfig: (options) => Object.assign(config, clone(options)),
    mergeConfig: (options) => mergeDeep(config, clone(options)),
    requestBids({ bidsBackHandler } = {}) {
      auctions.push({ at: Math.round(performance.now()), ortb2: clone(config.ortb2 || {}) });
      if (bidsBackHandler) setTimeout(bidsBackHandler, 0);
    },
  });
  const queued = Array.isArray(pbjs.que) ? pbjs.que : [];
  pbjs.que = { push: (...fns) => fns.forEach((fn) => fn()) };
  pbjs.que.push(...queued);
})();
