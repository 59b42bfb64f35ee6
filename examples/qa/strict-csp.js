// Shows how many dataLayer pushes the outputs bundle (loaded on demand) has made. textContent only.
const shown = document.querySelector('[data-testid="data-layer"]');
const count = () => (window.dataLayer || []).filter((entry) => entry && entry.event === 'audience-relay.segments').length;
const timer = setInterval(() => {
  shown.textContent = String(count());
}, 100);
setTimeout(() => clearInterval(timer), 10000);
