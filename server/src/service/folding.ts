import type { XmlDocument } from './parse/parseXml';

export interface FoldRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/**
 * Folding follows elements that span several lines (the end tag stays visible, as in
 * VS Code's HTML folding), multi-line start tags, and multi-line comments.
 */
export function foldingRanges(xml: XmlDocument): FoldRange[] {
  const lines = xml.lines;
  const out: FoldRange[] = [];
  for (const el of xml.elements) {
    const startLine = lines.positionAt(el.start).line;
    if (el.endTag) {
      const endLine = lines.positionAt(el.endTag.start).line - 1;
      if (endLine > startLine) out.push({ startLine, endLine });
    } else if (el.selfClosing) {
      const endLine = lines.positionAt(el.startTagEnd - 1).line;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
  }
  for (const c of xml.scan.comments) {
    const startLine = lines.positionAt(c.start).line;
    const endLine = lines.positionAt(Math.max(c.start, c.end - 1)).line;
    if (endLine > startLine) out.push({ startLine, endLine, kind: 'comment' });
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
