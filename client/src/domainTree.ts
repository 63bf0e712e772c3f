import * as vscode from 'vscode';
import { Commands } from '../../server/src/protocol';
import { objectUri } from './libvirtFs';
import { LIVE_KINDS, type LiveKind, UNTRUSTED_MESSAGE, type Virsh } from './virsh';

export type DomainTreeNode =
  | { kind: 'connection'; name: string; uri: string }
  | { kind: 'group'; connection: string; uri: string; of: LiveKind }
  | { kind: 'domain'; connection: string; name: string; state?: string }
  | { kind: 'network' | 'pool'; connection: string; name: string; state?: 'active' | 'inactive' };

export type DomainTreeNodeOrMessage = DomainTreeNode | { kind: 'message'; text: string; tooltip?: string };

/** The groups under each connection, in this order. */
export const GROUPS: readonly { of: LiveKind; label: string; empty: string; icon: string }[] = [
  { of: 'domain', label: 'Domains', empty: 'No domains', icon: 'vm' },
  { of: 'network', label: 'Networks', empty: 'No networks', icon: 'globe' },
  { of: 'pool', label: 'Storage Pools', empty: 'No storage pools', icon: 'database' },
];

/**
 * Explorer view: the user's libvirt connections, under each the groups Domains, Networks
 * and Storage Pools (`virsh list`, `net-list`, `pool-list`, each `--all`) with their state.
 * A group that cannot be listed (a driver without networks, such as qemu:///embed) shows
 * libvirt's message in its place.
 */
export class DomainTreeProvider implements vscode.TreeDataProvider<DomainTreeNodeOrMessage> {
  private readonly emitter = new vscode.EventEmitter<DomainTreeNodeOrMessage | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly connections: () => Record<string, string>,
    private readonly virsh: () => Virsh,
    private readonly isTrusted: () => boolean,
  ) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: DomainTreeNodeOrMessage): Promise<DomainTreeNodeOrMessage[]> {
    if (!node) {
      if (!this.isTrusted()) return [{ kind: 'message', text: 'Restricted Mode: virsh is not run in an untrusted workspace', tooltip: UNTRUSTED_MESSAGE }];
      const entries = Object.entries(this.connections());
      // Empty: the view's welcome content (package.json viewsWelcome) offers "Add Connection".
      if (entries.length === 0) return [];
      return entries.map(([name, uri]) => ({ kind: 'connection', name, uri }));
    }
    if (!this.isTrusted()) return [];
    if (node.kind === 'connection') return GROUPS.map((g) => ({ kind: 'group', connection: node.name, uri: node.uri, of: g.of }));
    if (node.kind !== 'group') return [];
    const group = GROUPS.find((g) => g.of === node.of)!;
    try {
      const virsh = this.virsh();
      const items: DomainTreeNode[] =
        node.of === 'domain'
          ? (await virsh.listDomains(node.uri)).map((d) => ({ kind: 'domain', connection: node.connection, name: d.name, state: d.state }))
          : (await virsh.listWithActivity(node.uri, node.of)).map((d) => ({ kind: node.of as 'network' | 'pool', connection: node.connection, name: d.name, state: d.state }));
      return items.length === 0 ? [{ kind: 'message', text: group.empty }] : items;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ kind: 'message', text: message.split('\n')[0], tooltip: message }];
    }
  }

  getTreeItem(node: DomainTreeNodeOrMessage): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.uri;
        item.tooltip = `libvirt connection ${node.uri}`;
        item.contextValue = 'libvirtConnection';
        item.iconPath = new vscode.ThemeIcon('server');
        return item;
      }
      case 'group': {
        const group = GROUPS.find((g) => g.of === node.of)!;
        // Domains open expanded: they are what most connections are opened for.
        const item = new vscode.TreeItem(group.label, node.of === 'domain' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.tooltip = `${group.label} on ${node.connection} (${node.uri})`;
        item.contextValue = `libvirtGroup-${node.of}`;
        item.iconPath = new vscode.ThemeIcon(group.icon);
        return item;
      }
      case 'domain':
      case 'network':
      case 'pool': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        const noun = LIVE_KINDS[node.kind].noun;
        item.description = node.state ?? '';
        item.tooltip = `${node.kind === 'domain' ? '' : `${noun} `}${node.name} (${node.state ?? 'state unknown'}) on ${node.connection}`;
        item.contextValue = node.kind === 'domain' ? 'libvirtDomain' : node.kind === 'network' ? 'libvirtNetwork' : 'libvirtPool';
        const running = node.state === 'running' || node.state === 'active';
        item.iconPath = new vscode.ThemeIcon(node.kind === 'domain' ? (running ? 'vm-running' : 'vm-outline') : GROUPS.find((g) => g.of === node.kind)!.icon);
        item.resourceUri = objectUri(node.connection, node.kind, node.name);
        item.command = { command: Commands.openDomain, title: `Open ${noun[0].toUpperCase()}${noun.slice(1)} XML`, arguments: [node] };
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
