import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

// `--stdio` for editors that spawn the server (Neovim, Helix, …); VS Code forks it with node-ipc.
const stdio = process.argv.includes('--stdio');
if (!stdio && !process.send) {
  process.stderr.write('libvirt-xml language server: run with --stdio, or start it as a forked node process (node-ipc).\n');
  process.exit(2);
}
const connection = stdio
  ? createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));

// With stdio, anything written to stdout would corrupt the protocol stream.
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

startServer(connection);
