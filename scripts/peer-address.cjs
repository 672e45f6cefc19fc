// Preloaded into the web server (`node --require ./peer-address.cjs server.js`): Next's route
// handlers never see the socket, so each request is given the address of the peer that opened its
// connection in a header of its own, set here for every request (a client's copy is overwritten).
// lib/auth/client-ip.ts trusts X-Forwarded-For only when this peer is a configured proxy.
const http = require("node:http");

const PEER_ADDRESS_HEADER = "x-photo-backup-peer";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeerAddress(event, request, ...rest) {
  if (event === "request") request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  return emit.call(this, event, request, ...rest);
};
