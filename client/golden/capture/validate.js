// Feeds the core's own SDP outputs (written by `cargo test -p stunroom-client
// --test golden` to <target>/tmp/golden-ours) into real headless Chromium,
// replaying the browser side of each flow, and reports whether Chromium accepts
// every description. Optional, manual (see ../README.md).
// Usage: NODE_PATH=<dir with playwright-core> node validate.js <golden-ours dir>
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node validate.js <golden-ours dir>');
  process.exit(2);
}
const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
const sdps = Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.sdp')).map((f) => [f, read(f)]));

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const server = http.createServer((req, res) => res.end('<!doctype html><title>validate</title>'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.address().port}/`);
  const results = await page.evaluate(async (s) => {
    const out = [];
    const step = async (name, fn) => {
      try { out.push([name, 'ok', String((await fn()) ?? '')]); } catch (e) { out.push([name, 'FAILED', String(e)]); }
    };
    const cfg = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();

    // Send: mic, camera, stop mic, stop camera (as mediasoup-client does it).
    const pc = new RTCPeerConnection(cfg);
    const sendStream = new MediaStream();
    const offerAnswer = async (answer) => {
      await pc.setLocalDescription(await pc.createOffer());
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      return pc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}`).join(' ');
    };
    const mic = pc.addTransceiver(audio, { direction: 'sendonly', streams: [sendStream] });
    await step('send_answer_1.sdp', () => offerAnswer(s['send_answer_1.sdp']));
    const cam = pc.addTransceiver(video, { direction: 'sendonly', streams: [sendStream] });
    await step('send_answer_2.sdp', () => offerAnswer(s['send_answer_2.sdp']));
    await step('send_answer_3_mic_closed.sdp', async () => {
      await mic.sender.replaceTrack(null);
      pc.removeTrack(mic.sender);
      return offerAnswer(s['send_answer_3_mic_closed.sdp']);
    });
    await step('send_answer_4_webcam_closed.sdp', async () => {
      await cam.sender.replaceTrack(null);
      pc.removeTrack(cam.sender);
      cam.stop();
      return offerAnswer(s['send_answer_4_webcam_closed.sdp']);
    });
    // A new camera reuses the stopped m-line. The answer names the capture's
    // mid (3); the core copies the mid from the offer, so put this replay's in.
    const cam2 = pc.addTransceiver(video.clone(), { direction: 'sendonly', streams: [sendStream] });
    await step('send_answer_5_reuse.sdp', async () => {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const sdp = s['send_answer_5_reuse.sdp']
        .replace('a=mid:3\r\n', `a=mid:${cam2.mid}\r\n`)
        .replace('a=group:BUNDLE 0 3\r\n', `a=group:BUNDLE 0 ${cam2.mid}\r\n`);
      await pc.setRemoteDescription({ type: 'answer', sdp });
      return pc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}`).join(' ');
    });
    pc.close();

    // Simulcast.
    const pc2 = new RTCPeerConnection(cfg);
    pc2.addTransceiver(video.clone(), {
      direction: 'sendonly', streams: [new MediaStream()],
      sendEncodings: [
        { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 500000, scalabilityMode: 'L1T3' },
        { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 1000000, scalabilityMode: 'L1T3' },
        { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 5000000, scalabilityMode: 'L1T3' },
      ],
    });
    await step('send_simulcast_answer.sdp', async () => {
      await pc2.setLocalDescription(await pc2.createOffer());
      await pc2.setRemoteDescription({ type: 'answer', sdp: s['send_simulcast_answer.sdp'] });
      return JSON.stringify(pc2.getTransceivers()[0].sender.getParameters().encodings.map((e) => e.rid));
    });
    pc2.close();

    // Data channel.
    const pc3 = new RTCPeerConnection(cfg);
    pc3.createDataChannel('chat', { negotiated: true, id: 0, ordered: false, maxRetransmits: 1 });
    await step('send_datachannel_answer.sdp', async () => {
      await pc3.setLocalDescription(await pc3.createOffer());
      await pc3.setRemoteDescription({ type: 'answer', sdp: s['send_datachannel_answer.sdp'] });
    });
    pc3.close();

    // Receive: consumers + probator, close video, recycle, datachannel.
    const rc = new RTCPeerConnection(cfg);
    const answerRound = async (offer) => {
      await rc.setRemoteDescription({ type: 'offer', sdp: offer });
      const answer = await rc.createAnswer();
      // What RecvCore::local_answer does for Opus with sprop-stereo=1.
      const sdp = answer.sdp.replace(/a=fmtp:100 ([^\r\n]*)/, (m, c) => (c.includes('stereo=') ? m : `${m};stereo=1`));
      await rc.setLocalDescription({ type: 'answer', sdp });
      return rc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}`).join(' ');
    };
    await step('recv_offer_2_probator.sdp', () => answerRound(s['recv_offer_2_probator.sdp']));
    await step('recv_offer_3_video_closed.sdp', () => answerRound(s['recv_offer_3_video_closed.sdp']));
    await step('recv_offer_4_reuse.sdp', () => answerRound(s['recv_offer_4_reuse.sdp']));
    rc.createDataChannel('chat', { negotiated: true, id: 0, ordered: false, maxRetransmits: 1 });
    await step('recv_offer_5_datachannel.sdp', () => answerRound(s['recv_offer_5_datachannel.sdp']));
    rc.close();
    return out;
  }, sdps);
  await browser.close();
  server.close();
  let failed = 0;
  for (const [name, status, detail] of results) {
    if (status !== 'ok') failed++;
    console.log(`${status.padEnd(6)} ${name} ${detail}`);
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
