'use strict';
/*
 * The terminal's screen. Events arrive over Server-Sent Events from the agent on localhost and are
 * painted at once; the page never asks anything beyond localhost. Staff mode shows the whole
 * verdict and the desk buttons; entrance mode shows colour, pictogram, a few words and plays a
 * short sound, in the language the child tapped.
 */
(() => {
  const boot = JSON.parse(document.getElementById('boot').textContent);
  const $ = id => document.getElementById(id);
  const body = document.body;
  const staff = boot.mode === 'staff';
  /** How long an entrance verdict stays before the screen invites the next child. */
  const HOLD_MILLIS = 4000;
  /** After this long without a tap or a scan, the entrance screen returns to the venue language. */
  const REVERT_MILLIS = 60000;
  const TOAST_MILLIS = 3500;

  const state = {
    words: boot.venueLanguage,
    cache: { [boot.venueLanguage.tag]: boot.venueLanguage },
    screen: null, // { kind: 'verdict' | 'undone', view }
    status: null,
    holdTimer: 0,
    revertTimer: 0,
    toastTimer: 0,
  };

  // ---- words ----

  function t(key, params) {
    let text = state.words.messages[key];
    if (text === undefined) text = key; // never silently blank; the bundle test catches gaps
    if (params) {
      for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
    }
    return text;
  }

  /** A counted phrase in the language's own plural form (Polish, Ukrainian and Arabic have several). */
  function plural(base, n, params) {
    const form = new Intl.PluralRules(state.words.tag).select(n);
    const key = state.words.messages[base + '.' + form] !== undefined ? base + '.' + form : base + '.other';
    return t(key, Object.assign({ n: new Intl.NumberFormat(state.words.tag).format(n) }, params));
  }

  function time(iso) {
    const when = new Date(iso);
    const sameDay = when.toDateString() === new Date().toDateString();
    const options = sameDay ? { hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
    return new Intl.DateTimeFormat(state.words.tag, options).format(when);
  }

  function setText(id, text) {
    const element = $(id);
    element.textContent = text;
    element.hidden = !text;
  }

  // ---- sound (entrance) ----

  const sound = (() => {
    let context = null;
    // [frequency Hz, start s, length s]: rising for yes, falling for no, one short tone for try again,
    // three level tones for a terminal not ready (like the reader's buzzer for a fault).
    const patterns = {
      yes: [[660, 0, 0.12], [990, 0.14, 0.18]],
      no: [[440, 0, 0.2], [330, 0.24, 0.28]],
      retry: [[550, 0, 0.12]],
      wait: [[494, 0, 0.1], [494, 0.16, 0.1], [494, 0.32, 0.1]],
    };
    function play(name) {
      try {
        context = context || new AudioContext();
        if (context.state === 'suspended') context.resume();
        const start = context.currentTime + 0.01;
        for (const [frequency, offset, length] of patterns[name]) {
          const oscillator = context.createOscillator();
          const gain = context.createGain();
          oscillator.type = 'sine';
          oscillator.frequency.value = frequency;
          gain.gain.setValueAtTime(0.0001, start + offset);
          gain.gain.exponentialRampToValueAtTime(0.35, start + offset + 0.015);
          gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + length);
          oscillator.connect(gain).connect(context.destination);
          oscillator.start(start + offset);
          oscillator.stop(start + offset + length + 0.02);
        }
        body.dataset.sound = name;
      } catch (e) {
        body.dataset.sound = 'unavailable';
      }
    }
    function unlock() {
      if (context && context.state === 'suspended') context.resume();
    }
    return { play, unlock };
  })();

  // ---- screens ----

  function kindOf(view) {
    if (view.admitted) return 'yes';
    // Not ready: the terminal cannot judge any card, so the card must not look refused.
    if (view.reason === 'NOT_READY') return 'wait';
    return view.reason === 'INVALID_CODE' ? 'retry' : 'no';
  }

  function paintScreen() {
    const screen = state.screen;
    let look = 'idle';
    if (screen && screen.kind === 'verdict') look = kindOf(screen.view);
    else if (screen && screen.kind === 'undone') look = 'undone';
    body.dataset.screen = look;
    $('pictogram').setAttribute('href', {
      idle: '#pic-card', yes: '#pic-yes', no: '#pic-no', retry: '#pic-retry', wait: '#pic-wait', undone: '#pic-undo',
    }[look]);
    for (const id of ['headline', 'detail', 'advice', 'holder', 'visits', 'offer', 'companions', 'note']) setText(id, '');
    $('offers').replaceChildren();
    if (staff) paintStaff(look, screen); else paintEntrance(look, screen);
  }

  function paintEntrance(look, screen) {
    const view = screen && screen.view;
    if (look === 'yes') {
      setText('headline', t('entrance.yes'));
      setText('detail', view.companionsAllowed > 0 ? plural('entrance.yes.friends', view.companionsAllowed) : t('entrance.yes.you'));
    } else if (look === 'retry') {
      setText('headline', t('entrance.retry'));
      setText('detail', t('entrance.retry.how'));
    } else if (look === 'no') {
      setText('headline', t('entrance.no'));
      setText('detail', t('entrance.no.how'));
    } else if (look === 'wait') {
      setText('headline', t('entrance.notready'));
      setText('detail', t('entrance.notready.how'));
    } else {
      setText('headline', t('entrance.idle'));
      setText('detail', t('entrance.idle.languages'));
    }
  }

  function paintStaff(look, screen) {
    const view = screen && screen.kind === 'verdict' ? screen.view : null;
    if (look === 'idle') {
      setText('headline', t('staff.idle'));
      setText('detail', t('staff.idle.how'));
    } else if (look === 'undone') {
      setText('headline', t('staff.undone'));
      setText('detail', t('staff.undone.how'));
    } else if (look === 'yes') {
      setText('headline', t('staff.yes'));
      setText('detail', view.companionsAllowed > 0 ? plural('staff.yes.companions', view.companionsAllowed) : t('staff.yes.alone'));
      setText('visits', view.visitsLeft === null ? t('staff.visits.unlimited') : plural('staff.visits.left', view.visitsLeft));
      if (view.companionsAllowed > 0) {
        setText('companions', t('staff.companions.added', { added: view.companionsAdded, allowed: view.companionsAllowed }));
      }
      paintOffers(view);
    } else {
      setText('headline', t({ retry: 'staff.retry', wait: 'staff.notready' }[look] || 'staff.no'));
      setText('detail', t('reason.' + view.reason));
      setText('advice', t('reason.' + view.reason + '.action'));
    }
    if (view && view.holder) {
      setText('holder', t('staff.holder', { name: view.holder.firstName, year: String(view.holder.birthYear) }));
    }
    if (view && view.repeat) setText('note', t('staff.repeat'));
    const admitted = !!(view && view.admitted);
    $('add-companion').disabled = !(admitted && view.companionsAdded < view.companionsAllowed);
    $('undo').disabled = !admitted;
  }

  function paintOffers(view) {
    const box = $('offers');
    if (!view.offers || view.offers.length < 2) {
      if (view.offer) setText('offer', t('staff.offer', { name: view.offer.name }));
      return;
    }
    const label = document.createElement('span');
    label.textContent = t('staff.offers.choose');
    box.append(label);
    for (const offer of view.offers) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'offer';
      button.dataset.offer = offer.id;
      button.textContent = offer.name;
      button.setAttribute('aria-pressed', String(!!view.offer && view.offer.id === offer.id));
      button.addEventListener('click', () => deskAction('offer', { offerId: offer.id }));
      box.append(button);
    }
  }

  function paintStatus() {
    const status = state.status;
    if (!staff || !status) return;
    body.dataset.online = String(status.online);
    $('online').textContent = t(status.online ? 'status.online' : 'status.offline');
    $('waiting').textContent = plural('status.waiting', status.visitsWaiting);
    $('last-sync').textContent = status.lastSync ? t('status.lastSync', { time: time(status.lastSync) }) : t('status.neverSynced');
  }

  function paintLink() {
    if (staff) $('link').textContent = body.dataset.link === 'down' ? t('status.reconnecting') : '';
  }

  function paintStatic() {
    document.documentElement.lang = state.words.tag;
    document.documentElement.dir = state.words.dir;
    if (staff) {
      $('add-companion').textContent = t('desk.companion');
      $('undo').textContent = t('desk.undo');
      $('type-number').textContent = t('desk.type');
      $('entry-title').textContent = t('entry.title');
      $('entry-ok').textContent = t('entry.ok');
      $('entry-cancel').textContent = t('entry.cancel');
      $('entry-delete').textContent = t('entry.delete');
      paintHint();
    } else {
      for (const button of $('languages').children) {
        button.setAttribute('aria-pressed', String(button.dataset.lang === state.words.tag));
      }
    }
  }

  function paintAll() {
    paintStatic();
    paintScreen();
    paintStatus();
    paintLink();
  }

  /** Records when the new screen has been painted, for the scan-to-screen benchmark and tests. */
  function markPainted(id, receivedAt) {
    requestAnimationFrame(() => {
      // rAF runs just before this frame's style, layout and paint; a message posted here is
      // handled right after them.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        body.dataset.paintedAt = String(performance.timeOrigin + performance.now());
        body.dataset.receivedAt = String(receivedAt);
        body.dataset.paintedId = id;
      };
      channel.port2.postMessage(0);
    });
  }

  // ---- events from the agent ----

  function show(kind, view, id) {
    if (state.reloading) return;
    const receivedAt = performance.timeOrigin + performance.now();
    clearTimeout(state.holdTimer);
    state.screen = { kind, view };
    paintScreen();
    markPainted(id, receivedAt);
    if (!staff) {
      if (kind === 'undone') {
        state.screen = null;
        paintScreen();
        return;
      }
      sound.play(kindOf(view));
      state.holdTimer = setTimeout(() => { state.screen = null; paintScreen(); }, HOLD_MILLIS);
      scheduleRevert();
    }
  }

  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('open', () => { body.dataset.link = 'up'; paintLink(); });
    source.addEventListener('verdict', e => show('verdict', JSON.parse(e.data), e.lastEventId));
    source.addEventListener('undone', e => show('undone', JSON.parse(e.data), e.lastEventId));
    source.addEventListener('status', e => {
      const status = JSON.parse(e.data);
      if (status.mode && status.mode !== boot.mode) {
        // The agent's screen changed (a desk marked unattended): become that screen, keeping nothing.
        state.reloading = true;
        source.close();
        location.reload();
        return;
      }
      state.status = status;
      paintStatus();
    });
    source.addEventListener('error', () => {
      body.dataset.link = 'down';
      paintLink();
      // EventSource retries by itself after a dropped stream; only a refused answer (e.g. an error
      // page while the agent restarts) closes it for good, so then start a fresh one.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    });
  }

  // ---- staff desk ----

  async function deskAction(path, payload) {
    try {
      const response = await fetch('/desk/' + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload || {}),
      });
      if (response.ok) return true;
      let code = 'generic';
      try { code = (await response.json()).code; } catch (e) { /* keep 'generic' */ }
      toast(state.words.messages['desk.refused.' + code] !== undefined ? t('desk.refused.' + code) : t('desk.refused.generic'));
    } catch (e) {
      toast(t('desk.refused.generic'));
    }
    return false;
  }

  function toast(text) {
    const element = $('toast');
    element.textContent = text;
    element.hidden = false;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { element.hidden = true; }, TOAST_MILLIS);
  }

  function paintHint() {
    const input = $('entry-input');
    const result = KlippCardNumber.check(input.value);
    const hint = $('entry-hint');
    hint.dataset.state = result.state;
    hint.textContent = result.state === 'partial'
      ? t('entry.hint.partial', { n: result.digits.length })
      : t('entry.hint.' + result.state);
    $('entry-ok').disabled = result.state !== 'valid';
    return result;
  }

  function typed() {
    const input = $('entry-input');
    const result = KlippCardNumber.check(input.value);
    if (result.state !== 'bad' && result.digits.length <= KlippCardNumber.LENGTH) {
      input.value = KlippCardNumber.format(result.digits);
    }
    paintHint();
  }

  function openEntry() {
    $('entry-input').value = '';
    paintHint();
    $('entry').hidden = false;
    $('entry-input').focus();
  }

  function closeEntry() {
    $('entry').hidden = true;
  }

  async function submitEntry() {
    const result = paintHint();
    if (result.state !== 'valid') return;
    if (await deskAction('typed', { cardNumber: result.digits })) closeEntry();
  }

  function wireStaff() {
    $('add-companion').addEventListener('click', () => deskAction('companion'));
    $('undo').addEventListener('click', () => deskAction('undo'));
    $('type-number').addEventListener('click', openEntry);
    $('entry-cancel').addEventListener('click', closeEntry);
    $('entry-ok').addEventListener('click', submitEntry);
    $('entry-input').addEventListener('input', typed);
    $('entry-input').addEventListener('keydown', e => {
      if (e.key === 'Enter') submitEntry();
      if (e.key === 'Escape') closeEntry();
    });
    for (const key of $('keypad').querySelectorAll('[data-key]')) {
      key.addEventListener('click', () => {
        const input = $('entry-input');
        const digits = KlippCardNumber.check(input.value).digits;
        input.value = key.dataset.key === 'back' ? digits.slice(0, -1) : digits + key.dataset.key;
        typed();
      });
    }
  }

  // ---- entrance languages ----

  async function setLanguage(tag) {
    if (!state.cache[tag]) {
      const response = await fetch('/i18n/' + tag + '.json');
      if (!response.ok) return;
      state.cache[tag] = await response.json();
    }
    state.words = state.cache[tag];
    paintAll();
  }

  function scheduleRevert() {
    clearTimeout(state.revertTimer);
    state.revertTimer = setTimeout(() => {
      if (state.words.tag !== boot.venueLanguage.tag) setLanguage(boot.venueLanguage.tag);
    }, REVERT_MILLIS);
  }

  function wireEntrance() {
    const bar = $('languages');
    for (const language of boot.languages) {
      const button = document.createElement('button');
      button.type = 'button';
      button.lang = language.tag;
      button.dir = language.dir;
      button.dataset.lang = language.tag;
      button.textContent = language.name;
      button.addEventListener('click', () => { setLanguage(language.tag); scheduleRevert(); });
      bar.append(button);
    }
    // Any tap counts as the user gesture some browsers want before they play sound.
    body.addEventListener('pointerdown', sound.unlock);
  }

  if (staff) wireStaff(); else wireEntrance();
  paintAll();
  connect();
})();
