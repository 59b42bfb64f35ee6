// The stand-in GPT's implementation (see gpt.js).
(() => {
  const googletag = (window.googletag = window.googletag || { cmd: [] });
  const log = (window.__gptLog = []);
  const adRequests = (window.__adRequests = []);
  const apply = (store, targeting) => {
    for (const [key, value] of Object.entries(targeting || {})) {
      if (value === null) store.delete(key);
      else store.set(key, [].concat(value).map(String));
    }
  };
  const targetable = (store, who) => ({
    setTargeting(key, value) {
      log.push([`${who}.setTargeting`, key, value]);
      store.set(key, [].concat(value).map(String));
      return this;
    },
    clearTargeting(key) {
      log.push([`${who}.clearTargeting`, key]);
      if (key === undefined) store.clear();
      else store.delete(key);
      return this;
    },
    getTargeting: (key) => store.get(key) || [],
    getTargetingKeys: () => [...store.keys()],
    setConfig(config) {
      log.push([`${who}.setConfig`, config]);
      apply(store, config.targeting);
    },
  });
  const pageTargeting = new Map();
  const slots = [];
  const pubads = { ...targetable(pageTargeting, 'pubads'), getSlots: () => slots.slice(), enableSingleRequest: () => true };
  Object.assign(googletag, {
    apiReady: true,
    pubads: () => pubads,
    setConfig(config) {
      log.push(['setConfig', config]);
      apply(pageTargeting, config.targeting);
    },
    defineSlot(path, size, id) {
      const slotTargeting = new Map();
      const slot = { ...targetable(slotTargeting, `slot:${id}`), getAdUnitPath: () => path, getSlotElementId: () => id, addService: () => slot, targeting: slotTargeting };
      slots.push(slot);
      return slot;
    },
    enableServices() {},
    /** The ad request: what the ad server would receive for this slot, right now. */
    display(id) {
      const slot = slots.find((s) => s.getSlotElementId() === id);
      const request = { slot: id, at: Math.round(performance.now()), page: Object.fromEntries(pageTargeting), slotTargeting: Object.fromEntries(slot ? slot.targeting : []) };
      adRequests.push(request);
      const box = document.getElementById(id);
      if (box) box.textContent = `ad request ${JSON.stringify(request.page)}`;
    },
  });
  const queued = Array.isArray(googletag.cmd) ? googletag.cmd : [];
  googletag.cmd = {
    push(...commands) {
      for (const command of commands) {
        try {
          command();
        } catch (error) {
          console.error(error);
        }
      }
      return 0;
    },
  };
  googletag.cmd.push(...queued);
})();
