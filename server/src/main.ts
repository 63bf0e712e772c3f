import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The library picks the transport from argv (`--stdio` for editors that spawn the server,
// `--node-ipc` from VS Code, `--socket=`/`--pipe=`) and then exits when the client goes away
// (input closed, or the client process id from initialize is gone).
const transportArg = process.argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a));
if (!transportArg && !process.send) {
  process.stderr.write('libvirt-xml language server: run with --stdio, or fork it as a node process (node-ipc).\n');
  process.exit(2);
}
const connection = transportArg ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));

// With stdio, anything written to stdout would corrupt the protocol stream.
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

// Schema validation reads the user's installed libvirt schemas, in a worker thread. For
// measurements (npm run bench) the push debounce can be set; editors keep the default.
const debounce = Number(process.env.LIBVIRT_XML_DEBOUNCE_MS);
const debounceMs = process.env.LIBVIRT_XML_DEBOUNCE_MS !== undefined && Number.isFinite(debounce) && debounce >= 0 ? debounce : undefined;
startServer(connection, { schema: {}, debounceMs });
