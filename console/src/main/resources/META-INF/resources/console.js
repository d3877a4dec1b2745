// The console's only script: live updates over SSE (the page's main part redrawn from the server as events arrive,
// a running job's progress every second) and the operators' forms sent as JSON with the header that marks them as
// the console's own (a cross-site form cannot set it). Without it every page still reads; only live and actions need it.
(() => {
  const main = () => document.getElementById('main');
  const status = document.getElementById('live-status');
  let pending = null;

  async function redraw() {
    pending = null;
    if (main().contains(document.activeElement) && document.activeElement.matches('input')) {
      pending = setTimeout(redraw, 2000); // not while someone types in a form
      return;
    }
    const answer = await fetch(location.href, { headers: { 'X-Day2-Fragment': 'main' } });
    if (!answer.ok) return;
    const page = new DOMParser().parseFromString(await answer.text(), 'text/html');
    const fresh = page.getElementById('main');
    if (fresh) {
      main().innerHTML = fresh.innerHTML;
      wire();
    }
  }
  function soon() {
    if (!pending) pending = setTimeout(redraw, 250);
  }

  const live = document.body.dataset.live;
  if (live && live !== 'none' && window.EventSource) {
    const events = new EventSource('/events');
    events.onopen = () => { status.textContent = 'Live: this page updates as events arrive.'; };
    events.onerror = () => { status.textContent = 'Live updates interrupted; reconnecting.'; };
    events.onmessage = (e) => {
      const change = JSON.parse(e.data);
      if (change.cluster && (live === '*' || change.cluster === '*' || change.cluster === live)) soon();
    };
  }

  let progress = null;
  function follow() {
    const box = document.querySelector('[data-progress-url]');
    if (!box || progress || !window.EventSource) return;
    progress = new EventSource(box.dataset.progressUrl);
    progress.onmessage = (e) => {
      const record = JSON.parse(e.data);
      const bar = document.querySelector('#progress progress');
      const text = document.getElementById('progress-text');
      const phase = document.getElementById('phase');
      if (phase && record.phase) phase.textContent = record.phase;
      if (bar && record.percent != null) { bar.value = record.percent; bar.textContent = record.percent + '%'; }
      if (text && record.words) text.textContent = record.words;
      if (record.done) {
        progress.close();
        progress = null;
        redraw();
      }
    };
  }

  async function submit(event) {
    event.preventDefault();
    const form = event.target;
    const out = form.querySelector('.answer');
    const body = Object.fromEntries(new FormData(form));
    out.textContent = 'sending...';
    const answer = await fetch(form.dataset.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Day2-Action': 'console' },
      body: JSON.stringify(body),
    });
    const reply = await answer.json().catch(() => ({}));
    if (answer.ok && reply.location) {
      location.href = reply.location;
    } else if (answer.ok) {
      out.textContent = 'done';
      soon();
    } else {
      out.textContent = answer.status + ': ' + (reply.detail || reply.title || 'refused');
    }
  }

  function wire() {
    document.querySelectorAll('form[data-action]').forEach((form) => { form.onsubmit = submit; });
    follow();
  }
  wire();
})();
