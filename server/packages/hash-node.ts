/** SHA-256 of bytes with node:crypto (archives: megabytes, where the portable hash.ts would be slow). */
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
