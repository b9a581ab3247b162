// Captures real SDP from headless Chromium (see ../README.md).
// Usage: node capture.js <out-dir>   (needs `npm i playwright-core` next to it or NODE_PATH)
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');

const out = process.argv[2] || path.join(__dirname, '..', 'inputs');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ],
  });
  // getUserMedia needs a secure context: http://localhost is one.
  const server = http.createServer((req, res) => res.end('<!doctype html><title>capture</title>'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.address().port}/`);
  const res = await page.evaluate(async () => {
    const cfg = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
    // (a) probe offer, exactly like mediasoup-client's Chrome111 getNativeRtpCapabilities.
    const probe = new RTCPeerConnection({ ...cfg, iceServers: [], iceTransportPolicy: 'all' });
    probe.addTransceiver('audio');
    probe.addTransceiver('video');
    const probeOffer = (await probe.createOffer()).sdp;
    probe.close();
    // (a') the probes of mediasoup-client 3.24's Chrome111 getNativeRtpCapabilities:
    // one per direction, video with an L3T3 encoding (brings the
    // dependency-descriptor extension).
    const probes = {};
    for (const direction of ['recvonly', 'sendonly']) {
      const pc = new RTCPeerConnection({ ...cfg, iceServers: [], iceTransportPolicy: 'all' });
      pc.addTransceiver('audio', { direction });
      pc.addTransceiver('video', { direction, sendEncodings: [{ scalabilityMode: 'L3T3' }] });
      probes[direction] = (await pc.createOffer()).sdp;
      pc.close();
    }

    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();

    // (b) send offer: mic then camera, one transceiver each, like two produce() calls.
    const pc = new RTCPeerConnection({ ...cfg, iceServers: [], iceTransportPolicy: 'all' });
    const sendStream = new MediaStream();
    pc.addTransceiver(audio, { direction: 'sendonly', streams: [sendStream] });
    const audioOffer = await pc.createOffer();
    const sendOfferAudio = audioOffer.sdp;
    // Apply it so the audio section keeps mid 0 and its SSRCs in the next offer,
    // as in mediasoup-client's flow (which also applies the remote answer between).
    await pc.setLocalDescription(audioOffer);
    pc.addTransceiver(video, { direction: 'sendonly', streams: [sendStream] });
    const sendOffer = (await pc.createOffer()).sdp;
    // (b'') a camera again after the first camera stopped: Chrome reuses the
    // stopped m-line with a new mid. Negotiated against a loopback peer so that
    // every state change is real.
    const peer = new RTCPeerConnection(cfg);
    const negotiate = async () => {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await peer.setRemoteDescription(offer);
      const answer = await peer.createAnswer();
      await peer.setLocalDescription(answer);
      await pc.setRemoteDescription(answer);
    };
    await negotiate();
    const camera = pc.getTransceivers().find((t) => t.sender.track === video);
    camera.stop();
    await negotiate();
    pc.addTransceiver(video.clone(), { direction: 'sendonly', streams: [sendStream] });
    const sendOfferReuse = (await pc.createOffer()).sdp;
    pc.close();
    peer.close();

    // (b''') a data channel as mediasoup-client creates it (negotiated, id 0).
    const pc3 = new RTCPeerConnection({ ...cfg, iceServers: [], iceTransportPolicy: 'all' });
    pc3.createDataChannel('chat', { negotiated: true, id: 0, ordered: false, maxRetransmits: 1 });
    const dataChannelOffer = (await pc3.createOffer()).sdp;
    pc3.close();

    // (b') simulcast: 3 encodings with rids r0..r2 and L1T3, as mediasoup-client does.
    const pc2 = new RTCPeerConnection({ ...cfg, iceServers: [], iceTransportPolicy: 'all' });
    pc2.addTransceiver(video.clone(), {
      direction: 'sendonly', streams: [new MediaStream()],
      sendEncodings: [
        { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 500000, scalabilityMode: 'L1T3' },
        { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 1000000, scalabilityMode: 'L1T3' },
        { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 5000000, scalabilityMode: 'L1T3' },
      ],
    });
    const simulcastOffer = (await pc2.createOffer()).sdp;
    pc2.close();
    return { probeOffer, probes, sendOfferReuse, dataChannelOffer, sendOfferAudio, sendOffer, simulcastOffer, ua: navigator.userAgent };
  });

  // (c) a real answer to a recv offer: the offer comes from mediasoup-client's
  // RemoteSdp (written by generate.js), so run generate.js first.
  const recvOfferPath = path.join(out, '..', 'expected', 'recv_offer_1.sdp');
  if (fs.existsSync(recvOfferPath)) {
    const offer = fs.readFileSync(recvOfferPath, 'utf8');
    res.recvAnswer = await page.evaluate(async (sdp) => {
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      await pc.setRemoteDescription({ type: 'offer', sdp });
      const answer = (await pc.createAnswer()).sdp;
      pc.close();
      return answer;
    }, offer);
  }
  await browser.close();
  server.close();

  fs.mkdirSync(out, { recursive: true });
  const write = (name, text) => fs.writeFileSync(path.join(out, name), text);
  write('chrome_probe_offer.sdp', res.probeOffer);
  write('chrome_probe_recvonly.sdp', res.probes.recvonly);
  write('chrome_probe_sendonly.sdp', res.probes.sendonly);
  write('chrome_send_offer_audio.sdp', res.sendOfferAudio);
  write('chrome_send_offer.sdp', res.sendOffer);
  write('chrome_send_offer_reuse.sdp', res.sendOfferReuse);
  write('chrome_datachannel_offer.sdp', res.dataChannelOffer);
  write('chrome_simulcast_offer.sdp', res.simulcastOffer);
  if (res.recvAnswer) write('chrome_recv_answer.sdp', res.recvAnswer);
  write('chrome_user_agent.txt', res.ua + '\n');
  console.log('captured into', out, 'from', res.ua);
})().catch((e) => { console.error(e); process.exit(1); });
