/**
 * What one package may cost this server. Every number a package (or whoever installs one) controls
 * is capped here, and going over is refused with a message naming the cap.
 */

/** Longest tool name hosts accept (OpenAI's and Anthropic's function names). */
export const MAX_TOOL_NAME = 64;
/** A manifest file or pasted manifest. */
export const MAX_MANIFEST_BYTES = 64 * 1024;
/** A package archive as sent (.tgz). */
export const MAX_ARCHIVE_BYTES = 4 * 1024 * 1024;
/** Everything an archive unpacks to. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Files and folders in one archive. */
export const MAX_ARCHIVE_ENTRIES = 2000;
/** Characters in one path inside an archive. */
export const MAX_ARCHIVE_PATH = 255;
/** The JSON of one package's tool descriptors and resource list, as kept in the store. */
export const MAX_DESCRIPTOR_BYTES = 512 * 1024;
/** One HTTP response from a package (a tool result, a resource, a list). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** UI resources published per package. */
export const MAX_PACKAGE_RESOURCES = 64;
/** Packages one user may have installed. */
export const MAX_INSTALLS_PER_USER = 50;
