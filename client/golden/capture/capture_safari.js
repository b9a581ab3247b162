// Safari-shaped SDP for the Safari12 golden tests (see ../README.md).
//
// Debian's WebKitGTK has no RTCPeerConnection (its WebRTC is not built in),
// so no real WebKit SDP can be made here. WebKit's WebRTC is libwebrtc, the
// engine Chromium uses; this script runs the npm mediasoup-client's own
// Safari12 handler (forced with `handlerName: 'Safari12'`) in headless
// Chromium and records what the browser is asked and answers: probes without
// sendEncodings, sends, and the munged offers of legacy simulcast, which real
// libwebrtc accepts here. One change to the browser: Chromium 156 gives
// sendEncodings without rids its own rids ("0", "1", ...) and offers rid
// simulcast with no a=ssrc lines, which Safari12's munging rejects ("a=ssrc
// line with msid information not found"); older libwebrtc offered one SSRC
// (+ RTX) with a=ssrc msid lines for them, the form Safari12 expects. So an
// addTransceiver with several rid-less sendEncodings goes to the browser
// without them (the SDP is then exactly that one-SSRC form). The room flow is the
// client's: camera (3-layer simulcast), microphone, data channel, screen
// share, stop it, stop the camera, camera again (into the screen's closed m-line).
//
// Usage: NODE_PATH=<dir with playwright-core, esbuild and mediasoup-client> \
//   node capture_safari.js [out-dir]        (default ../inputs/safari)
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');
const esbuild = require('esbuild');

const out = process.argv[2] || path.join(__dirname, '..', 'inputs', 'safari');
const inputs = path.join(__dirname, '..', 'inputs');
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(inputs, f), 'utf8'));

(async () => {
  const bundle = esbuild.buildSync({
    stdin: { contents: "window.mediasoupClient = require('mediasoup-client');", resolveDir: __dirname },
    bundle: true, write: false, format: 'iife', nodePaths: (process.env.NODE_PATH || '').split(':').filter(Boolean),
  }).outputFiles[0].text;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ],
  });
  const server = http.createServer((req, res) => {
    if (req.url === '/msc.js') { res.setHeader('content-type', 'text/javascript'); return res.end(bundle); }
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>capture</title><script src="/msc.js"></script>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(`http://localhost:${server.address().port}/`);
  const res = await page.evaluate(async ({ routerRtpCapabilities, transport }) => {
    // Record every offer/answer call of every connection.
    const log = [];
    let nextPc = 0;
    const P = RTCPeerConnection.prototype;
    const id = (pc) => (pc.__id ??= nextPc++);
    for (const name of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription']) {
      const orig = P[name];
      P[name] = async function (...args) {
        const r = await orig.apply(this, args);
        const d = name.startsWith('create') ? r : args[0];
        log.push({ pc: id(this), op: name, type: d?.type, sdp: d?.sdp });
        return r;
      };
    }
    const mark = (step) => log.push({ op: 'step', ...step });
    const addTransceiver = P.addTransceiver;
    P.addTransceiver = function (trackOrKind, init) {
      const enc = init?.sendEncodings;
      if (enc && enc.length > 1 && enc.every((e) => !e.rid)) {
        log.push({ op: 'droppedSendEncodings', sendEncodings: enc });
        const { sendEncodings, ...rest } = init;
        return addTransceiver.call(this, trackOrKind, rest);
      }
      return addTransceiver.call(this, trackOrKind, init);
    };
    const { Device } = window.mediasoupClient;
    const device = new Device({ handlerName: 'Safari12' });
    await device.load({ routerRtpCapabilities });
    const t = device.createSendTransport(transport);
    t.on('connect', (_p, ok) => ok());
    t.on('produce', (_p, ok) => ok({ id: `p${Math.random()}` }));
    t.on('producedata', (_p, ok) => ok({ id: 'dp' }));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    const [mic] = stream.getAudioTracks();
    const [cam] = stream.getVideoTracks();
    const [screenTrack, camAgain] = [cam.clone(), cam.clone()];
    const encodings = [
      { scaleResolutionDownBy: 4, maxBitrate: 500000 },
      { scaleResolutionDownBy: 2, maxBitrate: 1000000 },
      { scaleResolutionDownBy: 1, maxBitrate: 5000000 },
    ];
    const mic_ = { opusStereo: true, opusDtx: true, opusFec: true, opusNack: true };
    const cam_ = { videoGoogleStartBitrate: 1000 };
    mark({ step: 'produce', kind: 'video', encodings, codecOptions: 'webcam' });
    const camera = await t.produce({ track: cam, encodings, codecOptions: cam_ });
    mark({ step: 'produce', kind: 'audio', codecOptions: 'mic' });
    await t.produce({ track: mic, codecOptions: mic_ });
    mark({ step: 'data' });
    await t.produceData({ ordered: false, maxRetransmits: 1, label: 'chat' });
    mark({ step: 'produce', kind: 'video', codecOptions: 'webcam' });
    const screen = await t.produce({ track: screenTrack, codecOptions: cam_ });
    mark({ step: 'stop', mid: screen.rtpParameters.mid });
    screen.close();
    await new Promise((r) => setTimeout(r, 300));
    mark({ step: 'stop', mid: camera.rtpParameters.mid });
    camera.close();
    await new Promise((r) => setTimeout(r, 300));
    mark({ step: 'produce', kind: 'video', encodings, codecOptions: 'webcam' });
    const again = await t.produce({ track: camAgain, encodings, codecOptions: cam_ });
    const senders = t._handler._pc.getTransceivers().map((x) => ({
      mid: x.mid, direction: x.direction, currentDirection: x.currentDirection,
      encodings: x.sender.getParameters().encodings,
    }));
    return { log, senders, againMid: again.rtpParameters.mid, ua: navigator.userAgent };
  }, { routerRtpCapabilities: readJson('router_caps.json'), transport: readJson('transport.json').send });
  await browser.close();
  server.close();

  // Probes: the connections with one createOffer and nothing else.
  const byPc = new Map();
  for (const e of res.log) if (e.pc !== undefined) byPc.set(e.pc, [...(byPc.get(e.pc) || []), e]);
  const probes = [...byPc.values()].filter((es) => es.length === 1 && es[0].op === 'createOffer');
  if (probes.length !== 2) throw new Error(`expected 2 probes, got ${probes.length}`);
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.sdp')) fs.unlinkSync(path.join(out, f));
  const write = (f, v) => fs.writeFileSync(path.join(out, f), v);
  write('probe_recvonly.sdp', probes[0][0].sdp);
  write('probe_sendonly.sdp', probes[1][0].sdp);
  // The send connection's rounds, one per step.
  const sendPc = res.log.find((e) => e.op === 'setRemoteDescription' && e.type === 'answer').pc;
  const steps = [];
  let step = null;
  for (const e of res.log) {
    if (e.op === 'step') { step = { ...e }; delete step.op; steps.push(step); continue; }
    if (e.pc !== sendPc || !step) continue;
    const n = steps.length;
    if (e.op === 'createOffer') { step.offer = `send_offer_${n}.sdp`; write(step.offer, e.sdp); }
    if (e.op === 'setLocalDescription' && e.sdp !== fs.readFileSync(path.join(out, step.offer), 'utf8')) {
      step.munged = `send_offer_${n}_munged.sdp`; write(step.munged, e.sdp);
    }
    if (e.op === 'setRemoteDescription') { step.answer = `send_answer_${n}.sdp`; write(step.answer, e.sdp); }
  }
  write('steps.json', JSON.stringify({ steps, transceiversAtEnd: res.senders }, null, 2) + '\n');
  write('capture_user_agent.txt', res.ua + '\n');
  console.log(`wrote ${steps.length} steps to ${out}`);
})().catch((e) => { console.error(e); process.exit(1); });
