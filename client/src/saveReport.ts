import * as vscode from 'vscode';
import type { DefinedDiffResult } from '../../server/src/protocol';
import type { LiveChecker } from './serverChecks';

/** URI scheme of the read-only texts of the "Show Diff" view: what was sent, what libvirt stored. */
export const DEFINED_SCHEME = 'libvirt-defined';
export const SHOW_DIFF = 'Show Diff';

function some(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One message for a save: what libvirt dropped (comments, suppression comments above all,
 * elements and attributes it does not keep), what it filled in and what it wrote otherwise.
 * Undefined when libvirt kept the document as sent (formatting aside) or nothing was compared.
 */
export function describeDefinedDiff(domain: string, d: DefinedDiffResult): { message: string; dropped: boolean } | undefined {
  if (d.notCompared) return undefined;
  const dropped: string[] = [];
  if (d.droppedSuppressions > 0) dropped.push(`${plural(d.droppedSuppressions, 'suppression comment')} (the linter no longer sees ${d.droppedSuppressions === 1 ? 'it' : 'them'} when you reopen the domain)`);
  const otherComments = d.droppedComments - d.droppedSuppressions;
  if (otherComments > 0) dropped.push(plural(otherComments, d.droppedSuppressions > 0 ? 'other comment' : 'comment'));
  if (d.droppedElements.length) dropped.push(`${d.droppedElements.length === 1 ? 'element' : 'elements'} ${some(d.droppedElements)}`);
  if (d.droppedAttributes.length) dropped.push(`${d.droppedAttributes.length === 1 ? 'attribute' : 'attributes'} ${some(d.droppedAttributes)}`);
  const added = [...d.addedElements, ...d.addedAttributes];
  const rest: string[] = [];
  if (added.length) rest.push(`filled in ${plural(added.length, 'default')} (${some(added)})`);
  if (d.changedValues.length) rest.push(`wrote ${plural(d.changedValues.length, 'value')} differently (${some(d.changedValues, 2)})`);
  if (dropped.length === 0 && rest.length === 0) return undefined;
  if (dropped.length) {
    return { dropped: true, message: `Saved '${domain}', but libvirt did not keep ${dropped.join(', ')}${rest.length ? `; it also ${rest.join(' and ')}` : ''}.` };
  }
  return { dropped: false, message: `Saved '${domain}'; libvirt ${rest.join(' and ')}.` };
}

/**
 * After a save to libvirt: asks the server what libvirt kept differently from the text sent
 * and tells the user in one notification, with "Show Diff" opening a read-only diff of the
 * two texts (a content provider's documents cannot be edited or saved). A report that
 * cannot be made is written to the log only: the save itself has succeeded.
 */
export class SaveReporter implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  /** The latest report, for tests. */
  last: { message: string; dropped: boolean; left: vscode.Uri; right: vscode.Uri } | undefined;

  constructor(
    private readonly checker: LiveChecker,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  private keep(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DEFINED_SCHEME, path });
    this.texts.set(uri.toString(), text);
    // The last few reports stay viewable; older texts are let go.
    while (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value!);
    return uri;
  }

  async report(connection: string, domain: string, sent: string, stored: string): Promise<void> {
    let described: ReturnType<typeof describeDefinedDiff>;
    try {
      described = describeDefinedDiff(domain, await this.checker.definedDiff({ sent, stored }));
    } catch (error) {
      this.log(`What libvirt kept of '${domain}' could not be compared: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!described) return;
    const n = ++this.counter;
    const left = this.keep(`/${connection}/${n}/${domain} (sent).xml`, sent);
    const right = this.keep(`/${connection}/${n}/${domain} (stored by libvirt).xml`, stored);
    this.last = { ...described, left, right };
    const choice = described.dropped ? await vscode.window.showWarningMessage(described.message, SHOW_DIFF) : await vscode.window.showInformationMessage(described.message, SHOW_DIFF);
    if (choice === SHOW_DIFF) {
      await vscode.commands.executeCommand('vscode.diff', left, right, `${domain}.xml: sent ↔ stored by libvirt`, { preview: true });
    }
  }
}
