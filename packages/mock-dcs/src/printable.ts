/**
 * `text` safe to print on a terminal: every C0 control but the tab, DEL and every C1 control
 * written as `\uXXXX`. What the emulator prints comes in part from requests any web page can make
 * the developer's browser send (a bad `d_mid` is named in its error), and a terminal obeys
 * control sequences: a new title, a cleared screen, a command put on the clipboard (OSC 52).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
