/** Text from files and users made safe to print: control characters shown, never sent to the terminal. */

// C0 and C1 control characters, DEL, and the line and paragraph separators. Tabs
// and newlines too: a message is one line, and a cell's tab is worth seeing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` with every control character written as an escape (`\x1b`, `\u2028`),
 * so a CSV cell or file name holding `ESC [31m` or an OSC sequence cannot
 * recolour, retitle or rewrite the user's terminal through an error message.
 */
export function printable(text: string): string {
	return text.replace(CONTROL, (c) => {
		const code = c.charCodeAt(0);
		return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
	});
}
