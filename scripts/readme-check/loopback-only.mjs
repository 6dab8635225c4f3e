// Preloaded (`node --import`) into every README block that the checker runs: any network
// connection, DNS lookup or fetch to a host other than loopback fails with
// ERR_README_CHECK_NETWORK, so a block cannot reach the internet even by accident.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const CODE = 'ERR_README_CHECK_NETWORK';

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default is localhost
  const name = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return (
    name === 'localhost' ||
    name === '::1' ||
    name === '::ffff:127.0.0.1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

function refused(target) {
  const error = new Error(`readme-check: network access to ${target} refused (loopback only)`);
  error.code = CODE;
  return error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first;
  const target =
    typeof options === 'object' && options !== null
      ? options
      : { port: options, host: typeof second === 'string' ? second : undefined };
  if (target.path === undefined && !isLoopback(target.host)) throw refused(target.host);
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) throw refused(hostname);
  return lookup.call(this, hostname, ...rest);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = async (hostname, ...rest) => {
  if (!isLoopback(hostname)) throw refused(hostname);
  return lookupPromise(hostname, ...rest);
};
for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[name] = () => {
    throw refused(`DNS (${name})`);
  };
  dns.promises[name] = async () => {
    throw refused(`DNS (${name})`);
  };
}
syncBuiltinESMExports();

const originalFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!isLoopback(url.hostname)) throw refused(url.origin);
  return originalFetch(input, init);
};
