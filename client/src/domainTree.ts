import * as vscode from 'vscode';
import { Commands } from '../../server/src/protocol';
import { domainUri } from './libvirtFs';
import { UNTRUSTED_MESSAGE, type Virsh } from './virsh';

export type DomainTreeNode =
  | { kind: 'connection'; name: string; uri: string }
  | { kind: 'domain'; connection: string; name: string; state?: string }
  | { kind: 'message'; text: string; tooltip?: string };


/** Explorer view: the user's libvirt connections and their domains with state. */
export class DomainTreeProvider implements vscode.TreeDataProvider<DomainTreeNode> {
  private readonly emitter = new vscode.EventEmitter<DomainTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly connections: () => Record<string, string>,
    private readonly virsh: () => Virsh,
    private readonly isTrusted: () => boolean,
  ) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: DomainTreeNode): Promise<DomainTreeNode[]> {
    if (!node) {
      if (!this.isTrusted()) return [{ kind: 'message', text: 'Restricted Mode: virsh is not run in an untrusted workspace', tooltip: UNTRUSTED_MESSAGE }];
      const entries = Object.entries(this.connections());
      // Empty: the view's welcome content (package.json viewsWelcome) offers "Add Connection".
      if (entries.length === 0) return [];
      return entries.map(([name, uri]) => ({ kind: 'connection', name, uri }));
    }
    if (node.kind !== 'connection') return [];
    if (!this.isTrusted()) return [];
    try {
      const domains = await this.virsh().listDomains(node.uri);
      if (domains.length === 0) return [{ kind: 'message', text: 'No domains' }];
      return domains.map((d) => ({ kind: 'domain', connection: node.name, name: d.name, state: d.state }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ kind: 'message', text: message.split('\n')[0], tooltip: message }];
    }
  }

  getTreeItem(node: DomainTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.uri;
        item.tooltip = `libvirt connection ${node.uri}`;
        item.contextValue = 'libvirtConnection';
        item.iconPath = new vscode.ThemeIcon('server');
        return item;
      }
      case 'domain': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.state ?? '';
        item.tooltip = `${node.name} (${node.state ?? 'state unknown'}) on ${node.connection}`;
        item.contextValue = 'libvirtDomain';
        item.iconPath = new vscode.ThemeIcon(node.state === 'running' ? 'vm-running' : 'vm-outline');
        item.resourceUri = domainUri(node.connection, node.name);
        item.command = { command: Commands.openDomain, title: 'Open Domain XML', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.tooltip ?? node.text;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }
}
