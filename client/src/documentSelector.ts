import type { DocumentSelector } from 'vscode-languageclient/node';

/** URI scheme of domains read from and written to libvirt (`libvirt:/<domain>.xml`). */
export const LIBVIRT_SCHEME = 'libvirt';

/**
 * Every XML document on disk or unsaved, and every document of the libvirt scheme. Whether
 * an XML document is a libvirt domain is decided by the server (root element `<domain>`),
 * so other XML gets no diagnostics without the client having to guess from file names.
 */
export const documentSelector: DocumentSelector = [
  { language: 'xml', scheme: 'file' },
  { language: 'xml', scheme: 'untitled' },
  { scheme: LIBVIRT_SCHEME },
];
