import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';

/** WinAnsi bytes that differ from Latin-1 and that our renderer can emit. */
const WIN_ANSI: Record<number, string> = { 0x85: '…', 0x97: '—' };

/**
 * The strings each page of a PDF draws, in drawing order: its content
 * streams inflated and every hex string shown with `Tj` decoded (how
 * pdf-lib writes text in a standard font) — enough to assert what a
 * reader sees without a PDF text extractor.
 */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const parts: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const program = parts
      .map((part) => doc.context.lookup(part))
      .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
      .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
      .join('\n');
    return [...program.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) =>
      Array.from(Buffer.from(m[1]!, 'hex'), (byte) => WIN_ANSI[byte] ?? String.fromCharCode(byte)).join(''),
    );
  });
}
