/// The page's only script, inline under the CSP nonce. It keeps the server-rendered page live: progress events
/// move a row's bar in place, any other event refetches `/api/jobs` (debounced) and re-renders counts and rows,
/// replacing only rows whose content changed so a playing `<audio>` keeps playing. DOM is built with
/// createElement/textContent only, never innerHTML. `build()` mirrors DashboardJobRow; keep the two in step.
/// On a job's own page (a capability URL; the table's `data-base`) it follows that job's events and status instead,
/// and links nothing that would list other jobs.
enum DashboardScript {
    static let js = #"""

        (() => {
        'use strict';
        const STATES = ['pending', 'processing', 'done', 'failed', 'hold'];
        const COLUMNS = 7;
        const $ = (id) => document.getElementById(id);
        const table = $('jobs'), live = $('live'), older = $('older'), updated = $('updated'), form = $('filters');
        if (!table) return;
        const base = table.dataset.base || null;
        const query = new URLSearchParams(location.search);
        const filter = {};
        for (const k of ['state', 'user', 'kind', 'batch', 'cursor']) { const v = query.get(k); if (v) filter[k] = v; }

        const el = (tag, cls, text) => {
          const e = document.createElement(tag);
          if (cls) e.className = cls;
          if (text != null) e.textContent = String(text);
          return e;
        };
        const setText = (e, text) => { if (e && e.textContent !== text) e.textContent = text; };
        const pad = (n) => String(n).padStart(2, '0');

        // Twins of DashboardFormat.
        const percent = (p) => { p = Number(p); return isFinite(p) ? Math.min(100, Math.max(0, Math.floor(p * 100))) : 0; };
        function bytes(n) {
          n = Number(n) || 0;
          if (n < 1000) return Math.max(0, n) + ' B';
          const units = ['kB', 'MB', 'GB', 'TB'];
          let v = n / 1000, i = 0;
          while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
          return (v < 10 ? v.toFixed(1) : Math.round(v)) + ' ' + units[i];
        }
        function duration(s) {
          if (s == null) return null;
          s = Number(s);
          if (!isFinite(s) || s < 0) return null;
          s = Math.round(s);
          const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
          return h ? h + ':' + pad(m) + ':' + pad(s % 60) : m + ':' + pad(s % 60);
        }
        function eta(s) {
          if (s == null) return '';
          s = Math.round(Number(s));
          if (!isFinite(s) || s < 0) return '';
          if (s < 60) return '~' + s + ' s left';
          const m = Math.round(s / 60);
          if (m < 60) return '~' + m + ' min left';
          return '~' + Math.floor(m / 60) + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '') + ' left';
        }
        function localTime(iso) {
          const d = new Date(String(iso || '').replace(/(\.\d{3})\d+/, '$1'));
          if (!iso || isNaN(d)) return iso || '';
          const today = d.toDateString() === new Date().toDateString();
          return d.toLocaleString([], today ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
            : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
        }
        function timeEl(iso) {
          const t = el('time', null, localTime(iso));
          t.dateTime = iso; t.title = iso;
          return t;
        }
        function localize(root) {
          for (const t of root.querySelectorAll('time[datetime]')) { t.title = t.dateTime; t.textContent = localTime(t.dateTime); }
        }

        // Twin of DashboardJobRow.signature: FNV-1a over UTF-16 of what may change besides progress.
        function signature(it) {
          const text = [it.state, it.kind || '', it.userId || '', String(it.attempts || 0), String(it.maxAttempts || 0),
            it.errorCode || '', it.errorField || '', it.error || '', it.completedAt || '',
            (it.outputs || []).map((o) => o.name + ':' + o.size).join(',')].join('|');
          let h = 0x811c9dc5;
          for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
          return h.toString(36);
        }

        // Twin of DashboardJobRow.render.
        function build(it) {
          const id = String(it.jobId), state = STATES.includes(it.state) ? it.state : 'other';
          const attempts = Number(it.attempts) || 0, max = Number(it.maxAttempts) || 0;
          const tb = el('tbody', 'job s-' + state);
          tb.dataset.job = id; tb.dataset.state = String(it.state); tb.dataset.sig = signature(it);
          const tr = el('tr', 'main');
          const cell = (tag, cls, label) => { const c = el(tag, cls); if (label) c.dataset.label = label; tr.append(c); return c; };
          const th = cell('th', 'c-id'); th.scope = 'row'; th.append(el('span', 'id', id));
          if (it.batchId && !base) {
            const a = el('a', 'batch', 'batch ' + it.batchId + (it.batchIndex ? ' · ' + it.batchIndex : ''));
            a.href = '/?' + new URLSearchParams({ batch: String(it.batchId) });
            th.append(a);
          }
          cell('td', 'c-kind', 'Kind').textContent = it.kind || '—';
          cell('td', 'c-user', 'User').textContent = it.userId || '—';
          cell('td', 'c-state').append(el('span', 'badge s-' + state, it.state));
          const prog = cell('td', 'c-prog', 'Progress');
          if (it.state === 'processing') {
            const p = percent(it.progress);
            const bar = el('progress', 'bar', p + '%');
            bar.max = 100; bar.value = p; bar.setAttribute('aria-label', 'Progress of ' + id);
            const info = el('span', 'pinfo');
            info.append(el('span', 'phase', it.phase || ''), el('span', 'pct', p + '%'), el('span', 'eta', eta(it.estimatedSeconds)));
            if (attempts > 1) info.append(el('span', 'att', 'attempt ' + attempts + ' of ' + max));
            prog.append(bar, info);
          } else if (it.state === 'pending') {
            prog.append(el('span', 'muted', attempts > 0 ? 'queued · attempt ' + (attempts + 1) + ' of ' + max : 'queued'));
          } else if (it.state === 'hold') {
            prog.append(el('span', 'muted', 'on hold'));
          } else if (it.state === 'done') {
            const s = el('span', 'muted', 'finished');
            if (it.completedAt) s.append(' ', timeEl(it.completedAt));
            prog.append(s);
          } else if (it.state === 'failed') {
            prog.append(el('span', 'muted', attempts > 0 ? 'after ' + attempts + ' of ' + max + ' attempts' : 'never started'));
          }
          cell('td', 'c-created', 'Created').append(timeEl(it.createdAt || ''));
          cell('td', 'c-input', 'Input').textContent = duration(it.input && it.input.durationSeconds) || '—';
          tb.append(tr);
          const outputs = it.outputs || [], hasError = it.error != null || it.errorCode != null;
          if (outputs.length || hasError) {
            const dtr = el('tr', 'detail'), td = el('td');
            td.colSpan = COLUMNS;
            if (hasError) {
              const box = el('div', it.state === 'failed' ? 'err' : 'err warn');
              box.setAttribute('role', 'group'); box.setAttribute('aria-label', 'Error');
              if (it.errorCode != null || it.errorField != null) {
                const head = el('p', 'err-head');
                if (it.errorCode != null) head.append(el('span', 'err-code', it.errorCode));
                if (it.errorField != null) {
                  const f = el('span', 'err-field', 'field ');
                  f.append(el('code', null, it.errorField));
                  head.append(f);
                }
                box.append(head);
              }
              if (it.error != null) box.append(el('p', 'err-msg', it.error));
              td.append(box);
            }
            const isPicture = (o) => ['image/png', 'image/jpeg'].includes(String(o.mimeType || '').toLowerCase());
            const urlOf = (o) => (base ? base + 'files/' : '/files/' + encodeURIComponent(id) + '/') + encodeURIComponent(o.name);
            const files = outputs.filter((o) => !isPicture(o)), pictures = outputs.filter(isPicture);
            if (files.length) {
              const ul = el('ul', 'outputs');
              for (const o of files) {
                const li = el('li', 'out'), url = urlOf(o);
                const mime = String(o.mimeType || '').toLowerCase();
                const kind = mime.startsWith('audio/') ? 'audio' : mime.startsWith('video/') ? 'video' : null;
                if (kind) {
                  const m = el(kind, 'player');
                  m.controls = true; m.preload = 'none'; m.src = url; m.setAttribute('aria-label', 'Play ' + o.name);
                  if (kind === 'video') m.setAttribute('playsinline', '');
                  li.append(m);
                }
                const a = el('a', 'dl');
                a.href = url; a.download = '';
                const icon = el('span', null, '↓ '); icon.setAttribute('aria-hidden', 'true');
                a.append(icon, String(o.name));
                li.append(a, el('span', 'size', bytes(o.size)));
                ul.append(li);
              }
              td.append(ul);
            }
            if (pictures.length) {
              const gallery = el('div', 'gallery');
              gallery.setAttribute('role', 'list'); gallery.setAttribute('aria-label', 'Pictures of ' + id);
              for (const o of pictures) {
                const fig = el('figure', 'pic'), a = el('a'), img = el('img');
                fig.setAttribute('role', 'listitem');
                a.href = urlOf(o); img.loading = 'lazy'; img.src = urlOf(o); img.alt = String(o.name);
                const cap = el('figcaption'), dl = el('a', 'dl', String(o.name));
                dl.href = urlOf(o); dl.download = '';
                cap.append(dl, el('span', 'size', bytes(o.size)));
                a.append(img); fig.append(a, cap);
                gallery.append(fig);
              }
              td.append(gallery);
            }
            dtr.append(td); tb.append(dtr);
          }
          return tb;
        }

        function setProgress(tb, progress, phase, seconds) {
          const bar = tb.querySelector('progress.bar');
          if (!bar) return;
          const p = percent(progress);
          bar.value = p; bar.textContent = p + '%';
          setText(tb.querySelector('.pct'), p + '%');
          if (phase != null) setText(tb.querySelector('.phase'), String(phase));
          setText(tb.querySelector('.eta'), eta(seconds));
        }

        const playing = (tb) => [...tb.querySelectorAll('audio,video')].some((m) => !m.paused && !m.ended);
        const rows = () => {
          const m = new Map();
          for (const tb of table.tBodies) if (tb.dataset.job != null) m.set(tb.dataset.job, tb);
          return m;
        };

        function place(nodes) {
          let prev = table.tHead;
          for (const n of nodes) {
            const want = prev.nextSibling;
            if (n !== want) {
              // moveBefore keeps a playing element playing where supported; insertBefore otherwise.
              try { if (n.isConnected && table.moveBefore) table.moveBefore(n, want); else table.insertBefore(n, want); }
              catch (e) { table.insertBefore(n, want); }
            }
            prev = n;
          }
          while (prev.nextSibling) table.removeChild(prev.nextSibling);
        }

        function apply(data) {
          const counts = data.counts || {};
          let total = 0;
          for (const s of STATES) {
            const n = Number(counts[s]) || 0;
            total += n;
            setText(document.querySelector('[data-count="' + s + '"]'), String(n));
          }
          setText(document.querySelector('[data-count="all"]'), String(total));
          const have = rows(), nodes = [];
          for (const it of data.jobs || []) {
            if (!it || it.jobId == null) continue;
            const id = String(it.jobId), old = have.get(id);
            if (old && (old.dataset.sig === signature(it) || (playing(old) && old.dataset.state === it.state))) {
              setProgress(old, it.progress, it.phase, it.estimatedSeconds);
              nodes.push(old);
            } else {
              nodes.push(build(it));
            }
            have.delete(id);
          }
          if (!nodes.length) {
            const tb = el('tbody', 'empty'), tr = el('tr'), td = el('td', null, 'No jobs here.');
            td.colSpan = COLUMNS; tr.append(td); tb.append(tr); nodes.push(tb);
          }
          place(nodes);
          if (older) {
            if (data.nextCursor) {
              const p = new URLSearchParams({ cursor: data.nextCursor });
              for (const k of ['state', 'user', 'kind']) if (filter[k]) p.set(k, filter[k]);
              older.href = '/?' + p; older.hidden = false;
            } else { older.hidden = true; older.removeAttribute('href'); }
          }
          if (updated) {
            const now = new Date().toISOString();
            updated.dateTime = now; updated.title = now; updated.textContent = localTime(now);
          }
        }

        let generation = 0, timer = null;
        async function refetch() {
          const mine = ++generation;
          const p = new URLSearchParams(filter);
          p.set('limit', '50');
          try {
            const r = await fetch(base ? base + 'status' : '/api/jobs?' + p, { headers: { Accept: 'application/json' }, cache: 'no-store' });
            if (!r.ok) throw new Error('HTTP ' + r.status);
            const data = base ? { jobs: [await r.json()] } : await r.json();
            if (mine === generation) apply(data);
          } catch (e) {
            if (mine === generation) console.warn('mediaspool: refresh failed', e);
          }
        }
        // Leading wait, no reset: a burst of events costs one fetch, and a steady stream cannot starve it.
        const scheduleRefetch = () => { if (!timer) timer = setTimeout(() => { timer = null; refetch(); }, 300); };

        function setLive(state) {
          if (!live) return;
          live.hidden = false; live.dataset.state = state;
          live.textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Offline';
        }

        function onJob(ev) {
          let m;
          try { m = JSON.parse(ev.data); } catch (e) { return; }
          if (!m || m.jobId == null) return;
          if (m.type === 'progress') {
            const tb = rows().get(String(m.jobId));
            if (!tb) return; // not on this page; its 'started' already caused a refetch
            if (tb.dataset.state === 'processing') { setProgress(tb, m.progress, m.phase, m.estimatedSeconds); return; }
          }
          scheduleRefetch();
        }

        let source = null;
        function connect() {
          if (!('EventSource' in window)) { setLive('offline'); return; }
          setLive('reconnecting');
          source = new EventSource(base ? base + 'events' : '/api/events');
          source.addEventListener('job', onJob);
          source.onmessage = onJob;
          source.onopen = () => { setLive('live'); scheduleRefetch(); };
          source.onerror = () => {
            if (source.readyState === EventSource.CLOSED) {
              // The browser gave up (e.g. a non-200 answer): try again ourselves, slowly.
              setLive('offline'); source.close(); setTimeout(connect, 5000);
            } else {
              setLive('reconnecting');
            }
          };
        }

        if (form) {
          const go = () => {
            const p = new URLSearchParams();
            for (const f of form.elements) if (f.name && f.value) p.set(f.name, f.value);
            const qs = String(p);
            location.assign('/' + (qs ? '?' + qs : ''));
          };
          form.addEventListener('submit', (e) => { e.preventDefault(); go(); });
          form.addEventListener('change', go);
        }
        localize(document);
        connect();
        })();

        """#
}
