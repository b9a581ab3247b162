// Golden outputs from the npm mediasoup-client (exact version in package.json).
// Feeds the fixed inputs in ../inputs (real Chrome SDP, router capabilities,
// transport parameters) into mediasoup-client's own Device, Transport and
// Chrome111 handler, with a scripted fake RTCPeerConnection that returns the
// captured Chrome SDP instead of a browser's. Writes ../expected/*.
// Usage (see ../README.md): npm ci && node router_caps.js && node generate.js
'use strict';
const fs = require('fs');
const path = require('path');
const sdpTransform = require('sdp-transform');
const { FakeMediaStreamTrack } = require('fake-mediastreamtrack');

const IN = path.join(__dirname, '..', 'inputs');
const OUT = path.join(__dirname, '..', 'expected');
const read = (f) => fs.readFileSync(path.join(IN, f), 'utf8');
const readJson = (f) => JSON.parse(read(f));
const exists = (f) => fs.existsSync(path.join(IN, f));
fs.mkdirSync(OUT, { recursive: true });
const write = (f, v) =>
  fs.writeFileSync(path.join(OUT, f), typeof v === 'string' ? v : JSON.stringify(v, null, 2) + '\n');

// ---- scripted browser -------------------------------------------------------
const script = { offers: [], answers: [] };
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
    // Like Chrome: a stopped transceiver's m-line is reused.
    const stopped = this.transceivers.findIndex((x) => x.stopped);
    if (stopped >= 0) this.transceivers[stopped] = t;
    else this.transceivers.push(t);
    return t;
  }
  createDataChannel(label, options) {
    this.hasDataChannel = true;
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
    if (script.answers.length) return { type: 'answer', sdp: script.answers.shift() };
    // No captured answer: a stand-in derived from the remote offer (only the
    // first round's answer is compared, and only when captured from Chrome).
    const sdp = this.remoteDescription.sdp
      .replace(/a=sendonly/g, 'a=recvonly').replace(/a=setup:actpass/g, 'a=setup:active')
      .split('\r\n').filter((l) => !l.startsWith('a=ssrc') && !l.startsWith('a=candidate')).join('\r\n');
    return { type: 'answer', sdp };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
    if (d.type === 'offer') {
      // Unified plan: the n-th m-section belongs to the n-th transceiver.
      sdpTransform.parse(d.sdp).media
        .filter((m) => m.type !== 'application')
        .forEach((m, i) => {
          if (this.transceivers[i]) this.transceivers[i].mid = String(m.mid);
        });
    }
  }
  async setRemoteDescription(d) {
    this.remoteDescription = d;
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
const { Chrome111 } = require('mediasoup-client/handlers/Chrome111');

// Probe SDPs per direction, as Chrome111.createFactory's getNativeRtpCapabilities makes them.
function handlerFactory(probes) {
  const real = Chrome111.createFactory({});
  return {
    name: real.name,
    factory: real.factory,
    getNativeRtpCapabilities: async ({ direction }) =>
      Chrome111.getLocalRtpCapabilities(sdpTransform.parse(probes[direction])),
  };
}

async function loadDevice(probes) {
  const device = new mediasoupClient.Device({ handlerFactory: handlerFactory(probes) });
  await device.load({ routerRtpCapabilities: readJson('router_caps.json') });
  return device;
}

const transportInfo = readJson('transport.json');

async function main() {
  const probes = {
    recvonly: read('chrome_probe_recvonly.sdp'),
    sendonly: read('chrome_probe_sendonly.sdp'),
  };
  // (1) Device: receive capabilities and canProduce.
  const device = await loadDevice(probes);
  write('device.json', {
    recvRtpCapabilities: device.recvRtpCapabilities,
    sendRtpCapabilities: device.sendRtpCapabilities,
    canProduce: { audio: device.canProduce('audio'), video: device.canProduce('video') },
  });
  // Same, from the plain probe (addTransceiver('audio'), addTransceiver('video')).
  const plain = read('chrome_probe_offer.sdp');
  const devicePlain = await loadDevice({ recvonly: plain, sendonly: plain });
  write('device_plain_probe.json', { recvRtpCapabilities: devicePlain.recvRtpCapabilities });

  // (2)+(3) Send: mic then camera on one send transport.
  const sendTransport = device.createSendTransport(transportInfo.send);
  const connects = [];
  sendTransport.on('connect', ({ dtlsParameters }, ok) => { connects.push(dtlsParameters); ok(); });
  const produced = [];
  sendTransport.on('produce', ({ kind, rtpParameters }, ok) => {
    produced.push({ kind, rtpParameters: JSON.parse(JSON.stringify(rtpParameters)) });
    ok({ id: `producer-${produced.length}` });
  });
  const answers = [];
  const origSet = FakePC.prototype.setRemoteDescription;
  FakePC.prototype.setRemoteDescription = async function (d) {
    answers.push(d.sdp);
    return origSet.call(this, d);
  };
  const codecOptionsAudio = { opusStereo: true, opusDtx: true, opusFec: true, opusNack: true };
  const codecOptionsVideo = { videoGoogleStartBitrate: 1000 };
  script.offers.push(read('chrome_send_offer_audio.sdp'));
  const mic = await sendTransport.produce({ track: new FakeMediaStreamTrack({ kind: 'audio', id: 'mic-track' }), codecOptions: codecOptionsAudio });
  script.offers.push(read('chrome_send_offer.sdp'));
  await sendTransport.produce({ track: new FakeMediaStreamTrack({ kind: 'video', id: 'webcam-track' }), codecOptions: codecOptionsVideo });
  write('send_connect.json', connects[0]);
  write('send_audio_rtp_parameters.json', produced[0].rtpParameters);
  write('send_video_rtp_parameters.json', produced[1].rtpParameters);
  write('send_answer_1.sdp', answers[0]);
  write('send_answer_2.sdp', answers[1]);
  // Closing the mic (first section: only disabled) -> new answer.
  script.offers.push(read('chrome_send_offer.sdp'));
  mic.close();
  await new Promise((r) => setTimeout(r, 50));
  write('send_answer_3_mic_closed.sdp', answers[2]);
  // Closing the webcam (not first: closed, port 0), then a new webcam that
  // reuses its m-line (Chrome's offer puts the new mid there).
  const webcam = [...sendTransport._producers.values()].find((p) => p.kind === 'video');
  script.offers.push(read('chrome_send_offer.sdp'));
  webcam.close();
  await new Promise((r) => setTimeout(r, 50));
  write('send_answer_4_webcam_closed.sdp', answers[3]);
  script.offers.push(read('chrome_send_offer_reuse.sdp'));
  await sendTransport.produce({ track: new FakeMediaStreamTrack({ kind: 'video', id: 'webcam-track-2' }), codecOptions: codecOptionsVideo });
  write('send_reuse_rtp_parameters.json', produced[2].rtpParameters);
  write('send_answer_5_reuse.sdp', answers[4]);

  // Data channel on a fresh send transport.
  const dataTransport = device.createSendTransport(transportInfo.send);
  dataTransport.on('connect', (_p, ok) => ok());
  let sctpStreamParameters;
  dataTransport.on('producedata', (p, ok) => { sctpStreamParameters = p.sctpStreamParameters; ok({ id: 'dp' }); });
  answers.length = 0;
  script.offers.push(read('chrome_datachannel_offer.sdp'));
  await dataTransport.produceData({ ordered: false, maxRetransmits: 1, label: 'chat' });
  write('send_datachannel.json', { sctpStreamParameters });
  write('send_datachannel_answer.sdp', answers[0]);

  // Simulcast: three encodings on a fresh send transport.
  const simTransport = device.createSendTransport(transportInfo.send);
  simTransport.on('connect', (_p, ok) => ok());
  let simParams;
  simTransport.on('produce', ({ rtpParameters }, ok) => { simParams = JSON.parse(JSON.stringify(rtpParameters)); ok({ id: 'sim' }); });
  script.offers.push(read('chrome_simulcast_offer.sdp'));
  answers.length = 0;
  await simTransport.produce({
    track: new FakeMediaStreamTrack({ kind: 'video', id: 'simulcast-track' }),
    encodings: [
      { scaleResolutionDownBy: 4, maxBitrate: 500000 },
      { scaleResolutionDownBy: 2, maxBitrate: 1000000 },
      { scaleResolutionDownBy: 1, maxBitrate: 5000000 },
    ],
    codecOptions: codecOptionsVideo,
  });
  write('send_simulcast_rtp_parameters.json', simParams);
  write('send_simulcast_answer.sdp', answers[0]);

  // (4) Receive: one audio and one video consumer, then the probator.
  const consumers = readJson('consumers.json');
  const recvTransport = device.createRecvTransport(transportInfo.recv);
  const recvConnects = [];
  recvTransport.on('connect', ({ dtlsParameters }, ok) => { recvConnects.push(dtlsParameters); ok(); });
  const offers = [];
  FakePC.prototype.setRemoteDescription = async function (d) {
    if (d.type === 'offer') offers.push(d.sdp);
    return origSet.call(this, d);
  };
  const localAnswers = [];
  const origSetLocal = FakePC.prototype.setLocalDescription;
  FakePC.prototype.setLocalDescription = async function (d) {
    if (d.type === 'answer') localAnswers.push(d.sdp);
    return origSetLocal.call(this, d);
  };
  const chromeAnswer = exists('chrome_recv_answer.sdp') ? read('chrome_recv_answer.sdp') : null;
  if (chromeAnswer) script.answers.push(chromeAnswer);
  const consumed = await Promise.all(consumers.map((c) => recvTransport.consume(c)));
  await new Promise((r) => setTimeout(r, 50));
  write('recv_offer_1.sdp', offers[0]);
  write('recv_offer_2_probator.sdp', offers[1]);
  write('recv_mids.json', consumed.map((c) => c.localId));
  if (chromeAnswer) {
    write('recv_connect.json', recvConnects[0]);
    write('recv_local_answer_1.sdp', localAnswers[0]);
  }
  // Closing the video consumer -> new offer.
  consumed[1].close();
  await new Promise((r) => setTimeout(r, 50));
  write('recv_offer_3_video_closed.sdp', offers[2]);
  // Another video consumer recycles the closed section; no second probator.
  const again = await recvTransport.consume(readJson('consumer_again.json'));
  write('recv_offer_4_reuse.sdp', offers[3]);
  write('recv_mids_again.json', [again.localId]);
  // A data consumer adds the datachannel section.
  await recvTransport.consumeData({
    id: 'dc1', dataProducerId: 'dp1', label: 'chat', protocol: '',
    sctpStreamParameters: { streamId: 0, ordered: false, maxRetransmits: 1 },
  });
  write('recv_offer_5_datachannel.sdp', offers[4]);
  console.log('wrote', fs.readdirSync(OUT).join(' '));
}

main().catch((e) => { console.error(e); process.exit(1); });
