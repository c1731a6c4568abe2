/** Types of chromium.mjs (shared by the test runner config, npm test and Node tests). */
/** Launch flags for headless Chromium as root on a closed network. */
export declare const CHROMIUM_ARGS: string[];
/** The Chromium to use: $CHROME_PATH, else /usr/bin/chromium (installed with apt when allowed and `install`). */
export declare function findChromium(options?: { install?: boolean }): string;
