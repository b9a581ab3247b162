// Golden outputs of the npm mediasoup-client's Firefox120 and Safari12
// handlers (exact version in package.json), for client/tests/golden_handlers.rs.
//
// Like generate.js, it drives mediasoup-client's own Device, Transport and
// handler with a scripted fake RTCPeerConnection that answers with recorded
// browser SDP instead of a browser:
// - Firefox120: real Firefox SDP in client/tests/fixtures/firefox (captured by
//   server/tests/e2e_firefox.rs, see its README). The send steps (produce,
//   stop, data channel) are read from the capture: what changed from one
//   applied offer to the next. The receive steps rebuild the consumers from
//   the core's captured offers and replay Firefox's own answers.
// - Safari12: libwebrtc SDP in ../inputs/safari made by
//   ../capture/capture_safari.js (no WebKit with WebRTC here; see there).
// Also: mediasoup-client's detectDevice on a list of user agents.
// Writes ../expected/{firefox,safari}/* and ../expected/detect_device.json.
// Usage: node generate_handlers.js   (mediasoup-client from `npm ci` here, or NODE_PATH)
'use strict';
const fs = require('fs');
const path = require('path');
const sdpTransform = require('sdp-transform');
const { FakeMediaStreamTrack } = require('fake-mediastreamtrack');

const GOLDEN = path.join(__dirname, '..');
const CLIENT = path.join(GOLDEN, '..');
const rel = (p) => path.relative(CLIENT, p).split(path.sep).join('/');
const readAbs = (p) => fs.readFileSync(p, 'utf8');
const readJson = (p) => JSON.parse(readAbs(p));
const routerCaps = readJson(path.join(GOLDEN, 'inputs', 'router_caps.json'));
const transportInfo = readJson(path.join(GOLDEN, 'inputs', 'transport.json'));
const clone = (v) => JSON.parse(JSON.stringify(v));
const tick = () => new Promise((r) => setTimeout(r, 20));

// ---- scripted browser -------------------------------------------------------
const script = { offers: [], answers: [], reuseStopped: true, log: [] };
class FakeTransceiver {
  constructor(kind, init) {
    this.mid = null;
    this.kind = kind;
    this.direction = init?.direction;
    this.sender = { track: null, replaceTrack: async () => {}, getParameters: () => ({ encodings: [] }) };
    this.receiver = { track: new FakeMediaStreamTrack({ kind }) };
  }
  stop() { this.stopped = true; }
}
class FakePC {
  constructor() { this.transceivers = []; this.connectionState = 'new'; this.iceConnectionState = 'new'; }
  addEventListener() {}
  removeEventListener() {}
  close() {}
  getConfiguration() { return {}; }
  setConfiguration() {}
  getTransceivers() { return this.transceivers; }
  addTransceiver(trackOrKind, init) {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const t = new FakeTransceiver(kind, init);
    script.log.push({ op: 'addTransceiver', kind, init: clone(init ?? null) });
    // Chrome and Safari put a new transceiver into a stopped one's m-line.
    const stopped = script.reuseStopped ? this.transceivers.findIndex((x) => x.stopped) : -1;
    if (stopped >= 0) this.transceivers[stopped] = t;
    else this.transceivers.push(t);
    return t;
  }
  createDataChannel(label, options) {
    return {
      label, id: options.id, ordered: options.ordered, protocol: options.protocol ?? '',
      maxPacketLifeTime: options.maxPacketLifeTime ?? null, maxRetransmits: options.maxRetransmits ?? null,
      readyState: 'connecting', binaryType: 'arraybuffer', bufferedAmount: 0, bufferedAmountLowThreshold: 0,
      addEventListener() {}, removeEventListener() {}, close() {}, send() {},
    };
  }
  removeTrack() {}
  async createOffer() {
    if (!script.offers.length) throw new Error('script: no offer left');
    return { type: 'offer', sdp: script.offers.shift() };
  }
  async createAnswer() {
    if (!script.answers.length) throw new Error('script: no answer left');
    return { type: 'answer', sdp: script.answers.shift() };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
    script.log.push({ op: 'setLocalDescription', type: d.type, sdp: d.sdp });
    if (d.type === 'offer') {
      // The n-th audio/video m-section belongs to the n-th transceiver.
      sdpTransform.parse(d.sdp).media
        .filter((m) => m.type !== 'application')
        .forEach((m, i) => {
          if (this.transceivers[i]) this.transceivers[i].mid = String(m.mid);
        });
    }
  }
  async setRemoteDescription(d) {
    this.remoteDescription = d;
    script.log.push({ op: 'setRemoteDescription', type: d.type, sdp: d.sdp });
    if (d.type === 'offer') {
      for (const m of sdpTransform.parse(d.sdp).media) {
        if (m.type === 'application') continue;
        if (!this.transceivers.some((t) => t.mid === String(m.mid))) {
          const t = new FakeTransceiver(m.type, { direction: 'recvonly' });
          t.mid = String(m.mid);
          this.transceivers.push(t);
        }
      }
    }
  }
}
global.RTCPeerConnection = FakePC;
global.MediaStream = class { constructor() { this.id = 'stunroom-send-stream'; } };

const mediasoupClient = require('mediasoup-client');
const handlers = {
  Firefox120: require('mediasoup-client/handlers/Firefox120').Firefox120,
  Safari12: require('mediasoup-client/handlers/Safari12').Safari12,
};

const lastOf = (op, type) => [...script.log].reverse().find((e) => e.op === op && (!type || e.type === type));

// A Device whose native capabilities come from recorded probes, read by the
// handler's own getLocalRtpCapabilities.
async function loadDevice(name, probes) {
  const H = handlers[name];
  const real = H.createFactory({});
  const handlerFactory = {
    name: real.name,
    factory: real.factory,
    getNativeRtpCapabilities: async ({ direction }) =>
      H.getLocalRtpCapabilities(sdpTransform.parse(probes[direction])),
  };
  const device = new mediasoupClient.Device({ handlerFactory });
  await device.load({ routerRtpCapabilities: routerCaps });
  return device;
}

const CODEC_OPTIONS = {
  mic: { opusStereo: true, opusDtx: true, opusFec: true, opusNack: true },
  webcam: { videoGoogleStartBitrate: 1000 },
};

// Runs send steps ({op: produce|stop|data, offer: file, kind, encodings,
// codecOptions}) through a send transport; returns the steps with what
// mediasoup-client produced, written under `out`.
async function runSend(device, steps, out, reuseStopped) {
  script.reuseStopped = reuseStopped;
  const t = device.createSendTransport(transportInfo.send);
  const connects = [];
  t.on('connect', ({ dtlsParameters }, ok) => { connects.push(dtlsParameters); ok(); });
  let produced;
  t.on('produce', ({ rtpParameters }, ok) => { produced = clone(rtpParameters); ok({ id: `producer-${Math.random()}` }); });
  let sctp;
  t.on('producedata', ({ sctpStreamParameters }, ok) => { sctp = sctpStreamParameters; ok({ id: 'dp' }); });
  const producers = new Map();
  const done = [];
  for (const [i, step] of steps.entries()) {
    const n = i + 1;
    script.offers.push(readAbs(step.offerPath));
    const before = script.log.length;
    const rec = { op: step.op, offer: rel(step.offerPath) };
    if (step.op === 'produce') {
      const track = new FakeMediaStreamTrack({ kind: step.kind, id: `track-${n}` });
      const p = await t.produce({
        track,
        encodings: step.encodings ? clone(step.encodings) : undefined,
        codecOptions: CODEC_OPTIONS[step.codecOptions],
      });
      producers.set(p.localId, p);
      Object.assign(rec, { kind: step.kind, mid: p.localId, codecOptions: step.codecOptions });
      if (step.encodings) rec.encodings = step.encodings;
      // What the handler gave addTransceiver as sendEncodings.
      const added = script.log.slice(before).find((e) => e.op === 'addTransceiver');
      rec.sendEncodings = added.init?.sendEncodings ?? null;
      rec.rtpParameters = `step_${n}_rtp_parameters.json`;
      write(out, rec.rtpParameters, produced);
      // Safari12 applies its own (munged) offer.
      const local = lastOf('setLocalDescription', 'offer');
      if (local.sdp !== readAbs(step.offerPath)) {
        rec.localOffer = `step_${n}_local_offer.sdp`;
        write(out, rec.localOffer, local.sdp);
      }
    } else if (step.op === 'stop') {
      const p = producers.get(step.mid);
      if (!p) throw new Error(`step ${n}: no producer on mid ${step.mid}`);
      p.close();
      await tick();
      rec.mid = step.mid;
    } else if (step.op === 'data') {
      await t.produceData({ ordered: false, maxRetransmits: 1, label: 'chat' });
      rec.sctpStreamParameters = sctp;
    } else {
      throw new Error(`unknown step ${step.op}`);
    }
    const answer = script.log.slice(before).reverse().find((e) => e.op === 'setRemoteDescription');
    if (!answer) throw new Error(`step ${n} (${step.op}): no answer`);
    if (script.offers.length) throw new Error(`step ${n} (${step.op}): offer not used`);
    rec.answer = `step_${n}_answer.sdp`;
    write(out, rec.answer, answer.sdp);
    if (step.op === 'stop') {
      const m = sdpTransform.parse(answer.sdp).media.find((x) => String(x.mid) === step.mid);
      rec.closesSection = m.port === 0;
    }
    done.push(rec);
  }
  write(out, 'send_connect.json', connects[0]);
  return done;
}

function write(dir, f, v) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, f), typeof v === 'string' ? v : JSON.stringify(v, null, 2) + '\n');
}

// ---- Firefox ----------------------------------------------------------------
const FF = path.join(CLIENT, 'tests', 'fixtures', 'firefox');
const ffFile = (f) => path.join(FF, f);

// The send steps of the capture: each applied offer adds one m-section (a
// send or the data channel) or stops one (sendonly -> inactive).
function firefoxSendSteps() {
  const log = readJson(ffFile('capture_log.json'));
  const sendInits = log.events
    .filter((e) => e.op === 'addTransceiver' && e.pc === log.sendConnection)
    .map((e) => e.init);
  const names = fs.readdirSync(FF).filter((f) => /^send_offer_\d+\.sdp$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  let prev = new Map();
  let nextInit = 0;
  const steps = [];
  for (const name of names) {
    const n = name.match(/\d+/)[0];
    if (!fs.existsSync(ffFile(`send_answer_${n}.sdp`))) continue; // not applied
    const media = sdpTransform.parse(readAbs(ffFile(name))).media;
    const now = new Map(media.map((m) => [String(m.mid), m]));
    const ops = [];
    for (const [mid, m] of now) {
      const before = prev.get(mid);
      if (!before) {
        if (m.type === 'application') ops.push({ op: 'data' });
        else {
          const init = sendInits[nextInit++];
          const step = { op: 'produce', kind: m.type, codecOptions: m.type === 'audio' ? 'mic' : 'webcam' };
          if (init?.sendEncodings?.length > 1) {
            step.encodings = init.sendEncodings.map(({ rid, active, ...e }) => e);
          }
          ops.push(step);
        }
      } else if (before.direction === 'sendonly' && m.direction === 'inactive') {
        // (port 0 alone means bundle-only in Firefox's offers)
        ops.push({ op: 'stop', mid });
      }
    }
    if (ops.length !== 1) throw new Error(`${name}: expected one change, got ${JSON.stringify(ops)}`);
    steps.push({ ...ops[0], offerPath: ffFile(name) });
    prev = now;
  }
  return steps;
}

// The consumers and the transport behind the core's captured receive offers.
function firefoxRecvInputs() {
  const names = fs.readdirSync(FF).filter((f) => /^recv_offer_\d+\.sdp$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  const seen = new Set();
  const rounds = [];
  let transport;
  for (const name of names) {
    const n = name.match(/\d+/)[0];
    const sdp = sdpTransform.parse(readAbs(ffFile(name)));
    const fp = sdp.fingerprint;
    const round = { offer: rel(ffFile(name)), consumers: [], data: false };
    for (const m of sdp.media) {
      const mid = String(m.mid);
      if (seen.has(mid)) continue;
      seen.add(mid);
      if (!transport) {
        transport = {
          id: 'recv-transport',
          iceParameters: { usernameFragment: m.iceUfrag, password: m.icePwd, iceLite: true },
          iceCandidates: m.candidates.map((c) => ({
            foundation: String(c.foundation), priority: c.priority, address: c.ip, ip: c.ip,
            protocol: c.transport, port: c.port, type: c.type, ...(c.tcptype ? { tcpType: c.tcptype } : {}),
          })),
          dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: fp.type, value: fp.hash }] },
        };
      }
      if (m.type === 'application') {
        transport.sctpParameters = { port: m.sctpPort, OS: 1024, MIS: 1024, maxMessageSize: m.maxMessageSize };
        round.data = true;
        continue;
      }
      if (mid === 'probator') continue;
      const [msid] = m.msid ?? [];
      const ssrcs = m.ssrcs ?? [];
      const fid = (m.ssrcGroups ?? []).find((g) => g.semantics === 'FID');
      const [ssrc, rtx] = fid ? fid.ssrcs.split(' ').map(Number) : [ssrcs[0]?.id];
      const codecs = m.rtp.map((r) => {
        const fmtp = (m.fmtp ?? []).find((f) => f.payload === r.payload);
        const codec = {
          mimeType: `${m.type}/${r.codec}`, payloadType: r.payload, clockRate: r.rate,
          parameters: fmtp ? sdpTransform.parseParams(fmtp.config) : {},
          rtcpFeedback: (m.rtcpFb ?? []).filter((f) => f.payload === r.payload)
            .map((f) => ({ type: f.type, parameter: f.subtype ?? '' })),
        };
        if (r.encoding) codec.channels = Number(r.encoding);
        return codec;
      });
      round.consumers.push({
        id: msid.appdata, producerId: `producer-of-${msid.appdata}`, kind: m.type, streamId: msid.id,
        rtpParameters: {
          mid, codecs,
          headerExtensions: (m.ext ?? []).map((e) => ({ uri: e.uri, id: e.value, encrypt: false, parameters: {} })),
          encodings: [{ ssrc, ...(rtx ? { rtx: { ssrc: rtx } } : {}) }],
          rtcp: { cname: ssrcs.find((s) => s.attribute === 'cname')?.value, reducedSize: true },
        },
      });
    }
    const answer = ffFile(`recv_answer_${n}.sdp`);
    if (fs.existsSync(answer)) round.browserAnswer = rel(answer);
    rounds.push(round);
  }
  return { transport, rounds };
}

async function firefox() {
  const out = path.join(GOLDEN, 'expected', 'firefox');
  fs.rmSync(out, { recursive: true, force: true });
  const probes = {
    recvonly: readAbs(ffFile('mediasoup_probe_recvonly.sdp')),
    sendonly: readAbs(ffFile('mediasoup_probe_sendonly.sdp')),
  };
  const device = await loadDevice('Firefox120', probes);
  write(out, 'device.json', {
    recvRtpCapabilities: device.recvRtpCapabilities,
    sendRtpCapabilities: device.sendRtpCapabilities,
    canProduce: { audio: device.canProduce('audio'), video: device.canProduce('video') },
  });
  const plain = readAbs(ffFile('client_probe_offer.sdp'));
  const devicePlain = await loadDevice('Firefox120', { recvonly: plain, sendonly: plain });
  write(out, 'device_plain_probe.json', {
    recvRtpCapabilities: devicePlain.recvRtpCapabilities,
    sendRtpCapabilities: devicePlain.sendRtpCapabilities,
  });
  const send = await runSend(device, firefoxSendSteps(), out, false);

  // Receive: the rebuilt consumers, one consume() each (as the client gets
  // them), Firefox's answers; probator rounds fold into the round before.
  const { transport, rounds } = firefoxRecvInputs();
  write(out, 'recv_transport.json', transport);
  const rt = device.createRecvTransport(transport);
  const connects = [];
  rt.on('connect', ({ dtlsParameters }, ok) => { connects.push(dtlsParameters); ok(); });
  const recv = [];
  for (const [i, round] of rounds.entries()) {
    const n = i + 1;
    const answer = round.browserAnswer ? readAbs(path.join(CLIENT, round.browserAnswer)) : null;
    const before = script.log.length;
    const rec = { offer: round.offer, consumers: `round_${n}_consumers.json`, data: round.data };
    write(out, rec.consumers, round.consumers);
    const mids = [];
    for (const c of round.consumers) {
      // The probator's own round (first video) takes the same browser answer.
      script.answers.push(answer, answer);
      const consumer = await rt.consume(c);
      mids.push(consumer.localId);
      await tick();
      script.answers.length = 0;
    }
    if (round.data) {
      script.answers.push(answer);
      await rt.consumeData({
        id: `dc${n}`, dataProducerId: `dp${n}`, label: 'chat', protocol: '',
        sctpStreamParameters: { streamId: 0, ordered: false, maxRetransmits: 1 },
      });
      script.answers.length = 0;
    }
    const events = script.log.slice(before);
    const offer = [...events].reverse().find((e) => e.op === 'setRemoteDescription' && e.type === 'offer');
    const local = [...events].reverse().find((e) => e.op === 'setLocalDescription' && e.type === 'answer');
    rec.mids = mids;
    rec.expectedOffer = `round_${n}_offer.sdp`;
    write(out, rec.expectedOffer, offer.sdp);
    if (answer) {
      rec.browserAnswer = round.browserAnswer;
      rec.localAnswer = `round_${n}_local_answer.sdp`;
      write(out, rec.localAnswer, local.sdp);
    }
    recv.push(rec);
  }
  write(out, 'recv_connect.json', connects[0]);
  write(out, 'steps.json', { send, recv });
}

// ---- Safari -----------------------------------------------------------------
async function safari() {
  const IN = path.join(GOLDEN, 'inputs', 'safari');
  const out = path.join(GOLDEN, 'expected', 'safari');
  fs.rmSync(out, { recursive: true, force: true });
  const probes = {
    recvonly: readAbs(path.join(IN, 'probe_recvonly.sdp')),
    sendonly: readAbs(path.join(IN, 'probe_sendonly.sdp')),
  };
  const device = await loadDevice('Safari12', probes);
  write(out, 'device.json', {
    recvRtpCapabilities: device.recvRtpCapabilities,
    sendRtpCapabilities: device.sendRtpCapabilities,
    canProduce: { audio: device.canProduce('audio'), video: device.canProduce('video') },
  });
  const captured = readJson(path.join(IN, 'steps.json')).steps;
  const steps = captured.map((s) => ({
    op: s.step, kind: s.kind, mid: s.mid, encodings: s.encodings, codecOptions: s.codecOptions,
    offerPath: path.join(IN, s.offer),
  }));
  const send = await runSend(device, steps, out, true);
  write(out, 'steps.json', { send });
}

// ---- detectDevice -------------------------------------------------------------
const USER_AGENTS = [
  readAbs(ffFile('user_agent.txt')).trim(),
  readAbs(path.join(GOLDEN, 'inputs', 'chrome_user_agent.txt')).trim(),
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100.0.4896.75 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/604.1.38 (KHTML, like Gecko) Version/11.0 Safari/604.1.38',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  // Debian's WebKitGTK 2.50 (MiniBrowser under WebKitWebDriver).
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
  'curl/8.5.0',
];

async function main() {
  await firefox();
  await safari();
  write(path.join(GOLDEN, 'expected'), 'detect_device.json',
    USER_AGENTS.map((ua) => ({ userAgent: ua, handler: mediasoupClient.detectDevice(ua) ?? null })));
  console.log('wrote expected/firefox, expected/safari, expected/detect_device.json');
}

main().catch((e) => { console.error(e); process.exit(1); });
