/** How files and what a files question takes are put into words ("2.4 MB", "PDF or image"). */
import { sizeInWords, type FileType } from '../../../engine/files/model.js';

/**
 * Why a file named in the answers is not a download link yet: it waits for its virus scan (and,
 * with no scanner set up, who can do something about it).
 */
export function heldText(scanner: boolean): string {
  return scanner
    ? 'Being checked for viruses: it can be downloaded once that is done.'
    : 'Not checked for viruses yet, and no virus scanner is set up to check it: tell your IT service desk. It can be downloaded once it has been checked.';
}

/** Sizes in words, as the server words them. */
export const sizeText = sizeInWords;

/** A type in a sentence, singular: "PDF", "image". */
const TYPE_WORDS: Record<FileType, string> = { pdf: 'PDF', image: 'image', word: 'Word document', excel: 'spreadsheet', email: 'email' };

/** "PDF or image", "PDF, image or Word document". */
export function typesText(types: readonly FileType[]): string {
  const words = types.map((t) => TYPE_WORDS[t]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** What the question takes, as a hint line: "PDF or image. Up to 3 files, each 10 MB or smaller." */
export function takesText(types: readonly FileType[], maxFiles: number | undefined, maxFileSize: number | undefined): string {
  const what = typesText(types);
  const first = what ? `${what.charAt(0).toUpperCase()}${what.slice(1)}.` : '';
  const size = maxFileSize ? `${sizeText(maxFileSize)} or smaller` : '';
  const count = maxFiles === 1 ? `One file${size ? `, ${size}` : ''}.` : maxFiles ? `Up to ${maxFiles} files${size ? `, each ${size}` : ''}.` : size ? `Each file ${size}.` : '';
  return [first, count].filter(Boolean).join(' ');
}
