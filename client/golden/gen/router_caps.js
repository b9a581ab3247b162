// Writes ../inputs/router_caps.json: the RtpCapabilities a mediasoup 0.8.5 router
// returns for the reference media codecs (protocol-v3.md, "Reference router codecs").
//
// Derived by hand from the mediasoup 0.8.5 crate (the server's version):
// src/supported_rtp_capabilities.rs (rtcp-fb and default parameters per codec,
// header extensions) and src/ortc.rs generate_router_rtp_capabilities (dynamic
// payload types 100.., one RTX codec right after every video codec, parameters
// merged and serialized as a sorted map). Compare with `getRouterRtpCapabilities`
// of a running stunroom server when in doubt.
'use strict';
const fs = require('fs');
const path = require('path');

const fb = (type, parameter = '') => ({ type, parameter });
const videoFb = [fb('nack'), fb('nack', 'pli'), fb('ccm', 'fir'), fb('goog-remb'), fb('transport-cc')];
const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

const mediaCodecs = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [fb('transport-cc')] },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  { kind: 'video', mimeType: 'video/VP9', clockRate: 90000, parameters: { 'profile-id': 2 } },
  { kind: 'video', mimeType: 'video/H264', clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '4d0032', 'level-asymmetry-allowed': 1 } },
  { kind: 'video', mimeType: 'video/h264', clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 } },
];

let nextPt = 100;
const codecs = [];
for (const c of mediaCodecs) {
  const pt = nextPt++;
  const mimeType = c.mimeType.toLowerCase() === 'video/h264' ? 'video/H264' : c.mimeType;
  const codec = { kind: c.kind, mimeType, preferredPayloadType: pt, clockRate: c.clockRate };
  if (c.channels) codec.channels = c.channels;
  const base = c.mimeType.toLowerCase() === 'video/h264' ? { 'packetization-mode': 1, 'level-asymmetry-allowed': 1 } : {};
  codec.parameters = sorted({ ...base, ...c.parameters });
  codec.rtcpFeedback = c.rtcpFeedback || videoFb;
  codecs.push(codec);
  if (c.kind === 'video') {
    codecs.push({ kind: 'video', mimeType: 'video/rtx', preferredPayloadType: nextPt++, clockRate: c.clockRate,
      parameters: { apt: pt }, rtcpFeedback: [] });
  }
}

const ext = (kind, uri, preferredId, direction = 'sendrecv') =>
  ({ kind, uri, preferredId, preferredEncrypt: false, direction });
const headerExtensions = [
  ext('audio', 'urn:ietf:params:rtp-hdrext:sdes:mid', 1),
  ext('video', 'urn:ietf:params:rtp-hdrext:sdes:mid', 1),
  ext('video', 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', 2, 'recvonly'),
  ext('video', 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id', 3, 'recvonly'),
  ext('audio', 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', 4),
  ext('video', 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', 4),
  ext('audio', 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', 5, 'recvonly'),
  ext('video', 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', 5),
  ext('video', 'http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07', 6),
  ext('video', 'urn:ietf:params:rtp-hdrext:framemarking', 7),
  ext('audio', 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', 10),
  ext('video', 'urn:3gpp:video-orientation', 11),
  ext('video', 'urn:ietf:params:rtp-hdrext:toffset', 12),
];

const out = path.join(__dirname, '..', 'inputs', 'router_caps.json');
fs.writeFileSync(out, JSON.stringify({ codecs, headerExtensions }, null, 2) + '\n');
console.log('wrote', out);
