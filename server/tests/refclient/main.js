// Test page of the reference client: the npm mediasoup-client (3.24) joins a
// stunroom room over the mediasoup-demo v3 protoo protocol, the way
// mediasoup-demo's RoomClient does, produces the (fake) camera and microphone,
// and consumes everyone else. Bundled with esbuild by server/tests/e2e_refclient.rs.
//
// URL: /ref/?roomId=R&displayName=N[&peerId=P]. Exposes window.refState
// (raw createWebRtcTransport answers, consumers, log) for the test.

import { Device, version as clientVersion } from 'mediasoup-client';

const REQUEST_TIMEOUT_MS = 15000;

const state = {
  clientVersion,
  peerId: null,
  transportAnswers: [],
  joinAnswer: null,
  consumers: [],
  producers: [],
  log: [],
};
window.refState = state;

function log(msg) {
  state.log.push(`${(performance.now() / 1000).toFixed(2)} ${msg}`);
}

// The same Performance-timeline marks as the stunroom client (client/src/timing.rs),
// for `cargo xtask bench first-frame`: each set once.
function mark(name) {
  if (performance.getEntriesByName(`stunroom:${name}`).length === 0) performance.mark(`stunroom:${name}`);
}

// First decoded frame: readyState HAVE_CURRENT_DATA / 'loadeddata' (as in the client).
function watchFirstFrame(video) {
  if (video.readyState >= 2) mark('first-remote-frame');
  else video.addEventListener('loadeddata', () => mark('first-remote-frame'), { once: true });
}

function fail(error) {
  const text = String((error && error.stack) || error);
  log(`error: ${text}`);
  document.body.dataset.state = 'error';
  let banner = document.querySelector('.error-banner');
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'error-banner';
    document.body.prepend(banner);
  }
  banner.textContent = text;
}

// A protoo peer over a WebSocket (the envelope of protoo-client 4).
class Protoo {
  constructor(url) {
    this.pending = new Map();
    this.onRequest = async () => { throw new Error('no handler'); };
    this.onNotification = () => {};
    this.ws = new WebSocket(url, 'protoo');
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = () => reject(new Error(`WebSocket error (${url})`));
    });
    this.ws.onclose = (e) => {
      for (const { reject } of this.pending.values()) reject(new Error('WebSocket closed'));
      this.pending.clear();
      if (document.body.dataset.state !== 'error') log(`WebSocket closed ${e.code} ${e.reason}`);
    };
    this.ws.onmessage = (e) => this.receive(e.data);
  }

  send(message) {
    this.ws.send(JSON.stringify(message));
  }

  request(method, data = {}) {
    const id = Math.round(Math.random() * 10000000);
    this.send({ request: true, id, method, data });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`request ${method} timed out`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (d) => { clearTimeout(timer); resolve(d); },
        reject: (err) => { clearTimeout(timer); reject(err); },
        method,
      });
    });
  }

  receive(text) {
    let m;
    try { m = JSON.parse(text); } catch (e) { fail(`non-JSON frame: ${text}`); return; }
    if (m.response) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.data);
      else p.reject(new Error(`${p.method} failed: ${m.errorCode} ${m.errorReason}`));
    } else if (m.request) {
      Promise.resolve()
        .then(() => this.onRequest(m))
        .then(
          (data) => this.send({ response: true, id: m.id, ok: true, data: data || {} }),
          (err) => this.send({ response: true, id: m.id, ok: false, errorCode: 500, errorReason: String(err) }),
        );
    } else if (m.notification) {
      this.onNotification(m);
    }
  }
}

const peers = new Map(); // peerId -> displayName

function tileOf(peerId) {
  let tile = document.querySelector(`.tile.remote[data-peer-id="${CSS.escape(peerId)}"]`);
  if (!tile) {
    tile = document.createElement('div');
    tile.className = 'tile remote';
    tile.dataset.peerId = peerId;
    tile.dataset.peerName = peers.get(peerId) || peerId;
    document.getElementById('tiles').append(tile);
  }
  return tile;
}

async function main() {
  const params = new URLSearchParams(location.search);
  const roomId = params.get('roomId');
  if (!roomId) throw new Error('roomId query parameter missing');
  const displayName = params.get('displayName') || 'Reference';
  const peerId = params.get('peerId') || `ref-${Math.random().toString(36).slice(2, 10)}`;
  state.peerId = peerId;
  document.body.dataset.state = 'joining';

  // The reference app connects to `/` with roomId and peerId.
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/?roomId=${encodeURIComponent(roomId)}&peerId=${encodeURIComponent(peerId)}`;
  const protoo = new Protoo(url);
  await protoo.opened;
  mark('socket-open');
  log('signaling open');

  const device = new Device();
  let recvTransport = null;
  const pendingConsumers = [];

  protoo.onNotification = (n) => {
    switch (n.method) {
      case 'newPeer':
        peers.set(n.data.id, n.data.displayName);
        break;
      case 'peerClosed': {
        peers.delete(n.data.peerId);
        const tile = document.querySelector(`.tile.remote[data-peer-id="${CSS.escape(n.data.peerId)}"]`);
        if (tile) tile.remove();
        break;
      }
      case 'consumerClosed': {
        const c = state.consumers.find((x) => x.id === n.data.consumerId);
        if (c && c.consumer) c.consumer.close();
        break;
      }
      default:
        break;
    }
  };

  protoo.onRequest = async (request) => {
    if (request.method !== 'newConsumer') {
      throw new Error(`${request.method} not handled by the test page`);
    }
    if (!recvTransport) {
      // Cannot happen with the reference order (transports before join); be safe.
      await new Promise((resolve) => pendingConsumers.push(resolve));
    }
    const { peerId: producerPeer, producerId, id, kind, rtpParameters, appData } = request.data;
    const consumer = await recvTransport.consume({ id, producerId, kind, rtpParameters, appData });
    state.consumers.push({ id, kind, peerId: producerPeer, consumer });
    log(`consuming ${kind} of ${producerPeer}`);
    const tile = tileOf(producerPeer);
    const stream = new MediaStream([consumer.track]);
    const el = document.createElement(kind === 'video' ? 'video' : 'audio');
    el.autoplay = true;
    el.playsInline = true;
    if (kind === 'video') el.muted = true;
    el.srcObject = stream;
    if (kind === 'video') {
      mark('consuming');
      watchFirstFrame(el);
    }
    el.dataset.consumerId = id;
    tile.append(el);
    consumer.on('trackended', () => el.remove());
    consumer.observer.on('close', () => el.remove());
    return {};
  };

  const routerRtpCapabilities = await protoo.request('getRouterRtpCapabilities');
  await device.load({ routerRtpCapabilities });
  log(`device loaded (${device.handlerName})`);

  const createTransport = async (producing) => {
    const answer = await protoo.request('createWebRtcTransport', {
      forceTcp: false,
      producing,
      consuming: !producing,
    });
    state.transportAnswers.push(answer);
    const options = {
      id: answer.id,
      iceParameters: answer.iceParameters,
      iceCandidates: answer.iceCandidates,
      dtlsParameters: answer.dtlsParameters,
      sctpParameters: answer.sctpParameters,
      iceServers: [],
    };
    const transport = producing ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      protoo.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters })
        .then(callback, errback);
    });
    transport.on('connectionstatechange', (s) => {
      log(`${producing ? 'send' : 'recv'} transport ${s}`);
      if (s === 'connected') mark(producing ? 'send-connected' : 'recv-connected');
    });
    if (producing) {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        protoo.request('produce', { transportId: transport.id, kind, rtpParameters, appData })
          .then(({ id }) => callback({ id }), errback);
      });
    }
    return transport;
  };

  const sendTransport = await createTransport(true);
  recvTransport = await createTransport(false);
  pendingConsumers.splice(0).forEach((resolve) => resolve());
  window.stunroomPeerConnections = [
    { getStats: () => sendTransport.getStats() },
    { getStats: () => recvTransport.getStats() },
  ];

  const joinAnswer = await protoo.request('join', {
    displayName,
    device: { flag: 'chrome', name: 'Chrome (mediasoup-client)', version: clientVersion },
    rtpCapabilities: device.rtpCapabilities,
  });
  state.joinAnswer = joinAnswer;
  mark('joined');
  for (const p of joinAnswer.peers) peers.set(p.id, p.displayName);
  log(`joined; ${joinAnswer.peers.length} peer(s) already there`);

  const stream = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: { ideal: 640 }, height: { ideal: 480 } },
  });
  document.getElementById('local-video').srcObject = stream;
  for (const track of stream.getTracks()) {
    const producer = await sendTransport.produce({
      track,
      appData: { share: false },
      ...(track.kind === 'audio' ? { codecOptions: { opusStereo: true, opusDtx: true } } : {}),
    });
    state.producers.push({ id: producer.id, kind: producer.kind });
    if (producer.kind === 'video') mark('producing');
    log(`producing ${producer.kind} ${producer.id}`);
  }
  document.body.dataset.state = 'joined';
}

main().catch(fail);
